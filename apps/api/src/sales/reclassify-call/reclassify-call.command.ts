import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  evolveCallQuality,
  evolveLead,
  initialCallQualityState,
  initialLeadState,
  type LeadCommand,
  requireDrawnForReview,
  reviewsOnly,
  streams,
} from '@app/domain';
import { type CommandContext, EventReader, type WriteResult } from '@app/application';
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
  constructor(
    private readonly leads: LeadCommands,
    private readonly reader: EventReader,
  ) {}

  async execute({ data, ctx }: ReclassifyCallCommand): Promise<WriteResult> {
    const leadId = await this.leads.leadOf('call', data.callId);
    if (reviewsOnly(ctx.actor)) await this.requireDrawn(leadId, data.callId, ctx);
    return this.leads.run({ type: 'ReclassifyCall', data }, ctx, { leadId, personId: (lead) => lead.calls.get(data.callId)?.agentId });
  }

  /** A reviewer (qa) reclassifies only a call drawn for quality review: the draws are on the call's agent's stream. */
  private async requireDrawn(leadId: string, callId: string, ctx: CommandContext): Promise<void> {
    const lead = await this.reader.fold(streams.lead(leadId), initialLeadState, evolveLead);
    const agentId = lead.registered ? lead.calls.get(callId)?.agentId : undefined;
    const draws = agentId ? await this.reader.fold(streams.callQuality(agentId), initialCallQualityState, evolveCallQuality) : initialCallQualityState;
    requireDrawnForReview(ctx.actor, draws, callId);
  }
}
