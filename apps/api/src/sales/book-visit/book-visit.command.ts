import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { conflict, type VisitBooked, streams } from '@app/domain';
import type { CommandContext } from '../../application/command-context';
import { LeadCommands } from '../../application/lead-commands';
import type { WriteResult } from '../../application/write-result';

export class BookVisitCommand extends Command<WriteResult> {
  constructor(readonly data: VisitBooked['data'], readonly ctx: CommandContext) {
    super();
  }
}

@CommandHandler(BookVisitCommand)
export class BookVisitHandler implements ICommandHandler<BookVisitCommand> {
  constructor(private readonly leads: LeadCommands) {}

  execute({ data, ctx }: BookVisitCommand): Promise<WriteResult> {
    const visitClaim = {
      streamId: streams.reservation.visit(data.visitId),
      kind: 'visit' as const,
      leadId: data.leadId,
      taken: (leadId: string) => conflict('VISIT.ID_TAKEN', `visit id ${data.visitId} is already used on lead ${leadId}`, { leadId }),
    };
    return this.leads.run({ type: 'BookVisit', data }, ctx, { leadId: data.leadId, personId: data.agentId, reservations: [visitClaim] });
  }
}
