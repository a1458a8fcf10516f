import { ApiProperty } from '@nestjs/swagger';
import { COUNT, DailyTargets, MonthTargets } from './daily-quota.rows';

/*
 * What the morning briefing answers, each shape one class: the query's return type and, through
 * its decorators, the OpenAPI schema of the answer. The figures are the quota rows' figures.
 */

/** How an agent's yesterday went. */
export class BriefingYesterday {
  @ApiProperty({
    type: 'string',
    format: 'date',
    description: 'YYYY-MM-DD: the previous working day (State Council calendar with 调休, and the overrides), not always the day before',
  })
  date: string;
  @ApiProperty(COUNT) dials: number;
  @ApiProperty(COUNT) effectiveCalls: number;
  @ApiProperty(COUNT) talkSeconds: number;
  @ApiProperty() met: boolean;
  @ApiProperty() makeUpOwed: boolean;
}

/** What an agent's today asks. */
export class BriefingToday {
  @ApiProperty({ type: DailyTargets }) targets: DailyTargets;
  @ApiProperty({ description: 'a weekend day: calls are voluntary overtime' }) overtime: boolean;
}

/** An agent's month up to today, today's calls included. */
export class BriefingMonthToDate {
  @ApiProperty(COUNT) dials: number;
  @ApiProperty(COUNT) effectiveCalls: number;
  @ApiProperty(COUNT) makeUpDaysOwed: number;
}

/** One agent on the briefing. */
export class BriefingAgent {
  @ApiProperty() agentId: string;
  @ApiProperty() teamId: string;
  @ApiProperty({ type: BriefingYesterday }) yesterday: BriefingYesterday;
  @ApiProperty({ type: BriefingToday }) today: BriefingToday;
  @ApiProperty({ type: BriefingMonthToDate }) monthToDate: BriefingMonthToDate;
}

/** One team's month to date against its goal. */
export class BriefingTeam {
  @ApiProperty() teamId: string;
  @ApiProperty(COUNT) dials: number;
  @ApiProperty(COUNT) effectiveCalls: number;
  @ApiProperty({ type: MonthTargets, description: "the sum of its agents' monthly targets" }) goal: MonthTargets;
  @ApiProperty(COUNT) makeUpDaysOwed: number;
}
