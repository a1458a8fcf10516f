/**
 * `npm run bench`: every benchmark in sequence, one table. Never part of the test suites.
 * Sizes can be changed through BENCH_APPENDS, BENCH_WRITERS, BENCH_READ_EVENTS, BENCH_HTTP_SECONDS,
 * BENCH_HTTP_CONNECTIONS (comma-separated, default 16,64), BENCH_HTTP_CPU_PROF=1 (profiles of the service),
 * BENCH_LEADS; PostgreSQL is BENCH_DATABASE_URL, else DATABASE_URL, else the local test database.
 * BENCH_ONLY=append|http|projections|payroll (comma-separated) runs only those; the projection catch-up
 * (bench/projections.ts) is sized by BENCH_MONTH_AGENTS, BENCH_MONTH_DAYS, BENCH_MONTH_CALLS,
 * BENCH_PGLITE_MONTH_AGENTS, BENCH_PROJECTION_BATCH, BENCH_CATCHUP_MAX_SECONDS, BENCH_PROJECTIONS_STORES,
 * BENCH_PROJECTIONS_CPU_PROF=1; the payroll replay (bench/payroll.ts) by the same BENCH_MONTH_AGENTS,
 * BENCH_MONTH_DAYS, BENCH_MONTH_CALLS, and BENCH_PAYROLL_ROUNDS, BENCH_PAYROLL_ANALYZE=0, BENCH_PAYROLL_CPU_PROF=1.
 */
import { loadavg } from 'node:os';
import { runAppendBenches, samplePayloadBytes } from './append';
import { runLogCallBenches } from './log-call-http';
import { DEFAULT_ROUNDS, payrollSummary, type PayrollBenchRow, renderPayrollReport, runPayrollBench } from './payroll';
import { CATCH_UP_MAX_SECONDS, FULL_MONTH, PGLITE_DEFAULT_AGENTS, type ProjectionBenchRow, renderProjectionReport, runProjectionBenches } from './projections';
import { type BenchRow, DEFAULT_DATABASE_URL, describeMachine, describeShape, renderTable } from './support';
import { renderTargets } from './targets';

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const BENCHES = ['append', 'http', 'projections', 'payroll'] as const;
type Bench = (typeof BENCHES)[number];

