import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LeadCommand } from '@app/domain';
import type { CommandContext, WriteResult } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';

type Data = Extract<LeadCommand, { type: 'LogCall' }>['data'];

export class LogCallCommand extends Command<WriteResult> {
  constructor(
    readonly data: Data,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(LogCallCommand)
export class LogCallHandler implements ICommandHandler<LogCallCommand> {
  constructor(private readonly leads: LeadCommands) {}

  execute({ data, ctx }: LogCallCommand): Promise<WriteResult> {
    return this.leads.run({ type: 'LogCall', data }, ctx, {
      leadId: data.leadId,
      personId: data.agentId,
      reservations: [this.leads.idClaim('call', data.callId, data.leadId)],
    });
  }
}
