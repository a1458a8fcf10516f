import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideFileAppeal, type FileAppeal } from '@app/domain';
import type { WriteResult } from '@app/application';
import { AppraisalCommand, Appraisals, decisionContext } from '../appraisal-commands';

export class FileAppealCommand extends AppraisalCommand<FileAppeal['data'] & { appraisalId: string }> {}

/** The appeal id is claimed for this appraisal once the appeal is accepted, so that its resolution can find it. */
@CommandHandler(FileAppealCommand)
export class FileAppealHandler implements ICommandHandler<FileAppealCommand> {
  constructor(private readonly appraisals: Appraisals) {}

  execute({ data: { appraisalId, ...data }, ctx }: FileAppealCommand): Promise<WriteResult> {
    return this.appraisals.run(appraisalId, (state) => decideFileAppeal({ type: 'FileAppeal', data }, state, decisionContext(ctx, appraisalId)), ctx, [
      this.appraisals.appealClaim(data.appealId, appraisalId),
    ]);
  }
}
