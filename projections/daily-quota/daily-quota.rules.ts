import type { DayTargets, WorkCalendar } from '@app/domain';

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
 * 「安排周末加班」: a working day of employment whose dial target was missed owes a make-up day.
 * Working days are the calendar's (the State Council's holidays and 调休 make-up days, and the
 * operator's overrides), not Monday–Friday: a weekday holiday owes nothing, a make-up Saturday
 * owes a day when missed. The day in progress (`asOf`) and later days owe nothing yet.
 */
export function owesMakeUp(calendar: WorkCalendar, date: string, dials: number, dialTarget: number, hiredOn: string, asOf?: string): boolean {
  if (date < hiredOn || !calendar.isWorkingDay(date)) return false;
  if (asOf !== undefined && date >= asOf) return false;
  return dials < dialTarget;
}

/** Work on a day that is not a working day (a Sunday, a public holiday) is voluntary overtime; it still counts toward the month. */
export const isOvertimeDay = (calendar: WorkCalendar, date: string): boolean => !calendar.isWorkingDay(date);
