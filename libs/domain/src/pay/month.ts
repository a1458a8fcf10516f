import { invalid } from '../errors';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A pay month is `YYYY-MM`; anything else is refused with 400 naming the field. */
export function assertMonth(month: string, field = 'month'): void {
  if (typeof month !== 'string' || !MONTH.test(month)) {
    throw invalid('PAY.INVALID_MONTH', `${field} must be a month as YYYY-MM, not ${JSON.stringify(month)}`, { field });
  }
}

const shift = (month: string, by: number): string => {
  const [year, m] = month.split('-').map(Number);
  const at = new Date(Date.UTC(year, m - 1 + by, 1));
  return at.toISOString().slice(0, 7);
};

export const monthAfter = (month: string): string => shift(month, 1);
export const monthBefore = (month: string): string => shift(month, -1);

export function daysInMonth(month: string): number {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

export const lastDayOfMonth = (month: string): string => `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
