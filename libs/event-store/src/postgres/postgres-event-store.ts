import { Pool } from 'pg';
import { SESSION_SETTINGS } from '../sql/schema';
import { migrateSchema, SqlEventStore } from '../sql/sql-event-store';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** A PostgreSQL schema of its own (created if missing); tests use one each. */
  schema?: string;
  poolSize?: number;
}

/**
 * CREATE SCHEMA IF NOT EXISTS is not safe against a concurrent twin (the read models open the
 * same schema at the same time): the loser's unique-key error means the schema is there.
 */
export async function createSchema(query: (sql: string) => Promise<unknown>, schema: string): Promise<void> {
  try {
    await query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    if (!['23505', '42P06'].includes((error as { code?: string }).code ?? '')) throw error;
  }
}

export async function createPostgresEventStore(options: PostgresEventStoreOptions): Promise<SqlEventStore> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new RangeError(`invalid schema name: ${schema}`);
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    options: [`-c search_path=${schema}`, ...Object.entries(SESSION_SETTINGS).map(([name, value]) => `-c ${name}=${value}`)].join(' '),
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const client = {
    query: async <Row>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as Row[],
    migrate: async (run: (q: <Row>(sql: string, params?: unknown[]) => Promise<Row[]>) => Promise<void>) => {
      const conn = await pool.connect();
      try {
        await createSchema((sql) => conn.query(sql), schema);
        await conn.query(`SELECT pg_advisory_lock(hashtext($1))`, [`es_migrations:${schema}`]);
        try {
          await run(async (sql, params) => (await conn.query(sql, params)).rows);
        } finally {
          await conn.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`es_migrations:${schema}`]);
        }
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
  await migrateSchema(client);
  return new SqlEventStore('postgres', client);
}
