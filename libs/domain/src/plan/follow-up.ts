import { addWorkingDays, type WorkCalendar } from '../calendar/working-days';
import { addDays, localDate, utcOffsetMs } from '../time';
import type { CompensationPlan } from './plan';

/**
 * The follow-up part of a plan: the lead categories it declares with their cadences, and the
 * handbooks' duties that are due at a time of day (README "Follow-up duties").
 */

/**
 * A category's cadence, in days from the last contact: one number (every n days), a list (the
 * first follow-up after categorising, then the next, …, the last repeating: `[3, 7]` is
 * 「3日跟访7日跟访」), or null when the category needs no follow-up (无效号码, 已购完房).
 */
export type FollowUpCadence = number | readonly number[] | null;

/** The plan's lead categories, each with its cadence: A–D, or the real-estate handbook's eight. A store may keep no key order. */
export type FollowUpDays = Readonly<Record<string, FollowUpCadence>>;

/** When the call of one duty is due: `days` after the day of what caused it, by `by` (HH:MM, the plan's time zone). */
export interface DutyTime {
  days: number;
  by: string;
}

export interface FollowUpDuties {
  /** A lead assigned is called within `days` working days (0: the same working day), by `by`: 「日清日毕」「分配一个打一个」. */
  newLead: DutyTime | null;
  /** A completed visit is called back the same evening (`days` 0), asking why nothing was bought if nothing was: 「看房当天晚上回访」. */
  afterVisit: DutyTime | null;
  /** A deal's customer is congratulated the same day: 「成交当天,电话恭喜客户」. */
  congratulate: DutyTime | null;
  /** The time of day a category's follow-up is due on its due date. */
  cadenceBy: string;
}

/** What a plan without `followUpDuties` gets: the handbooks' duties. The cadences stay the plan's `followUpDays`. */
export const DEFAULT_FOLLOW_UP_DUTIES: FollowUpDuties = Object.freeze({
  newLead: { days: 0, by: '18:00' },
  afterVisit: { days: 0, by: '21:00' },
  congratulate: { days: 0, by: '21:00' },
  cadenceBy: '18:00',
});

export const followUpDutiesOf = (plan: CompensationPlan): FollowUpDuties => plan.followUpDuties ?? DEFAULT_FOLLOW_UP_DUTIES;

/** The categories a lead may be given under the plan: the keys of its `followUpDays`. */
export const leadCategoriesOf = (plan: CompensationPlan): string[] => Object.keys(plan.followUpDays);

/** Days from the last contact to the next follow-up, after `followUpsSinceCategorised` calls since the lead got its category; null for none. */
export function cadenceDays(cadence: FollowUpCadence | undefined, followUpsSinceCategorised: number): number | null {
  if (cadence === null || cadence === undefined) return null;
  if (typeof cadence === 'number') return cadence;
  if (cadence.length === 0) return null;
  return cadence[Math.min(followUpsSinceCategorised, cadence.length - 1)];
}

/** The instant of a wall-clock time (HH:MM) on a local date in a time zone, as ISO-8601 with that zone's offset. */
export function zonedTime(date: string, time: string, timeZone: string): string {
  const [hours, minutes] = time.split(':').map(Number);
  const wall = Date.parse(`${date}T00:00:00Z`) + (hours * 60 + minutes) * 60_000;
  // The offset at the wall time read as UTC, then at the instant that gives: right outside the hour a clock jumps.
  const at = wall - utcOffsetMs(wall - utcOffsetMs(wall, timeZone), timeZone);
  const offset = utcOffsetMs(at, timeZone) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${new Date(at + offset * 60_000).toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

export interface DueTime {
  /** The local date the duty falls on. */
  dueOn: string;
  /** The instant it is due by, with the zone's offset. */
  dueAt: string;
}

/** Due `duty.days` working days after the working day of `cause` (a day off moves to the next working day). */
export function dueInWorkingDays(cause: string, duty: DutyTime, timeZone: string, calendar: WorkCalendar): DueTime {
  const day = localDate(cause, timeZone);
  const first = calendar.isWorkingDay(day) ? day : addWorkingDays(calendar, day, 1);
  const dueOn = addWorkingDays(calendar, first, duty.days);
  return { dueOn, dueAt: zonedTime(dueOn, duty.by, timeZone) };
}

/** Due `duty.days` calendar days after the local day of `cause`: the evening calls are made whatever the day. */
export function dueInDays(cause: string, duty: DutyTime, timeZone: string): DueTime {
  const dueOn = addDays(localDate(cause, timeZone), duty.days);
  return { dueOn, dueAt: zonedTime(dueOn, duty.by, timeZone) };
}
