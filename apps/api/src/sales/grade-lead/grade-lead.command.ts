import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Grade } from '@app/domain';
import type { CommandContext, WriteResult } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';

export class GradeLeadCommand extends Command<WriteResult> {
  constructor(
    readonly data: { leadId: string; grade: Grade; reason: string | null },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(GradeLeadCommand)
export class GradeLeadHandler implements ICommandHandler<GradeLeadCommand> {
  constructor(private readonly leads: LeadCommands) {}

  execute({ data, ctx }: GradeLeadCommand): Promise<WriteResult> {
    const { leadId, grade, reason } = data;
    return this.leads.run({ type: 'GradeLead', data: { grade, reason } }, ctx, { leadId, personId: (lead) => lead.ownerId });
  }
}
