import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { type Actor, localDate } from '@app/domain';
import { ProjectionRunner, type ReadModelDb } from '@app/projections';
import { dailyQuotaProjection } from '../../../../../projections/daily-quota/daily-quota.projection';
import { dailyQuota, leaderboard, monthlyQuota } from '../../../../../projections/daily-quota/daily-quota.queries';
import { morningBriefing } from '../../../../../projections/daily-quota/morning-briefing';
import { specialistWeeklyProjection } from '../../../../../projections/specialist-weekly/specialist-weekly.projection';
import { specialistWeeks } from '../../../../../projections/specialist-weekly/specialist-weekly.queries';
import { CurrentActor, Roles } from '../../http/auth';
import { IsEntityId } from '../../http/command-http';
import { IsLocalDate } from '../../http/validators';
import { READ_MODELS } from '../../infrastructure/projections.module';
import { ReadYourWrites } from '../read-your-writes';
import { scopeFor } from '../scope';

const today = () => localDate(new Date(), 'Asia/Shanghai');

const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

class ReadQuery {
  @ApiPropertyOptional({ description: 'wait until the read models have applied this position (≤ 5 s, else 503)' })
  @IsOptional() minPosition?: string;
}
export class LeaderboardQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'YYYY-MM, default this month' }) @IsOptional() @Matches(YEAR_MONTH, { message: 'month must be YYYY-MM' }) month?: string;
}
class ScopedQuery extends ReadQuery {
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

const READERS = ['agent', 'specialist', 'supervisor', 'manager', 'director'] as const;

/** The daily quota, the month to date, the leaderboard and the specialists' weekly numbers. */
@ApiTags('quota')
@ApiBearerAuth()
@Controller()
export class QuotaController {
  constructor(
    @Inject(READ_MODELS) private readonly db: ReadModelDb,
    private readonly readYourWrites: ReadYourWrites,
    private readonly runner: ProjectionRunner,
  ) {}

  @Get('quota/daily')
  @Roles(...READERS)
  async daily(@Query() query: DailyQuotaQuery, @CurrentActor() actor: Actor) {
    await this.readYourWrites.waitFor(query.minPosition);
    const scope = scopeFor(actor, { agentId: query.agentId, teamId: query.teamId });
    const date = query.date ?? today();
    const tables = await this.runner.activeTables(dailyQuotaProjection);
    return { items: await dailyQuota(this.db, tables, { ...scope, date, asOf: today() }) };
  }

  @Get('quota/monthly')
  @Roles(...READERS)
  async monthly(@Query() query: MonthQuery, @CurrentActor() actor: Actor) {
    await this.readYourWrites.waitFor(query.minPosition);
    const scope = scopeFor(actor, { agentId: query.agentId, teamId: query.teamId });
    const month = query.month ?? today().slice(0, 7);
    const tables = await this.runner.activeTables(dailyQuotaProjection);
    return { items: await monthlyQuota(this.db, tables, { ...scope, month, asOf: today() }) };
  }

  /** Every agent's rank is public within the department: the handbook's awards are announced. */
  @Get('leaderboard')
  @Roles(...READERS)
  async leaderboard(@Query() query: LeaderboardQuery) {
    await this.readYourWrites.waitFor(query.minPosition);
    const tables = await this.runner.activeTables(dailyQuotaProjection);
    return leaderboard(this.db, tables, { month: query.month ?? today().slice(0, 7) });
  }

  /** The 8:30 stand-up screen: yesterday's results, today's targets, the team's month so far. */
  @Get('briefing')
  @Roles('supervisor', 'manager', 'director')
  async briefing(@Query() query: DailyQuotaQuery, @CurrentActor() actor: Actor) {
    await this.readYourWrites.waitFor(query.minPosition);
    const scope = scopeFor(actor, { agentId: query.agentId, teamId: query.teamId });
    const tables = await this.runner.activeTables(dailyQuotaProjection);
    return morningBriefing(this.db, tables, { ...scope, date: query.date ?? today() });
  }

  @Get('specialists/weekly')
  @Roles('specialist', 'supervisor', 'manager', 'director')
  async specialists(@Query() query: WeekQuery, @CurrentActor() actor: Actor) {
    await this.readYourWrites.waitFor(query.minPosition);
    const scope = scopeFor(actor, { agentId: query.agentId, teamId: query.teamId });
    const tables = await this.runner.activeTables(specialistWeeklyProjection);
    return { items: await specialistWeeks(this.db, tables, { week: query.week, specialistId: scope.agentId, teamId: scope.teamId }) };
  }
}
