import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { type Actor, localDate, type WorkCalendar } from '@app/domain';
import { Clock } from '@app/application';
import { ProjectionRunner } from '@app/projections';
import { dailyDisciplineProjection, DisciplineAgent, disciplineDuties } from '@app/read-models';
import { CurrentActor, Roles } from '../../http/auth';
import { IsEntityId } from '../../http/command-http';
import { invalidField, IsLocalDate } from '../../http/validators';
import { ReadYourWrites } from '../../application/read-your-writes';
import { Scopes } from '../../queries/scope';
import { WORK_CALENDAR } from '../../appraisals/work-calendar';

const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DEFAULT_LIMIT = 100;

export class DisciplineQueryDto {
  @ApiPropertyOptional({ description: 'wait until the read models have applied this position (≤ 5 s, else 503)' }) @IsOptional() minPosition?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() agentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() teamId?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD: the duties due that day; default today (Asia/Shanghai)' }) @IsOptional() @IsLocalDate() date?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM: the duties due in that month (instead of date)' })
  @IsOptional()
  @Matches(YEAR_MONTH, { message: 'month must be YYYY-MM' })
  month?: string;
  @ApiPropertyOptional({ description: 'only agents with a duty late or missing, and only those duties', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  lateOnly?: boolean;
  @ApiPropertyOptional({ type: 'integer', default: DEFAULT_LIMIT, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = DEFAULT_LIMIT;
  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' }) @IsOptional() @IsString() cursor?: string;
}

class DisciplinePage {
  @ApiProperty({ type: 'string', format: 'date' }) from: string;
  @ApiProperty({ type: 'string', format: 'date' }) to: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: "the service's clock the statuses are judged at" }) asOf: string;
  @ApiProperty({ type: [DisciplineAgent], description: 'by agent id' }) items: DisciplineAgent[];
  @ApiPropertyOptional({ description: 'pass as `cursor` for the next page; present only when more agents follow' }) nextCursor?: string;
}

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** Who is late with the work log and the plans: an agent their own, a supervisor their team, managers and directors everyone. */
@ApiTags('discipline')
@ApiBearerAuth()
@Controller('discipline')
export class DisciplineDutiesController {
  constructor(
    private readonly readYourWrites: ReadYourWrites,
    private readonly runner: ProjectionRunner,
    private readonly scopes: Scopes,
    private readonly clock: Clock,
    @Inject(WORK_CALENDAR) private readonly calendar: WorkCalendar,
  ) {}

  @Get()
  @Roles('agent', 'supervisor', 'manager', 'director')
  @ApiOkResponse({ type: DisciplinePage })
  async duties(@Query() query: DisciplineQueryDto, @CurrentActor() actor: Actor): Promise<DisciplinePage> {
    if (query.date !== undefined && query.month !== undefined) throw invalidField('month', 'month and date are exclusive: give one');
    await this.readYourWrites.waitFor(query.minPosition);
    const scope = await this.scopes.of(actor, { agentId: query.agentId, teamId: query.teamId });
    const now = this.clock.now();
    const day = query.date ?? localDate(now, 'Asia/Shanghai');
    const [from, to] = query.month !== undefined ? [`${query.month}-01`, lastDayOf(query.month)] : [day, day];
    const page = await this.runner.read(dailyDisciplineProjection, (em) =>
      disciplineDuties(em, { ...scope, from, to, now, calendar: this.calendar, lateOnly: query.lateOnly, limit: query.limit, cursor: query.cursor }),
    );
    return { from, to, asOf: now.toISOString(), ...page };
  }
}
