/**
 * Projection catch-up over a realistic month, against the raw read rate of the same events.
 *
 * For each store (PostgreSQL, embedded PGlite on disk): write a month into a fresh store
 * (test/support/month-generator.ts), then, each in a child process of its own so that neither the
 * generation nor the other measurement shows in its peak RSS,
 *  (a) raw read: page through `store.readAll` (limit 5,000) from 0 to the end;
 *  (b) catch-up: a fresh read-model database and a `ProjectionRunner` over `allProjections` (as
 *      listed when the bench runs) from position 0 until `waitFor(head)`, or until the time cap —
 *      then the rate is that of the events the slowest projection had committed.
 * The catch-up also times, by wrapping the store, the read-model database and each projection's
 * `apply`, where its wall time goes: reading, apply (its SQL and the rest), the checkpoint update,
 * and the transaction around them. BENCH_PROJECTIONS_CPU_PROF=1 adds a V8 CPU profile of the
 * catch-up child and prints its heaviest functions.
 *
 * Sizes: BENCH_MONTH_AGENTS (200), BENCH_MONTH_DAYS (22), BENCH_MONTH_CALLS (calls per agent per
 * working day, 100); BENCH_PGLITE_MONTH_AGENTS (PGLITE_DEFAULT_AGENTS) for the embedded store;
 * BENCH_PROJECTION_BATCH (the runner's batchSize; its own default when unset);
 * BENCH_CATCHUP_MAX_SECONDS (CATCH_UP_MAX_SECONDS); BENCH_PROJECTIONS_STORES=postgres,pglite.
 */
