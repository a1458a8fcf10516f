/**
 * Payroll's replay of a month from the store, against the raw read rate of the same events.
 *
 * A month (test/support/month-generator.ts, as bench/projections.ts writes it) goes into a fresh
 * PostgreSQL store, which is then ANALYZEd (BENCH_PAYROLL_ANALYZE=0 skips it): autovacuum is off on
 * the bench's server, and without statistics the planner reads each type-filtered page through
 * es_events_type_position, fetching and sorting every later pay event, so that a page costs what is
 * left of the log (RESULTS.md). Then, each in a child process of its own so that its peak RSS is its own,
 *  (a) raw read: `store.readAll` over the pay event types (PAY_EVENT_TYPES), pages of 5,000 — the
 *      reference the aim was set against, when the replay read pages of 5,000 too — from 0 until a
 *      page comes back empty, doing nothing with the events;
 *  (b) replay: `replayFromStore(store, month, { asOf: 'now' })`, as `npm run payroll -- replay`
 *      and POST /api/payroll/:month/replay run it.
 * Each reports its wall time, the event loop's idle part of it (waiting for the database), process
 * CPU and its own peak RSS (VmHWM: a forked child's ru_maxrss starts at the parent's resident set).
 * (a) and (b) alternate for BENCH_PAYROLL_ROUNDS rounds (2), since the machine is shared.
 * The replay reads pages of REPLAY_PAGE (1,000), so one more raw read in those pages, not counted
 * in the rounds, shows the replay against a read of exactly its own queries.
 * Then (c) breakdown: the replay's steps one after the other, each timed — read (in the replay's
 * pages), upcast + fold, and `replayMonth`, itself split into `countedMonthInput` and `computeMonth`
 * (the engine alone) — and the memory the folded history holds, on the heap and in array buffers.
 * BENCH_PAYROLL_CPU_PROF=1 adds one more raw read and replay, not counted, under the V8 CPU
 * profiler, and prints their heaviest functions.
 * Sizes: BENCH_MONTH_AGENTS, BENCH_MONTH_DAYS, BENCH_MONTH_CALLS, as for the projection bench.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { computeMonth, countedMonthInput, domainUpcasters, emptyPayHistory, foldPayEvent, PAY_EVENT_TYPES, replayMonth, type Statement } from '@app/domain';
import { type EventStore, type ReadAllOptions, type RecordedEvent, UpcasterRegistry } from '@app/event-store';
import { REPLAY_PAGE, replayFromStore } from '@app/pay-replay';
import type { MonthShape } from '../test/support/month-generator';
import {
  cpuSeconds,
  describeShape,
  dropSchema,
  elapsed,
  fmt,
  generate,
  measureRawRead,
  mib,
  openStore,
  ownPeakRssKiB,
  type ReadResult,
  runChild as runBenchChild,
  sendToParent,
  serveChild,
  type StoreTarget,
  summariseProfile,
  tempDir,
  uniqueSchema,
  withPg,
} from './support';

/** The raw read's page: replayFromStore's until it read pages of REPLAY_PAGE, and what the aim was set against. */
const READ_PAGE = 5000;
/** The month the generator writes from (its default `firstDay`, 2026-10-01). */
const MONTH = '2026-10';
/** The aim of issue 4: a replay within 80 % of the raw read rate of the same events. */
export const REPLAY_AIM = 0.8;
export const DEFAULT_ROUNDS = 2;

type ChildTask =
  | { task: 'read'; store: StoreTarget; page: number; types: readonly string[]; cpuProfileDir?: string }
  | { task: 'replay'; store: StoreTarget; month: string; cpuProfileDir?: string }
  | { task: 'breakdown'; store: StoreTarget; month: string };

/** What a month's statements come to: the same bytes, the same digest. */
interface Outcome {
  statements: number;
  lines: number;
  totalFen: number;
  /** sha256 of the statements' JSON, first 16 hex digits. */
  digest: string;
}

/** The raw read's measures (`pages`: readAll calls), and what the statements came to. */
interface ReplayResult extends Omit<ReadResult, 'task'>, Outcome {
  task: 'replay';
}

interface BreakdownResult extends Outcome {
  task: 'breakdown';
  events: number;
  readSeconds: number;
  foldSeconds: number;
  replayMonthSeconds: number;
  monthInputSeconds: number;
  computeMonthSeconds: number;
  calls: number;
  deals: number;
  people: number;
  peakRssMiB: number;
  /** Heap in use after a full GC, before the read and once everything is folded: what the history holds. */
  heapBeforeMiB: number;
  heapFoldedMiB: number;
  /** The same for array buffers, off the heap: the call log's columns. */
  arrayBuffersBeforeMiB: number;
  arrayBuffersFoldedMiB: number;
}

