import { type DealCancelled, domainUpcasters, PAY_EVENT_TYPES } from '@app/domain';
import { type RecordedEvent, UpcasterRegistry } from '@app/event-store';
import type { Projection, Sql, Tables } from '@app/projections';

/**
 * The commission ledger keeps the events pay is computed from, filed by the instant that dates
 * them, and nothing computed: a ledger query folds them with the pay engine's own fold
 * (`foldPayEvent`) and prices them with its engine — the very code a payroll replay runs over the
 * event store, so the ledger and a replay cannot disagree.
 *
 * `events.at` is the business instant that puts an event in a month: a call's start (also on its
 * reclassifications), a deal's close (also on its cancellation). Plans, hires and the pay months'
 * own events have none: every ledger query reads them. Each event's metadata is kept too: who
 * recorded it, for the evidence behind an appraisal's figures.
 */
export type CommissionLedgerTable = 'events';

const upcasters = new UpcasterRegistry(domainUpcasters);

interface Row {
  position: string;
  eventId: string;
  type: string;
  key: string | null;
  at: string | null;
  data: string;
  metadata: string;
  recordedAt: string;
}

export const commissionLedgerProjection: Projection<CommissionLedgerTable> = {
  name: 'commission-ledger',
  // 2: the events' metadata (who recorded each), for the evidence behind an appraisal's figures.
  version: 2,
  eventTypes: PAY_EVENT_TYPES,
  tableNames: ['events'],

  async migrate(sql, t) {
    await sql.query(`CREATE TABLE IF NOT EXISTS ${t.events} (
      position bigint PRIMARY KEY,
      event_id text NOT NULL UNIQUE,
      type text NOT NULL,
      key text,
      at timestamptz,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL
    )`);
    await sql.query(`CREATE INDEX IF NOT EXISTS ${t.events}_at ON ${t.events} (at)`);
    await sql.query(`CREATE INDEX IF NOT EXISTS ${t.events}_deal ON ${t.events} (key) WHERE type = 'DealClosed'`);
  },

  async apply(sql, t, recorded) {
    const events = recorded.map((e) => upcasters.upcast(e));
    const closedAt = await closingInstants(sql, t, events);
    const rows: Row[] = events.map((e) => {
      const data = e.data as Record<string, string>;
      const { key, at } = dating(e.type, data, closedAt);
      return {
        position: e.position.toString(),
        eventId: e.eventId,
        type: e.type,
        key,
        at,
        data: JSON.stringify(e.data),
        metadata: JSON.stringify(e.metadata),
        recordedAt: e.recordedAt.toISOString(),
      };
    });
    await sql.query(
      `INSERT INTO ${t.events} (position, event_id, type, key, at, data, metadata, recorded_at)
       SELECT position, event_id, type, key, at, data::jsonb, metadata::jsonb, recorded_at
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::timestamptz[])
         AS r(position, event_id, type, key, at, data, metadata, recorded_at)
       ON CONFLICT DO NOTHING`,
      [
        rows.map((r) => r.position),
        rows.map((r) => r.eventId),
        rows.map((r) => r.type),
        rows.map((r) => r.key),
        rows.map((r) => r.at),
        rows.map((r) => r.data),
        rows.map((r) => r.metadata),
        rows.map((r) => r.recordedAt),
      ],
    );
  },
};

function dating(type: string, data: Record<string, string>, closedAt: Map<string, string>): { key: string | null; at: string | null } {
  switch (type) {
    case 'CallLogged':
    case 'CallReclassified':
      return { key: data.callId, at: data.startedAt };
    case 'DealClosed':
      return { key: data.dealId, at: data.closedAt };
    case 'DealCancelled':
      // A cancellation of a deal never closed has nothing to undo; it is kept undated.
      return { key: data.dealId, at: closedAt.get(data.dealId) ?? null };
    default:
      return { key: null, at: null };
  }
}

/** When each cancelled deal of the batch closed: from the batch itself, else from the table. */
async function closingInstants(sql: Sql, t: Tables<CommissionLedgerTable>, events: readonly RecordedEvent[]): Promise<Map<string, string>> {
  const closedAt = new Map<string, string>();
  const wanted = new Set<string>();
  for (const e of events) {
    if (e.type === 'DealClosed') closedAt.set((e.data as { dealId: string }).dealId, (e.data as { closedAt: string }).closedAt);
    if (e.type === 'DealCancelled') wanted.add((e.data as DealCancelled['data']).dealId);
  }
  const missing = [...wanted].filter((id) => !closedAt.has(id));
  if (missing.length) {
    const rows = await sql.query<{ key: string; at: Date | string }>(
      `SELECT key, at FROM ${t.events} WHERE type = 'DealClosed' AND key = ANY($1::text[])`,
      [missing],
    );
    for (const r of rows) closedAt.set(r.key, new Date(r.at).toISOString());
  }
  return closedAt;
}
