import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext, WriteResult } from '@app/application';
import { LeadCommands } from '../../application/lead-commands';

export class CancelDealCommand extends Command<WriteResult> {
  constructor(
    readonly data: { dealId: string; reason: string; cancelledAt: string },
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CancelDealCommand)
export class CancelDealHandler implements ICommandHandler<CancelDealCommand> {
  constructor(private readonly leads: LeadCommands) {}

  async execute({ data, ctx }: CancelDealCommand): Promise<WriteResult> {
    const leadId = await this.leads.leadOf('deal', data.dealId);
    return this.leads.run({ type: 'CancelDeal', data }, ctx, { leadId, personId: (lead) => lead.deals.get(data.dealId)?.closedBy });
  }
}