export interface PayrollBenchOptions {
  databaseUrl?: string;
  shape: MonthShape;
  rounds: number;
  /** ANALYZE the store's events after writing them, as autovacuum would have by then. */
  analyze: boolean;
  cpuProfile: boolean;
}

export interface PayrollBenchRow {
  shape: MonthShape;
  month: string;
  /** Every event the generator appended. */
  storeEvents: number;
  appendSeconds: number;
  /** How long ANALYZE es_events took; undefined when skipped. */
  analyzeSeconds?: number;
  rounds: { read: ReadResult; replay: ReplayResult }[];
  /** One more raw read, in the replay's own pages (REPLAY_PAGE), after the rounds. */
  readAtReplayPage: ReadResult;
  breakdown: BreakdownResult;
  /** BENCH_PAYROLL_CPU_PROF=1: one more raw read and replay, not counted in the rounds, with their heaviest functions. */
  profiled: Profiled[];
}

interface Profiled {
  of: 'read' | 'replay';
  seconds: number;
  top: string[];
}

const runChild = <R>(task: ChildTask) => runBenchChild<R>(__filename, task, { childEnv: 'BENCH_PAYROLL_CHILD' });

// ---------------------------------------------------------------------------------------------
// Parent side
// ---------------------------------------------------------------------------------------------

export async function runPayrollBench(options: PayrollBenchOptions): Promise<PayrollBenchRow | undefined> {
  if (!options.databaseUrl) {
    console.warn('*** PostgreSQL is not reachable: the payroll replay bench is SKIPPED ***');
    return undefined;
  }
  const url = options.databaseUrl;
  const schema = uniqueSchema('pay_store');
  const store: StoreTarget = { kind: 'postgres', url, schema };
  const profileDir = options.cpuProfile ? tempDir('bench-pay-cpuprof') : undefined;
  try {
    console.log(`\n[payroll] generating the month: ${describeShape(options.shape)} …`);
    const { events: storeEvents, seconds: appendSeconds } = await generate(store, options.shape);
    console.log(`[payroll] ${fmt(storeEvents)} events appended in ${appendSeconds.toFixed(1)} s (${fmt(storeEvents / appendSeconds)} events/s)`);
    let analyzeSeconds: number | undefined;
    if (options.analyze) {
      const t0 = performance.now();
      await withPg(url, (c) => c.query(`ANALYZE ${schema}.es_events`));
      analyzeSeconds = elapsed(t0);
      console.log(`[payroll] ANALYZE es_events: ${analyzeSeconds.toFixed(1)} s`);
    }

    const rounds: PayrollBenchRow['rounds'] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const read = await runChild<ReadResult>({ task: 'read', store, page: READ_PAGE, types: PAY_EVENT_TYPES });
      console.log(
        `[payroll] round ${round}: raw read of the pay events ${fmt(read.events)} in ${read.seconds.toFixed(1)} s: ` +
          `${fmt(read.events / read.seconds)} events/s, peak RSS ${read.peakRssMiB} MiB`,
      );
      const replay = await runChild<ReplayResult>({ task: 'replay', store, month: MONTH });
      console.log(
        `[payroll] round ${round}: replay of ${MONTH} ${fmt(replay.events)} events in ${replay.seconds.toFixed(1)} s: ` +
          `${fmt(replay.events / replay.seconds)} events/s (${(replay.events / replay.seconds / (read.events / read.seconds)).toFixed(2)} of the raw read), ` +
          `peak RSS ${replay.peakRssMiB} MiB; ${replay.statements} statements, total ${fmt(replay.totalFen)} fen, digest ${replay.digest}`,
      );
      rounds.push({ read, replay });
    }
    const readAtReplayPage = await runChild<ReadResult>({ task: 'read', store, page: REPLAY_PAGE, types: PAY_EVENT_TYPES });
    console.log(
      `[payroll] raw read in the replay's pages of ${fmt(REPLAY_PAGE)}: ${fmt(readAtReplayPage.events)} in ${readAtReplayPage.seconds.toFixed(1)} s: ` +
        `${fmt(rate(readAtReplayPage))} events/s, peak RSS ${readAtReplayPage.peakRssMiB} MiB`,
    );
    console.log(`[payroll] breakdown: read, fold and engine one after the other …`);
    const breakdown = await runChild<BreakdownResult>({ task: 'breakdown', store, month: MONTH });
    const profiled: Profiled[] = [];
    for (const of of profileDir ? (['read', 'replay'] as const) : []) {
      const dir = join(profileDir!.path, of);
      mkdirSync(dir);
      const task: ChildTask =
        of === 'read'
          ? { task: 'read', store, page: READ_PAGE, types: PAY_EVENT_TYPES, cpuProfileDir: dir }
          : { task: 'replay', store, month: MONTH, cpuProfileDir: dir };
      const { seconds } = await runChild<ReadResult | ReplayResult>(task);
      console.log(`[payroll] one more ${of === 'read' ? 'raw read' : 'replay'}, under the CPU profiler: ${seconds.toFixed(1)} s`);
      profiled.push({ of, seconds, top: summariseProfile(dir, 20) });
    }
    return { shape: options.shape, month: MONTH, storeEvents, appendSeconds, analyzeSeconds, rounds, readAtReplayPage, breakdown, profiled };
  } finally {
    profileDir?.remove();
    await dropSchema(url, schema).catch((e: unknown) => console.warn(`cleanup: ${(e as Error).message}`));
  }
}

