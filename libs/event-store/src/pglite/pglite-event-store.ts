import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { SESSION_SETTINGS } from '../sql/schema';
import { migrateSchema, SqlEventStore } from '../sql/sql-event-store';
import { lockDataDir } from './data-dir-lock';

/** The embedded store: PostgreSQL compiled to WebAssembly, in this process, files under `dataDir`. */
export async function createPgliteEventStore(options: { dataDir?: string }): Promise<SqlEventStore> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  let db: PGlite;
  try {
    db = await PGlite.create(options.dataDir);
  } catch (error) {
    unlock();
    throw error;
  }
  const query = async <Row>(sql: string, params?: unknown[]) => (await db.query<Row>(sql, params)).rows;
  const client = {
    query,
    // Migrations hold several statements, which only the simple protocol (exec) takes.
    migrate: (run: (q: typeof query) => Promise<void>) =>
      run(async <Row>(sql: string, params?: unknown[]) => (params ? query<Row>(sql, params) : (((await db.exec(sql)).at(-1)?.rows ?? []) as Row[]))),
    close: async () => {
      await db.close();
      unlock();
    },
  };
  for (const [name, value] of Object.entries(SESSION_SETTINGS)) await db.exec(`SET ${name} = ${value}`);
  await migrateSchema(client);
  return new SqlEventStore('pglite', client);
}
