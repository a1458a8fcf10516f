import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import { createPgliteEventStore, createPostgresEventStore, type EventToAppend, type ExpectedState } from '@app/event-store';
import { type BenchRow, dropSchema, percentile, tempDir, uniqueSchema } from './support';

/** Streams of 10 events, as in the reference figures (REFERENCES.md, Emmett vs raw pg). */
const EVENTS_PER_STREAM = 10;
const WARM_UP_APPENDS = 200;
/** A slow disk must not stretch `npm run bench` without bound: a measurement stops here with fewer appends. */
const MAX_SECONDS = 12;

export interface AppendBenchOptions {
  /** Appends per measurement (one event each). */
  appends: number;
  /** The concurrent measurement's writer count. */
  writers: number;
  databaseUrl?: string;
}

type Append = (streamId: string, event: EventToAppend, expected: ExpectedState) => Promise<unknown>;

/** A CallLogged-shaped event padded to the reference's ~335-byte data and ~120-byte metadata. */
function callEvent(n: number): EventToAppend {
  const data = {
    callId: `c-${n}`,
    leadId: `L-${n % 5000}`,
    agentId: `a-${n % 16}`,
    startedAt: '2026-10-08T09:30:00+08:00',
    durationSeconds: 93,
    outcome: 'connected',
    effective: false,
    notes: '',
  };
  data.notes = 'x'.repeat(Math.max(0, 335 - JSON.stringify(data).length));
  return {
    eventId: randomUUID(),
    type: 'CallLogged',
    data,
    metadata: { commandId: `LogCall:c-${n}`, actor: { sub: `a-${n % 16}`, roles: ['agent'] }, occurredAt: '2026-10-08T01:30:00.000Z' },
  };
}

export function samplePayloadBytes(): { data: number; metadata: number } {
  const e = callEvent(123456);
  return { data: JSON.stringify(e.data).length, metadata: JSON.stringify(e.metadata).length };
}

/**
 * `writers` loops, each appending one event at a time to streams of its own, with the revision it
 * expects (as a command handler would): no writer ever conflicts with another.
 */
async function measure(append: Append, tag: string, writers: number, total: number): Promise<{ seconds: number; latencies: number[]; done: number[] }> {
  const perWriter = Math.ceil(total / writers);
  const latencies: number[] = [];
  const done: number[] = [];
  const deadline = performance.now() + MAX_SECONDS * 1000;
  const writer = async (w: number) => {
    for (let i = 0; i < perWriter && performance.now() < deadline; i++) {
      const stream = `bench-${tag}-w${w}-s${Math.floor(i / EVENTS_PER_STREAM)}`;
      const revision = i % EVENTS_PER_STREAM;
      const started = performance.now();
      await append(stream, callEvent(w * perWriter + i), revision === 0 ? 'no_stream' : BigInt(revision - 1));
      const now = performance.now();
      latencies.push(now - started);
      done.push(now);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  return { seconds: (performance.now() - started) / 1000, latencies, done };
}

interface Target {
  append: Append;
  close(): Promise<void>;
}

/**
 * One writer, then `options.writers`, each on a target of its own opened fresh, so that the second
 * figure is not taken on a table the first one already filled.
 */
async function measureBoth(bench: string, store: BenchRow['store'], open: () => Promise<Target>, options: AppendBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const writers of [1, options.writers]) {
    const target = await open();
    try {
      await measure(target.append, 'warmup', 1, WARM_UP_APPENDS);
      const { seconds, latencies, done } = await measure(target.append, `c${writers}`, writers, options.appends);
      latencies.sort((a, b) => a - b);
      // A rate that falls as the table grows shows up here before it shows up in production.
      const tenth = Math.floor(done.length / 10);
      const rate = (from: number) => ((tenth - 1) / (done[from + tenth - 1] - done[from])) * 1000;
      rows.push({
        bench,
        store,
        concurrency: writers,
        operations: latencies.length,
        seconds,
        perSecond: latencies.length / seconds,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        note: `first tenth ${Math.round(rate(0))}/s, last tenth ${Math.round(rate(done.length - tenth))}/s`,
      });
    } finally {
      await target.close();
    }
  }
  return rows;
}

/** The ceiling measured in the same run: a plain INSERT of the same row, one per transaction, no checks. */
const RAW_TABLE = `CREATE TABLE raw_events (
  position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL UNIQUE,
  type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())`;
const RAW_INSERT = 'INSERT INTO raw_events (stream_id, revision, event_id, type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)';
const rawParams = (streamId: string, e: EventToAppend, expected: ExpectedState) => [
  streamId,
  typeof expected === 'bigint' ? (expected + 1n).toString() : '0',
  e.eventId,
  e.type,
  JSON.stringify(e.data),
  JSON.stringify(e.metadata),
];

const STORE_BENCH = 'append via EventStore, 1 event per append';
const RAW_BENCH = 'raw INSERT, 1 row per transaction (same run)';

/** An embedded PGlite in a fresh directory on disk, removed on close. */
async function pgliteTarget(kind: 'raw' | 'store'): Promise<Target> {
  const dir = tempDir(`bench-pglite-${kind}`);
  if (kind === 'store') {
    const store = await createPgliteEventStore({ dataDir: dir.path });
    return { append: (s, e, x) => store.append(s, [e], x), close: () => store.close().finally(dir.remove) };
  }
  const db = await PGlite.create(dir.path);
  await db.exec(RAW_TABLE);
  return { append: (s, e, x) => db.query(RAW_INSERT, rawParams(s, e, x)), close: () => db.close().finally(dir.remove) };
}

/** PostgreSQL in a fresh schema, dropped on close; pools at least as large as the writers. */
async function postgresTarget(kind: 'raw' | 'store', url: string, writers: number): Promise<Target> {
  const schema = uniqueSchema(`append_${kind}`);
  const poolSize = Math.max(10, writers);
  if (kind === 'store') {
    const store = await createPostgresEventStore({ connectionString: url, schema, poolSize });
    return { append: (s, e, x) => store.append(s, [e], x), close: () => store.close().finally(() => dropSchema(url, schema)) };
  }
  const pool = new Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schema}` });
  await pool.query(`CREATE SCHEMA ${schema}`);
  await pool.query(RAW_TABLE);
  return { append: (s, e, x) => pool.query(RAW_INSERT, rawParams(s, e, x)), close: () => pool.end().finally(() => dropSchema(url, schema)) };
}

/**
 * Single-event appends, one writer and several, through the EventStore adapters — the embedded
 * PGlite on disk and PostgreSQL — each next to a raw INSERT of the same row in the same run.
 */
export async function runAppendBenches(options: AppendBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  rows.push(...(await measureBoth(RAW_BENCH, 'pglite', () => pgliteTarget('raw'), options)));
  rows.push(...(await measureBoth(STORE_BENCH, 'pglite', () => pgliteTarget('store'), options)));
  const url = options.databaseUrl;
  if (url) {
    rows.push(...(await measureBoth(RAW_BENCH, 'postgres', () => postgresTarget('raw', url, options.writers), options)));
    rows.push(...(await measureBoth(STORE_BENCH, 'postgres', () => postgresTarget('store', url, options.writers), options)));
  }
  return rows;
}
