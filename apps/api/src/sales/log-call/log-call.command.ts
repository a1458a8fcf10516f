import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { conflict, type LeadCommand, streams } from '@app/domain';
import type { CommandContext } from '../../application/command-context';
import { LeadCommands } from '../../application/lead-commands';
import type { WriteResult } from '../../application/write-result';

type Data = Extract<LeadCommand, { type: 'LogCall' }>['data'];

export class LogCallCommand extends Command<WriteResult> {
  constructor(readonly data: Data, readonly ctx: CommandContext) {
    super();
  }
}

@CommandHandler(LogCallCommand)
export class LogCallHandler implements ICommandHandler<LogCallCommand> {
  constructor(private readonly leads: LeadCommands) {}

  execute({ data, ctx }: LogCallCommand): Promise<WriteResult> {
    const callClaim = {
      streamId: streams.reservation.call(data.callId),
      kind: 'call' as const,
      leadId: data.leadId,
      taken: (leadId: string) => conflict('CALL.ID_TAKEN', `call id ${data.callId} is already used on lead ${leadId}`, { leadId }),
    };
    return this.leads.run({ type: 'LogCall', data }, ctx, { leadId: data.leadId, personId: data.agentId, reservations: [callClaim] });
  }
}
