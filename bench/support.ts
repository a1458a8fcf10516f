import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** One line of the printed table. */
export interface BenchRow {
  bench: string;
  store: 'pglite' | 'postgres';
  concurrency: number;
  /** Appends or HTTP requests completed. */
  operations: number;
  seconds: number;
  /** Events/s for appends, 2xx requests/s for HTTP. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** HTTP only: responses outside 2xx plus socket errors. */
  failures?: number;
  note?: string;
}

export function uniqueSchema(prefix: string): string {
  return `bench_${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

export async function withPg<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function dropSchema(url: string, schema: string): Promise<void> {
  return withPg(url, async (c) => {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
}

/** A fresh directory on the real disk (not tmpfs here: /tmp is on the root volume). */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Nearest-rank percentile of an already sorted array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  postgresSettings: string;
  pglite: string;
}

export async function describeMachine(databaseUrl: string | undefined): Promise<Machine> {
  let postgres = 'not reachable';
  let postgresSettings = '';
  if (databaseUrl) {
    try {
      await withPg(databaseUrl, async (c) => {
        postgres = (await c.query<{ v: string }>('SELECT version() AS v')).rows[0].v.split(' on ')[0];
        const settings = await c.query<{ name: string; setting: string }>(
          `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections') ORDER BY name`,
        );
        postgresSettings = settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ');
      });
    } catch (error) {
      postgres = `not reachable (${(error as Error).message})`;
    }
  }
  const pgliteVersion = packageVersion('@electric-sql/pglite');
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    postgresSettings,
    pglite: `@electric-sql/pglite ${pgliteVersion}`,
  };
}

/** The installed version; read from disk because the package's `exports` hide its package.json. */
function packageVersion(name: string): string {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
    if (pkg.name === name) return pkg.version;
  }
  return 'unknown';
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';

/** A Markdown table, so that the output can be pasted into RESULTS.md as it is. */
export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['bench', 'store', 'concurrency', 'ops', 'seconds', 'per second', 'p50 ms', 'p99 ms', 'non-2xx', 'note'];
  const lines = rows.map((r) => [
    r.bench,
    r.store,
    String(r.concurrency),
    fmt(r.operations),
    fmt(r.seconds, 1),
    fmt(r.perSecond),
    fmt(r.p50Ms, 2),
    fmt(r.p99Ms, 2),
    r.failures === undefined ? '—' : String(r.failures),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}
