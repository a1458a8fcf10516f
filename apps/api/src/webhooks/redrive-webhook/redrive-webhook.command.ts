import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext, WriteResult } from '@app/application';
import { decideRedriveWebhook, requireOwnWebhook, Webhooks } from '@app/webhooks';

export class RedriveWebhookCommand extends Command<WriteResult> {
  constructor(
    readonly webhookId: string,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

/**
 * A re-drive lifts one parking, and is named after it: sending it again answers the first result
 * rather than a refusal, and the next parking needs a re-drive of its own.
 */
@CommandHandler(RedriveWebhookCommand)
export class RedriveWebhookHandler implements ICommandHandler<RedriveWebhookCommand> {
  constructor(private readonly webhooks: Webhooks) {}

  async execute({ webhookId, ctx }: RedriveWebhookCommand): Promise<WriteResult> {
    const webhook = requireOwnWebhook(await this.webhooks.load(webhookId), webhookId, ctx.actor);
    const commandId = `${ctx.commandId}#${webhook.parks}`;
    const named = { ...ctx, commandId, causationId: commandId };
    return this.webhooks.run(webhookId, (state) => decideRedriveWebhook(webhookId, state, named), named);
  }
}
