import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideArchiveAppraisal } from '@app/domain';
import type { WriteResult } from '@app/application';
import { AppraisalCommand, Appraisals, decisionContext } from '../appraisal-commands';

export class ArchiveAppraisalCommand extends AppraisalCommand<{ appraisalId: string }> {}

@CommandHandler(ArchiveAppraisalCommand)
export class ArchiveAppraisalHandler implements ICommandHandler<ArchiveAppraisalCommand> {
  constructor(private readonly appraisals: Appraisals) {}

  execute({ data: { appraisalId }, ctx }: ArchiveAppraisalCommand): Promise<WriteResult> {
    return this.appraisals.run(
      appraisalId,
      (state) => decideArchiveAppraisal({ type: 'ArchiveAppraisal', data: {} }, state, decisionContext(ctx, appraisalId)),
      ctx,
    );
  }
}
