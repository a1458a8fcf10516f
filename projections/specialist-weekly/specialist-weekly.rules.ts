import { addDays, businessDay, type CompensationPlan, DEFAULT_TIME_ZONE, DomainError } from '@app/domain';

/**
 * The specialists' weekly target as pure functions: which ISO week a registered number counts in,
 * and the calendar of ISO weeks. DOMAIN.md: "their weekly target is 100 registered numbers that
 * were not duplicates" — the write side refuses a duplicate phone, so every LeadRegistered counts.
 */

/** 「每周100个不重复的号码」: fixed by the handbook, not (yet) a plan parameter. */
export const SPECIALIST_WEEKLY_TARGET = 100;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

function utcDate(date: string): Date {
  const match = LOCAL_DATE.exec(date);
  const d = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // Date.UTC rolls 2026-02-30 over into March: a date that does not round-trip is no date.
  if (!d || d.toISOString().slice(0, 10) !== date) throw new RangeError(`not a calendar date YYYY-MM-DD: ${date}`);
  return d;
}

/** 1 (Monday) … 7 (Sunday). */
const isoWeekday = (d: Date) => ((d.getUTCDay() + 6) % 7) + 1;

/**
 * The ISO 8601 week of a calendar date, as `YYYY-Www`: weeks start on Monday and week 1 is the one
 * holding January 4th (its Thursday), so the week's year is the year of its Thursday —
 * 2021-01-03 is in 2020-W53 and 2026-12-31 in 2026-W53.
 */
export function isoWeek(date: string): string {
  const d = utcDate(date);
  const thursday = new Date(d.getTime());
  thursday.setUTCDate(d.getUTCDate() + 4 - isoWeekday(d));
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000);
  const week = Math.floor(dayOfYear / 7) + 1;
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (YYYY-MM-DD) that starts an ISO week `YYYY-Www`; throws RangeError for a week the year does not have. */
export function isoWeekStart(week: string): string {
  const match = ISO_WEEK.exec(week);
  if (!match) throw new RangeError(`not an ISO week YYYY-Www: ${week}`);
  const n = Number(match[2]);
  const jan4 = `${match[1]}-01-04`;
  const monday = addDays(addDays(jan4, 1 - isoWeekday(utcDate(jan4))), (n - 1) * 7);
  // Week 53 exists only in years whose Dec 28th falls in it; week 0 never.
  if (isoWeek(monday) !== week) throw new RangeError(`${match[1]} has no week ${n}`);
  return monday;
}

/** `isoWeekStart` for a query parameter: a malformed week is the caller's 400, not a 500. */
export function weekRange(week: string): { from: string; to: string } {
  try {
    const from = isoWeekStart(week);
    return { from, to: addDays(from, 6) };
  } catch (error) {
    const problem = `week must be an ISO week YYYY-Www (${(error as Error).message})`;
    throw new DomainError('VALIDATION.FAILED', 'validation', `week: ${problem}`, { fields: [{ field: 'week', problems: [problem] }] });
  }
}

/**
 * When a number was registered: LeadRegistered carries no business time, so the envelope's
 * `occurredAt` (the command's time) if it is a valid instant, else when the store accepted it.
 */
export function registeredAt(metadata: Record<string, unknown>, recordedAt: Date): string {
  const occurredAt = metadata.occurredAt;
  if (typeof occurredAt === 'string' && !Number.isNaN(Date.parse(occurredAt))) return new Date(occurredAt).toISOString();
  return recordedAt.toISOString();
}

export interface WeekOf {
  timeZone: string;
  localDate: string;
  week: string;
}

/**
 * The week a registration counts in for its provider: the ISO week of its local date in the time
 * zone of the provider's plan version in force that month. The month depends on the zone and the
 * zone on the month, so take the newest version that is in force for the month it itself sees.
 */
export function weekOf(instant: string, versions: readonly CompensationPlan[]): WeekOf {
  const { date, timeZone } = businessDay(instant, versions);
  return { timeZone, localDate: date, week: isoWeek(date) };
}

/** The zone every registration of a plan's providers has, when all its versions agree (none: the default). */
export function uniformTimeZone(versions: readonly CompensationPlan[]): string | null {
  const zones = new Set(versions.map((v) => v.timezone));
  if (zones.size === 0) return DEFAULT_TIME_ZONE;
  return zones.size === 1 ? [...zones][0] : null;
}
