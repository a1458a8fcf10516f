import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext, WriteResult } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';

/** CompleteVisit and MissVisit: the two ways a booked visit ends. */
export class ResolveVisitCommand extends Command<WriteResult> {
  constructor(
    readonly type: 'CompleteVisit' | 'MissVisit',
    readonly data: { visitId: string; notes: string | null },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ResolveVisitCommand)
export class ResolveVisitHandler implements ICommandHandler<ResolveVisitCommand> {
  constructor(private readonly leads: LeadCommands) {}

  async execute({ type, data, ctx }: ResolveVisitCommand): Promise<WriteResult> {
    const leadId = await this.leads.leadOf('visit', data.visitId);
    return this.leads.run({ type, data }, ctx, { leadId, personId: (lead) => lead.visits.get(data.visitId)?.agentId });
  }
}
