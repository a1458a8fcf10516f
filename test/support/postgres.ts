import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * A suite that needs an external server reads its address from `varName`. Without it the suite
 * says so loudly and registers a single test that reports the skip, so that a run never passes
 * silently on nothing.
 */
export function envOrSkip(varName: string, suite: string, hint = ''): string | undefined {
  const value = process.env[varName];
  if (!value) {
    const why = `SKIPPED: ${suite} — ${varName} is not set${hint ? ` (${hint})` : ''}`;
    process.stderr.write(`\n*** ${why} ***\n\n`);
    it.skip(why, () => undefined);
  }
  return value;
}

/** The PostgreSQL suites need DATABASE_URL. */
export function postgresUrlOrSkip(suite: string): string | undefined {
  return envOrSkip('DATABASE_URL', suite, '.ci/run sets it to the local PostgreSQL');
}

export function uniqueSchema(prefix: string): string {
  return `t_${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** Drops the schema, and the read models' build schemas beside it (`<schema>_rm_…`). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const builds = await client.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)`, [`${schema}_rm_`]);
    for (const name of [schema, ...builds.rows.map((r) => r.name)]) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}
