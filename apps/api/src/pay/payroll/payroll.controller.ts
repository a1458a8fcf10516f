import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { type Actor, forbidden } from '@app/domain';
import { CurrentActor, Roles } from '../../http/auth';
import { entityIdParam } from '../../http/command-http';
import { ReadYourWrites } from '../../application/read-your-writes';
import { monthParam } from './month-param';
import { Payroll } from './payroll';

class ReadQuery {
  @ApiPropertyOptional({ description: 'wait until the read models have applied this position (≤ 5 s, else 503)' })
  @IsOptional()
  minPosition?: string;
}

export class ReplayQuery {
  @ApiPropertyOptional({
    enum: ['issued', 'now'],
    default: 'now',
    description: 'issued: only the events recorded up to the close; now: every correction since',
  })
  @IsOptional()
  @IsIn(['issued', 'now'])
  asOf?: 'issued' | 'now';
  @ApiPropertyOptional({ description: "what-if: price the month with this version of each person's plan; changes nothing" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  planVersion?: number;
}

/** Whoever may see everyone's pay. */
const PAY_READERS = ['payroll', 'director'] as const;

/** Statements and ledgers: an agent or specialist reads their own, payroll and directors everyone's. */
@ApiTags('payroll')
@ApiBearerAuth()
@Controller()
export class PayrollController {
  constructor(
    private readonly payroll: Payroll,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  /** The month to date (open) or as issued (closed), from the commission ledger. */
  @Get('commissions/:agentId/:month')
  @Roles('agent', 'specialist', 'payroll', 'director')
  async commissions(
    @Param('agentId', entityIdParam('agentId')) agentId: string,
    @Param('month', monthParam) month: string,
    @Query() query: ReadQuery,
    @CurrentActor() actor: Actor,
  ) {
    if (!actor.roles.some((r) => (PAY_READERS as readonly string[]).includes(r)) && actor.sub !== agentId) {
      throw forbidden('AUTH.NOT_SELF', 'you may read only your own commissions');
    }
    await this.readYourWrites.waitFor(query.minPosition);
    const ledger = await this.payroll.ledger(month);
    const statement = ledger.statements.find((s) => s.agentId === agentId);
    return { agentId, month, state: ledger.state, lines: statement?.lines ?? [], totalFen: statement?.totalFen ?? 0 };
  }

  @Get('payroll/:month')
  @Roles(...PAY_READERS)
  async statements(@Param('month', monthParam) month: string, @Query() query: ReadQuery) {
    await this.readYourWrites.waitFor(query.minPosition);
    const { state, statements, history } = await this.payroll.ledger(month);
    const closure = history.closures.get(month);
    return {
      month,
      state,
      upToPosition: closure?.upToPosition.toString(),
      closedAt: closure?.closedAt,
      totalFen: statements.reduce((sum, s) => sum + s.totalFen, 0),
      statements,
    };
  }

  /** Recomputes the month from the event store; nothing is written. */
  @Post('payroll/:month/replay')
  @HttpCode(200)
  @Roles(...PAY_READERS)
  async replay(@Param('month', monthParam) month: string, @Query() query: ReplayQuery) {
    const replay = await this.payroll.replay(month, { asOf: query.asOf ?? 'now', planVersion: query.planVersion });
    const { issued: _issued, ...answer } = replay;
    return answer;
  }
}
