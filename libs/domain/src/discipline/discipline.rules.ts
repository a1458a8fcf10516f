import type { WorkCalendar } from '../calendar/working-days';
import type { CompensationPlan } from '../plan/plan';
import { addDays, utcOffsetMs } from '../time';

/**
 * The plan's parameters of the daily discipline. A plan published without them takes the
 * handbook's: the log 10 minutes before the end of the day (「下班前10分钟」), the plans on the 15th
 * and the 30th (「每月15号和30号」); the handbooks name no closing time, so 18:00 is ours.
 */
export interface DailyDiscipline {
  /** `HH:MM`, the plan's local time the working day ends. */
  workdayEndsAt: string;
  workLogMinutesBeforeEnd: number;
  /** Days of the month the plans are due; a day past the month's end means its last day (30 → 28 February). */
  planDaysOfMonth: number[];
}

export const HANDBOOK_DAILY_DISCIPLINE: Readonly<DailyDiscipline> = Object.freeze({
  workdayEndsAt: '18:00',
  workLogMinutesBeforeEnd: 10,
  planDaysOfMonth: [15, 30],
});

export const disciplineOf = (plan: CompensationPlan | undefined): DailyDiscipline => plan?.dailyDiscipline ?? HANDBOOK_DAILY_DISCIPLINE;

/** The instant of a local date and wall time `HH:MM` in a zone, minus `minutesBefore`. */
export function localInstant(date: string, time: string, timeZone: string, minutesBefore = 0): Date {
  const [hours, minutes] = time.split(':').map(Number);
  const wall = Date.parse(`${date}T00:00:00Z`) + (hours * 60 + minutes - minutesBefore) * 60_000;
  // The offset at the wall time read as UTC, then once more at the instant found (a DST edge moves it).
  const first = wall - utcOffsetMs(wall, timeZone);
  return new Date(wall - utcOffsetMs(first, timeZone));
}

const daysIn = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};

/** The plan days of a month: each of `planDaysOfMonth`, clamped to the month's last day, once each. */
export function planDaysOf(month: string, discipline: DailyDiscipline): string[] {
  const last = daysIn(month);
  const days = new Set(discipline.planDaysOfMonth.map((d) => `${month}-${String(Math.min(d, last)).padStart(2, '0')}`));
  return [...days].sort();
}

/**
 * The day a plan is due: its plan day when that is a working day, else the next working day
 * (顺延, as Chinese deadlines that fall on a day off move).
 */
export function planDueOn(planDay: string, calendar: WorkCalendar): string {
  let day = planDay;
  while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

export type DutyKind = 'work_log' | 'work_plan';
export const DUTY_STATUSES = ['on_time', 'late', 'missing', 'pending'] as const;
export type DutyStatus = (typeof DUTY_STATUSES)[number];

export interface Duty {
  kind: DutyKind;
  /** The working day a log is for; the plan day a plan answers. */
  forDate: string;
  /** The local date it is due on. */
  dueOn: string;
  dueAt: Date;
}

/**
 * What a person owes on the days `from`–`to` (local dates, inclusive): a work log for each working
 * day, due 10 minutes (the plan's) before the day ends; a plan for each plan day, due at the end of
 * the day it falls due. Days before `hiredOn` owe nothing.
 */
export function dutiesDue(from: string, to: string, hiredOn: string, planFor: (month: string) => CompensationPlan | undefined, calendar: WorkCalendar): Duty[] {
  const duties: Duty[] = [];
  const zoneOf = (date: string) => planFor(date.slice(0, 7))?.timezone ?? 'Asia/Shanghai';
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (date < hiredOn || !calendar.isWorkingDay(date)) continue;
    const d = disciplineOf(planFor(date.slice(0, 7)));
    duties.push({ kind: 'work_log', forDate: date, dueOn: date, dueAt: localInstant(date, d.workdayEndsAt, zoneOf(date), d.workLogMinutesBeforeEnd) });
  }
  // A plan day of the month before `from` may fall due inside the range (30 September → 8 October).
  const months = new Set([addDays(`${from.slice(0, 7)}-01`, -1).slice(0, 7)]);
  for (let date = from; date <= to; date = addDays(date, 1)) months.add(date.slice(0, 7));
  for (const month of [...months].sort()) {
    const d = disciplineOf(planFor(month));
    for (const planDay of planDaysOf(month, d)) {
      const dueOn = planDueOn(planDay, calendar);
      if (dueOn < from || dueOn > to || dueOn < hiredOn) continue;
      duties.push({
        kind: 'work_plan',
        forDate: planDay,
        dueOn,
        dueAt: localInstant(dueOn, disciplineOf(planFor(dueOn.slice(0, 7))).workdayEndsAt, zoneOf(dueOn)),
      });
    }
  }
  return duties.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.kind.localeCompare(b.kind));
}

/** on_time / late by the submission against the due instant; without one, missing once past due, else pending. */
export function dutyStatus(dueAt: Date, submittedAt: Date | null, now: Date): { status: DutyStatus; late: boolean; minutesLate: number | null } {
  const lateBy = (at: Date) => Math.ceil((at.getTime() - dueAt.getTime()) / 60_000);
  if (submittedAt) {
    return submittedAt.getTime() <= dueAt.getTime()
      ? { status: 'on_time', late: false, minutesLate: null }
      : { status: 'late', late: true, minutesLate: lateBy(submittedAt) };
  }
  return now.getTime() > dueAt.getTime() ? { status: 'missing', late: true, minutesLate: lateBy(now) } : { status: 'pending', late: false, minutesLate: null };
}
