import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@app/event-store';
import { openPgliteReadModels, type Projection, type ReadModelDb, tablesOf } from '@app/projections';

let position = 0n;

/** A recorded event as the store would hand it over; positions increase across the whole test run. */
export function recorded<T extends { type: string; data: unknown }>(event: T, streamId = 'test', recordedAt = new Date()): RecordedEvent {
  position += 1n << 20n;
  return { streamId, revision: 0n, position, eventId: randomUUID(), type: event.type, data: event.data, metadata: {}, recordedAt };
}

/**
 * given(events) / then(rows) for a projection, on an embedded read-model database of its own:
 * `apply` the events (in batches as the runner would), then read the tables.
 */
export async function projectionHarness(projection: Projection) {
  const db: ReadModelDb = await openPgliteReadModels();
  const tables = tablesOf(projection, 1);
  await projection.migrate(db, tables);
  return {
    db,
    tables,
    async given(events: { type: string; data: unknown }[], batchSize = 100) {
      const stamped = events.map((e) => ('position' in e ? (e as unknown as RecordedEvent) : recorded(e)));
      for (let i = 0; i < stamped.length; i += batchSize) {
        await db.transaction((sql) => projection.apply(sql, tables, stamped.slice(i, i + batchSize)));
      }
    },
    rows: <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => db.query<Row>(sql, params),
    close: () => db.close(),
  };
}
