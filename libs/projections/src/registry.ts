import { type Projection, type Sql, tablesOf } from './projection';
import type { ReadModelDb } from './read-model-db';

/** One build of a projection into its own tables, by one version of its code. */
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

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS projection_registry (
    projection text PRIMARY KEY,
    active_generation int NOT NULL,
    active_version int NOT NULL,
    building_generation int,
    building_version int,
    switched_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS projection_checkpoints (
    projection text NOT NULL,
    generation int NOT NULL,
    position bigint NOT NULL DEFAULT 0,
    recorded_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (projection, generation)
  )`,
];

interface Row {
  active_generation: number;
  active_version: number;
  building_generation: number | null;
  building_version: number | null;
}

/**
 * Which build of each projection is live and which is being rebuilt: the blue/green switch.
 * Queries read the active build while a new one catches up beside it.
 */
export class ProjectionRegistry {
  constructor(private readonly db: ReadModelDb) {}

  async migrate(): Promise<void> {
    for (const statement of SCHEMA) await this.db.query(statement);
  }

  async read(name: string, sql: Sql = this.db): Promise<RegistryEntry | undefined> {
    const [row] = await sql.query<Row>('SELECT * FROM projection_registry WHERE projection = $1', [name]);
    if (!row) return undefined;
    return {
      active: { generation: row.active_generation, version: row.active_version },
      building: row.building_generation === null ? null : { generation: row.building_generation, version: row.building_version! },
    };
  }

  /** The entry, creating the first build (generation 1) when the projection is new. */
  async ensure(projection: Projection): Promise<RegistryEntry> {
    const existing = await this.read(projection.name);
    if (existing) return existing;
    await this.prepare(projection, 1);
    await this.db.query(
      `INSERT INTO projection_registry (projection, active_generation, active_version) VALUES ($1, 1, $2) ON CONFLICT DO NOTHING`,
      [projection.name, projection.version],
    );
    return (await this.read(projection.name))!;
  }

  /** A new build of this version beside the active one; the one under way when there is one already. */
  async startBuild(projection: Projection): Promise<Generation> {
    return this.db.transaction(async (sql) => {
      await sql.query('SELECT 1 FROM projection_registry WHERE projection = $1 FOR UPDATE', [projection.name]);
      const entry = (await this.read(projection.name, sql))!;
      if (entry.building?.version === projection.version) return entry.building;
      const generation = Math.max(entry.active.generation, entry.building?.generation ?? 0) + 1;
      await this.prepare(projection, generation, sql);
      await sql.query('UPDATE projection_registry SET building_generation = $2, building_version = $3 WHERE projection = $1', [
        projection.name,
        generation,
        projection.version,
      ]);
      return { generation, version: projection.version };
    });
  }

  /** The caught-up build becomes the one queries read. */
  async switchTo(name: string, build: Generation): Promise<void> {
    await this.db.query(
      `UPDATE projection_registry SET active_generation = $2, active_version = $3, building_generation = NULL,
         building_version = NULL, switched_at = now() WHERE projection = $1 AND building_generation = $2`,
      [name, build.generation, build.version],
    );
  }

  async checkpoint(name: string, generation: number): Promise<{ position: bigint; recordedAt?: Date }> {
    const [row] = await this.db.query<{ position: string; recorded_at: Date | null }>(
      'SELECT position::text AS position, recorded_at FROM projection_checkpoints WHERE projection = $1 AND generation = $2',
      [name, generation],
    );
    return { position: BigInt(row?.position ?? '0'), recordedAt: row?.recorded_at ?? undefined };
  }

  private async prepare(projection: Projection, generation: number, sql: Sql = this.db): Promise<void> {
    await projection.migrate(sql, tablesOf(projection, generation));
    await sql.query('INSERT INTO projection_checkpoints (projection, generation) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      projection.name,
      generation,
    ]);
  }
}
