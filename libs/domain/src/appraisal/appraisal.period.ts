import { invalid } from '../errors';
import type { PeriodKind } from './appraisal.events';

export interface AppraisalPeriod {
  period: string;
  kind: PeriodKind;
  /** First and last local date of the period, both inclusive. */
  from: string;
  to: string;
}

const YEAR = /^([1-9]\d{3})$/;
const QUARTER = /^([1-9]\d{3})-Q([1-4])$/;
const MONTH = /^([1-9]\d{3})-(0[1-9]|1[0-2])$/;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const span = (year: number, firstMonth: number, lastMonth: number) => ({
  from: `${year}-${pad(firstMonth)}-01`,
  to: `${year}-${pad(lastMonth)}-${pad(lastDay(year, lastMonth))}`,
});

/** `2026-10` (a month), `2026-Q4` (a quarter) or `2026` (a year); anything else is a 400 naming the field. */
export function parsePeriod(period: string, field = 'period'): AppraisalPeriod {
  const text = typeof period === 'string' ? period : '';
  let match = MONTH.exec(text);
  if (match) return { period: text, kind: 'month', ...span(Number(match[1]), Number(match[2]), Number(match[2])) };
  match = QUARTER.exec(text);
  if (match) {
    const first = (Number(match[2]) - 1) * 3 + 1;
    return { period: text, kind: 'quarter', ...span(Number(match[1]), first, first + 2) };
  }
  match = YEAR.exec(text);
  if (match) return { period: text, kind: 'year', ...span(Number(match[1]), 1, 12) };
  throw invalid('APPRAISAL.INVALID_PERIOD', `${field} must be a month (2026-10), a quarter (2026-Q4) or a year (2026), not ${JSON.stringify(period)}`, {
    field,
  });
}
