import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideScoreDrawnCall, type ScoreDrawnCall } from '@app/domain';
import type { WriteResult } from '@app/application';
import { AppraisalCommand } from '../appraisal-commands';
import { CallQuality } from './call-quality-commands';

export class ScoreDrawnCallCommand extends AppraisalCommand<ScoreDrawnCall['data']> {}

@CommandHandler(ScoreDrawnCallCommand)
export class ScoreDrawnCallHandler implements ICommandHandler<ScoreDrawnCallCommand> {
  constructor(private readonly quality: CallQuality) {}

  execute({ data, ctx }: ScoreDrawnCallCommand): Promise<WriteResult> {
    return this.quality.run(data.agentId, (state) => decideScoreDrawnCall({ type: 'ScoreDrawnCall', data }, state, ctx), ctx);
  }
}
