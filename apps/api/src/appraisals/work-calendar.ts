import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Clock } from '@app/application';
import { calendarCovers, CHINESE_DAYS_COVERAGE, chineseWorkCalendar, localDate, type WorkdayOverrides } from '@app/domain';

/**
 * The one working calendar of the service: the State Council's holidays and 调休 make-up days
 * (the `chinese-days` data) with the operator's `WORKDAY_OVERRIDES`. It counts the appeal window
 * (7 working days after feedback), the make-up days owed and the overtime of the quota, the
 * morning briefing's "yesterday" and the working days left in a month.
 */
export const WORK_CALENDAR = Symbol('WORK_CALENDAR');
const WORKDAY_OVERRIDES = Symbol('WORKDAY_OVERRIDES');

/** What `GET /api/health` says of the calendar. */
export class CalendarHealth {
  @ApiProperty({ enum: ['ok', 'degraded'], description: 'degraded when the data does not cover today' }) status: 'ok' | 'degraded';
  @ApiProperty({ type: 'string', format: 'date', description: 'the first day the holiday data covers' }) coveredFrom: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'the last day the holiday data covers' }) coveredTo: string;
  @ApiProperty({ type: 'string', format: 'date', description: "today in Asia/Shanghai, by the service's clock" }) today: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'the dates WORKDAY_OVERRIDES sets' }) overrides: number;
  @ApiPropertyOptional({ description: 'present when degraded: what is wrong and what to do' }) message?: string;
}

/** Whether the calendar's data covers today: said in a log line at start and in GET /api/health, never assumed silently. */
@Injectable()
export class WorkCalendarCoverage implements OnApplicationBootstrap {
  private readonly logger = new Logger('WorkCalendar');

  constructor(
    private readonly clock: Clock,
    @Inject(WORKDAY_OVERRIDES) private readonly overrides: WorkdayOverrides,
  ) {}

  report(): CalendarHealth {
    const today = localDate(this.clock.now(), 'Asia/Shanghai');
    const { from, to } = CHINESE_DAYS_COVERAGE;
    const overrides = Object.keys(this.overrides).length;
    if (calendarCovers(today)) return { status: 'ok', coveredFrom: from, coveredTo: to, today, overrides };
    const message =
      `the holiday data covers ${from} to ${to}, not today ${today}: outside it no public holiday or 调休 make-up day is known, ` +
      'so every weekday counts as a working day and every weekend as a day off, for make-up days, overtime, the briefing and the appeal window; ' +
      'update the chinese-days package or set WORKDAY_OVERRIDES for the days of the State Council notice';
    return { status: 'degraded', coveredFrom: from, coveredTo: to, today, overrides, message };
  }

  onApplicationBootstrap(): void {
    const report = this.report();
    if (report.status === 'degraded') this.logger.warn(`The working calendar is degraded: ${report.message}`);
    else
      this.logger.log(`The working calendar covers ${report.coveredFrom} to ${report.coveredTo} (today ${report.today}), with ${report.overrides} override(s)`);
  }
}

/** Global: appraisals, the quota queries and the health check read the one calendar. */
@Global()
@Module({})
export class WorkCalendarModule {
  static forRoot(overrides: WorkdayOverrides = {}): DynamicModule {
    return {
      module: WorkCalendarModule,
      providers: [
        { provide: WORKDAY_OVERRIDES, useValue: overrides },
        { provide: WORK_CALENDAR, useValue: chineseWorkCalendar(overrides) },
        WorkCalendarCoverage,
      ],
      exports: [WORK_CALENDAR, WorkCalendarCoverage],
    };
  }
}
