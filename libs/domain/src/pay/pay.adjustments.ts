import { ruleBroken } from '../errors';
import { formatYuan } from './money';
import { assertMonth, lastDayOfMonth } from './month';
import { type PayLine, type Statement, computeMonth, toStatement } from './pay.engine';
import { type PayHistory, closedMonths, countedMonthInput, firstOpenMonth, issuedStatements } from './pay.facts';

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The statements of a month. A closed month: as issued, frozen. The first open month: its own lines
 * plus a prior-period adjustment for every line of a closed month whose amount, recomputed from the
 * history now, differs from what has already been paid for it. Any other open month: its own lines.
 * `planVersion` prices the month's own lines by that version of each person's plan (what-if).
 */
export function statementsFor(history: PayHistory, month: string, options: { planVersion?: number } = {}): Statement[] {
  assertMonth(month);
  if (history.closures.has(month)) return issuedStatements(history, month);
  const own = computeMonth(countedMonthInput(history, month, options));
  if (month !== firstOpenMonth(history)) return own;
  return withAdjustments(month, own, priorPeriodAdjustments(history, month, closedMonths(history)));
}

interface Entry {
  agentId: string;
  now?: PayLine;
  /** The line as issued with its own month. */
  paid?: PayLine;
  /** Adjustments already issued in later closed months for this line. */
  adjustments: PayLine[];
}

/**
 * The adjustments month `month` owes for the `closed` months before it: per line of each closed
 * month, what it comes to now minus what has been paid for it (the line as issued plus every
 * adjustment of it issued since). With `asOfPosition`, "now" is that position (replaying a close).
 */
function priorPeriodAdjustments(history: PayHistory, month: string, closed: readonly string[], asOfPosition?: bigint): Map<string, PayLine[]> {
  const owed = new Map<string, PayLine[]>();
  if (closed.length === 0) return owed;
  const latestUpTo = history.closures.get(closed[closed.length - 1])!.upToPosition;
  // The ids asked about are the corrected month's facts and what corrected or priced them.
  const isRecentIn = (corrected: string) => (eventId: string) => {
    const position = history.positions.get(eventId) ?? history.calls.positionOf(eventId, corrected);
    return position !== undefined && position > latestUpTo && (asOfPosition === undefined || position <= asOfPosition);
  };

  const paidAdjustments = new Map<string, { agentId: string; line: PayLine }[]>();
  for (const m of closed) {
    for (const statement of issuedStatements(history, m)) {
      for (const line of statement.lines) {
        if (line.kind !== 'prior_period_adjustment' || !line.correctsLineId) continue;
        const list = paidAdjustments.get(line.correctsLineId) ?? [];
        list.push({ agentId: statement.agentId, line });
        paidAdjustments.set(line.correctsLineId, list);
      }
    }
  }

  for (const corrected of closed) {
    if (!touchedSince(history, corrected, latestUpTo, asOfPosition)) continue;
    const entries = new Map<string, Entry>();
    const entry = (lineId: string, agentId: string) => {
      let e = entries.get(lineId);
      if (!e) entries.set(lineId, (e = { agentId, adjustments: [] }));
      return e;
    };
    for (const statement of computeMonth(countedMonthInput(history, corrected, { asOfPosition }), { keepZeroLines: true })) {
      for (const line of statement.lines) entry(line.lineId, statement.agentId).now = line;
    }
    for (const statement of issuedStatements(history, corrected)) {
      for (const line of statement.lines) {
        if (line.kind !== 'prior_period_adjustment') entry(line.lineId, statement.agentId).paid = line;
      }
    }
    for (const [lineId, adjustments] of paidAdjustments) {
      if (!lineId.startsWith(`${corrected}:`)) continue;
      for (const { agentId, line } of adjustments) entry(lineId, agentId).adjustments.push(line);
    }

    const changes = changesIn(history, corrected, asOfPosition);
    const isRecent = isRecentIn(corrected);
    for (const lineId of [...entries.keys()].sort(byString)) {
      const { agentId, now, paid, adjustments } = entries.get(lineId)!;
      const paidFen = (paid?.amountFen ?? 0) + adjustments.reduce((sum, a) => sum + a.amountFen, 0);
      const nowFen = now?.amountFen ?? 0;
      const delta = nowFen - paidFen;
      if (delta === 0) continue;

      // The events recorded since the latest close that moved this line.
      const candidates = new Set<string>(now?.sourceEventIds ?? []);
      for (const id of [...(paid?.sourceEventIds ?? []), ...(now?.sourceEventIds ?? [])]) {
        for (const correction of changes.correctionsOf.get(id) ?? []) candidates.add(correction);
      }
      if (now) {
        const publish = history.plans.get(now.planId)?.find((v) => v.plan.version === now.planVersion);
        if (publish) candidates.add(publish.eventId);
      }
      let sources = [...candidates].filter(isRecent);
      // An award moves with everyone's counts: then the month's facts recorded since the close.
      if (sources.length === 0) sources = changes.monthEvents.filter(isRecent);
      if (sources.length === 0) {
        const before = new Set(paid?.sourceEventIds ?? []);
        const after = new Set(now?.sourceEventIds ?? []);
        sources = [...[...after].filter((id) => !before.has(id)), ...[...before].filter((id) => !after.has(id))];
      }
      sources = [...new Set(sources)].sort(byString);

      const pricedBy = now ?? paid ?? adjustments[adjustments.length - 1];
      const what = sources
        .filter(isRecent)
        .map((id) => changes.notes.get(id))
        .filter((n): n is string => n !== undefined);
      const shown = what.length > 3 ? [...what.slice(0, 3), `${what.length - 3} more`] : what;
      const label = describeLine(lineId, corrected, agentId);
      const adjustment: PayLine = {
        lineId: `${month}:${agentId}:adjustment:${lineId}`,
        kind: 'prior_period_adjustment',
        amountFen: delta,
        planId: pricedBy.planId,
        planVersion: pricedBy.planVersion,
        sourceEventIds: sources,
        explanation: `${corrected} ${label}: paid ${formatYuan(paidFen)}, now ${formatYuan(nowFen)}${shown.length ? ` (${shown.join('; ')})` : ''}`,
        correctsLineId: lineId,
      };
      const list = owed.get(agentId) ?? [];
      list.push(adjustment);
      owed.set(agentId, list);
    }
  }
  return owed;
}

