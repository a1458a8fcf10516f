import { type DayTargets, isWeekend } from '@app/domain';

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