const rate = (r: { events: number; seconds: number }) => r.events / r.seconds;

/**
 * The ratio of each round (a replay against the raw read just before it, so under about the same
 * load), their median, which is what the aim is judged on, and the best rate of each measurement.
 */
export function payrollSummary(row: PayrollBenchRow) {
  const bestRead = Math.max(...row.rounds.map((r) => rate(r.read)));
  const bestReplay = Math.max(...row.rounds.map((r) => rate(r.replay)));
  const ratios = row.rounds.map((r) => rate(r.replay) / rate(r.read)).sort((a, b) => a - b);
  const middle = ratios.length >> 1;
  const ratio = ratios.length % 2 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2;
  const mismatches = row.rounds.flatMap((r, i) => [
    ...(r.read.events !== r.replay.events ? [`round ${i + 1}: the raw read saw ${r.read.events} pay events, the replay folded ${r.replay.events}`] : []),
    ...(r.replay.digest !== row.breakdown.digest
      ? [`round ${i + 1}: the replay's statements (${r.replay.digest}) differ from the breakdown's (${row.breakdown.digest})`]
      : []),
  ]);
  return { bestRead, bestReplay, ratios, ratio, mismatches };
}

/** A Markdown table, one line per round, then the breakdown. */
export function renderPayrollReport(row: PayrollBenchRow): string {
  const header = [
    'round',
    'events (pay / in store)',
    'raw read s',
    'raw read ev/s',
    'replay s',
    'replay ev/s',
    'replay / raw read',
    'peak RSS raw read',
    'peak RSS replay',
    'event loop idle: raw read / replay',
  ];
  const lines = row.rounds.map(({ read, replay }, i) => [
    String(i + 1),
    `${fmt(replay.events)} / ${fmt(row.storeEvents)}`,
    fmt(read.seconds, 1),
    fmt(rate(read)),
    fmt(replay.seconds, 1),
    fmt(rate(replay)),
    (rate(replay) / rate(read)).toFixed(2),
    `${fmt(read.peakRssMiB)} MiB (${fmt(read.baselineRssMiB)} at start)`,
    `${fmt(replay.peakRssMiB)} MiB (${fmt(replay.baselineRssMiB)} at start)`,
    `${fmt(read.idleSeconds, 1)} s / ${fmt(replay.idleSeconds, 1)} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const tableRow = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const { bestRead, bestReplay, ratios, ratio } = payrollSummary(row);
  const b = row.breakdown;
  const sum = b.readSeconds + b.foldSeconds + b.replayMonthSeconds;
  const pct = (s: number) => `${((s / sum) * 100).toFixed(0)} %`;
  const out = [
    `payroll replay of ${row.month}, month of ${describeShape(row.shape)}; ${fmt(row.storeEvents)} events appended in ${fmt(row.appendSeconds, 1)} s, ` +
      (row.analyzeSeconds === undefined ? 'es_events NOT analyzed (BENCH_PAYROLL_ANALYZE=0)' : `then ANALYZE es_events (${fmt(row.analyzeSeconds, 1)} s)`),
    '',
    tableRow(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(tableRow),
    '',
    `replay / raw read, median of ${row.rounds.length} rounds: ${ratio.toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(', ')}); ` +
      `aim ≥ ${REPLAY_AIM}: ${ratio >= REPLAY_AIM ? 'met' : 'NOT met'}. Best rates: raw read ${fmt(bestRead)} events/s, replay ${fmt(bestReplay)} events/s`,
    readAtReplayPageLine(row),
    `process CPU per round: raw read ${row.rounds.map((r) => fmt(r.read.cpuSeconds, 1)).join(' / ')} s, replay ${row.rounds.map((r) => fmt(r.replay.cpuSeconds, 1)).join(' / ')} s ` +
      `(raw read / replay: ${row.rounds.map((r) => (r.read.cpuSeconds / r.replay.cpuSeconds).toFixed(2)).join(', ')}); ` +
      `readAll pages: raw read ${row.rounds[0].read.pages} (the last one empty), replay ${row.rounds[0].replay.pages}`,
    `statements: ${b.statements} (${fmt(b.lines)} lines, ${fmt(b.people)} people, ${fmt(b.calls)} calls, ${fmt(b.deals)} deals in ${row.month}), total ${fmt(b.totalFen)} fen, digest ${b.digest}`,
    `breakdown, the steps one after the other (${fmt(sum, 1)} s; peak RSS ${fmt(b.peakRssMiB)} MiB; after a full GC, live heap ` +
      `${fmt(b.heapBeforeMiB)} MiB before the read and ${fmt(b.heapFoldedMiB)} MiB with the history folded, array buffers ` +
      `${fmt(b.arrayBuffersBeforeMiB)} and ${fmt(b.arrayBuffersFoldedMiB)} MiB = ` +
      `${fmt(((b.heapFoldedMiB - b.heapBeforeMiB + b.arrayBuffersFoldedMiB - b.arrayBuffersBeforeMiB) * 2 ** 20) / b.events)} B per pay event):`,
    `  read (readAll, pages of ${REPLAY_PAGE}):         ${fmt(b.readSeconds, 1).padStart(6)} s = ${pct(b.readSeconds)}`,
    `  upcast + foldPayEvent:                ${fmt(b.foldSeconds, 1).padStart(6)} s = ${pct(b.foldSeconds)} (${fmt((b.foldSeconds / b.events) * 1e6, 2)} µs per event)`,
    `  replayMonth:                          ${fmt(b.replayMonthSeconds, 1).padStart(6)} s = ${pct(b.replayMonthSeconds)}, of which, timed apart:`,
    `    countedMonthInput:                  ${fmt(b.monthInputSeconds, 2).padStart(6)} s`,
    `    computeMonth (the engine alone):    ${fmt(b.computeMonthSeconds, 2).padStart(6)} s`,
  ];
  for (const p of row.profiled) {
    out.push(
      `CPU profile of one more ${p.of === 'read' ? 'raw read' : 'replay'} (${fmt(p.seconds, 1)} s under the profiler, the measured part only), by self time:`,
      ...p.top.map((l) => `  ${l}`),
    );
  }
  return out.join('\n');
}

/** The raw read in the replay's own pages, and each round's replay against it. */
function readAtReplayPageLine(row: PayrollBenchRow): string {
  const r = row.readAtReplayPage;
  const ratios = row.rounds.map(({ replay }) => (rate(replay) / rate(r)).toFixed(2));
  return (
    `raw read in the replay's pages of ${fmt(REPLAY_PAGE)} (once, after the rounds): ${fmt(r.seconds, 1)} s, ${fmt(rate(r))} events/s, ` +
    `process CPU ${fmt(r.cpuSeconds, 1)} s, event loop idle ${fmt(r.idleSeconds, 1)} s, peak RSS ${fmt(r.peakRssMiB)} MiB (${fmt(r.baselineRssMiB)} at start); ` +
    `each round's replay against it: ${ratios.join(', ')}`
  );
}

