import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext, WriteResult } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';

export class AssignLeadCommand extends Command<WriteResult> {
  constructor(
    readonly data: { leadId: string; agentId: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AssignLeadCommand)
export class AssignLeadHandler implements ICommandHandler<AssignLeadCommand> {
  constructor(private readonly leads: LeadCommands) {}

  execute({ data, ctx }: AssignLeadCommand): Promise<WriteResult> {
    return this.leads.run({ type: 'AssignLead', data }, ctx, { leadId: data.leadId, personId: data.agentId, withOwner: true });
  }
}
