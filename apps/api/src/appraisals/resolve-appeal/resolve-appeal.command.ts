import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AppealDecision, type AppealResolved, type AppraisalState, decideResolveAppeal, decideReviseAppraisal, type ResolveAppeal } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { type CommandContext, hashCommand, type WriteResult } from '@app/application';
import { AppraisalFigures } from '../appraisal-figures';
import { AppraisalCommand, Appraisals, decisionContext } from '../appraisal-commands';
import { type Correction, Corrections } from './corrections';

export class ResolveAppealCommand extends AppraisalCommand<{ appealId: string; decision: AppealDecision; reason: string; corrections: Correction[] }> {}

const resolutionOf = (events: RecordedEvent[], appealId: string) =>
  events.find((e) => e.type === 'AppealResolved' && (e.data as AppealResolved['data']).appealId === appealId);

/**
 * Resolves an appeal and corrects the record: AppealResolved first, then each correction as an
 * ordinary command caused by it, then — unless rejected — AppraisalRevised with the figures
 * read once the ledger has applied the corrections. Every refusal, the corrections' included,
 * comes before anything is written. If a step after the resolution fails, sending the same
 * request again finishes what is left: each step is idempotent by its own command id.
 */
@CommandHandler(ResolveAppealCommand)
export class ResolveAppealHandler implements ICommandHandler<ResolveAppealCommand> {
  constructor(
    private readonly appraisals: Appraisals,
    private readonly corrections: Corrections,
    private readonly figures: AppraisalFigures,
  ) {}

  async execute({ data, ctx }: ResolveAppealCommand): Promise<WriteResult> {
    const appraisalId = await this.appraisals.appraisalOfAppeal(data.appealId);
    const command: ResolveAppeal = { type: 'ResolveAppeal', data };
    const decide = (state: AppraisalState) => decideResolveAppeal(command, state, decisionContext(ctx, appraisalId));
    const before = await this.appraisals.load(appraisalId);
    if (!resolutionOf(before.events, data.appealId)) {
      decide(before.appraisal);
      await this.corrections.check(data.corrections, before.appraisal, ctx);
    }
    const resolved = await this.appraisals.run(appraisalId, decide, ctx);
    const resolution = resolutionOf((await this.appraisals.load(appraisalId)).events, data.appealId)!;
    const corrected = await this.corrections.run(data.corrections, ctx, resolution.eventId);
    if (data.decision === 'rejected') return resolved;
    // The figures must include the corrections just written.
    const revised = await this.revise(appraisalId, data.appealId, { ...ctx, causationId: resolution.eventId }, corrected);
    return { ...revised, created: resolved.created };
  }

  private async revise(appraisalId: string, appealId: string, ctx: CommandContext, atLeast: bigint): Promise<WriteResult> {
    const { appraisal } = await this.appraisals.load(appraisalId);
    const workResults = await this.figures.current(appraisal, atLeast);
    const command = { type: 'ReviseAppraisal' as const, data: { appealId } };
    // Named by the appeal, not the figures: a retry with fresher figures is the same revision.
    const revision = { ...ctx, commandId: `ReviseAppraisal:${appealId}`, commandHash: hashCommand(command.type, command.data) };
    return this.appraisals.run(appraisalId, (state) => decideReviseAppraisal(command, state, { ...decisionContext(ctx, appraisalId), workResults }), revision);
  }
}