// ---------------------------------------------------------------------------------------------
// Child side
// ---------------------------------------------------------------------------------------------

function outcome(statements: readonly Statement[]): Outcome {
  return {
    statements: statements.length,
    lines: statements.reduce((n, s) => n + s.lines.length, 0),
    totalFen: statements.reduce((n, s) => n + s.totalFen, 0),
    digest: createHash('sha256').update(JSON.stringify(statements)).digest('hex').slice(0, 16),
  };
}

/** The V8 CPU profiler over just the measured part (--cpu-prof would add the child's start-up). */
async function startProfiler(): Promise<{ stop: () => Promise<object> }> {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<{ profile?: object }>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result as { profile?: object }))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await post('Profiler.stop');
      session.disconnect();
      return profile!;
    },
  };
}

/** The store, counting its `readAll` calls. */
function countedReads(store: EventStore, count: { pages: number }): EventStore {
  const readAll = store.readAll.bind(store);
  (store as { readAll: (o?: ReadAllOptions) => Promise<RecordedEvent[]> }).readAll = (options) => {
    count.pages++;
    return readAll(options);
  };
  return store;
}

async function replay(task: Extract<ChildTask, { task: 'replay' }>): Promise<ReplayResult> {
  const reads = { pages: 0 };
  const store = countedReads(await openStore(task.store), reads);
  try {
    const profiler = task.cpuProfileDir ? await startProfiler() : undefined;
    const baselineKiB = ownPeakRssKiB();
    const cpu0 = cpuSeconds();
    const loop0 = performance.eventLoopUtilization();
    const started = performance.now();
    let events = 0;
    const result = await replayFromStore(store, task.month, { asOf: 'now' }, (_position, _head, n) => (events = n));
    const seconds = elapsed(started);
    const cpu = cpuSeconds() - cpu0;
    const idleSeconds = performance.eventLoopUtilization(loop0).idle / 1000;
    const peakKiB = ownPeakRssKiB();
    if (profiler) writeFileSync(join(task.cpuProfileDir!, 'replay.cpuprofile'), JSON.stringify(await profiler.stop()));
    return {
      task: 'replay',
      events,
      seconds,
      pages: reads.pages,
      idleSeconds,
      baselineRssMiB: mib(baselineKiB),
      peakRssMiB: mib(peakKiB),
      cpuSeconds: cpu,
      ...outcome(result.statements),
    };
  } finally {
    await store.close();
  }
}