import { performance } from 'node:perf_hooks';
import type { ReadAllOptions, RecordedEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import { type Projection, ProjectionRunner, type ReadModelDb, schemaOf } from '@app/projections';
import { openReadModels } from '@app/platform';
import type { MonthShape } from '../test/support/month-generator';
import {
  type AppendMarks,
  type ChildMessage,
  cpuSeconds,
  describeShape,
  dropSchema,
  elapsed,
  fmt,
  generate,
  measureRawRead,
  mib,
  openStore,
  peakRssKiB,
  type ReadResult,
  runChild as runBenchChild,
  sendToParent as send,
  serveChild,
  type StoreTarget,
  summariseProfile,
  tempDir,
  uniqueSchema,
} from './support';

/** The size the issue asks about: 200 agents × 22 working days × 100 calls ≈ 590,000 events. */
export const FULL_MONTH: MonthShape = { agents: 200, days: 22, callsPerAgentPerDay: 100 };
/**
 * The embedded store's default month: the full one too. On the 2-core bench machine the whole
 * PGlite measurement (write, raw read, catch-up) took about 4 minutes at 83f5460, within the
 * ~5 minutes allowed before a smaller default (RESULTS.md); BENCH_PGLITE_MONTH_AGENTS=50 is a
 * quarter of it.
 */
export const PGLITE_DEFAULT_AGENTS = FULL_MONTH.agents;
/** A catch-up that has not reached the head by then is stopped and reported with its rate so far. */
export const CATCH_UP_MAX_SECONDS = 600;
const READ_PAGE = 5000;
const PROGRESS_EVERY_MS = 15_000;

type ReadModelTarget = StoreTarget;

type ChildTask =
  | { task: 'read'; store: StoreTarget; page: number }
  | { task: 'catchup'; store: StoreTarget; readModels: ReadModelTarget; events: number; marks: AppendMarks; batchSize?: number; maxSeconds: number };

interface ApplyStats {
  name: string;
  applySeconds: number;
  sqlSeconds: number;
  statements: number;
  batches: number;
  events: number;
}

interface Breakdown {
  /** Wall time spent inside store.readAll (the runner's subscription pages); can overlap a commit. */
  readSeconds: number;
  readCalls: number;
  /** Wall time of db.transaction, summed over projections (they may run concurrently). */
  transactionSeconds: number;
  transactions: number;
  checkpointSeconds: number;
  applyByProjection: ApplyStats[];
}

interface CatchUpResult {
  task: 'catchup';
  /** Events in the store. */
  events: number;
  /** Events the slowest projection had committed when the clock stopped (all of them when caught up). */
  processed: number;
  seconds: number;
  caughtUp: boolean;
  /** [seconds since start, events processed by the slowest projection], every PROGRESS_EVERY_MS. */
  progress: [number, number][];
  statuses: string[];
  projections: string[];
  tableRows: string[];
  /** How long runner.stop() took; undefined when it had not returned after STOP_GRACE_SECONDS. */
  stopSeconds?: number;
  /** The longest the event loop went without running a timer during the catch-up. */
  longestStallSeconds: number;
  baselineRssMiB: number;
  peakRssMiB: number;
  cpuSeconds: number;
  breakdown: Breakdown;
}

/**
 * A catch-up child reports twice: its measurement as soon as the clock stops, then what `stop()`
 * and the row counts add — stop() can take long, or never return, after a catch-up that kept the
 * event loop busy (see RESULTS.md), and the measurement must not be lost with it.
 */
type AfterStop = { kind: 'after-stop'; stopSeconds: number; statuses: string[]; tableRows: string[] };
/** How long the parent waits for `stop()` and the row counts after the measurement. */
const STOP_GRACE_SECONDS = 150;

export interface ProjectionBenchOptions {
  databaseUrl?: string;
  postgresShape: MonthShape;
  pgliteShape: MonthShape;
  batchSize?: number;
  maxSeconds: number;
  stores: ('postgres' | 'pglite')[];
  cpuProfile: boolean;
}

export interface ProjectionBenchRow {
  store: 'postgres' | 'pglite';
  shape: MonthShape;
  events: number;
  appendSeconds: number;
  read: ReadResult;
  catchUp: CatchUpResult;
  profileTop?: string[];
}

// ---------------------------------------------------------------------------------------------
// Parent side
// ---------------------------------------------------------------------------------------------

/** Runs one measurement in a child process of its own and answers its result. */
function runChild(task: ChildTask, cpuProfileDir?: string): Promise<ReadResult | CatchUpResult> {
  return runBenchChild<ReadResult | CatchUpResult, AfterStop>(__filename, task, {
    childEnv: 'BENCH_PROJECTIONS_CHILD',
    cpuProfileDir,
    onLater: (message, result) => {
      if (result?.task === 'catchup') Object.assign(result, { stopSeconds: message.stopSeconds, statuses: message.statuses, tableRows: message.tableRows });
    },
    grace: {
      seconds: STOP_GRACE_SECONDS,
      warning: `*** runner.stop() and the row counts had not finished ${STOP_GRACE_SECONDS} s after the measurement: the bench child is killed ***`,
    },
  });
}

async function benchStore(kind: 'postgres' | 'pglite', shape: MonthShape, options: ProjectionBenchOptions): Promise<ProjectionBenchRow> {
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    let store: StoreTarget;
    let readModels: ReadModelTarget;
    if (kind === 'postgres') {
      const url = options.databaseUrl!;
      const storeSchema = uniqueSchema('proj_store');
      const rmSchema = uniqueSchema('proj_rm');
      cleanups.push(
        () => dropSchema(url, storeSchema),
        () => dropSchema(url, rmSchema),
      );
      store = { kind, url, schema: storeSchema };
      readModels = { kind, url, schema: rmSchema };
    } else {
      const storeDir = tempDir('bench-proj-store');
      const rmDir = tempDir('bench-proj-readmodels');
      cleanups.push(storeDir.remove, rmDir.remove);
      store = { kind, dataDir: storeDir.path };
      readModels = { kind, dataDir: rmDir.path };
    }
    console.log(`\n[${kind}] generating the month: ${describeShape(shape)} …`);
    const { events, seconds: appendSeconds, marks } = await generate(store, shape);
    console.log(
      `[${kind}] ${fmt(events)} events appended in ${appendSeconds.toFixed(1)} s (${fmt(events / appendSeconds)} events/s, ${fmt(marks.length)} appends)`,
    );

    console.log(`[${kind}] raw read: readAll pages of ${READ_PAGE} from 0 to the end …`);
    const read = (await runChild({ task: 'read', store, page: READ_PAGE })) as ReadResult;
    if (read.events !== events) console.warn(`*** [${kind}] the raw read saw ${read.events} events, the generator appended ${events} ***`);
    console.log(
      `[${kind}] raw read ${fmt(read.events)} events in ${read.seconds.toFixed(1)} s: ${fmt(read.events / read.seconds)} events/s, peak RSS ${read.peakRssMiB} MiB`,
    );

    let profileDir: ReturnType<typeof tempDir> | undefined;
    if (options.cpuProfile) {
      profileDir = tempDir('bench-proj-cpuprof');
      cleanups.push(profileDir.remove);
    }
    console.log(`[${kind}] catch-up: ProjectionRunner from 0 to the head (at most ${options.maxSeconds} s) …`);
    const task: ChildTask = { task: 'catchup', store, readModels, events, marks, batchSize: options.batchSize, maxSeconds: options.maxSeconds };
    const catchUp = (await runChild(task, profileDir?.path)) as CatchUpResult;
    console.log(
      `[${kind}] catch-up ${fmt(catchUp.processed)} of ${fmt(catchUp.events)} events in ${catchUp.seconds.toFixed(1)} s: ` +
        `${fmt(catchUp.processed / catchUp.seconds)} events/s, peak RSS ${catchUp.peakRssMiB} MiB` +
        `${catchUp.caughtUp ? '' : ` — DID NOT CATCH UP within ${options.maxSeconds} s`}`,
    );
    const profileTop = profileDir ? summariseProfile(profileDir.path) : undefined;
    return { store: kind, shape, events, appendSeconds, read, catchUp, profileTop };
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((e: unknown) => console.warn(`cleanup: ${(e as Error).message}`));
  }
}

