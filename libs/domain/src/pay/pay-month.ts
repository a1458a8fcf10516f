import { ruleBroken } from '../errors';
import { DEFAULT_TIME_ZONE } from '../plan/calendar';
import { localDate, utcOffsetMs } from '../time';
import { assertMonth, monthAfter } from './month';
import type { Statement } from './pay.engine';

/**
 * One person's statement for a closed month, frozen. One event per person, so that no event grows
 * with the size of the department. `upToPosition` is the last global position the statement saw.
 */
export interface PayStatementIssued {
  type: 'PayStatementIssued';
  data: { month: string; upToPosition: string; statement: Statement };
}

/** The month is closed: its statements are the PayStatementIssued events before this one. */
export interface PayMonthClosed {
  type: 'PayMonthClosed';
  data: { month: string; upToPosition: string; closedAt: string; statementCount: number; totalFen: number };
}

/** The events of stream `paymonth-<YYYY-MM>` (`streams.payMonth`). */
export type PayMonthEvent = PayStatementIssued | PayMonthClosed;

export type PayMonthState =
  | { closed: false; statementsIssued: number }
  | { closed: true; month: string; upToPosition: string; closedAt: string; statementCount: number; totalFen: number };

export const initialPayMonthState: PayMonthState = { closed: false, statementsIssued: 0 };

export function evolvePayMonth(state: PayMonthState, event: PayMonthEvent): PayMonthState {
  switch (event.type) {
    case 'PayStatementIssued':
      return state.closed ? state : { closed: false, statementsIssued: state.statementsIssued + 1 };
    case 'PayMonthClosed':
      return { closed: true, ...event.data };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export interface ClosePayMonth {
  month: string;
}

export interface ClosePayMonthContext {
  now: Date;
  /** The time zones of the plans in use; the month must have ended in every one. Default Asia/Shanghai. */
  timeZones: readonly string[];
  latestClosedMonth: string | null;
  /** `statementsFor(history, month)` as of `upToPosition`: own lines and prior-period adjustments. */
  statements: readonly Statement[];
  upToPosition: bigint;
}

/**
 * Closing freezes a month's statements. Months close in order, once each, and only after the
 * month has ended everywhere the department works. Closing a closed month again returns no events:
 * the caller answers as if it had just closed it.
 */
export function decideClosePayMonth(command: ClosePayMonth, state: PayMonthState, context: ClosePayMonthContext): PayMonthEvent[] {
  const { month } = command;
  assertMonth(month);
  if (state.closed) return [];

  const firstDayAfter = `${monthAfter(month)}-01`;
  const zones = context.timeZones.length > 0 ? [...context.timeZones] : [DEFAULT_TIME_ZONE];
  const notEnded = zones.filter((zone) => localDate(context.now, zone) < firstDayAfter);
  if (notEnded.length > 0) {
    // Name the zone where the month ends last: closing is possible from then on.
    const ends = notEnded
      .map((timeZone) => ({ timeZone, at: startOfLocalDay(firstDayAfter, timeZone) }))
      .reduce((last, e) => (e.at.getTime() > last.at.getTime() ? e : last));
    const endsAt = isoWithOffset(ends.at, ends.timeZone);
    throw ruleBroken('PAY.MONTH_NOT_ENDED', `pay month ${month} has not ended: it ends at ${endsAt} (${ends.timeZone})`, {
      month,
      endsAt,
      timeZone: ends.timeZone,
    });
  }

  const latest = context.latestClosedMonth;
  if (latest !== null && month > latest && month !== monthAfter(latest)) {
    const first = monthAfter(latest);
    throw ruleBroken('PAY.PREVIOUS_MONTH_OPEN', `pay months close in order: close ${first} before ${month}`, {
      month,
      monthToCloseFirst: first,
    });
  }
  if (latest !== null && month <= latest) {
    throw ruleBroken('PAY.MONTH_ORDER', `pay month ${month} was never closed and ${latest} is already closed: months close in order`, {
      month,
      latestClosedMonth: latest,
    });
  }

  const upToPosition = context.upToPosition.toString();
  const statements = [...context.statements].sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
  return [
    ...statements.map((statement): PayStatementIssued => ({ type: 'PayStatementIssued', data: { month, upToPosition, statement } })),
    {
      type: 'PayMonthClosed',
      data: {
        month,
        upToPosition,
        closedAt: context.now.toISOString(),
        statementCount: statements.length,
        totalFen: statements.reduce((sum, s) => sum + s.totalFen, 0),
      },
    },
  ];
}

/** The instant a local date begins in a time zone (second pass for a zone whose offset changes that day). */
function startOfLocalDay(date: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let at = wall - utcOffsetMs(wall, timeZone);
  at = wall - utcOffsetMs(at, timeZone);
  return new Date(at);
}

/** 2026-04-01T00:00:00+08:00 */
function isoWithOffset(at: Date, timeZone: string): string {
  const offset = utcOffsetMs(at.getTime(), timeZone);
  const wall = new Date(at.getTime() + offset).toISOString().slice(0, 19);
  const minutes = Math.abs(offset) / 60000;
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
