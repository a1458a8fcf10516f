import type { EntityManager } from 'typeorm';
import { buildSchemaPrefix, type Projection, schemaOf } from './projection';
import { quoteIdentifier, type ReadModelDb } from './read-model-db';
import { ReadModelBuild, ReadModelCheckpoint } from './registry.entities';

/** One build of a projection into its own schema, by one version of its code. */
export interface Generation {
  generation: number;
  version: number;
}

export interface RegistryEntry {
  /** The build queries read. */
  active: Generation;
  /** A build under way beside it (a rebuild), if any. */
  building: Generation | null;
}

const toEntry = (row: ReadModelBuild): RegistryEntry => ({
  active: { generation: row.activeGeneration, version: row.activeVersion },
  building: row.buildingGeneration === null ? null : { generation: row.buildingGeneration, version: row.buildingVersion! },
});

/**
 * Runs a projection's TypeORM migrations that a build's schema has not run yet, in timestamp
 * order, each recorded in the schema's own `typeorm_migrations` table (TypeORM's own table shape):
 * every build is migrated from empty, and a build's history stays with its schema.
 */
async function migrateBuild(em: EntityManager, projection: Projection, schema: string): Promise<void> {
  const table = `${quoteIdentifier(schema)}.typeorm_migrations`;
  await em.query(`CREATE TABLE IF NOT EXISTS ${table} (id serial PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL)`);
  const done = new Set((await em.query(`SELECT name FROM ${table}`)).map((r: { name: string }) => r.name));
  const migrations = projection.migrations.map((M) => {
    const timestamp = /(\d{13})$/.exec(M.name)?.[1];
    if (!timestamp) throw new Error(`migration ${M.name} of ${projection.name} must end in a 13-digit timestamp`);
    return { M, timestamp };
  });
  for (const { M, timestamp } of migrations.sort((a, b) => Number(a.timestamp) - Number(b.timestamp))) {
    if (done.has(M.name)) continue;
    await new M().up(em.queryRunner!);
    await em.query(`INSERT INTO ${table} ("timestamp", name) VALUES ($1, $2)`, [timestamp, M.name]);
  }
}

/**
 * Which build of each projection is live and which is being rebuilt: the blue/green switch.
 * Queries read the active build while a new one catches up beside it. Each build's tables live in
 * a schema of its own; the live build's tables are also reachable under fixed names, views
 * `<projection>__<table>` in the base schema, for BI tools.
 */
export class ProjectionRegistry {
  constructor(private readonly db: ReadModelDb) {}

  async read(name: string, em: EntityManager = this.db.manager): Promise<RegistryEntry | undefined> {
    const row = await em.findOneBy(ReadModelBuild, { projection: name });
    return row ? toEntry(row) : undefined;
  }

  /** The entry, creating the first build (generation 1) when the projection is new. */
  async ensure(projection: Projection): Promise<RegistryEntry> {
    const existing = await this.read(projection.name);
    if (existing) return existing;
    await this.db.transaction(async (em) => {
      // Processes starting together: the first creates the build, the others wait and find it.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.db.baseSchema}:build:${projection.name}`]);
      if (await this.read(projection.name, em)) return;
      await this.prepare(em, projection, 1);
      await em
        .createQueryBuilder()
        .insert()
        .into(ReadModelBuild)
        .values({ projection: projection.name, activeGeneration: 1, activeVersion: projection.version })
        .orIgnore()
        .execute();
      await this.publishViews(em, projection, 1);
    });
    return (await this.read(projection.name))!;
  }

  /** A new build of this version beside the active one; the one under way when there is one already. */
  async startBuild(projection: Projection): Promise<Generation> {
    return this.db.transaction(async (em) => {
      const row = await em.findOne(ReadModelBuild, { where: { projection: projection.name }, lock: { mode: 'pessimistic_write' } });
      const entry = toEntry(row!);
      if (entry.building?.version === projection.version) return entry.building;
      const generation = Math.max(entry.active.generation, entry.building?.generation ?? 0) + 1;
      await this.prepare(em, projection, generation);
      await em.update(ReadModelBuild, { projection: projection.name }, { buildingGeneration: generation, buildingVersion: projection.version });
      return { generation, version: projection.version };
    });
  }

