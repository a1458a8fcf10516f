import { addMonths, type CompensationPlan, isWeekend, localDate, planVersionFor } from '@app/domain';

/** The department's time zone when an agent's plan is not known (DOMAIN.md "Call logged"). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * The version that sets a month's targets and calendar: the one in force (`planVersionFor`), else
 * the earliest version, so that a month before the plan's first `effectiveFrom` (an agent hired
 * before their plan starts) still has targets rather than none.
 */
export function planInForce(versions: readonly CompensationPlan[], month: string): CompensationPlan | undefined {
  return (
    planVersionFor(versions, month) ??
    versions.reduce<CompensationPlan | undefined>((first, v) => (!first || v.version < first.version ? v : first), undefined)
  );
}

/**
 * The business day of an instant for an agent on a plan: its local date in the time zone of the
 * plan version in force for that day's month. The month depends on the zone and the zone on the
 * month, so take the version that is in force for the month it itself sees.
 */
export function businessDay(instant: string, versions: readonly CompensationPlan[]): { date: string; timeZone: string } {
  for (const v of [...versions].sort((a, b) => b.version - a.version)) {
    const date = localDate(instant, v.timezone);
    if (planInForce(versions, date.slice(0, 7)) === v) return { date, timeZone: v.timezone };
  }
  // No plan (or versions that disagree at a month's edge): the department's default decides the month.
  const plan = planInForce(versions, localDate(instant, DEFAULT_TIME_ZONE).slice(0, 7));
  const timeZone = plan?.timezone ?? DEFAULT_TIME_ZONE;
  return { date: localDate(instant, timeZone), timeZone };
}

export interface DayTargets {
  dials: number;
  effectiveCalls: number;
  /** The plan's `talkMinutes` in seconds, or null when the plan sets no talk-time target. */
  talkSeconds: number | null;
}

/** Probation runs from the hire date for `probationMonths` calendar months: the day it ends is regular. */
export function onProbation(plan: CompensationPlan, hiredOn: string, date: string): boolean {
  return date < addMonths(hiredOn, plan.probationMonths);
}

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

export interface DayCounts {
  dials: number;
  effectiveCalls: number;
  talkSeconds: number;
}

export const metTargets = (counts: DayCounts, targets: DayTargets): boolean =>
  counts.dials >= targets.dials &&
  counts.effectiveCalls >= targets.effectiveCalls &&
  (targets.talkSeconds === null || counts.talkSeconds >= targets.talkSeconds);

/**
 * 「安排周末加班」: a working day (Mon–Fri) of employment whose dial target was missed owes a
 * make-up day. A weekend day never owes one; the day in progress (`asOf`) and later days not yet.
 */
export function owesMakeUp(date: string, dials: number, dialTarget: number, hiredOn: string, asOf?: string): boolean {
  if (isWeekend(date) || date < hiredOn) return false;
  if (asOf !== undefined && date >= asOf) return false;
  return dials < dialTarget;
}