/** Each store on its own: one that fails is reported in `failures`, and the other is still measured. */
export async function runProjectionBenches(options: ProjectionBenchOptions): Promise<{ rows: ProjectionBenchRow[]; failures: string[] }> {
  const rows: ProjectionBenchRow[] = [];
  const failures: string[] = [];
  const plan: ['postgres' | 'pglite', MonthShape][] = [];
  if (options.stores.includes('postgres')) {
    if (options.databaseUrl) plan.push(['postgres', options.postgresShape]);
    else console.warn('*** PostgreSQL is not reachable: the projection catch-up on PostgreSQL is SKIPPED ***');
  }
  if (options.stores.includes('pglite')) plan.push(['pglite', options.pgliteShape]);
  for (const [kind, shape] of plan) {
    try {
      rows.push(await benchStore(kind, shape, options));
    } catch (error) {
      console.error(`*** [${kind}] projection bench failed: ${(error as Error).message}`);
      failures.push(`${kind}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { rows, failures };
}

/** Rate of the slowest projection between two progress samples. */
function windowRate(progress: [number, number][], from: number, to: number): number {
  const [t0, e0] = progress[from];
  const [t1, e1] = progress[to];
  return (e1 - e0) / (t1 - t0);
}

/** A Markdown table of the catch-up figures, then where each catch-up's wall time went. */
export function renderProjectionReport(rows: readonly ProjectionBenchRow[]): string {
  const header = [
    'store',
    'month',
    'events',
    'append s',
    'append ev/s',
    'raw read s',
    'raw read ev/s',
    'catch-up s',
    'catch-up ev/s',
    'catch-up / raw read',
    'peak RSS catch-up',
    'peak RSS raw read',
    'longest event-loop stall in catch-up',
  ];
  const lines = rows.map((r) => {
    const c = r.catchUp;
    const rate = c.processed / c.seconds;
    return [
      r.store,
      describeShape(r.shape),
      fmt(r.events),
      fmt(r.appendSeconds, 1),
      fmt(r.events / r.appendSeconds),
      fmt(r.read.seconds, 1),
      fmt(r.read.events / r.read.seconds),
      c.caughtUp ? fmt(c.seconds, 1) : `${fmt(c.seconds, 1)} — stopped at ${fmt(c.processed)} events (${((c.processed / c.events) * 100).toFixed(0)} %)`,
      fmt(rate),
      (rate / (r.read.events / r.read.seconds)).toFixed(2),
      `${fmt(c.peakRssMiB)} MiB (${fmt(c.baselineRssMiB)} at start)`,
      `${fmt(r.read.peakRssMiB)} MiB`,
      `${fmt(c.longestStallSeconds, 2)} s`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row), ''];
  for (const r of rows) {
    const c = r.catchUp;
    const b = c.breakdown;
    const pct = (s: number) => `${((s / c.seconds) * 100).toFixed(0)} %`;
    out.push(`${r.store}: ${c.statuses.join('; ')}`);
    out.push(`  rows: ${c.tableRows.join(', ') || 'none'}`);
    if (c.progress.length >= 3) {
      const n = c.progress.length - 1;
      const quarter = Math.max(1, Math.floor(n / 4));
      out.push(
        `  slowest projection's rate over the run: first quarter ${fmt(windowRate(c.progress, 0, quarter))}/s, ` +
          `last quarter ${fmt(windowRate(c.progress, n - quarter, n))}/s (samples every ${PROGRESS_EVERY_MS / 1000} s)`,
      );
    }
    out.push(
      c.stopSeconds === undefined
        ? `  runner.stop() afterwards had not returned after ${STOP_GRACE_SECONDS} s: the process was killed`
        : `  runner.stop() afterwards took ${c.stopSeconds.toFixed(1)} s`,
    );
    out.push(
      `  catch-up wall ${c.seconds.toFixed(1)} s, process CPU ${c.cpuSeconds.toFixed(1)} s (raw read: wall ${r.read.seconds.toFixed(1)} s, CPU ${r.read.cpuSeconds.toFixed(1)} s)`,
    );
    const concurrent = b.applyByProjection.length > 1;
    if (concurrent) out.push(`  wall time summed over the ${b.applyByProjection.length} projections' loops, which run at the same time (so above 100 %):`);
    out.push(`  readAll (the subscriptions' pages): ${b.readSeconds.toFixed(1)} s = ${pct(b.readSeconds)} of wall, ${fmt(b.readCalls)} pages`);
    out.push(`  transactions: ${b.transactionSeconds.toFixed(1)} s = ${pct(b.transactionSeconds)}, ${fmt(b.transactions)} commits, of which`);
    let applied = 0;
    for (const p of b.applyByProjection) {
      applied += p.applySeconds;
      out.push(
        `    apply ${p.name}: ${p.applySeconds.toFixed(1)} s = ${pct(p.applySeconds)} (${fmt(p.batches)} batches, ${fmt(p.events)} events; ` +
          `its SQL ${p.sqlSeconds.toFixed(1)} s in ${fmt(p.statements)} statements, the rest ${(p.applySeconds - p.sqlSeconds).toFixed(1)} s)`,
      );
    }
    out.push(`    checkpoint UPDATE: ${b.checkpointSeconds.toFixed(1)} s = ${pct(b.checkpointSeconds)}`);
    const txOverhead = b.transactionSeconds - applied - b.checkpointSeconds;
    out.push(`    BEGIN/COMMIT/connection: ${txOverhead.toFixed(1)} s = ${pct(txOverhead)}`);
    if (!concurrent)
      out.push(
        `  neither reading nor in a transaction (the runner's own loop, if the two did not overlap): ${(c.seconds - b.readSeconds - b.transactionSeconds).toFixed(1)} s`,
      );
    else if (!r.profileTop) out.push(`  (the loops' wall times overlap; BENCH_PROJECTIONS_CPU_PROF=1 shows where the process's CPU goes)`);
    if (r.profileTop) out.push(`  CPU profile of the catch-up process, by self time:`, ...r.profileTop.map((l) => `    ${l}`));
    out.push('');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Child side
// ---------------------------------------------------------------------------------------------

/**
 * Times every statement `work` sends through the transaction's query runner (TypeORM's query
 * builders and repositories all go through `QueryRunner.query`), then puts the runner back.
 */
async function timingStatements<T>(em: EntityManager, onStatement: (sql: string, seconds: number) => void, work: () => Promise<T>): Promise<T> {
  const runner = em.queryRunner!;
  const query = runner.query.bind(runner);
  Object.assign(runner, {
    query: async (text: string, params?: unknown[], structured?: boolean) => {
      const t0 = performance.now();
      try {
        return await (query as (t: string, p?: unknown[], s?: boolean) => Promise<unknown>)(text, params, structured);
      } finally {
        onStatement(text, elapsed(t0));
      }
    },
  });
  try {
    return await work();
  } finally {
    delete (runner as { query?: unknown }).query;
  }
}

/** The read-model database, timing each transaction and the checkpoint UPDATE inside it. */
function timedReadModels(db: ReadModelDb, b: Breakdown, check: () => void): ReadModelDb {
  return {
    ...db,
    async transaction<T>(work: (em: EntityManager) => Promise<T>, inSchema?: string): Promise<T> {
      const t0 = performance.now();
      try {
        return await db.transaction(
          (em) =>
            timingStatements(
              em,
              (text, seconds) => {
                if (text.startsWith('UPDATE "read_model_checkpoints"')) b.checkpointSeconds += seconds;
              },
              () => work(em),
            ),
          inSchema,
        );
      } finally {
        b.transactionSeconds += elapsed(t0);
        b.transactions++;
        check();
      }
    },
  };
}

/** The projection with its `apply` timed, and the SQL it runs inside apply timed apart. */
function timedProjection(p: Projection, b: Breakdown): Projection {
  const stats: ApplyStats = { name: p.name, applySeconds: 0, sqlSeconds: 0, statements: 0, batches: 0, events: 0 };
  b.applyByProjection.push(stats);
  const wrapped = Object.create(p) as Projection;
  wrapped.apply = async (em, events) => {
    const t0 = performance.now();
    const onStatement = (_text: string, seconds: number) => {
      stats.sqlSeconds += seconds;
      stats.statements++;
    };
    try {
      await timingStatements(em, onStatement, () => p.apply(em, events));
    } finally {
      stats.applySeconds += elapsed(t0);
      stats.batches++;
      stats.events += events.length;
    }
  };
  return wrapped;
}

/** Events up to and including `position`, from the generator's marks (exact at append boundaries). */
function eventsUpTo(marks: AppendMarks, position: bigint): number {
  let lo = 0;
  let hi = marks.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (BigInt(marks[mid][0]) <= position) {
      found = marks[mid][1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Progress samples, the time cap and the longest event-loop stall. `check` runs from a timer and
 * also from the wrapped reads and transactions: on the embedded store a catch-up can run as one
 * chain of promises that never yields to the event loop, so no timer fires until it ends.
 */
class CatchUpClock {
  readonly started = performance.now();
  readonly progress: [number, number][] = [[0, 0]];
  stoppedAt?: { seconds: number; processed: number };
  readonly capped: Promise<void>;
  private capReached!: () => void;
  private longestGapMs = 0;
  private lastTimerAt = this.started;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly kind: string,
    private readonly events: number,
    private readonly maxSeconds: number,
    private readonly processed: () => number,
  ) {
    this.capped = new Promise((resolve) => (this.capReached = resolve));
    this.timer = setInterval(() => {
      const now = performance.now();
      this.longestGapMs = Math.max(this.longestGapMs, now - this.lastTimerAt);
      this.lastTimerAt = now;
      this.check();
    }, 50);
  }

  check(): void {
    if (this.stoppedAt) return;
    const s = elapsed(this.started);
    const [ps, pe] = this.progress[this.progress.length - 1];
    if (s - ps >= PROGRESS_EVERY_MS / 1000) {
      const done = this.processed();
      this.progress.push([s, done]);
      console.log(
        `  [${this.kind}] catch-up ${s.toFixed(0)} s: ${fmt(done)} events (${((done / this.events) * 100).toFixed(0)} %), ` +
          `${fmt((done - pe) / (s - ps))}/s lately, RSS ${fmt(process.memoryUsage().rss / 2 ** 20)} MiB`,
      );
    }
    if (s >= this.maxSeconds && !this.stoppedAt) {
      this.stoppedAt = { seconds: s, processed: this.processed() };
      this.capReached();
    }
  }

  /** The longest time between two runs of a 50 ms timer: how long the event loop was kept from anything else. */
  finish(): number {
    clearInterval(this.timer);
    return Math.max(this.longestGapMs, performance.now() - this.lastTimerAt) / 1000;
  }
}

async function catchUp(task: Extract<ChildTask, { task: 'catchup' }>): Promise<CatchUpResult> {
  // Loaded here, so that the projections are the ones listed when the bench runs.
  const { allProjections } = (await import('@app/read-models')) as { allProjections: readonly Projection[] };
  const store = await openStore(task.store);
  const rm = task.readModels;
  const db = await openReadModels(
    rm.kind === 'postgres' ? { kind: 'postgres', connectionString: rm.url, schema: rm.schema } : { kind: 'pglite', dataDir: rm.dataDir },
  );
  const b: Breakdown = { readSeconds: 0, readCalls: 0, transactionSeconds: 0, transactions: 0, checkpointSeconds: 0, applyByProjection: [] };
  let clock: CatchUpClock | undefined;
  const check = () => clock?.check();
  try {
    const head = await store.headPosition();
    // subscribe() pages through this.readAll: timing the instance's method times the runner's reads.
    const readAll = store.readAll.bind(store);
    (store as { readAll: (o?: ReadAllOptions) => Promise<RecordedEvent[]> }).readAll = async (options) => {
      const t0 = performance.now();
      try {
        return await readAll(options);
      } finally {
        b.readSeconds += elapsed(t0);
        b.readCalls++;
        check();
      }
    };
    const runner = new ProjectionRunner(
      store,
      timedReadModels(db, b, check),
      allProjections.map((p) => timedProjection(p, b)),
      {
        batchSize: task.batchSize,
        log: (m) => console.warn(`  runner: ${m}`),
      },
    );
    const slowest = () =>
      eventsUpTo(
        task.marks,
        runner.status().reduce((min, s) => (s.checkpoint < min ? s.checkpoint : min), head),
      );
    const baselineKiB = peakRssKiB();
    const cpu0 = cpuSeconds();
    clock = new CatchUpClock(task.store.kind, task.events, task.maxSeconds, slowest);
    await runner.start();
    const caughtUp = await Promise.race([runner.waitFor(head, task.maxSeconds * 1000), clock.capped.then(() => false)]);
    const seconds = clock.stoppedAt?.seconds ?? elapsed(clock.started);
    const processed = caughtUp ? task.events : (clock.stoppedAt?.processed ?? slowest());
    const cpu = cpuSeconds() - cpu0;
    const peakKiB = peakRssKiB();
    clock.progress.push([seconds, processed]);
    const longestStallSeconds = clock.finish();
    const statusLines = () =>
      runner.status().map((s) => `${s.name} v${s.version} ${s.state}${s.failure ? ` at ${s.failure.type} ${s.failure.position}: ${s.failure.message}` : ''}`);
    const result: CatchUpResult = {
      task: 'catchup',
      events: task.events,
      processed,
      seconds,
      caughtUp,
      progress: clock.progress,
      statuses: statusLines(),
      projections: allProjections.map((p) => `${p.name} v${p.version}`),
      tableRows: [],
      longestStallSeconds,
      baselineRssMiB: mib(baselineKiB),
      peakRssMiB: mib(peakKiB),
      cpuSeconds: cpu,
      breakdown: b,
    };
    await sendToParent({ kind: 'result', result });
    const s0 = performance.now();
    await runner.stop();
    const stopSeconds = elapsed(s0);
    // Every read-model table, whatever the runner names them: a sanity check that rows were written.
    const tableRows: string[] = [];
    for (const projection of allProjections) {
      const schema = schemaOf(projection, (await runner.registry.read(projection.name))!.active.generation, db.baseSchema);
      const tables: { name: string }[] = await db.manager.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY 1`, [schema]);
      for (const { name } of tables) {
        const [{ n }] = await db.transaction((em) => em.query(`SELECT count(*)::text AS n FROM "${name}"`), schema);
        tableRows.push(`${schema}.${name} ${fmt(Number(n))}`);
      }
    }
    await sendToParent({ kind: 'after-stop', stopSeconds, statuses: statusLines(), tableRows });
    return result;
  } finally {
    await db.close();
    await store.close();
  }
}

const sendToParent = (message: ChildMessage<ReadResult | CatchUpResult, AfterStop>) => send(message);

async function child(task: ChildTask): Promise<void> {
  if (task.task === 'catchup') {
    await catchUp(task);
    return;
  }
  await sendToParent({ kind: 'result', result: await measureRawRead(task.store, task.page) });
}

if (require.main === module && process.env.BENCH_PROJECTIONS_CHILD) serveChild(child);
