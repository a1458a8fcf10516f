import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideGiveFeedback, type GiveFeedback, type WorkCalendar } from '@app/domain';
import type { WriteResult } from '@app/application';
import { AppraisalCommand, Appraisals, decisionContext } from '../appraisal-commands';
import { WORK_CALENDAR } from '../work-calendar';

export class GiveFeedbackCommand extends AppraisalCommand<GiveFeedback['data'] & { appraisalId: string }> {}

/** Opens the appeal window: 7 working days by the Chinese calendar with the operator's overrides. */
@CommandHandler(GiveFeedbackCommand)
export class GiveFeedbackHandler implements ICommandHandler<GiveFeedbackCommand> {
  constructor(
    private readonly appraisals: Appraisals,
    @Inject(WORK_CALENDAR) private readonly calendar: WorkCalendar,
  ) {}

  execute({ data: { appraisalId, ...data }, ctx }: GiveFeedbackCommand): Promise<WriteResult> {
    const context = { ...decisionContext(ctx, appraisalId), calendar: this.calendar };
    return this.appraisals.run(appraisalId, (state) => decideGiveFeedback({ type: 'GiveFeedback', data }, state, context), ctx);
  }
}
