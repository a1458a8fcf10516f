import { LINE_KINDS, type Statement } from '@app/domain';

/** Excel reads a CSV as UTF-8 only when it starts with the byte order mark; without it Chinese names are garbled. */
export const UTF8_BOM = '\uFEFF';

/** Integer fen as yuan with two decimals, by integer arithmetic only: 123456 → "1234.56", -5 → "-0.05". */
export function yuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`an amount in fen must be a safe integer, not ${fen}`);
  const amount = BigInt(fen);
  const magnitude = amount < 0n ? -amount : amount;
  return `${amount < 0n ? '-' : ''}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}

/**
 * A text cell: quoted when it holds a comma, quote or line break; and one that a spreadsheet would
 * take for a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe, so that a name typed by
 * hr can never run as one (OWASP "CSV injection").
 */
function textCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The month for a payroll clerk's spreadsheet: UTF-8 with BOM, CRLF rows (RFC 4180), one row per
 * person (by agent id) with their name, one column per kind of line (the sum of its lines) and the
 * total, in yuan with two decimals. Every kind has its column, so that the columns do not depend
 * on the month.
 */
export function payrollCsv(month: string, statements: readonly Statement[], names: ReadonlyMap<string, string>): string {
  const header = ['agentId', 'name', 'month', ...LINE_KINDS.map((k) => `${k}_yuan`), 'total_yuan'];
  const rows = statements.map((s) => {
    const byKind = new Map<string, number>();
    for (const line of s.lines) byKind.set(line.kind, (byKind.get(line.kind) ?? 0) + line.amountFen);
    return [textCell(s.agentId), textCell(names.get(s.agentId) ?? ''), month, ...LINE_KINDS.map((k) => yuan(byKind.get(k) ?? 0)), yuan(s.totalFen)];
  });
  return UTF8_BOM + [header.join(','), ...rows.map((cells) => cells.join(','))].join('\r\n') + '\r\n';
}