  /** The caught-up build becomes the one queries read, and the one the stable views show. */
  async switchTo(projection: Projection, build: Generation): Promise<void> {
    await this.db.transaction(async (em) => {
      const switched = await em
        .createQueryBuilder()
        .update(ReadModelBuild)
        .set({ activeGeneration: build.generation, activeVersion: build.version, buildingGeneration: null, buildingVersion: null, switchedAt: () => 'now()' })
        .where('projection = :name AND building_generation = :generation', { name: projection.name, generation: build.generation })
        .execute();
      if (switched.affected) await this.publishViews(em, projection, build.generation);
    });
  }

  async checkpoint(name: string, generation: number): Promise<{ position: bigint; recordedAt?: Date }> {
    const row = await this.db.manager.findOneBy(ReadModelCheckpoint, { projection: name, generation });
    return { position: row?.position ?? 0n, recordedAt: row?.recordedAt ?? undefined };
  }

  /** Moves a build's checkpoint, inside the transaction that wrote the batch's rows. */
  async advance(em: EntityManager, name: string, generation: number, position: bigint, recordedAt: Date): Promise<void> {
    await em.update(ReadModelCheckpoint, { projection: name, generation }, { position, recordedAt, updatedAt: () => 'now()' });
  }

  /**
   * Drops every build schema that is neither active nor being built, and the tables of the layout
   * before builds had schemas (`rm_<projection>_g<n>_<table>` and `projection_registry`).
   * Answers what it dropped.
   */
  async prune(projections: readonly Projection[]): Promise<string[]> {
    const keep = new Set<string>();
    for (const projection of projections) {
      const entry = await this.read(projection.name);
      if (!entry) continue;
      keep.add(schemaOf(projection, entry.active.generation, this.db.baseSchema));
      if (entry.building) keep.add(schemaOf(projection, entry.building.generation, this.db.baseSchema));
    }
    const prefix = buildSchemaPrefix(this.db.baseSchema);
    const schemas: { name: string }[] = (
      await this.db.manager.query(`SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)`, [prefix])
    ).filter((s: { name: string }) => /^[a-z0-9_]+_g[0-9]+$/.test(s.name.slice(prefix.length)));
    const legacy: { name: string }[] = await this.db.manager.query(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND (tablename ~ '^rm_[a-z0-9_]+_g[0-9]+_' OR tablename IN ('projection_registry', 'projection_checkpoints'))`,
    );
    const dropped: string[] = [];
    for (const { name } of schemas.filter((s) => !keep.has(s.name))) {
      await this.db.manager.query(`DROP SCHEMA ${quoteIdentifier(name)} CASCADE`);
      dropped.push(name);
    }
    for (const { name } of legacy) {
      await this.db.manager.query(`DROP TABLE IF EXISTS ${quoteIdentifier(name)} CASCADE`);
      dropped.push(name);
    }
    return dropped;
  }

  private async prepare(em: EntityManager, projection: Projection, generation: number): Promise<void> {
    const schema = schemaOf(projection, generation, this.db.baseSchema);
    await em.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    // The migrations name their tables without a schema: the build's comes first on this transaction's path.
    await em.query(`SET LOCAL search_path TO ${quoteIdentifier(schema)}, ${quoteIdentifier(this.db.baseSchema)}`);
    await migrateBuild(em, projection, schema);
    await em.query(`SET LOCAL search_path TO ${quoteIdentifier(this.db.baseSchema)}`);
    await em.createQueryBuilder().insert().into(ReadModelCheckpoint).values({ projection: projection.name, generation }).orIgnore().execute();
  }

  /** `<projection>__<table>` in the base schema, one view per table of the build: fixed names whichever build is live. */
  private async publishViews(em: EntityManager, projection: Projection, generation: number): Promise<void> {
    const schema = schemaOf(projection, generation, this.db.baseSchema);
    const tables: { name: string }[] = await em.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND tablename <> 'typeorm_migrations'`, [
      schema,
    ]);
    const prefix = projection.name.replace(/-/g, '_');
    for (const { name } of tables) {
      const view = `${quoteIdentifier(this.db.baseSchema)}.${quoteIdentifier(`${prefix}__${name}`)}`;
      // Dropped first: a new version's table may have other columns than the view had.
      await em.query(`DROP VIEW IF EXISTS ${view}`);
      await em.query(`CREATE VIEW ${view} AS SELECT * FROM ${quoteIdentifier(schema)}.${quoteIdentifier(name)}`);
    }
  }
}
