import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LINE_KINDS, type LineKind, type PayLine, type Statement } from '@app/domain';

/*
 * The statements the ledger's pay history prices to, as the pay engine shapes them. The engine
 * is pure and knows no HTTP, so these classes implement its types: the compiler keeps the OpenAPI
 * schema and the engine's answer one shape. Money is integer fen.
 */

const FEN = { type: 'integer', description: 'fen (1/100 yuan)' } as const;

/** One line of a statement: what was paid, which events produced it and which plan version priced it. */
export class PayStatementLine implements PayLine {
  @ApiProperty() lineId: string;
  @ApiProperty({ enum: LINE_KINDS }) kind: LineKind;
  @ApiProperty({ ...FEN, description: 'fen (1/100 yuan), rounded half-up once per line; negative for a deduction or a fee the person pays' }) amountFen: number;
  @ApiProperty() planId: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) planVersion: number;
  @ApiProperty({ type: [String], description: 'the events that produced the line' }) sourceEventIds: string[];
  @ApiProperty({ description: 'one line a person can read' }) explanation: string;
  @ApiPropertyOptional({ description: 'on a prior-period adjustment: the line of the closed month it corrects' }) correctsLineId?: string;
}

/** A person's statement for a month. */
export class PayStatement implements Statement {
  @ApiProperty() agentId: string;
  @ApiProperty({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-10' }) month: string;
  @ApiProperty({ type: [PayStatementLine] }) lines: PayStatementLine[];
  @ApiProperty({ ...FEN, description: 'the sum of the lines, fen (1/100 yuan)' }) totalFen: number;
}
