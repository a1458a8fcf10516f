import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { type Actor, forbidden, type LineDiff, type StatementDiff } from '@app/domain';
import { PayStatement, PayStatementLine } from '@app/read-models';
import { CurrentActor, Roles } from '../../http/auth';
import { entityIdParam } from '../../http/command-http';
import { ReadYourWrites } from '../../application/read-your-writes';
import { monthParam, YEAR_MONTH } from './month-param';
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

const MONTH = { pattern: YEAR_MONTH.source, example: '2026-10' } as const;
const STATE = { enum: ['open', 'closed'], description: 'closed: as issued at the close, corrections since go to the first open month' } as const;
const FEN = { type: 'integer', description: 'fen (1/100 yuan)' } as const;

class CommissionStatement {
  @ApiProperty() agentId: string;
  @ApiProperty(MONTH) month: string;
  @ApiProperty(STATE) state: 'open' | 'closed';
  @ApiProperty({ type: [PayStatementLine], description: 'empty when the person has no line this month' }) lines: PayStatementLine[];
  @ApiProperty(FEN) totalFen: number;
}

class PayrollMonth {
  @ApiProperty(MONTH) month: string;
  @ApiProperty(STATE) state: 'open' | 'closed';
  @ApiPropertyOptional({ pattern: '^\\d+$', description: 'closed months: the store position the close included events up to' }) upToPosition?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'closed months: when the month was closed' }) closedAt?: string;
  @ApiProperty({ ...FEN, description: "every statement's total, fen (1/100 yuan)" }) totalFen: number;
  @ApiProperty({ type: [PayStatement], description: 'by agent id' }) statements: PayStatement[];
}

class PayLineDiff implements LineDiff {
  @ApiProperty() lineId: string;
  @ApiProperty({ ...FEN, nullable: true, description: 'as issued, fen; null when the issued statement has no such line' }) issuedFen: number | null;
  @ApiProperty({ ...FEN, nullable: true, description: 'as recomputed, fen; null when the recomputed statement has no such line' }) nowFen: number | null;
}

class PayStatementDiff implements StatementDiff {
  @ApiProperty() agentId: string;
  @ApiProperty({ ...FEN, description: 'recomputed total minus issued total, fen' }) deltaFen: number;
  @ApiProperty({ type: [PayLineDiff], description: 'the lines whose amounts differ' }) lines: PayLineDiff[];
}

class MonthReplayAnswer {
  @ApiProperty(MONTH) month: string;
  @ApiProperty({ enum: ['issued', 'now'] }) asOf: 'issued' | 'now';
  @ApiProperty({ type: 'integer', nullable: true, description: "the what-if plan version; null for each person's own" }) planVersion: number | null;
  @ApiProperty(STATE) state: 'open' | 'closed';
  @ApiProperty({ type: [PayStatement], description: 'the recomputed statements, by agent id' }) statements: PayStatement[];
  @ApiProperty({ type: [PayStatementDiff], description: 'per person whose statement differs from the issued one' }) diff: PayStatementDiff[];
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
  @ApiOkResponse({ type: CommissionStatement })
  async commissions(
    @Param('agentId', entityIdParam('agentId')) agentId: string,
    @Param('month', monthParam) month: string,
    @Query() query: ReadQuery,
    @CurrentActor() actor: Actor,
  ): Promise<CommissionStatement> {
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
  @ApiOkResponse({ type: PayrollMonth })
  async statements(@Param('month', monthParam) month: string, @Query() query: ReadQuery): Promise<PayrollMonth> {
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
  @ApiOkResponse({ type: MonthReplayAnswer })
  async replay(@Param('month', monthParam) month: string, @Query() query: ReplayQuery): Promise<MonthReplayAnswer> {
    const replay = await this.payroll.replay(month, { asOf: query.asOf ?? 'now', planVersion: query.planVersion });
    const { issued: _issued, ...answer } = replay;
    return answer;
  }
}