/** BENCH_ONLY=projections, or a comma-separated list; every bench when unset. */
function selectedBenches(): Set<Bench> {
  const only = process.env.BENCH_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!only?.length) return new Set(BENCHES);
  const unknown = only.filter((b) => !(BENCHES as readonly string[]).includes(b));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown bench ${unknown.join(', ')} (known: ${BENCHES.join(', ')})`);
  return new Set(only as Bench[]);
}

async function main(): Promise<void> {
  const started = Date.now();
  const only = selectedBenches();
  // Other work on the machine moves every figure: say how busy it was.
  const loadAtStart = loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const machine = await describeMachine(databaseUrl);
  const pgUp = !machine.postgres.startsWith('not reachable');
  const payload = samplePayloadBytes();

  console.log(`date:       ${new Date().toISOString()}`);
  console.log(`machine:    ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);
  console.log(`postgres:   ${machine.postgres}${machine.postgresSettings ? ` (${machine.postgresSettings})` : ''}`);
  console.log(`pglite:     ${machine.pglite}, on-disk data directory under the OS temp dir`);
  console.log(`payload:    ${payload.data} B data + ${payload.metadata} B metadata per appended event`);
  console.log(`load:       ${loadAtStart} (1/5/15 min)`);
  if (!pgUp) console.warn('\n*** PostgreSQL is not reachable: its rows are SKIPPED ***\n');

  console.log(`benches:    ${[...only].join(', ')}`);

  const rows: BenchRow[] = [];
  const writers = int('BENCH_WRITERS', 8);
  if (only.has('append')) {
    const appends = {
      appends: int('BENCH_APPENDS', 10_000),
      writers,
      readEvents: int('BENCH_READ_EVENTS', 50_000),
      databaseUrl: pgUp ? databaseUrl : undefined,
    };
    console.log(
      `\nappends: ${appends.appends} per measurement, 1 and ${appends.writers} writers; ` +
        `global read of ${appends.readEvents} events (BENCH_READ_EVENTS); ours, Emmett's and raw pg side by side …`,
    );
    rows.push(...(await runAppendBenches(appends)));
  }

  if (only.has('http')) {
    const http = {
      connections: (process.env.BENCH_HTTP_CONNECTIONS ?? '16,64')
        .split(',')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0),
      seconds: int('BENCH_HTTP_SECONDS', 12),
      warmUpSeconds: 2,
      leads: int('BENCH_LEADS', 1000),
      databaseUrl: pgUp ? databaseUrl : undefined,
    };
    console.log(
      `HTTP LogCall: ${http.connections.join(' and ')} connections, ${http.seconds} s (after ${http.warmUpSeconds} s warm-up), ${http.leads} leads …`,
    );
    rows.push(...(await runLogCallBenches(http)));
  }

  const days = int('BENCH_MONTH_DAYS', FULL_MONTH.days);
  const callsPerAgentPerDay = int('BENCH_MONTH_CALLS', FULL_MONTH.callsPerAgentPerDay);
  const postgresShape = { agents: int('BENCH_MONTH_AGENTS', FULL_MONTH.agents), days, callsPerAgentPerDay };
  let projectionRows: ProjectionBenchRow[] = [];
  let projectionFailures: string[] = [];
  if (only.has('projections')) {
    const pgliteShape = { agents: int('BENCH_PGLITE_MONTH_AGENTS', PGLITE_DEFAULT_AGENTS), days, callsPerAgentPerDay };
    const batch = Number(process.env.BENCH_PROJECTION_BATCH);
    const maxSeconds = int('BENCH_CATCHUP_MAX_SECONDS', CATCH_UP_MAX_SECONDS);
    const stores = (process.env.BENCH_PROJECTIONS_STORES ?? 'postgres,pglite').split(',').map((s) => s.trim()) as ('postgres' | 'pglite')[];
    console.log(
      `\nprojection catch-up: PostgreSQL ${postgresShape.agents} agents, PGlite ${pgliteShape.agents} agents ` +
        `(BENCH_PGLITE_MONTH_AGENTS; the full month is ${FULL_MONTH.agents}), × ${days} days × ${callsPerAgentPerDay} calls; ` +
        `runner batch ${Number.isInteger(batch) && batch > 0 ? batch : 'default'}, catch-up stopped after ${maxSeconds} s …`,
    );
    ({ rows: projectionRows, failures: projectionFailures } = await runProjectionBenches({
      databaseUrl: pgUp ? databaseUrl : undefined,
      postgresShape,
      pgliteShape,
      batchSize: Number.isInteger(batch) && batch > 0 ? batch : undefined,
      maxSeconds,
      stores,
      cpuProfile: process.env.BENCH_PROJECTIONS_CPU_PROF === '1',
    }));
  }

  let payrollRow: PayrollBenchRow | undefined;
  let payrollFailure: string | undefined;
  if (only.has('payroll')) {
    const rounds = int('BENCH_PAYROLL_ROUNDS', DEFAULT_ROUNDS);
    console.log(`\npayroll replay: PostgreSQL ${describeShape(postgresShape)}, raw read and replay alternated ${rounds} times …`);
    try {
      payrollRow = await runPayrollBench({
        databaseUrl: pgUp ? databaseUrl : undefined,
        shape: postgresShape,
        rounds,
        analyze: process.env.BENCH_PAYROLL_ANALYZE !== '0',
        cpuProfile: process.env.BENCH_PAYROLL_CPU_PROF === '1',
      });
    } catch (error) {
      console.error(`*** payroll bench failed: ${(error as Error).message}`);
      payrollFailure = (error as Error).message.split('\n')[0];
    }
  }

  if (rows.length) console.log(`\n${renderTable(rows)}\n`);
  if (projectionRows.length) console.log(`\n${renderProjectionReport(projectionRows)}`);
  if (payrollRow) console.log(`\n${renderPayrollReport(payrollRow)}\n`);
  const targets = renderTargets({ rows, writers, projections: projectionRows, payroll: payrollRow });
  if (targets) console.log(`\nIssue 7's targets, this run:\n\n${targets}\n`);
  console.log(
    `load average (1/5/15 min) at start ${loadAtStart}, at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
  console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const failed = rows.filter((r) => (r.failures ?? 0) > 0 || r.note?.includes('MISMATCH'));
  if (failed.length) {
    console.error(`FAILED: ${failed.map((r) => `${r.store} ${r.bench}`).join(', ')} had non-2xx responses or lost calls`);
    process.exitCode = 1;
  }
  const stuck = projectionRows.filter((r) => !r.catchUp.caughtUp || r.read.events !== r.events);
  if (stuck.length) {
    console.error(`FAILED: the projection catch-up on ${stuck.map((r) => r.store).join(', ')} did not reach the head in time, or the raw read missed events`);
    process.exitCode = 1;
  }
  if (projectionFailures.length) {
    console.error(`FAILED: projection bench ${projectionFailures.join('; ')}`);
    process.exitCode = 1;
  }
  const payrollMismatches = payrollRow ? payrollSummary(payrollRow).mismatches : [];
  if (payrollFailure || payrollMismatches.length) {
    console.error(`FAILED: payroll bench ${payrollFailure ?? payrollMismatches.join('; ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