/** Heap and array buffers in use after a full collection, MiB (the child is not started with --expose-gc). */
function liveMemoryMiB(): { heap: number; arrayBuffers: number } {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heap: mib(heapUsed / 1024), arrayBuffers: mib(arrayBuffers / 1024) };
}

/**
 * replayFromStore's steps, in its order but without reading ahead, each timed on its own, and with
 * the registry's upcast of every event: a plain fold, whose statements the replay's must equal.
 */
async function breakdown(task: Extract<ChildTask, { task: 'breakdown' }>): Promise<BreakdownResult> {
  const store = await openStore(task.store);
  try {
    const before = liveMemoryMiB();
    const upcasters = new UpcasterRegistry(domainUpcasters);
    const history = emptyPayHistory();
    let readSeconds = 0;
    let foldSeconds = 0;
    let events = 0;
    for (let from = 0n; ;) {
      const t0 = performance.now();
      const page = await store.readAll({ fromPosition: from, types: PAY_EVENT_TYPES, limit: REPLAY_PAGE });
      readSeconds += elapsed(t0);
      if (page.length === 0) break;
      const t1 = performance.now();
      for (const event of page) foldPayEvent(history, upcasters.upcast(event));
      foldSeconds += elapsed(t1);
      events += page.length;
      from = page[page.length - 1].position;
    }
    const peakRssMiB = mib(ownPeakRssKiB());
    const folded = liveMemoryMiB();
    const t2 = performance.now();
    const result = replayMonth(history, task.month, { asOf: 'now' });
    const replayMonthSeconds = elapsed(t2);
    const t3 = performance.now();
    const input = countedMonthInput(history, task.month);
    const monthInputSeconds = elapsed(t3);
    const t4 = performance.now();
    computeMonth(input);
    const computeMonthSeconds = elapsed(t4);
    return {
      task: 'breakdown',
      events,
      readSeconds,
      foldSeconds,
      replayMonthSeconds,
      monthInputSeconds,
      computeMonthSeconds,
      calls: [...input.callsByAgent.values()].reduce((n, calls) => n + calls.dials, 0),
      deals: input.deals.length,
      people: input.people.length,
      peakRssMiB,
      heapBeforeMiB: before.heap,
      heapFoldedMiB: folded.heap,
      arrayBuffersBeforeMiB: before.arrayBuffers,
      arrayBuffersFoldedMiB: folded.arrayBuffers,
      ...outcome(result.statements),
    };
  } finally {
    await store.close();
  }
}

async function child(task: ChildTask): Promise<void> {
  let result: ReadResult | ReplayResult | BreakdownResult;
  if (task.task === 'read') {
    const profiler = task.cpuProfileDir ? await startProfiler() : undefined;
    result = await measureRawRead(task.store, task.page, { types: task.types, peakKiB: ownPeakRssKiB });
    if (profiler) writeFileSync(join(task.cpuProfileDir!, 'read.cpuprofile'), JSON.stringify(await profiler.stop()));
  } else if (task.task === 'replay') result = await replay(task);
  else result = await breakdown(task);
  await sendToParent<typeof result, never>({ kind: 'result', result });
}

if (require.main === module && process.env.BENCH_PAYROLL_CHILD) serveChild(child);
