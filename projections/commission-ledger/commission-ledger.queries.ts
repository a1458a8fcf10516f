import { emptyPayHistory, foldPayEvent, monthAfter, type PayHistory } from '@app/domain';
import type { Sql, Tables } from '@app/projections';
import type { CommissionLedgerTable } from './commission-ledger.projection';

/** No time zone is further than 14 hours from UTC: a month's events lie within its UTC bounds widened by that much. */
const ZONE_MARGIN_MS = 14 * 3600_000;

interface EventRow {
  position: string;
  event_id: string;
  type: string;
  data: unknown;
  recorded_at: Date | string;
}

/**
 * The pay history a month's ledger needs, folded from the ledger's events up to `upTo` (all when
 * omitted): every plan, hire and pay-month event, and the dated events of `month` and of each
 * closed month that something recorded after the latest close may have changed — the months whose
 * prior-period adjustments are owed now.
 */
export async function loadPayHistory(sql: Sql, t: Tables<CommissionLedgerTable>, month: string, upTo?: bigint): Promise<PayHistory> {
  const limit = (upTo ?? BigInt(Number.MAX_SAFE_INTEGER) * 1024n).toString();
  const [latest] = await sql.query<{ month: string; up_to: string }>(
    `SELECT data->>'month' AS month, data->>'upToPosition' AS up_to FROM ${t.events}
     WHERE type = 'PayMonthClosed' AND position <= $1 ORDER BY position DESC LIMIT 1`,
    [limit],
  );
  const months = new Set([month]);
  if (latest) for (const m of await touchedClosedMonths(sql, t, latest.month, latest.up_to, limit)) months.add(m);

  const ranges = [...months].sort().map(utcBounds);
  const predicate = ranges.map((_, i) => `(at >= $${2 + 2 * i} AND at < $${3 + 2 * i})`).join(' OR ');
  const rows = await sql.query<EventRow>(
    `SELECT position::text AS position, event_id, type, data, recorded_at FROM ${t.events}
     WHERE position <= $1 AND (at IS NULL OR ${predicate}) ORDER BY position`,
    [limit, ...ranges.flatMap((r) => [r.from, r.to])],
  );
  const history = emptyPayHistory();
  for (const r of rows) {
    foldPayEvent(history, {
      eventId: r.event_id,
      position: BigInt(r.position),
      type: r.type,
      data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data,
      metadata: {},
      recordedAt: new Date(r.recorded_at),
    });
  }
  return history;
}

/**
 * Closed months (up to `latestClosed`) that events recorded after the latest close (`closedUpTo`)
 * may touch: those their calls and deals are dated in, and every month from the earliest plan
 * version or hire date recorded since, which can reprice a closed month.
 */
async function touchedClosedMonths(sql: Sql, t: Tables<CommissionLedgerTable>, latestClosed: string, closedUpTo: string, limit: string): Promise<string[]> {
  const dated = await sql.query<{ early: string; late: string }>(
    `SELECT DISTINCT to_char((at AT TIME ZONE 'UTC') - interval '14 hours', 'YYYY-MM') AS early,
                     to_char((at AT TIME ZONE 'UTC') + interval '14 hours', 'YYYY-MM') AS late
     FROM ${t.events} WHERE at IS NOT NULL AND position > $1 AND position <= $2`,
    [closedUpTo, limit],
  );
  const months = new Set(dated.flatMap((r) => [r.early, r.late]).filter((m) => m <= latestClosed));
  const [undated] = await sql.query<{ earliest: string | null }>(
    `SELECT min(coalesce(data->>'effectiveFrom', data->>'hiredOn')) AS earliest FROM ${t.events}
     WHERE type IN ('CompensationPlanPublished', 'AgentHired') AND position > $1 AND position <= $2`,
    [closedUpTo, limit],
  );
  if (undated.earliest) {
    const [first] = await sql.query<{ month: string }>(
      `SELECT min(data->>'month') AS month FROM ${t.events} WHERE type = 'PayMonthClosed' AND position <= $1`,
      [limit],
    );
    const from = undated.earliest.slice(0, 7) > first.month ? undated.earliest.slice(0, 7) : first.month;
    for (let m = from; m <= latestClosed; m = monthAfter(m)) months.add(m);
  }
  return [...months];
}

function utcBounds(month: string): { from: string; to: string } {
  const from = Date.parse(`${month}-01T00:00:00Z`) - ZONE_MARGIN_MS;
  const to = Date.parse(`${monthAfter(month)}-01T00:00:00Z`) + ZONE_MARGIN_MS;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** A ledger event with who recorded it and when: the evidence behind an appraisal's figures. */
export interface LedgerEventRecord {
  eventId: string;
  type: string;
  position: bigint;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recordedAt: Date;
}

/** The ledger's events with these ids, in position order; ids the ledger does not hold are left out. */
export async function loadLedgerEvents(sql: Sql, t: Tables<CommissionLedgerTable>, eventIds: readonly string[]): Promise<LedgerEventRecord[]> {
  if (eventIds.length === 0) return [];
  const rows = await sql.query<EventRow & { metadata: unknown }>(
    `SELECT position::text AS position, event_id, type, data, metadata, recorded_at FROM ${t.events}
     WHERE event_id = ANY($1::text[]) ORDER BY position`,
    [[...new Set(eventIds)]],
  );
  const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
  return rows.map((r) => ({
    eventId: r.event_id,
    type: r.type,
    position: BigInt(r.position),
    data: json(r.data),
    metadata: json(r.metadata),
    recordedAt: new Date(r.recorded_at),
  }));
}
