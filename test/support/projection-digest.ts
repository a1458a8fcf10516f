import { type Projection, ProjectionRegistry, type ReadModelDb, schemaOf } from '@app/projections';
import { allProjections } from '@app/read-models';
import { tablesOf } from './projection';

/**
 * Every row of every projection's active build, as one digest per table (`rows:md5`): two read
 * models that agree here agree row for row. Shared by the crash and durability tests.
 */
export async function projectionDigest(db: ReadModelDb, projections: readonly Projection[] = allProjections): Promise<Record<string, string>> {
  const registry = new ProjectionRegistry(db);
  const digests: Record<string, string> = {};
  for (const projection of projections) {
    const entry = await registry.read(projection.name);
    if (!entry) throw new Error(`projection ${projection.name} has no build in this read-model database`);
    const schema = schemaOf(projection, entry.active.generation, db.baseSchema);
    for (const table of tablesOf(db, projection)) {
      const [row] = await db.transaction(
        (em) => em.query(`SELECT count(*)::text AS rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM "${table}" t`),
        schema,
      );
      digests[`${projection.name}.${table}`] = `${row.rows}:${row.digest}`;
    }
  }
  return digests;
}
