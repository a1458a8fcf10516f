import { addDays } from '../time';

/** DOMAIN.md "Monthly pay of a specialist": 100 new, non-duplicate numbers registered a week. */
export const SPECIALIST_WEEKLY_NUMBERS = 100;

/**
 * A specialist's numbers target for a period: 100 a week, prorated by the calendar days employed
 * in it (from the hire date), rounded half-up once: round(100 × days ÷ 7). A 31-day month is 443.
 */
export function specialistNumbersTarget(from: string, to: string, hiredOn: string): number {
  let days = 0;
  for (let date = from; date <= to; date = addDays(date, 1)) if (date >= hiredOn) days++;
  // floor((2n + d) / 2d) is n/d rounded half-up, exactly.
  return Math.floor((2 * SPECIALIST_WEEKLY_NUMBERS * days + 7) / 14);
}
