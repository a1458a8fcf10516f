import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext, WriteResult } from '@app/application';
import { decideDeactivateWebhook, requireOwnWebhook, Webhooks } from '@app/webhooks';

export class DeactivateWebhookCommand extends Command<WriteResult> {
  constructor(
    readonly webhookId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DeactivateWebhookCommand)
export class DeactivateWebhookHandler implements ICommandHandler<DeactivateWebhookCommand> {
  constructor(private readonly webhooks: Webhooks) {}

  async execute({ webhookId, ctx }: DeactivateWebhookCommand): Promise<WriteResult> {
    // Checked before the executor, whose answer to a repeated command id would tell others that the webhook exists.
    requireOwnWebhook(await this.webhooks.load(webhookId), webhookId, ctx.actor);
    return this.webhooks.run(webhookId, (state) => decideDeactivateWebhook(webhookId, state, ctx), ctx);
  }
}
