import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataSource, type EntityManager, type MixedList, type QueryRunner } from 'typeorm';
import { BASE_MIGRATIONS, REGISTRY_ENTITIES } from './registry.entities';

/** What a read-model database holds besides the registry: every projection's entities, and other tables of the base schema. */
export interface ReadModelSchema {
  /** Entity classes (or EntitySchemas) of the projections' builds and of the base schema. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: readonly (Function | import('typeorm').EntitySchema)[];
  /** Migrations of the base schema (the registry's come first, always). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: readonly Function[];
}

/** The Nest token of the read models' database, as EVENT_STORE is the store's. */
export const READ_MODELS = Symbol('READ_MODELS');

/**
 * The read models' database, through TypeORM over `pg`: PostgreSQL, or the embedded PGlite served
 * over its socket. The base schema holds the registry of builds, checkpoints and the stable views;
 * each build of a projection has a schema of its own (`rm_<projection>_g<generation>`), whose
 * tables its entities name without a schema: a transaction `in` a build resolves them there.
 */
export interface ReadModelDb {
  readonly kind: 'postgres' | 'pglite';
  readonly dataSource: DataSource;
  /** Where the registry, the checkpoints and the stable views live. */
  readonly baseSchema: string;
  /** One transaction; with `inSchema`, unqualified tables are looked up in that schema, then the base. */
  transaction<T>(work: (em: EntityManager) => Promise<T>, inSchema?: string): Promise<T>;
  /** The base schema's manager, outside any transaction. */
  readonly manager: EntityManager;
  /**
   * Runs `work` while holding a lease no other process can hold at the same time, or answers
   * undefined at once when another process holds it.
   */
  withLease<T>(key: string, work: () => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new RangeError(`invalid SQL identifier: ${name}`);
  return `"${name}"`;
}

const MIGRATIONS_TABLE = 'typeorm_migrations';

function options(schema: ReadModelSchema) {
  return {
    type: 'postgres' as const,
    entities: [...new Set([...REGISTRY_ENTITIES, ...schema.entities])] as unknown as MixedList<string>,
    migrations: [...BASE_MIGRATIONS, ...(schema.migrations ?? [])] as unknown as MixedList<string>,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    logging: false,
  };
}

async function open(
  kind: ReadModelDb['kind'],
  dataSource: DataSource,
  baseSchema: string,
  lease: ReadModelDb['withLease'],
  closeMore: () => Promise<void>,
): Promise<ReadModelDb> {
  await dataSource.initialize();
  const migrate = async () => {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(baseSchema)}`);
    await dataSource.runMigrations({ transaction: 'all' });
  };
  // Several processes may start together on one PostgreSQL: one migrates, the others wait for it.
  // (The embedded database has one owner, and one connection the lock would hold.)
  if (kind === 'postgres') await withAdvisoryLock(dataSource, `${baseSchema}:migrations`, migrate, true);
  else await migrate();
  return {
    kind,
    dataSource,
    baseSchema,
    manager: dataSource.manager,
    transaction: (work, inSchema) =>
      dataSource.transaction(async (em) => {
        // A build's rows are made again from the log, and its checkpoint commits with them: a commit
        // that a server crash loses is applied again, so a build does not wait for the WAL's flush.
        if (inSchema) {
          await em.query(`SELECT set_config('search_path', $1, true), set_config('synchronous_commit', 'off', true)`, [
            `${quoteIdentifier(inSchema)}, ${quoteIdentifier(baseSchema)}`,
          ]);
        }
        return work(em);
      }),
    withLease: lease,
    close: async () => {
      // The Nest TypeORM module may have destroyed the DataSource it was handed already.
      if (dataSource.isInitialized) await dataSource.destroy();
      await closeMore();
    },
  };
}

/** Read models in a PostgreSQL database, in `schema` (default `public`). */
export async function openPostgresReadModels(connectionString: string, schema = 'public', models: ReadModelSchema = { entities: [] }): Promise<ReadModelDb> {
  quoteIdentifier(schema);
  const dataSource = new DataSource({
    ...options(models),
    url: connectionString,
    // Unqualified names resolve in the base schema; plans are made for the parameters given (tables
    // that were never analysed would otherwise get a generic plan).
    extra: { max: 10, options: `-c search_path=${schema} -c plan_cache_mode=force_custom_plan` },
  });
  return open(
    'postgres',
    dataSource,
    schema,
    (key, work) => withAdvisoryLock(dataSource, `${schema}:${key}`, work),
    async () => undefined,
  );
}

/**
 * Read models in an embedded PGlite (in memory without a directory), served over its socket to the
 * ordinary `pg` driver. One connection: PGlite runs one session, so a second connection would wait
 * for the first one's transaction, and a transaction that waited on another connection would never
 * end. One process owns the directory, so the lease is always free.
 */
export async function openPgliteReadModels(dataDir?: string, models: ReadModelSchema = { entities: [] }): Promise<ReadModelDb> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  await db.exec('SET plan_cache_mode = force_custom_plan');
  // A Unix socket in a directory only this user can enter: nothing else on the machine can connect.
  const socketDir = mkdtempSync(join(tmpdir(), 'read-models-'));
  const server = new PGLiteSocketServer({ db, path: join(socketDir, '.s.PGSQL.5432'), maxConnections: 1 });
  await server.start();
  const dataSource = new DataSource({ ...options(models), host: socketDir, port: 5432, username: 'postgres', database: 'postgres', extra: { max: 1 } });
  return open(
    'pglite',
    dataSource,
    'public',
    (_key, work) => work(),
    async () => {
      await server.stop();
      await db.close();
      rmSync(socketDir, { recursive: true, force: true });
    },
  );
}

/** A session-level advisory lock on a connection of its own: it lasts as long as the work. Without `wait`, undefined at once when taken. */
async function withAdvisoryLock<T>(dataSource: DataSource, key: string, work: () => Promise<T>, wait = false): Promise<T | undefined> {
  const runner: QueryRunner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (wait) await runner.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    const [{ locked }] = wait ? [{ locked: true }] : await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
    if (!locked) return undefined;
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
