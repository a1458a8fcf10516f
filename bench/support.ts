import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPgliteEventStore, createPostgresEventStore, type EventStore } from '@app/event-store';
import { Client } from 'pg';
import { appendMonth, type MonthShape } from '../test/support/month-generator';

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
  /** Appends and global reads: our store's rate ÷ Emmett's and ÷ raw pg's, measured side by side in this run. */
  oursPerEmmett?: number;
  oursPerRaw?: number;
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

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';

/** A Markdown table, so that the output can be pasted into RESULTS.md as it is. */
export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['bench', 'store', 'concurrency', 'ops', 'seconds', 'per second', 'p50 ms', 'p99 ms', 'non-2xx', 'ours ÷ Emmett', 'ours ÷ raw', 'note'];
  const ratio = (r: number | undefined) => (r === undefined ? '—' : fmt(r, 2));
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
    ratio(r.oursPerEmmett),
    ratio(r.oursPerRaw),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// A month in a store, measured in child processes (bench/projections.ts, bench/payroll.ts)
// ---------------------------------------------------------------------------------------------

export type StoreTarget = { kind: 'postgres'; url: string; schema: string } | { kind: 'pglite'; dataDir: string };

/** [position of the last event of an append, as text; events appended up to and including it]. */
export type AppendMarks = [string, number][];

export const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;
/**
 * Peak resident set of this process so far, KiB (Linux). In a forked child this is at least the
 * parent's resident set at the fork: Linux keeps ru_maxrss across exec (`ownPeakRssKiB` does not).
 */
export const peakRssKiB = () => process.resourceUsage().maxRSS;

/** This process's own peak resident set, KiB: VmHWM, which exec starts afresh (`peakRssKiB` where there is no /proc). */
export function ownPeakRssKiB(): number {
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '');
  return hwm ? Number(hwm[1]) : peakRssKiB();
}

export const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
export const elapsed = (since: number) => (performance.now() - since) / 1000;
export const describeShape = (s: MonthShape) => `${s.agents} agents × ${s.days} days × ${s.callsPerAgentPerDay} calls`;

export function openStore(target: StoreTarget): Promise<EventStore> {
  return target.kind === 'postgres'
    ? createPostgresEventStore({ connectionString: target.url, schema: target.schema })
    : createPgliteEventStore({ dataDir: target.dataDir });
}

/**
 * Writes the month into a fresh store, printing progress, and notes after each append how many
 * events lie up to its position (so that a checkpoint can be turned into an event count). The
 * store is closed afterwards: the embedded one's directory can only be open in one process.
 */
export async function generate(target: StoreTarget, shape: MonthShape): Promise<{ events: number; seconds: number; marks: AppendMarks }> {
  const store = await openStore(target);
  const marks: AppendMarks = [];
  let appended = 0;
  const append = store.append.bind(store);
  store.append = async (streamId, events, expected) => {
    const result = await append(streamId, events, expected);
    appended += events.length;
    marks.push([result.position.toString(), appended]);
    return result;
  };
  try {
    const started = performance.now();
    let nextReport = 100_000;
    const events = await appendMonth(store, shape, (total) => {
      if (total < nextReport) return;
      const s = elapsed(started);
      console.log(`  [${target.kind}] appended ${fmt(total)} events in ${s.toFixed(0)} s (${fmt(total / s)}/s)`);
      nextReport += 100_000;
    });
    return { events, seconds: elapsed(started), marks };
  } finally {
    await store.close();
  }
}

/** What a bench child sends: its result as soon as the clock stops, or its error, or what it adds afterwards (`Later`). */
export type ChildMessage<Result, Later = never> = { kind: 'result'; result: Result } | { kind: 'error'; error: string } | Later;

export interface ChildOptions<Result, Later> {
  /** Set to 1 in the child's environment: the module serves the task only then. */
  childEnv: string;
  /** Adds a V8 CPU profile of the child, written into this directory. */
  cpuProfileDir?: string;
  /** Every message after the result that is neither a result nor an error. */
  onLater?: (message: Later, result: Result | undefined) => void;
  /** After its result, the child is killed if it has not exited within `seconds` (saying `warning`). */
  grace?: { seconds: number; warning: string };
}

