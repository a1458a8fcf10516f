import type { RecordedEvent } from '@app/event-store';

/** What a projection needs of the read-model database inside its transaction. */
export interface Sql {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

/** Table names of one build (generation): `rm_<projection>_g<generation>_<table>`, so a rebuild writes beside the live tables. */
export type Tables<Name extends string> = Record<Name, string>;

/**
 * A read model kept by the runner. `apply` gets a batch of events in position order inside the
 * transaction that also moves the checkpoint, so it must only write through `sql`.
 */
export interface Projection<Name extends string = string> {
  name: string;
  /** Bump when apply or the tables change: the new version builds into new tables at start and takes over when caught up. */
  version: number;
  eventTypes: readonly string[];
  tableNames: readonly Name[];
  /** Creates the tables (IF NOT EXISTS). */
  migrate(sql: Sql, tables: Tables<Name>): Promise<void>;
  apply(sql: Sql, tables: Tables<Name>, events: readonly RecordedEvent[]): Promise<void>;
}

export function tablesOf<Name extends string>(projection: Projection<Name>, generation: number): Tables<Name> {
  const prefix = `rm_${projection.name.replace(/-/g, '_')}_g${generation}_`;
  return Object.fromEntries(projection.tableNames.map((t) => [t, `${prefix}${t}`])) as Tables<Name>;
}
