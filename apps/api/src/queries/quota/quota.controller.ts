import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { type Actor, localDate, type WorkCalendar } from '@app/domain';
import { ProjectionRunner } from '@app/projections';
import {
  BriefingAgent,
  BriefingTeam,
  dailyQuota,
  dailyQuotaProjection,
  DailyQuotaRow,
  leaderboard,
  monthlyQuota,
  MonthlyQuotaRow,
  morningBriefing,
  RankedByDeals,
  RankedByEffectiveCalls,
  SpecialistWeek,
  specialistWeeklyProjection,
  specialistWeeks,
} from '@app/read-models';
import { CurrentActor, Roles } from '../../http/auth';
import { Clock } from '@app/application';
import { IsEntityId } from '../../http/command-http';
import { IsLocalDate } from '../../http/validators';
import { ReadYourWrites } from '../../application/read-your-writes';
import { Scopes } from '../scope';
import { WORK_CALENDAR } from '../../appraisals/work-calendar';

const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

class ReadQuery {
  @ApiPropertyOptional({ description: 'wait until the read models have applied this position (≤ 5 s, else 503)' })
  @IsOptional()
  minPosition?: string;
}
/** API.md: list answers are `{ items, nextCursor? }`, a page at a time. */
class PagedQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'rows per page', type: 'integer', default: DEFAULT_LIMIT, minimum: 1, maximum: MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit: number = DEFAULT_LIMIT;
  @ApiPropertyOptional({ description: 'the nextCursor of the previous page, as given; absent for the first page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
export class LeaderboardQuery extends PagedQuery {
  @ApiPropertyOptional({ description: 'YYYY-MM, default this month' }) @IsOptional() @Matches(YEAR_MONTH, { message: 'month must be YYYY-MM' }) month?: string;
}
class ScopedQuery extends PagedQuery {
  @ApiPropertyOptional() @IsOptional() @IsEntityId() agentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() teamId?: string;
}
export class DailyQuotaQuery extends ScopedQuery {
  @ApiPropertyOptional({ description: 'YYYY-MM-DD, default today (Asia/Shanghai)' }) @IsOptional() @IsLocalDate() date?: string;
}
export class MonthQuery extends ScopedQuery {
  @ApiPropertyOptional({ description: 'YYYY-MM, default this month' }) @IsOptional() @Matches(YEAR_MONTH, { message: 'month must be YYYY-MM' }) month?: string;
}
export class WeekQuery extends ScopedQuery {
  @ApiPropertyOptional({ description: 'ISO week, e.g. 2026-W41' }) @IsOptional() @Matches(/^\d{4}-W\d{2}$/, { message: 'week must be YYYY-Www' }) week?: string;
}

const NEXT_CURSOR = { description: 'pass as `cursor` for the next page; present only when more rows follow' };

class DailyQuotaPage {
  @ApiProperty({ type: [DailyQuotaRow], description: 'by agent id' }) items: DailyQuotaRow[];
  @ApiPropertyOptional(NEXT_CURSOR) nextCursor?: string;
}
class MonthlyQuotaPage {
  @ApiProperty({ type: [MonthlyQuotaRow], description: 'by agent id' }) items: MonthlyQuotaRow[];
  @ApiPropertyOptional(NEXT_CURSOR) nextCursor?: string;
}
class SpecialistWeeksPage {
  @ApiProperty({ type: [SpecialistWeek], description: 'by week, then specialist' }) items: SpecialistWeek[];
  @ApiPropertyOptional(NEXT_CURSOR) nextCursor?: string;
}
class LeaderboardPage {
  @ApiProperty({ pattern: YEAR_MONTH.source, example: '2026-10' }) month: string;
  @ApiProperty({ type: [RankedByEffectiveCalls], description: 'by rank, then agent id; ranks are over all agents' }) byEffectiveCalls: RankedByEffectiveCalls[];
  @ApiProperty({ type: [RankedByDeals], description: 'by rank, then agent id; ranks are over all agents' }) byDeals: RankedByDeals[];
  @ApiPropertyOptional({ description: 'pass as `cursor` for the next page; present only when more ranks follow, in both lists at once' }) nextCursor?: string;
}
class BriefingPage {
  @ApiProperty({ type: 'string', format: 'date', example: '2026-10-08' }) date: string;
  @ApiProperty({ type: [BriefingAgent], description: 'per agent, by agent id' }) agents: BriefingAgent[];
  @ApiProperty({ type: [BriefingTeam], description: 'per team, by team id, over every agent in scope (not only this page)' }) teams: BriefingTeam[];
  @ApiPropertyOptional({ description: 'pass as `cursor` for the next page; present only when more agents follow' }) nextCursor?: string;
}

const READERS = ['agent', 'specialist', 'supervisor', 'manager', 'director'] as const;

/** The daily quota, the month to date, the leaderboard and the specialists' weekly numbers. */
@ApiTags('quota')
@ApiBearerAuth()
@Controller()
export class QuotaController {
  constructor(
    private readonly readYourWrites: ReadYourWrites,
    private readonly runner: ProjectionRunner,
    private readonly scopes: Scopes,
    private readonly clock: Clock,
    @Inject(WORK_CALENDAR) private readonly calendar: WorkCalendar,
  ) {}

  /** Today in the department's time zone, by the service's clock. */
  private today(): string {
    return localDate(this.clock.now(), 'Asia/Shanghai');
  }

  @Get('quota/daily')
  @Roles(...READERS)
  @ApiOkResponse({ type: DailyQuotaPage })
  async daily(@Query() query: DailyQuotaQuery, @CurrentActor() actor: Actor): Promise<DailyQuotaPage> {
    await this.readYourWrites.waitFor(query.minPosition);
    const scope = await this.scopes.of(actor, { agentId: query.agentId, teamId: query.teamId });
    const date = query.date ?? this.today();
    return this.runner.read(dailyQuotaProjection, (em) =>
      dailyQuota(em, { ...scope, calendar: this.calendar, date, asOf: this.today(), limit: query.limit, cursor: query.cursor }),
    );
  }

  @Get('quota/monthly')
  @Roles(...READERS)
  @ApiOkResponse({ type: MonthlyQuotaPage })
  async monthly(@Query() query: MonthQuery, @CurrentActor() actor: Actor): Promise<MonthlyQuotaPage> {
    await this.readYourWrites.waitFor(query.minPosition);
    const scope = await this.scopes.of(actor, { agentId: query.agentId, teamId: query.teamId });
    const month = query.month ?? this.today().slice(0, 7);
    return this.runner.read(dailyQuotaProjection, (em) =>
      monthlyQuota(em, { ...scope, calendar: this.calendar, month, asOf: this.today(), limit: query.limit, cursor: query.cursor }),
    );
  }

  /** Every agent's rank is public within the department: the handbook's awards are announced. Both rankings page together. */
  @Get('leaderboard')
  @Roles(...READERS)
  @ApiOkResponse({ type: LeaderboardPage })
  async leaderboard(@Query() query: LeaderboardQuery): Promise<LeaderboardPage> {
    await this.readYourWrites.waitFor(query.minPosition);
    return this.runner.read(dailyQuotaProjection, (em) =>
      leaderboard(em, { month: query.month ?? this.today().slice(0, 7), limit: query.limit, cursor: query.cursor }),
    );
  }

  /** The 8:30 stand-up screen: the previous working day's results, today's targets, the team's month so far; agents a page at a time. */
  @Get('briefing')
  @Roles('supervisor', 'manager', 'director')
  @ApiOkResponse({ type: BriefingPage })
  async briefing(@Query() query: DailyQuotaQuery, @CurrentActor() actor: Actor): Promise<BriefingPage> {
    await this.readYourWrites.waitFor(query.minPosition);
    const scope = await this.scopes.of(actor, { agentId: query.agentId, teamId: query.teamId });
    return this.runner.read(dailyQuotaProjection, (em) =>
      morningBriefing(em, { ...scope, calendar: this.calendar, date: query.date ?? this.today(), limit: query.limit, cursor: query.cursor }),
    );
  }

  @Get('specialists/weekly')
  @Roles('specialist', 'supervisor', 'manager', 'director')
  @ApiOkResponse({ type: SpecialistWeeksPage })
  async specialists(@Query() query: WeekQuery, @CurrentActor() actor: Actor): Promise<SpecialistWeeksPage> {
    await this.readYourWrites.waitFor(query.minPosition);
    const scope = await this.scopes.of(actor, { agentId: query.agentId, teamId: query.teamId });
    return this.runner.read(specialistWeeklyProjection, (em) =>
      specialistWeeks(em, { week: query.week, specialistId: scope.agentId, teamId: scope.teamId, limit: query.limit, cursor: query.cursor }),
    );
  }
}
