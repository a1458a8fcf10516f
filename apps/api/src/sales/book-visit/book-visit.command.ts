import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { VisitBooked } from '@app/domain';
import type { CommandContext, WriteResult } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';

export class BookVisitCommand extends Command<WriteResult> {
  constructor(
    readonly data: VisitBooked['data'],
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(BookVisitCommand)
export class BookVisitHandler implements ICommandHandler<BookVisitCommand> {
  constructor(private readonly leads: LeadCommands) {}

  execute({ data, ctx }: BookVisitCommand): Promise<WriteResult> {
    return this.leads.run({ type: 'BookVisit', data }, ctx, {
      leadId: data.leadId,
      personId: data.agentId,
      reservations: [this.leads.idClaim('visit', data.visitId, data.leadId)],
    });
  }
}
