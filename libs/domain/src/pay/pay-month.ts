import { createHash } from 'node:crypto';
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

/**
 * The month is closed: its statements are the PayStatementIssued events before this one. Closes
 * since the manifest was introduced also carry it, its SHA-256 and its Ed25519 signature; earlier
 * closes have none of the three.
 */
export interface PayMonthClosed {
  type: 'PayMonthClosed';
  data: {
    month: string;
    upToPosition: string;
    closedAt: string;
    statementCount: number;
    totalFen: number;
    manifest?: PayMonthManifest;
    /** SHA-256 (hex) of `canonicalJson(manifest)`: what the next month's manifest chains to. */
    manifestSha256?: string;
    /** Ed25519 signature (base64) of the UTF-8 bytes of `canonicalJson(manifest)`. */
    signature?: string;
  };
}

/**
 * What a close issued, in a form anyone can check: the SHA-256 of each issued statement's canonical
 * JSON, the range of store positions the close took in (after the previous close, up to this one),
 * and the previous closed month's manifest digest, so that no month can be altered or left out
 * without breaking the chain. Signed with the department's Ed25519 key, named by its public half.
 */
export interface PayMonthManifest {
  version: 1;
  month: string;
  /** The first position after the previous close's `upToPosition` ("0" for the first close). */
  fromPosition: string;
  upToPosition: string;
  statementCount: number;
  totalFen: number;
  /** By agent id: SHA-256 (hex) of `canonicalJson(statement)`. */
  statements: { agentId: string; sha256: string }[];
  /** The month closed before this one, null for the first close. */
  previousMonth: string | null;
  /** That month's `manifestSha256`; null when it was closed before manifests (or there is none). */
  previousManifestSha256: string | null;
  /** The raw Ed25519 public key (64 hex digits) whose private half signed. */
  publicKey: string;
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
  /** When given, the close carries a signed manifest chained to the previous month's. */
  manifest?: ManifestContext;
}

export interface ManifestContext {
  /** The previous closed month and its manifest digest (null when it has no manifest); null for the first close. */
  previous: { month: string; upToPosition: string; manifestSha256: string | null } | null;
  publicKey: string;
  /** Ed25519 signature (base64) of the message's UTF-8 bytes with the key whose public half is `publicKey`. */
  sign: (message: string) => string;
}

/**
 * JSON with object keys in code-unit order and no whitespace, `undefined` members left out: the
 * same value always gives the same bytes, however storage reordered its keys (JSONB does).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('canonicalJson: a number must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
  return `{${members.join(',')}}`;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The digest a manifest records for a statement. */
export const statementSha256 = (statement: Statement): string => sha256Hex(canonicalJson(statement));

/** The digest the next month's manifest chains to. */
export const manifestSha256 = (manifest: PayMonthManifest): string => sha256Hex(canonicalJson(manifest));

/** The manifest of a close, from the statements it issues (sorted by agent id). */
export function payMonthManifest(
  month: string,
  statements: readonly Statement[],
  upToPosition: string,
  context: Pick<ManifestContext, 'previous' | 'publicKey'>,
): PayMonthManifest {
  const { previous } = context;
  return {
    version: 1,
    month,
    fromPosition: previous ? (BigInt(previous.upToPosition) + 1n).toString() : '0',
    upToPosition,
    statementCount: statements.length,
    totalFen: statements.reduce((sum, s) => sum + s.totalFen, 0),
    statements: statements.map((s) => ({ agentId: s.agentId, sha256: statementSha256(s) })),
    previousMonth: previous?.month ?? null,
    previousManifestSha256: previous?.manifestSha256 ?? null,
    publicKey: context.publicKey,
  };
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
  const manifest = context.manifest && payMonthManifest(month, statements, upToPosition, context.manifest);
  const seal =
    manifest && context.manifest ? { manifest, manifestSha256: manifestSha256(manifest), signature: context.manifest.sign(canonicalJson(manifest)) } : {};
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
        ...seal,
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
