import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideFinalizeAppraisal, evolvePlan, initialPlanState, planInForce, ruleBroken, streams } from '@app/domain';
import { EventReader, type WriteResult } from '@app/application';
import { AppraisalFigures } from '../appraisal-figures';
import { AppraisalCommand, Appraisals, decisionContext } from '../appraisal-commands';

export class FinalizeAppraisalCommand extends AppraisalCommand<{ appraisalId: string }> {}

/**
 * Freezes the period's figures as of the store's head (once the commission ledger has applied
 * it) and scores them with the weights and bands of the plan version in force for the period's
 * last month.
 */
@CommandHandler(FinalizeAppraisalCommand)
export class FinalizeAppraisalHandler implements ICommandHandler<FinalizeAppraisalCommand> {
  constructor(
    private readonly appraisals: Appraisals,
    private readonly reader: EventReader,
    private readonly figures: AppraisalFigures,
  ) {}

  async execute({ data: { appraisalId }, ctx }: FinalizeAppraisalCommand): Promise<WriteResult> {
    const { appraisal } = await this.appraisals.load(appraisalId);
    const { versions } = await this.reader.fold(streams.plan(appraisal.planId), initialPlanState, evolvePlan);
    const plan = planInForce(versions, appraisal.to.slice(0, 7));
    if (!plan) throw ruleBroken('PLAN.UNKNOWN', `plan ${appraisal.planId} has no published version`, { planId: appraisal.planId });
    const workResults = await this.figures.current(appraisal);
    const context = { ...decisionContext(ctx, appraisalId), plan, workResults };
    return this.appraisals.run(appraisalId, (state) => decideFinalizeAppraisal({ type: 'FinalizeAppraisal', data: {} }, state, context), ctx);
  }
}