/**
 * Whether anything recorded after the latest close (and up to `asOfPosition`) can change a closed
 * month: its own calls and deals, a hire or a leaving by its last day, a plan version in force for it. A month
 * nothing touched owes nothing — what was paid for it is what it comes to — so it is not
 * recomputed, and a ledger need not even load its events.
 */
function touchedSince(history: PayHistory, month: string, latestUpTo: bigint, asOfPosition?: bigint): boolean {
  const recent = (position: bigint) => position > latestUpTo && (asOfPosition === undefined || position <= asOfPosition);
  const calls = history.calls;
  for (const n of calls.numbersIn(month)) {
    if (recent(calls.loggedPosition(n)) || calls.reclassifications(n).some((r) => recent(r.position))) return true;
  }
  for (const deal of history.dealsByMonth.get(month) ?? []) {
    if (recent(deal.closedPosition) || (deal.cancellation !== null && recent(deal.cancellation.position))) return true;
  }
  const lastDay = lastDayOfMonth(month);
  for (const person of history.people.values()) if (recent(person.position) && person.hiredOn <= lastDay) return true;
  for (const person of history.people.values()) {
    for (const period of [person, ...(person.rehires ?? [])]) {
      if (period !== person && recent(period.position) && period.hiredOn <= lastDay) return true;
      if (period.leaving && recent(period.leaving.position) && period.leaving.lastWorkingDay <= lastDay) return true;
      if (period.planChanges?.some((c) => recent(c.position) && c.from <= lastDay)) return true;
      if (period.roleChanges?.some((c) => recent(c.position) && c.from <= lastDay)) return true;
    }
  }
  for (const versions of history.plans.values()) {
    for (const v of versions) if (recent(v.position) && v.plan.effectiveFrom <= `${month}-01`) return true;
  }
  return false;
}

/** "effective call bonus", "deal commission on deal d1" from `2026-03:a1:deal_commission:d1`. */
function describeLine(lineId: string, month: string, agentId: string): string {
  const rest = lineId.slice(`${month}:${agentId}:`.length);
  const colon = rest.indexOf(':');
  const kind = (colon < 0 ? rest : rest.slice(0, colon)).replace(/_/g, ' ');
  return colon < 0 ? kind : `${kind} on deal ${rest.slice(colon + 1)}`;
}

/** For a closed month's facts: the corrections of each fact's event, and a few words on each event. */
function changesIn(history: PayHistory, month: string, asOfPosition?: bigint) {
  const known = (position: bigint) => asOfPosition === undefined || position <= asOfPosition;
  const correctionsOf = new Map<string, string[]>();
  const notes = new Map<string, string>();
  const monthEvents: string[] = [];
  const calls = history.calls;
  for (const n of calls.numbersIn(month)) {
    const callId = calls.callId(n);
    const loggedEventId = calls.loggedEventId(n);
    notes.set(loggedEventId, `call ${callId} recorded after the close`);
    monthEvents.push(loggedEventId);
    const reclassified = calls.reclassifications(n).filter((r) => known(r.position));
    if (reclassified.length === 0) continue;
    correctionsOf.set(
      loggedEventId,
      reclassified.map((r) => r.eventId),
    );
    for (const r of reclassified) {
      notes.set(r.eventId, `call ${callId} reclassified as ${r.outcome}`);
      monthEvents.push(r.eventId);
    }
  }
  for (const deal of history.dealsByMonth.get(month) ?? []) {
    notes.set(deal.closedEventId, `deal ${deal.dealId} recorded after the close`);
    monthEvents.push(deal.closedEventId);
    if (deal.cancellation && known(deal.cancellation.position)) {
      correctionsOf.set(deal.closedEventId, [deal.cancellation.eventId]);
      notes.set(deal.cancellation.eventId, `deal ${deal.dealId} cancelled`);
      monthEvents.push(deal.cancellation.eventId);
    }
  }
  for (const person of history.people.values()) notes.set(person.eventId, `hire of ${person.agentId} recorded after the close`);
  for (const versions of history.plans.values()) {
    for (const v of versions) notes.set(v.eventId, `plan ${v.plan.planId} version ${v.plan.version} published`);
  }
  return { correctionsOf, notes, monthEvents };
}

