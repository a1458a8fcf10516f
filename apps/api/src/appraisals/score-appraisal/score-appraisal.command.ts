import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideScoreAppraisal, type ScoreAppraisal } from '@app/domain';
import type { WriteResult } from '@app/application';
import { AppraisalCommand, Appraisals, decisionContext } from '../appraisal-commands';

export class ScoreAppraisalCommand extends AppraisalCommand<ScoreAppraisal['data'] & { appraisalId: string }> {}

@CommandHandler(ScoreAppraisalCommand)
export class ScoreAppraisalHandler implements ICommandHandler<ScoreAppraisalCommand> {
  constructor(private readonly appraisals: Appraisals) {}

  execute({ data: { appraisalId, ...data }, ctx }: ScoreAppraisalCommand): Promise<WriteResult> {
    return this.appraisals.run(appraisalId, (state) => decideScoreAppraisal({ type: 'ScoreAppraisal', data }, state, decisionContext(ctx, appraisalId)), ctx);
  }
}
