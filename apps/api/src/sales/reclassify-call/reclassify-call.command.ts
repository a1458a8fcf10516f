import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LeadCommand } from '@app/domain';
import type { CommandContext, WriteResult } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';

type Data = Extract<LeadCommand, { type: 'ReclassifyCall' }>['data'];

export class ReclassifyCallCommand extends Command<WriteResult> {
  constructor(
    readonly data: Data,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReclassifyCallCommand)
export class ReclassifyCallHandler implements ICommandHandler<ReclassifyCallCommand> {
  constructor(private readonly leads: LeadCommands) {}

  async execute({ data, ctx }: ReclassifyCallCommand): Promise<WriteResult> {
    const leadId = await this.leads.leadOf('call', data.callId);
    return this.leads.run({ type: 'ReclassifyCall', data }, ctx, { leadId, personId: (lead) => lead.calls.get(data.callId)?.agentId });
  }
}
