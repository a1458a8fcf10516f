import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import { createSchema } from '@app/event-store';
import type { Sql } from './projection';

/** The read models' database: PostgreSQL, or the embedded PGlite beside the event store. */
export interface ReadModelDb extends Sql {
  readonly kind: 'postgres' | 'pglite';
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding a lease no other process can hold at the same time, or answers
   * undefined at once when another process holds it.
   */
  withLease<T>(key: string, work: () => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}

export async function openPostgresReadModels(connectionString: string, schema = 'public'): Promise<ReadModelDb> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new RangeError(`invalid schema name: ${schema}`);
  const pool = new Pool({ connectionString, max: 10, options: `-c search_path=${schema} -c plan_cache_mode=force_custom_plan` });
  pool.on('error', () => undefined);
  await createSchema((sql) => pool.query(sql), schema);
  return {
    kind: 'postgres',
    query: async <Row>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as Row[],
    async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: async <Row>(q: string, p?: unknown[]) => (await client.query(q, p)).rows as Row[] });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async withLease<T>(key: string, work: () => Promise<T>): Promise<T | undefined> {
      // A session-level advisory lock on a connection of its own: it lasts as long as the work.
      const client = await pool.connect();
      try {
        const [{ locked }] = (await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`${schema}:${key}`])).rows;
        if (!locked) return undefined;
        try {
          return await work();
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`${schema}:${key}`]).catch(() => undefined);
        }
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** In memory without a directory (tests). One process owns the directory, so the lease is always free. */
export async function openPgliteReadModels(dataDir?: string): Promise<ReadModelDb> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  await db.exec('SET plan_cache_mode = force_custom_plan');
  return {
    kind: 'pglite',
    query: async <Row>(sql: string, params?: unknown[]) => (await db.query<Row>(sql, params)).rows,
    transaction: <T>(work: (sql: Sql) => Promise<T>) =>
      db.transaction((tx) => work({ query: async <Row>(q: string, p?: unknown[]) => (await tx.query<Row>(q, p)).rows })),
    withLease: (_key, work) => work(),
    close: () => db.close(),
  };
}
