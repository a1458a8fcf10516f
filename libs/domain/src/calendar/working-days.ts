/**
 * Which days are working days, for deadlines counted in working days (the appeal window of
 * 7 working days after feedback, DOMAIN.md "Appraisals and appeals").
 *
 * The Chinese calendar comes from the npm package `chinese-days`: the State Council's public
 * holidays and the make-up working days (调休, a Saturday or Sunday that is worked) for the years
 * the package covers (`CHINESE_DAYS_COVERAGE`). Outside those years we know no holidays: weekends
 * are off and weekdays are working days, until the package is updated or an operator adds
 * overrides. Overrides (the operator's configuration) always win.
 */
export interface WorkCalendar {
  /** `date` is a calendar date `YYYY-MM-DD`; anything else throws a RangeError. */
  isWorkingDay(date: string): boolean;
}

export type WorkdayOverride = 'workday' | 'holiday';
/** Per date, what the operator says the day is, whatever the published calendar says. */
export type WorkdayOverrides = Readonly<Record<string, WorkdayOverride>>;

interface ChineseDaysData {
  /** Days off: public holidays and the weekdays moved into them. */
  holidays: Record<string, string>;
  /** Make-up working days (调休) that fall on a Saturday or Sunday. */
  workdays: Record<string, string>;
}

// The package's published data file (its README: "you can use the JSON file") rather than its
// `isWorkday`: that one reads the weekday with the process's local-time getters, so under a
// negative-offset TZ (America/New_York) it calls Monday 2026-01-05 a holiday and Saturday
// 2026-01-10 a workday. The data file is the same facts with no time zone in it.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON data file the package ships without typings.
const chineseDays: ChineseDaysData = require('chinese-days/dist/chinese-days.json');

const coveredYears = Object.keys(chineseDays.holidays).map((date) => Number(date.slice(0, 4)));

/** The dates `chinese-days` has holiday data for: whole years, first to last. */
export const CHINESE_DAYS_COVERAGE: { readonly from: string; readonly to: string } = Object.freeze({
  from: `${Math.min(...coveredYears)}-01-01`,
  to: `${Math.max(...coveredYears)}-12-31`,
});

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const at = new Date(Date.UTC(year, month - 1, day));
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
}

function requireDate(date: string, name = 'date'): void {
  if (!isCalendarDate(date)) throw new RangeError(`${name} must be a calendar date YYYY-MM-DD, not ${JSON.stringify(date)}`);
}

const isWeekendDate = (date: string): boolean => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
};

/**
 * The working days of mainland China: an override for the date if there is one, else the
 * published holiday / make-up-day data, else Monday to Friday.
 */
export function chineseWorkCalendar(overrides: WorkdayOverrides = {}): WorkCalendar {
  for (const [date, kind] of Object.entries(overrides)) checkOverride(date, kind);
  const own = new Map(Object.entries(overrides));
  return {
    isWorkingDay(date: string): boolean {
      requireDate(date);
      const override = own.get(date);
      if (override) return override === 'workday';
      if (chineseDays.workdays[date]) return true;
      if (chineseDays.holidays[date]) return false;
      return !isWeekendDate(date);
    },
  };
}

/** The n-th working day after `date` (`date` itself does not count); n = 0 gives `date`. */
export function addWorkingDays(calendar: WorkCalendar, date: string, n: number): string {
  requireDate(date);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, not ${n}`);
  // A calendar with no working days would loop for ever; no real year has fewer than 200.
  const limit = (n + 1) * 366;
  let day = date;
  for (let counted = 0, steps = 0; counted < n;) {
    if (++steps > limit) throw new RangeError(`no ${n} working days within ${limit} days after ${date}`);
    day = nextDay(day);
    if (calendar.isWorkingDay(day)) counted++;
  }
  return day;
}

const nextDay = (date: string): string => {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString().slice(0, 10);
};

function checkOverride(date: string, kind: unknown): void {
  if (!isCalendarDate(date)) {
    throw new Error(`workday override ${JSON.stringify(date)}: the key must be a calendar date YYYY-MM-DD`);
  }
  if (kind !== 'workday' && kind !== 'holiday') {
    throw new Error(`workday override ${JSON.stringify(date)}: the value must be "workday" or "holiday", not ${JSON.stringify(kind)}`);
  }
}

/**
 * Reads operator overrides from configuration (an environment variable), e.g.
 * `{"2026-10-09":"holiday","2026-10-10":"workday"}`. Blank means none. Throws an Error that
 * names the bad entry, so that a typo stops the service at start-up rather than moving a deadline.
 */
export function parseWorkdayOverrides(json: string): WorkdayOverrides {
  if (json.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`workday overrides are not valid JSON (${(error as Error).message}): ${json}`, { cause: error });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`workday overrides must be a JSON object of "YYYY-MM-DD": "workday" | "holiday", not ${json}`);
  }
  const overrides: Record<string, WorkdayOverride> = {};
  for (const [date, kind] of Object.entries(parsed)) {
    checkOverride(date, kind);
    overrides[date] = kind as WorkdayOverride;
  }
  return Object.freeze(overrides);
}

/** The published calendar alone, without the operator's overrides. */
export const PUBLISHED_WORK_CALENDAR: WorkCalendar = chineseWorkCalendar();

/** The published data covers `date`: its holidays and make-up days are known, not guessed as Monday–Friday. */
export function calendarCovers(date: string): boolean {
  requireDate(date);
  return date >= CHINESE_DAYS_COVERAGE.from && date <= CHINESE_DAYS_COVERAGE.to;
}

/** The last working day before `date` (a Monday's is the Friday; the day after National Day's is 09-30). */
export function previousWorkingDay(calendar: WorkCalendar, date: string): string {
  requireDate(date);
  // A calendar with no working days would loop for ever; no real year has fewer than 200.
  let day = date;
  for (let steps = 0; steps < 366; steps++) {
    day = previousDay(day);
    if (calendar.isWorkingDay(day)) return day;
  }
  throw new RangeError(`no working day within 366 days before ${date}`);
}

/**
 * The working days from `first` to `last`, both included (0 when `last` is before `first`): the
 * days a person employed over that span owes work on. For a part month, pass the first and last
 * days employed in it.
 */
export function workingDaysEmployedBetween(calendar: WorkCalendar, first: string, last: string): number {
  requireDate(first, 'first');
  requireDate(last, 'last');
  let count = 0;
  for (let day = first; day <= last; day = nextDay(day)) if (calendar.isWorkingDay(day)) count++;
  return count;
}

const previousDay = (date: string): string => {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - 1);
  return at.toISOString().slice(0, 10);
};
