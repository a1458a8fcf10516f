import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { type Actor, forbidden, type LineDiff, type StatementDiff } from '@app/domain';
import { PayStatement, PayStatementLine } from '@app/read-models';
import { CurrentActor, Roles } from '../../http/auth';
import { entityIdParam } from '../../http/command-http';
import { ReadYourWrites } from '../../application/read-your-writes';
import { monthParam, YEAR_MONTH } from './month-param';
import { Payroll } from './payroll';
import { payrollCsv } from './payroll-csv';

class ReadQuery {
  @ApiPropertyOptional({ description: 'wait until the read models have applied this position (≤ 5 s, else 503)' })
  @IsOptional()
  minPosition?: string;
}

export class ReplayQuery extends ReadQuery {
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

const SHA256 = { pattern: '^[0-9a-f]{64}$', description: 'SHA-256, hex' } as const;

class ManifestStatement {
  @ApiProperty() agentId: string;
  @ApiProperty({ ...SHA256, description: "SHA-256 (hex) of the issued statement's canonical JSON (keys sorted, no whitespace)" }) sha256: string;
}

class PayMonthManifestDto {
  @ApiProperty({ enum: [1] }) version: 1;
  @ApiProperty(MONTH) month: string;
  @ApiProperty({ pattern: '^\\d+$', description: 'the first store position the close took in: after the previous close' }) fromPosition: string;
  @ApiProperty({ pattern: '^\\d+$', description: 'the last store position the close took in' }) upToPosition: string;
  @ApiProperty({ type: 'integer' }) statementCount: number;
  @ApiProperty(FEN) totalFen: number;
  @ApiProperty({ type: [ManifestStatement], description: 'by agent id' }) statements: ManifestStatement[];
  @ApiProperty({ ...MONTH, nullable: true, type: 'string', description: 'the month closed before; null for the first close' }) previousMonth: string | null;
  @ApiProperty({
    ...SHA256,
    nullable: true,
    type: 'string',
    description: "the previous month's manifestSha256: the chain; null for the first close or when that month was closed before manifests",
  })
  previousManifestSha256: string | null;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'the raw Ed25519 public key (hex) whose private half signed' }) publicKey: string;
}

class PayrollManifest {
  @ApiProperty(MONTH) month: string;
  @ApiProperty({ format: 'date-time' }) closedAt: string;
  @ApiProperty({ type: PayMonthManifestDto }) manifest: PayMonthManifestDto;
  @ApiProperty({ ...SHA256, description: "SHA-256 (hex) of the manifest's canonical JSON: what the next month chains to" }) manifestSha256: string;
  @ApiProperty({ enum: ['Ed25519'] }) signatureAlgorithm: 'Ed25519';
  @ApiProperty({ format: 'byte', description: "Ed25519 signature (base64) of the UTF-8 bytes of the manifest's canonical JSON" }) signature: string;
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

  /**
   * The month's statements. With `Accept: text/csv`, the spreadsheet a payroll clerk imports: UTF-8
   * with BOM, one row per person with their name, one column per kind of line, in yuan.
   */
  @Get('payroll/:month')
  @Roles(...PAY_READERS)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    type: PayrollMonth,
    description: 'JSON; or with `Accept: text/csv` a CSV (UTF-8 with BOM, CRLF): agentId, name, month, one `<kind>_yuan` column per kind of line, total_yuan',
  })
  async statements(
    @Param('month', monthParam) month: string,
    @Query() query: ReadQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PayrollMonth | string> {
    await this.readYourWrites.waitFor(query.minPosition);
    const { state, statements, history } = await this.payroll.ledger(month);
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="payroll-${month}.csv"`);
      res.vary('Accept');
      return payrollCsv(month, statements, await this.payroll.names(statements.map((s) => s.agentId)));
    }
    res.vary('Accept');
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
    await this.readYourWrites.waitFor(query.minPosition);
    const replay = await this.payroll.replay(month, { asOf: query.asOf ?? 'now', planVersion: query.planVersion });
    const { issued: _issued, ...answer } = replay;
    return answer;
  }

  /** The closed month's signed manifest, as the close recorded it; `npm run payroll -- verify <month>` checks it against the store. */
  @Get('payroll/:month/manifest')
  @Roles(...PAY_READERS)
  @ApiOkResponse({ type: PayrollManifest })
  async manifest(@Param('month', monthParam) month: string, @Query() query: ReadQuery): Promise<PayrollManifest> {
    await this.readYourWrites.waitFor(query.minPosition);
    const close = await this.payroll.manifest(month);
    return {
      month,
      closedAt: close.closedAt,
      manifest: close.manifest,
      manifestSha256: close.manifestSha256,
      signatureAlgorithm: 'Ed25519',
      signature: close.signature,
    };
  }
}
