import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LeadCommand } from '@app/domain';
import type { CommandContext, WriteResult } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';

type Data = Extract<LeadCommand, { type: 'CloseDeal' }>['data'];

export class CloseDealCommand extends Command<WriteResult> {
  constructor(
    readonly data: Data,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CloseDealCommand)
export class CloseDealHandler implements ICommandHandler<CloseDealCommand> {
  constructor(private readonly leads: LeadCommands) {}

  execute({ data, ctx }: CloseDealCommand): Promise<WriteResult> {
    return this.leads.run({ type: 'CloseDeal', data }, ctx, {
      leadId: data.leadId,
      personId: data.closedBy,
      reservations: [this.leads.idClaim('deal', data.dealId, data.leadId)],
    });
  }
}
