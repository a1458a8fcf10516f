import { Module } from '@nestjs/common';
import { SharedModule } from '../application/shared.module';
import { Scopes } from '../queries/scope';
import { DisciplineCommands } from './discipline-commands';
import { DisciplineDutiesController } from './duties/duties.http';
import { SubmitWorkLogHandler } from './submit-work-log/submit-work-log.command';
import { SubmitWorkLogController } from './submit-work-log/submit-work-log.http';
import { SubmitWorkPlanHandler } from './submit-work-plan/submit-work-plan.command';
import { SubmitWorkPlanController } from './submit-work-plan/submit-work-plan.http';

/**
 * The daily discipline: the work log before leaving, the plans of the 15th and 30th, and who is
 * late with them; deadlines on the service's one working calendar (the global `WorkCalendarModule`).
 */
@Module({
  imports: [SharedModule],
  controllers: [SubmitWorkLogController, SubmitWorkPlanController, DisciplineDutiesController],
  providers: [Scopes, DisciplineCommands, SubmitWorkLogHandler, SubmitWorkPlanHandler],
})
export class DisciplineModule {}
