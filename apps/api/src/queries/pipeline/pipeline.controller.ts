import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { type Actor, type Grade, localDate } from '@app/domain';
import { ProjectionRunner } from '@app/projections';
import {
  FollowUpItem,
  followUps,
  leadPipelineProjection,
  PipelineCounts,
  pipelineCounts,
  PipelineItem,
  pipelineRows,
  STAGES,
  type Stage,
} from '@app/read-models';
import { Clock } from '@app/application';
import { CurrentActor, Roles } from '../../http/auth';
import { IsEntityId } from '../../http/command-http';
import { IsCategoryName, IsLocalDate } from '../../http/validators';
import { ReadYourWrites } from '../../application/read-your-writes';
import { Scopes } from '../scope';

class ReadQuery {
  @ApiPropertyOptional({ description: 'wait until the read models have applied this position (≤ 5 s, else 503)' })
  @IsOptional()
  minPosition?: string;
}

export class PipelineQuery extends ReadQuery {
  @ApiPropertyOptional() @IsOptional() @IsEntityId() ownerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() teamId?: string;
  @ApiPropertyOptional({ example: 'A', description: "a lead category (A–D, or a plan's own)" }) @IsOptional() @IsCategoryName() grade?: Grade;
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: Stage;
  @ApiPropertyOptional({ default: 100, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsEntityId() cursor?: string;
}

export class FollowUpsQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'defaults to yourself' }) @IsOptional() @IsEntityId() agentId?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD; defaults to today in Asia/Shanghai' }) @IsOptional() @IsLocalDate() date?: string;
  @ApiPropertyOptional({ description: 'follow-ups per page, due and overdue together', type: 'integer', default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
  @ApiPropertyOptional({ description: 'the nextCursor of the previous page, as given; absent for the first page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

class PipelinePage {
  @ApiProperty({ type: [PipelineItem], description: 'by lead id' }) items: PipelineItem[];
  @ApiPropertyOptional({ description: 'pass as `cursor` for the next page; present only when more leads follow' }) nextCursor?: string;
  @ApiProperty({ type: PipelineCounts, description: 'over every lead under the filter, not only this page' }) counts: PipelineCounts;
}

class FollowUpsPage {
  @ApiProperty() agentId: string;
  @ApiProperty({ type: 'string', format: 'date', example: '2026-10-08' }) date: string;
  @ApiProperty({ type: [FollowUpItem], description: 'duties due on the date, each with its kind, due time and overdue flag' }) due: FollowUpItem[];
  @ApiProperty({ type: [FollowUpItem], description: 'duties due before it and not done by a call since' }) overdue: FollowUpItem[];
  @ApiPropertyOptional({ description: 'pass as `cursor` for the next page (by due date, then lead id, then kind); present only when more follow' })
  nextCursor?: string;
}

const READERS = ['agent', 'specialist', 'supervisor', 'manager', 'director'] as const;

@ApiTags('pipeline')
@ApiBearerAuth()
@Controller()
export class PipelineController {
  constructor(
    private readonly readYourWrites: ReadYourWrites,
    private readonly runner: ProjectionRunner,
    private readonly scopes: Scopes,
    private readonly clock: Clock,
  ) {}

  /** Leads by stage and grade, with counts; an agent sees the leads they own, a supervisor their team's. */
  @Get('pipeline')
  @Roles(...READERS)
  @ApiOkResponse({ type: PipelinePage })
  async pipeline(@Query() query: PipelineQuery, @CurrentActor() actor: Actor): Promise<PipelinePage> {
    await this.readYourWrites.waitFor(query.minPosition);
    const scope = await this.scopes.of(actor, { agentId: query.ownerId, teamId: query.teamId });
    const filter = { ownerId: scope.agentId, teamId: scope.teamId, grade: query.grade, stage: query.stage };
    return this.runner.read(leadPipelineProjection, async (em) => {
      const page = await pipelineRows(em, { ...filter, limit: query.limit ?? 100, after: query.cursor });
      return { ...page, counts: await pipelineCounts(em, filter) };
    });
  }

  /**
   * The follow-up duties due on a date and those overdue, for one agent, a page at a time (oldest
   * due first): new leads, the evening call after a visit, the congratulation after a deal, and
   * each category's cadence; `overdue` on an item says its due time has passed by the service's clock.
   * A supervisor asking for their own sees the duties of their team's leads whose owner left.
   */
  @Get('follow-ups')
  @Roles(...READERS)
  @ApiOkResponse({ type: FollowUpsPage })
  async followUps(@Query() query: FollowUpsQuery, @CurrentActor() actor: Actor): Promise<FollowUpsPage> {
    await this.readYourWrites.waitFor(query.minPosition);
    const agentId = query.agentId ?? actor.sub;
    // Follow-ups are one agent's and not filtered by team: a supervisor's agent must be in their team.
    await this.scopes.of(actor, { agentId });
    const now = this.clock.now();
    const date = query.date ?? localDate(now, 'Asia/Shanghai');
    // A supervisor's own follow-ups are the leads of their team whose owner left.
    const unownedOfTeam = agentId === actor.sub && actor.roles.includes('supervisor') && actor.team ? actor.team : undefined;
    const page = await this.runner.read(leadPipelineProjection, (em) =>
      followUps(em, { agentId, date, now, limit: query.limit, cursor: query.cursor, unownedOfTeam }),
    );
    return { agentId, date, ...page };
  }
}
