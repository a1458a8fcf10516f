import { dumbo, setNodePostgresTypeParser } from '@event-driven-io/dumbo';
import { NO_CONCURRENCY_CHECK, STREAM_EXISTS } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { Pool, types } from 'pg';
import type { EventToAppend, ExpectedState } from '@app/event-store';

/** int8, json, jsonb: the `pg` parsers dumbo replaces for the whole process (BigInt; JSON.parse with a BigInt reviver). */
const DUMBO_TYPE_OIDS = [20, 114, 3802];

/** Emmett's versions count events (0n: no stream yet); our revisions number them from 0. */
const expectedVersion = (expected: ExpectedState) =>
  expected === 'no_stream' ? 0n : expected === 'any' ? NO_CONCURRENCY_CHECK : expected === 'stream_exists' ? STREAM_EXISTS : expected + 1n;

export interface EmmettBenchStore {
  append(streamId: string, events: readonly EventToAppend[], expected: ExpectedState): Promise<unknown>;
  /** A page of the global log after `after` (exclusive): its size and the last position read. */
  readPage(after: bigint, limit: number): Promise<{ events: number; last: bigint }>;
  close(): Promise<void>;
}

/**
 * Emmett's PostgreSQL event store, migrated into `schema` (which must exist). Emmett has no schema
 * option, but its SQL names its tables unqualified, so sessions whose search_path is that schema
 * keep everything there, its migrations table included. Its pool is sized as ours is.
 */
export async function openEmmettStore(url: string, schema: string, poolSize: number): Promise<EmmettBenchStore> {
  const inSchema = new URL(url);
  inSchema.searchParams.set('options', `-c search_path=${schema}`);
  const connectionString = inSchema.toString();
  // Loading dumbo swaps the process-wide `pg` parsers once; ours and raw pg must keep pg's defaults,
  // so Emmett gets its own while it is open and pg's come back on close.
  const pgParsers = DUMBO_TYPE_OIDS.map((oid) => types.getTypeParser(oid));
  const pool = new Pool({ connectionString, max: poolSize });
  const store = getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } });
  setNodePostgresTypeParser({ force: true });
  const { execute } = dumbo({ connectionString, pool });
  const close = async () => {
    try {
      await store.close();
      await pool.end();
    } finally {
      DUMBO_TYPE_OIDS.forEach((oid, i) => types.setTypeParser(oid, pgParsers[i]));
    }
  };
  try {
    await store.schema.migrate();
  } catch (error) {
    await close();
    throw error;
  }
  return {
    append: (streamId, events, expected) =>
      store.appendToStream(
        streamId,
        // Our event id as Emmett's message id, as our store takes it from the caller.
        events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...e.metadata, messageId: e.eventId } })),
        { expectedStreamVersion: expectedVersion(expected) },
      ),
    readPage: async (after, limit) => {
      const { messages, currentGlobalPosition } = await readMessagesBatch(execute, { after, batchSize: limit });
      return { events: messages.length, last: currentGlobalPosition };
    },
    close,
  };
}
