/**
 * `npm run bench`: every benchmark in sequence, one table. Never part of the test suites.
 * Sizes can be changed through BENCH_APPENDS, BENCH_WRITERS, BENCH_HTTP_SECONDS, BENCH_HTTP_CONNECTIONS,
 * BENCH_LEADS; PostgreSQL is BENCH_DATABASE_URL, else DATABASE_URL, else the local test database.
 */
import { loadavg } from 'node:os';
import { runAppendBenches, samplePayloadBytes } from './append';
import { runLogCallBenches } from './log-call-http';
import { type BenchRow, DEFAULT_DATABASE_URL, describeMachine, renderTable } from './support';

/** Raw `pg`, 1 event per transaction, from REFERENCES.md (same kind of machine, Node 20, PostgreSQL 15). */
const RAW_PG_REFERENCE: Record<number, number> = { 1: 2100, 8: 6350 };

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

async function main(): Promise<void> {
  const started = Date.now();
  // Other work on the machine moves every figure: say how busy it was.
  const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' / ');
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

  const rows: BenchRow[] = [];
  const appends = { appends: int('BENCH_APPENDS', 10_000), writers: int('BENCH_WRITERS', 8), databaseUrl: pgUp ? databaseUrl : undefined };
  console.log(`\nappends: ${appends.appends} per measurement, 1 and ${appends.writers} writers …`);
  rows.push(...(await runAppendBenches(appends)));

  const http = {
    connections: int('BENCH_HTTP_CONNECTIONS', 16),
    seconds: int('BENCH_HTTP_SECONDS', 12),
    warmUpSeconds: 2,
    leads: int('BENCH_LEADS', 1000),
    databaseUrl: pgUp ? databaseUrl : undefined,
  };
  console.log(`HTTP LogCall: ${http.connections} connections, ${http.seconds} s (after ${http.warmUpSeconds} s warm-up), ${http.leads} leads …`);
  rows.push(...(await runLogCallBenches(http)));

  console.log(`\n${renderTable(rows)}\n`);
  for (const row of rows.filter((r) => r.bench.startsWith('append'))) {
    const raw = rows.find((r) => r.bench.startsWith('raw') && r.store === row.store && r.concurrency === row.concurrency);
    const reference = RAW_PG_REFERENCE[row.concurrency];
    console.log(
      `${row.store} append ×${row.concurrency}: ${raw ? `${(row.perSecond / raw.perSecond).toFixed(2)} of this run's raw INSERT` : ''}` +
        `${reference ? `, ${(row.perSecond / reference).toFixed(2)} of REFERENCES.md raw pg (${reference}/s)` : ''}`,
    );
  }
  console.log(`load average (1/5/15 min) at start ${loadAtStart}, at end ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const failed = rows.filter((r) => (r.failures ?? 0) > 0 || r.note?.includes('MISMATCH'));
  if (failed.length) {
    console.error(`FAILED: ${failed.map((r) => `${r.store} ${r.bench}`).join(', ')} had non-2xx responses or lost calls`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
