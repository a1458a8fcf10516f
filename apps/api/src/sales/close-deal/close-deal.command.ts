import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { conflict, type LeadCommand, streams } from '@app/domain';
import type { CommandContext } from '../../application/command-context';
import { LeadCommands } from '../../application/lead-commands';
import type { WriteResult } from '../../application/write-result';

type Data = Extract<LeadCommand, { type: 'CloseDeal' }>['data'];

export class CloseDealCommand extends Command<WriteResult> {
  constructor(readonly data: Data, readonly ctx: CommandContext) {
    super();
  }
}

@CommandHandler(CloseDealCommand)
export class CloseDealHandler implements ICommandHandler<CloseDealCommand> {
  constructor(private readonly leads: LeadCommands) {}

  execute({ data, ctx }: CloseDealCommand): Promise<WriteResult> {
    const dealClaim = {
      streamId: streams.reservation.deal(data.dealId),
      kind: 'deal' as const,
      leadId: data.leadId,
      taken: (leadId: string) => conflict('DEAL.ID_TAKEN', `deal id ${data.dealId} is already used on lead ${leadId}`, { leadId }),
    };
    return this.leads.run({ type: 'CloseDeal', data }, ctx, { leadId: data.leadId, personId: data.closedBy, reservations: [dealClaim] });
  }
}
