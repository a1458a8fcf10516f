import { addMonths, localDate } from '../time';
import { PUBLISHED_WORK_CALENDAR, type WorkCalendar } from '../calendar/working-days';
import { type CompensationPlan, planVersionFor } from './plan';

/** The department's time zone when a person's plan is not known (DOMAIN.md "Call logged"). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * The version that sets a month's targets and calendar: the one in force (`planVersionFor`), else
 * the earliest version, so that a month before the plan's first `effectiveFrom` (an agent hired
 * before their plan starts) still has targets rather than none.
 */
export function planInForce(versions: readonly CompensationPlan[], month: string): CompensationPlan | undefined {
  return (
    planVersionFor(versions, month) ?? versions.reduce<CompensationPlan | undefined>((first, v) => (!first || v.version < first.version ? v : first), undefined)
  );
}

export interface BusinessDay {
  date: string;
  timeZone: string;
  /** The version in force for the day's month (`planInForce`); undefined without versions. */
  plan: CompensationPlan | undefined;
}

/**
 * The business day of an instant for a person on a plan: its local date in the time zone of the
 * plan version in force for that day's month. The month depends on the zone and the zone on the
 * month, so take the newest version that is in force for the month it itself sees.
 */
export function businessDay(instant: string, versions: readonly CompensationPlan[]): BusinessDay {
  for (const v of [...versions].sort((a, b) => b.version - a.version)) {
    const date = localDate(instant, v.timezone);
    if (planInForce(versions, date.slice(0, 7)) === v) return { date, timeZone: v.timezone, plan: v };
  }
  // No plan (or versions that disagree at a month's edge): the department's default decides the month.
  const plan = planInForce(versions, localDate(instant, DEFAULT_TIME_ZONE).slice(0, 7));
  const timeZone = plan?.timezone ?? DEFAULT_TIME_ZONE;
  return { date: localDate(instant, timeZone), timeZone, plan };
}

export interface DayTargets {
  dials: number;
  effectiveCalls: number;
  /** The plan's `talkMinutes` in seconds, or null when the plan sets no talk-time target. */
  talkSeconds: number | null;
}

/** The first day after probation: probation runs from the hire date for `probationMonths` calendar months. */
export const probationEnds = (plan: CompensationPlan, hiredOn: string): string => addMonths(hiredOn, plan.probationMonths);

/** On probation on `date`: the day probation ends is regular. */
export const onProbation = (plan: CompensationPlan, hiredOn: string, date: string): boolean => date < probationEnds(plan, hiredOn);

/** The daily targets on a date: the probation targets while on probation, when the plan has them. */
export function targetsOn(plan: CompensationPlan, hiredOn: string, date: string): DayTargets & { probation: boolean } {
  const probation = onProbation(plan, hiredOn, date);
  const daily = probation && plan.probationDailyTargets ? plan.probationDailyTargets : plan.dailyTargets;
  return {
    dials: daily.dials,
    effectiveCalls: daily.effectiveCalls,
    talkSeconds: daily.talkMinutes === null || daily.talkMinutes === undefined ? null : daily.talkMinutes * 60,
    probation,
  };
}

export interface MonthlyTargets {
  dials: number;
  effectiveCalls: number;
  daysInMonth: number;
  /** Calendar days of the month on or after the hire date (and on or before the last working day of a leaving). */
  employedDays: number;
  /** Of those, the days still on probation. */
  probationDays: number;
}

/**
 * The month's targets: daily target × the shifts of a full month — the plan's
 * `workingDaysPerMonth` (2,200 dials and 220 effective calls in the handbook, 「按22天班计算」), or
 * under `"monthlyTargetBasis": "workingDays"` the month's working days in `calendar`. A month only
 * partly employed, or in which probation ends, is prorated over the month's days — calendar days,
 * or working days under `"partMonthBasis": "workingDays"` — each day weighing its own daily
 * target (the probation targets while on probation, when the plan has them):
 *   target = round half-up( Σ over employed days of daily target × shifts / days of the month )
 * so a full month gives exactly daily × shifts. A plan that sets neither field (every plan
 * published before they existed) prices exactly as it always did: calendar days, 22 shifts, and
 * `calendar` is not consulted. `leftOn`: the last working day of a leaving in the month; the days
 * after it are not employed. `counts`: only the days it accepts (a team's view of someone who
 * moved counts the days in that team; a plan or role part counts its own days).
 */
export function monthlyTargets(
  plan: CompensationPlan,
  hiredOn: string,
  month: string,
  calendar: WorkCalendar = PUBLISHED_WORK_CALENDAR,
  leftOn?: string,
  counts?: (date: string) => boolean,
): MonthlyTargets {
  const [year, monthNumber] = month.split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  const byWorkingDays = plan.partMonthBasis === 'workingDays';
  const needsCalendar = byWorkingDays || plan.monthlyTargetBasis === 'workingDays';
  let dialDays = 0;
  let effectiveDays = 0;
  let employedDays = 0;
  let probationDays = 0;
  let workingDays = 0;
  for (let day = 1; day <= daysInMonth; day++) {
    const date = `${month}-${String(day).padStart(2, '0')}`;
    const working = needsCalendar && calendar.isWorkingDay(date);
    if (working) workingDays++;
    if (date < hiredOn) continue;
    // Not `break`: the month's working days are counted to its end whatever the leaving.
    if (leftOn !== undefined && date > leftOn) continue;
    if (counts !== undefined && !counts(date)) continue;
    const targets = targetsOn(plan, hiredOn, date);
    employedDays++;
    if (targets.probation) probationDays++;
    if (byWorkingDays && !working) continue;
    dialDays += targets.dials;
    effectiveDays += targets.effectiveCalls;
  }
  const shifts = plan.monthlyTargetBasis === 'workingDays' ? workingDays : plan.workingDaysPerMonth;
  const days = byWorkingDays ? workingDays : daysInMonth;
  // Small non-negative integers: floor((2n + d) / 2d) is n/d rounded half-up, exactly.
  const prorate = (sum: number) => (days === 0 ? 0 : Math.floor((2 * sum * shifts + days) / (2 * days)));
  return { dials: prorate(dialDays), effectiveCalls: prorate(effectiveDays), daysInMonth, employedDays, probationDays };
}
