import { ApiProperty } from '@nestjs/swagger';
import type { DayTargets } from '@app/domain';

/*
 * What the quota queries answer, each shape one class: the queries' return type and, through its
 * decorators, the OpenAPI schema of the answer. The queries build plain objects; a class used as
 * a type takes them as they are.
 */

/** A count of calls, days or deals, as its OpenAPI property. */
export const COUNT = { type: 'integer', minimum: 0 } as const;
const DATE = { type: 'string', format: 'date', description: 'YYYY-MM-DD' } as const;
const MONTH = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-10' } as const;
const PLAN_VERSION = { type: 'integer', minimum: 1, description: 'the version of the plan in force that set the targets' } as const;

/** A day's targets under the plan in force (the probation targets while on probation, when the plan has them). */
export class DailyTargets implements DayTargets {
  @ApiProperty(COUNT) dials: number;
  @ApiProperty(COUNT) effectiveCalls: number;
  @ApiProperty({ ...COUNT, nullable: true, description: "the plan's talk minutes in seconds; null when the plan sets no talk-time target" })
  talkSeconds: number | null;
}

/** A month's targets as pay counts them (`monthlyTargets`): daily × the plan's shifts a month, prorated by days employed. */
export class MonthTargets {
  @ApiProperty(COUNT) dials: number;
  @ApiProperty(COUNT) effectiveCalls: number;
}

/** A row of `GET /api/quota/daily`: one agent's day, at zero if they made no call. */
export class DailyQuotaRow {
  @ApiProperty() agentId: string;
  @ApiProperty() teamId: string;
  @ApiProperty(DATE) date: string;
  @ApiProperty(COUNT) dials: number;
  @ApiProperty(COUNT) effectiveCalls: number;
  @ApiProperty(COUNT) talkSeconds: number;
  @ApiProperty({ type: DailyTargets }) targets: DailyTargets;
  @ApiProperty() onProbation: boolean;
  @ApiProperty({ description: 'every target of the day reached (a talk-time target only when the plan sets one)' }) met: boolean;
  @ApiProperty({ description: 'a working day of employment (the State Council calendar: 调休 Saturdays included, holidays not) whose dial target was missed' })
  makeUpOwed: boolean;
  @ApiProperty({
    description: 'not a working day (a weekend not worked by 调休, a public holiday): its calls are voluntary overtime that still count toward the month',
  })
  overtime: boolean;
  @ApiProperty() planId: string;
  @ApiProperty(PLAN_VERSION) planVersion: number;
}

/** A row of `GET /api/quota/monthly`: one agent's month to date. */
export class MonthlyQuotaRow {
  @ApiProperty() agentId: string;
  @ApiProperty() teamId: string;
  @ApiProperty(MONTH) month: string;
  @ApiProperty({ ...DATE, description: 'YYYY-MM-DD: the day in progress; its calls count, it owes no make-up day yet' }) asOf: string;
  @ApiProperty({ ...COUNT, description: "month to date: every call of the month's days up to and including asOf" }) dials: number;
  @ApiProperty(COUNT) effectiveCalls: number;
  @ApiProperty(COUNT) talkSeconds: number;
  @ApiProperty({ type: MonthTargets, description: 'as pay counts them' }) targets: MonthTargets;
  @ApiProperty() onProbation: boolean;
  @ApiProperty({ ...COUNT, description: 'finished working days (before asOf) of employment this month under the dial target' }) makeUpDaysOwed: number;
  @ApiProperty({ type: 'string', format: 'date', isArray: true, description: 'the days owed, YYYY-MM-DD' }) makeUpDates: string[];
  @ApiProperty({ ...COUNT, description: 'days of the month to date that are not working days (Sundays, holidays) with calls' }) overtimeDays: number;
  @ApiProperty({
    ...COUNT,
    description: "the month's working days (State Council calendar with 调休, and the operator's overrides) from asOf, included, to the month's end",
  })
  workingDaysLeft: number;
  @ApiProperty() planId: string;
  @ApiProperty(PLAN_VERSION) planVersion: number;
}

const RANK = { type: 'integer', minimum: 1, description: 'ties share a rank and the next is skipped (1, 1, 3)' } as const;

/** A place on the leaderboard by the month's effective calls. */
export class RankedByEffectiveCalls {
  @ApiProperty(RANK) rank: number;
  @ApiProperty() agentId: string;
  @ApiProperty() teamId: string;
  @ApiProperty(COUNT) effectiveCalls: number;
}

/** A place on the leaderboard by the month's deals, less those cancelled that month. */
export class RankedByDeals {
  @ApiProperty(RANK) rank: number;
  @ApiProperty() agentId: string;
  @ApiProperty() teamId: string;
  @ApiProperty(COUNT) deals: number;
}
