import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideRequestArchiveAccess, evolveAppraisal, initialAppraisalState, type RequestArchiveAccess, streams } from '@app/domain';
import { EventReader, type WriteResult } from '@app/application';
import { requireAppraisalReader } from '../appraisal-access';
import { AppraisalCommand, Appraisals } from '../appraisal-commands';

export class RequestArchiveAccessCommand extends AppraisalCommand<RequestArchiveAccess['data']> {}

/** Only someone who could read the appraisal before it was archived may ask to read it now. */
@CommandHandler(RequestArchiveAccessCommand)
export class RequestArchiveAccessHandler implements ICommandHandler<RequestArchiveAccessCommand> {
  constructor(
    private readonly appraisals: Appraisals,
    private readonly reader: EventReader,
  ) {}

  async execute({ data, ctx }: RequestArchiveAccessCommand): Promise<WriteResult> {
    const appraisal = await this.reader.fold(streams.appraisal(data.appraisalId), initialAppraisalState, evolveAppraisal);
    if (appraisal.opened) requireAppraisalReader(ctx.actor, appraisal);
    const context = { now: ctx.now, actor: ctx.actor, appraisal };
    return this.appraisals.runAccess(data.requestId, (state) => decideRequestArchiveAccess({ type: 'RequestArchiveAccess', data }, state, context), ctx);
  }
}
