import { type DynamicModule, Module } from '@nestjs/common';
import { chineseWorkCalendar, type WorkdayOverrides } from '@app/domain';
import { SharedModule } from '../application/shared.module';
import { Scopes } from '../queries/scope';
import { DISCIPLINE_CALENDAR } from './discipline-calendar';
import { DisciplineCommands } from './discipline-commands';
import { DisciplineDutiesController } from './duties/duties.http';
import { SubmitWorkLogHandler } from './submit-work-log/submit-work-log.command';
import { SubmitWorkLogController } from './submit-work-log/submit-work-log.http';
import { SubmitWorkPlanHandler } from './submit-work-plan/submit-work-plan.command';
import { SubmitWorkPlanController } from './submit-work-plan/submit-work-plan.http';

/** The daily discipline: the work log before leaving, the plans of the 15th and 30th, and who is late with them. */
@Module({})
export class DisciplineModule {
  static forRoot(workdayOverrides: WorkdayOverrides = {}): DynamicModule {
    return {
      module: DisciplineModule,
      imports: [SharedModule],
      controllers: [SubmitWorkLogController, SubmitWorkPlanController, DisciplineDutiesController],
      providers: [
        { provide: DISCIPLINE_CALENDAR, useValue: chineseWorkCalendar(workdayOverrides) },
        Scopes,
        DisciplineCommands,
        SubmitWorkLogHandler,
        SubmitWorkPlanHandler,
      ],
    };
  }
}