function withAdjustments(month: string, own: readonly Statement[], adjustments: Map<string, PayLine[]>): Statement[] {
  const lines = new Map<string, PayLine[]>(own.map((s) => [s.agentId, [...s.lines]]));
  for (const [agentId, list] of adjustments) lines.set(agentId, [...(lines.get(agentId) ?? []), ...list]);
  return [...lines.entries()].sort(([a], [b]) => byString(a, b)).map(([agentId, list]) => toStatement(agentId, month, list));
}

export interface LineDiff {
  lineId: string;
  issuedFen: number | null;
  nowFen: number | null;
}

export interface StatementDiff {
  agentId: string;
  /** Recomputed total minus issued total. */
  deltaFen: number;
  lines: LineDiff[];
}

/** Per agent whose statement differs: the lines whose amounts differ (null where a side has no such line). */
export function diffStatements(issued: readonly Statement[], recomputed: readonly Statement[]): StatementDiff[] {
  const before = new Map(issued.map((s) => [s.agentId, s]));
  const after = new Map(recomputed.map((s) => [s.agentId, s]));
  const diffs: StatementDiff[] = [];
  for (const agentId of [...new Set([...before.keys(), ...after.keys()])].sort(byString)) {
    const was = new Map((before.get(agentId)?.lines ?? []).map((l) => [l.lineId, l.amountFen]));
    const is = new Map((after.get(agentId)?.lines ?? []).map((l) => [l.lineId, l.amountFen]));
    const lines: LineDiff[] = [];
    for (const lineId of [...new Set([...was.keys(), ...is.keys()])].sort(byString)) {
      const issuedFen = was.get(lineId) ?? null;
      const nowFen = is.get(lineId) ?? null;
      if (issuedFen !== nowFen) lines.push({ lineId, issuedFen, nowFen });
    }
    if (lines.length === 0) continue;
    const deltaFen = (after.get(agentId)?.totalFen ?? 0) - (before.get(agentId)?.totalFen ?? 0);
    diffs.push({ agentId, deltaFen, lines });
  }
  return diffs;
}

export interface ReplayOptions {
  asOf: 'issued' | 'now';
  planVersion?: number;
}

export interface MonthReplay {
  month: string;
  asOf: 'issued' | 'now';
  planVersion: number | null;
  state: 'open' | 'closed';
  statements: Statement[];
  issued: Statement[];
  diff: StatementDiff[];
}

/**
 * Recomputes a month from the event history.
 * - as issued (closed months only): only events up to the month's `upToPosition`; without a
 *   what-if version its adjustments are recomputed as at that close too, so the result must
 *   equal the issued statements to the fen.
 * - as of now: the month's own lines from every event, its adjustment lines as issued (they were
 *   what was owed for earlier months then). For an open month, what closing it now would issue.
 * The diff against the issued statements is what the corrections since have changed.
 */
export function replayMonth(history: PayHistory, month: string, options: ReplayOptions): MonthReplay {
  assertMonth(month);
  const { asOf, planVersion } = options;
  const closure = history.closures.get(month);
  if (!closure) {
    if (asOf === 'issued') {
      throw ruleBroken('PAY.MONTH_NOT_CLOSED', `pay month ${month} is open: nothing has been issued to replay as issued`, { month });
    }
    const statements = statementsFor(history, month, { planVersion });
    return { month, asOf, planVersion: planVersion ?? null, state: 'open', statements, issued: [], diff: diffStatements([], statements) };
  }

  const issued = issuedStatements(history, month);
  const issuedAdjustments = new Map<string, PayLine[]>();
  for (const statement of issued) {
    const adjustments = statement.lines.filter((l) => l.kind === 'prior_period_adjustment');
    if (adjustments.length > 0) issuedAdjustments.set(statement.agentId, adjustments);
  }
  const asOfPosition = asOf === 'issued' ? closure.upToPosition : undefined;
  const own = computeMonth(countedMonthInput(history, month, { planVersion, asOfPosition }));
  const adjustments =
    asOf === 'issued' && planVersion === undefined
      ? priorPeriodAdjustments(
          history,
          month,
          closedMonths(history).filter((m) => m < month),
          closure.upToPosition,
        )
      : issuedAdjustments;
  const statements = withAdjustments(month, own, adjustments);
  return { month, asOf, planVersion: planVersion ?? null, state: 'closed', statements, issued, diff: diffStatements(issued, statements) };
}
