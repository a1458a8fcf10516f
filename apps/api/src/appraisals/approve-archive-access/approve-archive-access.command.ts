import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ApproveArchiveAccess, decideApproveArchiveAccess } from '@app/domain';
import type { WriteResult } from '@app/application';
import { AppraisalCommand, Appraisals } from '../appraisal-commands';

export class ApproveArchiveAccessCommand extends AppraisalCommand<ApproveArchiveAccess['data']> {}

@CommandHandler(ApproveArchiveAccessCommand)
export class ApproveArchiveAccessHandler implements ICommandHandler<ApproveArchiveAccessCommand> {
  constructor(private readonly appraisals: Appraisals) {}

  execute({ data, ctx }: ApproveArchiveAccessCommand): Promise<WriteResult> {
    const context = { now: ctx.now, actor: ctx.actor };
    return this.appraisals.runAccess(data.requestId, (state) => decideApproveArchiveAccess({ type: 'ApproveArchiveAccess', data }, state, context), ctx);
  }
}