/**
 * Runs one measurement in a child process of its own (`file`, which calls `serveChild` when
 * `childEnv` is set), so that its peak RSS is its own, and answers its result.
 */
export function runChild<Result, Later extends { kind: string } = never>(
  file: string,
  task: { task: string },
  options: ChildOptions<Result, Later>,
): Promise<Result> {
  const execArgv = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
  if (options.cpuProfileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  const child: ChildProcess = fork(file, [], {
    execArgv,
    env: { ...process.env, [options.childEnv]: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let result: Result | undefined;
    let error: string | undefined;
    let grace: NodeJS.Timeout | undefined;
    child.on('message', (message: ChildMessage<Result, Later>) => {
      if (message.kind === 'error') error = (message as { error: string }).error;
      else if (message.kind === 'result') {
        result = (message as { result: Result }).result;
        const g = options.grace;
        if (g) {
          grace = setTimeout(() => {
            console.warn(g.warning);
            child.kill('SIGKILL');
          }, g.seconds * 1000);
        }
      } else options.onLater?.(message as Later, result);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(grace);
      if (error) reject(new Error(`bench child (${task.task}) failed: ${error}`));
      else if (result) resolve(result);
      else reject(new Error(`bench child (${task.task}) exited with ${code ?? signal} without a result`));
    });
    child.send(task);
  });
}

export const sendToParent = <Result, Later>(message: ChildMessage<Result, Later>) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));

/** The child's side of `runChild`: serves the one task it is sent, then exits. */
export function serveChild<Task>(serve: (task: Task) => Promise<void>): void {
  process.once('message', (task: Task) => {
    serve(task)
      // Exit rather than wait for stray timers; --cpu-prof still writes its profile on exit.
      .then(() => process.exit(0))
      .catch(async (error: unknown) => {
        await sendToParent({ kind: 'error', error: (error as Error).stack ?? String(error) });
        process.exit(1);
      });
  });
}

/** The heaviest functions of a V8 CPU profile, by self time. */
export function summariseProfile(dir: string, top = 15): string[] {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return ['(no profile written)'];
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    total += delta;
    const frame = byId.get(id)!.callFrame;
    const url = frame.url
      .replace(/^file:\/\//, '')
      .replace(/^.*\/node_modules\//, 'node_modules/')
      .replace(`${process.cwd()}/`, '');
    const key = `${frame.functionName || '(anonymous)'}${url ? ` ${url}:${frame.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + delta);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(1).padStart(6)} s  ${key}`);
}

export interface ReadResult {
  task: 'read';
  events: number;
  seconds: number;
  /** readAll calls, the last one empty. */
  pages: number;
  /** Of `seconds`, the time the event loop sat idle: waiting for the database rather than computing. */
  idleSeconds: number;
  baselineRssMiB: number;
  peakRssMiB: number;
  cpuSeconds: number;
}

/** Pages through `store.readAll` from 0 until a page comes back empty, doing nothing with the events. */
export async function rawRead(store: EventStore, page: number, types?: readonly string[]): Promise<{ events: number; seconds: number; pages: number }> {
  const started = performance.now();
  let fromPosition = 0n;
  let events = 0;
  let pages = 0;
  for (;;) {
    const batch = await store.readAll({ fromPosition, limit: page, types });
    pages++;
    if (batch.length === 0) break;
    events += batch.length;
    fromPosition = batch[batch.length - 1].position;
  }
  return { events, seconds: elapsed(started), pages };
}

/** The raw read as a child measures it: its peak RSS (by `peakKiB`), CPU and time. */
export async function measureRawRead(
  target: StoreTarget,
  page: number,
  { types, peakKiB = peakRssKiB }: { types?: readonly string[]; peakKiB?: () => number } = {},
): Promise<ReadResult> {
  const store = await openStore(target);
  try {
    const baselineKiB = peakKiB();
    const cpu0 = cpuSeconds();
    const loop0 = performance.eventLoopUtilization();
    const { events, seconds, pages } = await rawRead(store, page, types);
    const idleSeconds = performance.eventLoopUtilization(loop0).idle / 1000;
    return { task: 'read', events, seconds, pages, idleSeconds, baselineRssMiB: mib(baselineKiB), peakRssMiB: mib(peakKiB()), cpuSeconds: cpuSeconds() - cpu0 };
  } finally {
    await store.close();
  }
}
