import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext, WriteResult } from '@app/application';
import { decideRegisterWebhook, type RegisterWebhook, Webhooks } from '@app/webhooks';

export class RegisterWebhookCommand extends Command<WriteResult> {
  constructor(
    readonly data: RegisterWebhook['data'],
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterWebhookCommand)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhookCommand> {
  constructor(private readonly webhooks: Webhooks) {}

  execute({ data, ctx }: RegisterWebhookCommand): Promise<WriteResult> {
    return this.webhooks.run(data.webhookId, (state) => decideRegisterWebhook({ type: 'RegisterWebhook', data }, state, ctx), ctx);
  }
}
