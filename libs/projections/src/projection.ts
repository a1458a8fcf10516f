import type { EntityManager, EntitySchema, MigrationInterface } from 'typeorm';
import type { RecordedEvent } from '@app/event-store';

/**
 * A read model kept by the runner. Its entities name their tables without a schema; each build
 * (generation) has a schema of its own, created by `migrations`, and the runner hands `apply` a
 * transaction whose unqualified tables are that build's. `apply` gets a batch of events in
 * position order inside the transaction that also moves the checkpoint, so it must only write
 * through `em`.
 */
export interface Projection {
  name: string;
  /** Bump when apply or the tables change: the new version builds into a new schema at start and takes over when caught up. */
  version: number;
  eventTypes: readonly string[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: readonly (Function | EntitySchema)[];
  /** TypeORM migrations that create this projection's tables in an empty build schema (class names end in a timestamp). */
  migrations: readonly (new () => MigrationInterface)[];
  apply(em: EntityManager, events: readonly RecordedEvent[]): Promise<void>;
}

/** Where the builds' schemas of a read-model database with this base schema begin: `rm_`, or `<base>_rm_` beside another base. */
export const buildSchemaPrefix = (baseSchema: string) => (baseSchema === 'public' ? 'rm_' : `${baseSchema}_rm_`);

/** The schema of one build of a projection: `rm_<projection>_g<generation>` (prefixed with a base schema other than `public`). */
export function schemaOf(projection: Pick<Projection, 'name'>, generation: number, baseSchema = 'public'): string {
  return `${buildSchemaPrefix(baseSchema)}${projection.name.replace(/-/g, '_')}_g${generation}`;
}

/** Every entity and migration the read-model database needs to know of, for its DataSource. */
export function readModelSchema(
  projections: readonly Projection[],
  more: { entities?: Projection['entities']; migrations?: readonly (new () => MigrationInterface)[] } = {},
) {
  return {
    entities: [...projections.flatMap((p) => p.entities), ...(more.entities ?? [])],
    migrations: more.migrations ?? [],
  };
}

/** Rows per multi-row statement: well under PostgreSQL's 65,535 bound parameters at a dozen columns a row. */
export const ROWS_PER_STATEMENT = 1000;

/** `rows` cut into statements' worth. */
export function chunksOf<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  return Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
}
