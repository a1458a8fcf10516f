import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@app/event-store';
import {
  openPgliteReadModels,
  openPostgresReadModels,
  type Projection,
  ProjectionRegistry,
  type ReadModelDb,
  readModelSchema,
  schemaOf,
} from '@app/projections';
import { dropSchema, uniqueSchema } from './postgres';

let position = 0n;

/** A recorded event as the store would hand it over; positions increase across the whole test run. */
export function recorded<T extends { type: string; data: unknown }>(event: T, streamId = 'test', recordedAt = new Date()): RecordedEvent {
  position += 1n << 20n;
  return { streamId, revision: 0n, position, eventId: randomUUID(), type: event.type, data: event.data, metadata: {}, recordedAt };
}

/**
 * A read-model database of its own for a test: a fresh schema of the PostgreSQL at DATABASE_URL
 * (dropped on close) when it is set, else an embedded one in memory. `more`: tables of the base
 * schema besides the projections'.
 */
export async function openTestReadModels(projections: readonly Projection[], more: Parameters<typeof readModelSchema>[1] = {}): Promise<ReadModelDb> {
  const url = process.env.DATABASE_URL;
  const schema = readModelSchema(projections, more);
  if (!url) return openPgliteReadModels(undefined, schema);
  const base = uniqueSchema('rm');
  const db = await openPostgresReadModels(url, base, schema);
  return {
    ...db,
    close: async () => {
      await db.close();
      await dropSchema(url, base);
    },
  };
}

/** The names of a projection's tables (the same in every build), from its entities. */
export const tablesOf = (db: ReadModelDb, projection: Projection): string[] =>
  db.dataSource.entityMetadatas.filter((m) => projection.entities.includes(m.target as never)).map((m) => m.tableName);

/**
 * given(events) / then(rows) for a projection, on a read-model database of its own (see
 * `openTestReadModels`): its first build, `apply` the events in batches as the runner would, then
 * read the build's tables — by their own names (`tables.leads` is `leads`), or through `read`.
 */
export async function projectionHarness(projection: Projection) {
  const db = await openTestReadModels([projection]);
  await new ProjectionRegistry(db).ensure(projection);
  const schema = schemaOf(projection, 1, db.baseSchema);
  const tableNames = tablesOf(db, projection);
  return {
    db,
    /** Each table of the projection by its name, for SQL in assertions. */
    tables: Object.fromEntries(tableNames.map((t) => [t, t])) as Record<string, string>,
    async given(events: { type: string; data: unknown }[], batchSize = 100) {
      // An event may say when it was recorded (`recordedAt`), so that rows do not depend on the machine's date.
      const stamped = events.map((e) => ('position' in e ? (e as unknown as RecordedEvent) : recorded(e, 'test', (e as { recordedAt?: Date }).recordedAt)));
      for (let i = 0; i < stamped.length; i += batchSize) {
        await db.transaction((em) => projection.apply(em, stamped.slice(i, i + batchSize)), schema);
      }
    },
    /** Runs `work` on the build, as a query would. */
    read: <T>(work: (em: EntityManager) => Promise<T>) => db.transaction(work, schema),
    rows: <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => db.transaction((em) => em.query(sql, params) as Promise<Row[]>, schema),
    close: () => db.close(),
  };
}
