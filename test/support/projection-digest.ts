import { type Projection, ProjectionRegistry, type ReadModelDb, tablesOf } from '@app/projections';
import { allProjections } from '../../projections';

/**
 * Every row of every projection's active tables, as one digest per table (`rows:md5`): two read
 * models that agree here agree row for row. Shared by the crash and durability tests.
 */
export async function projectionDigest(db: ReadModelDb, projections: readonly Projection[] = allProjections): Promise<Record<string, string>> {
  const registry = new ProjectionRegistry(db);
  const digests: Record<string, string> = {};
  for (const projection of projections) {
    const entry = await registry.read(projection.name);
    if (!entry) throw new Error(`projection ${projection.name} has no build in this read-model database`);
    const tables = tablesOf(projection, entry.active.generation);
    for (const [name, table] of Object.entries<string>(tables)) {
      const [row] = await db.query<{ rows: string; digest: string | null }>(
        `SELECT count(*)::text AS rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM ${table} t`,
      );
      digests[`${projection.name}.${name}`] = `${row.rows}:${row.digest}`;
    }
  }
  return digests;
}
