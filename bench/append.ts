import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import { createPgliteEventStore, createPostgresEventStore, type EventToAppend, type ExpectedState } from '@app/event-store';
import { openEmmettStore } from './emmett';
import { type BenchRow, dropSchema, elapsed, fmt, percentile, tempDir, uniqueSchema, withPg } from './support';

/** Streams of 10 events, as in the reference figures (REFERENCES.md, Emmett vs raw pg). */
const EVENTS_PER_STREAM = 10;
const WARM_UP_APPENDS = 200;
/** A slow disk must not stretch `npm run bench` without bound: a measurement stops here with fewer appends. */
const MAX_SECONDS = 12;
/** Events per page of the global read, for all three. */
const READ_PAGE = 5000;
/** How long a read table may take to become wholly visible (a global read stops short of any running transaction). */
const VISIBLE_WITHIN_SECONDS = 10;

export interface AppendBenchOptions {
  /** Appends per measurement (one event each). */
  appends: number;
  /** The concurrent measurement's writer count. */
  writers: number;
  /** Events in the table each store's global read reads back. */
  readEvents: number;
  databaseUrl?: string;
}

/** What is measured side by side: our store, Emmett's (PostgreSQL only) and raw `pg` writing the same rows. */
const SUBJECTS = ['raw', 'emmett', 'ours'] as const;
type Subject = (typeof SUBJECTS)[number];
const SUBJECT_NAMES: Record<Subject, string> = { raw: 'raw pg', emmett: 'Emmett', ours: 'our EventStore' };
const OPERATION_NAMES = { append: 'append 1 event', read: `global read, pages of ${fmt(READ_PAGE)}` };
const benchName = (operation: keyof typeof OPERATION_NAMES, subject: Subject) => `${OPERATION_NAMES[operation]}: ${SUBJECT_NAMES[subject]}`;

type Append = (streamId: string, events: EventToAppend[], expected: ExpectedState) => Promise<unknown>;
/** A page of the global log after `after` (exclusive): its size and the last position read. */
type ReadPage = (after: bigint) => Promise<{ events: number; last: bigint }>;

interface Target {
  append: Append;
  close(): Promise<void>;
}

interface ReadTarget extends Target {
  readPage: ReadPage;
}

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
      await append(stream, [callEvent(w * perWriter + i)], revision === 0 ? 'no_stream' : BigInt(revision - 1));
      const now = performance.now();
      latencies.push(now - started);
      done.push(now);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  return { seconds: (performance.now() - started) / 1000, latencies, done };
}

/** `writers` appending on a target opened fresh, so that no figure is taken on a table another one filled. */
async function measureAppends(
  subject: Subject,
  store: BenchRow['store'],
  open: () => Promise<Target>,
  writers: number,
  options: AppendBenchOptions,
): Promise<BenchRow> {
  const target = await open();
  try {
    await measure(target.append, 'warmup', 1, WARM_UP_APPENDS);
    const { seconds, latencies, done } = await measure(target.append, `c${writers}`, writers, options.appends);
    latencies.sort((a, b) => a - b);
    // A rate that falls as the table grows shows up here before it shows up in production.
    const tenth = Math.floor(done.length / 10);
    const rate = (from: number) => ((tenth - 1) / (done[from + tenth - 1] - done[from])) * 1000;
    return {
      bench: benchName('append', subject),
      store,
      concurrency: writers,
      operations: latencies.length,
      seconds,
      perSecond: latencies.length / seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      note: `first tenth ${Math.round(rate(0))}/s, last tenth ${Math.round(rate(done.length - tenth))}/s`,
    };
  } finally {
    await target.close();
  }
}

/**
 * Fills a read table through the target's own append, a new 10-event stream per append, from one
 * writer: the same rows and layout for all three, each in its own format. One writer keeps
 * positions in commit order: Emmett's global read orders by transaction id but pages by
 * position, so a table filled concurrently could page past events.
 */
async function fill(append: Append, events: number): Promise<void> {
  for (let first = 0; first < events; first += EVENTS_PER_STREAM) {
    const stream = Array.from({ length: Math.min(EVENTS_PER_STREAM, events - first) }, (_, i) => callEvent(first + i));
    await append(`bench-read-s${first / EVENTS_PER_STREAM}`, stream, 'no_stream');
  }
}

/** Every event in global order, page after page until one comes back empty; each page timed. */
async function readEverything(readPage: ReadPage): Promise<{ events: number; seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let events = 0;
  let after = 0n;
  const started = performance.now();
  for (;;) {
    const pageStarted = performance.now();
    const page = await readPage(after);
    latencies.push(performance.now() - pageStarted);
    if (page.events === 0) break;
    events += page.events;
    after = page.last;
  }
  return { events, seconds: elapsed(started), latencies };
}

/** Reads back `options.readEvents` events, in a table of its own, after an untimed read that warms the cache. */
async function measureRead(subject: Subject, open: () => Promise<ReadTarget>, options: AppendBenchOptions): Promise<BenchRow> {
  const target = await open();
  try {
    const fillStarted = performance.now();
    await fill(target.append, options.readEvents);
    const fillSeconds = elapsed(fillStarted);
    // Untimed, and again while a transaction running anywhere on the server still hides the newest
    // events (our read and Emmett's both stop short of it).
    const deadline = performance.now() + VISIBLE_WITHIN_SECONDS * 1000;
    let visible = 0;
    while (visible < options.readEvents && performance.now() < deadline) visible = (await readEverything(target.readPage)).events;
    const { events, seconds, latencies } = await readEverything(target.readPage);
    latencies.sort((a, b) => a - b);
    return {
      bench: benchName('read', subject),
      store: 'postgres',
      concurrency: 1,
      operations: events,
      seconds,
      perSecond: events / seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      note: `${events === options.readEvents ? '' : `MISMATCH: ${fmt(options.readEvents)} written; `}p50/p99 per page; filled in ${fillSeconds.toFixed(1)} s`,
    };
  } finally {
    await target.close();
  }
}

/** Measures each subject in turn and gives every row ours ÷ Emmett and ours ÷ raw from this group. */
async function sideBySide<S extends Subject>(subjects: readonly S[], measureOne: (subject: S) => Promise<BenchRow>): Promise<BenchRow[]> {
  const group = new Map<Subject, BenchRow>();
  for (const subject of subjects) group.set(subject, await measureOne(subject));
  const ours = group.get('ours')?.perSecond;
  const oursPer = (subject: Subject) => {
    const other = group.get(subject)?.perSecond;
    return ours && other ? ours / other : undefined;
  };
  return [...group.values()].map((row) => ({ ...row, oursPerEmmett: oursPer('emmett'), oursPerRaw: oursPer('raw') }));
}

/** The ceiling measured in the same run: a plain INSERT of the same rows, one statement per append, no checks. */
const RAW_TABLE = `CREATE TABLE raw_events (
  position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL UNIQUE,
  type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())`;
const RAW_COLUMNS = 6;
const rawInsert = (rows: number) =>
  `INSERT INTO raw_events (stream_id, revision, event_id, type, data, metadata) VALUES ${Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: RAW_COLUMNS }, (_, c) => `$${r * RAW_COLUMNS + c + 1}`).join(', ')})`,
  ).join(', ')}`;
const rawParams = (streamId: string, events: EventToAppend[], expected: ExpectedState) => {
  const first = typeof expected === 'bigint' ? expected + 1n : 0n;
  return events.flatMap((e, i) => [streamId, (first + BigInt(i)).toString(), e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)]);
};
/** Keyset pages, every column as our store reads them; jsonb parsed by pg's default parser. */
const RAW_READ = `SELECT stream_id, revision, position, event_id, type, data, metadata, recorded_at
  FROM raw_events WHERE position > $1 ORDER BY position LIMIT $2`;

/** An embedded PGlite in a fresh directory on disk, removed on close. */
async function pgliteTarget(subject: 'raw' | 'ours'): Promise<Target> {
  const dir = tempDir(`bench-pglite-${subject}`);
  if (subject === 'ours') {
    const store = await createPgliteEventStore({ dataDir: dir.path });
    return { append: (s, es, x) => store.append(s, es, x), close: () => store.close().finally(dir.remove) };
  }
  const db = await PGlite.create(dir.path);
  await db.exec(RAW_TABLE);
  return { append: (s, es, x) => db.query(rawInsert(es.length), rawParams(s, es, x)), close: () => db.close().finally(dir.remove) };
}

/** PostgreSQL in a fresh schema, dropped on close (or when opening fails); pools at least as large as the writers. */
async function postgresTarget(subject: Subject, url: string, writers: number): Promise<ReadTarget> {
  const schema = uniqueSchema(`append_${subject}`);
  const poolSize = Math.max(10, writers);
  const drop = () => dropSchema(url, schema);
  try {
    if (subject === 'ours') {
      const store = await createPostgresEventStore({ connectionString: url, schema, poolSize });
      return {
        append: (s, es, x) => store.append(s, es, x),
        readPage: async (after) => {
          const page = await store.readAll({ fromPosition: after, limit: READ_PAGE });
          return { events: page.length, last: page.at(-1)?.position ?? after };
        },
        close: () => store.close().finally(drop),
      };
    }
    await withPg(url, (c) => c.query(`CREATE SCHEMA ${schema}`));
    if (subject === 'emmett') {
      const store = await openEmmettStore(url, schema, poolSize);
      return { append: store.append, readPage: (after) => store.readPage(after, READ_PAGE), close: () => store.close().finally(drop) };
    }
    const pool = new Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schema}` });
    await pool.query(RAW_TABLE).catch((error: unknown) => pool.end().then(() => Promise.reject(error)));
    return {
      append: (s, es, x) => pool.query(rawInsert(es.length), rawParams(s, es, x)),
      readPage: async (after) => {
        const { rows } = await pool.query<{ position: string }>(RAW_READ, [after.toString(), READ_PAGE]);
        return { events: rows.length, last: rows.length ? BigInt(rows[rows.length - 1].position) : after };
      },
      close: () => pool.end().finally(drop),
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/**
 * Single-event appends, one writer and several, through our EventStore adapters — the embedded
 * PGlite on disk and PostgreSQL — next to raw `pg` writing the same rows and, on PostgreSQL,
 * Emmett's event store; then a global read of each one's own table. Each writer count is
 * measured for every subject in turn, so that a change of load on the machine hits them alike.
 */
export async function runAppendBenches(options: AppendBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const writerCounts = [1, options.writers];
  for (const writers of writerCounts) {
    rows.push(...(await sideBySide(['raw', 'ours'] as const, (s) => measureAppends(s, 'pglite', () => pgliteTarget(s), writers, options))));
  }
  const url = options.databaseUrl;
  if (url) {
    const open = (s: Subject) => () => postgresTarget(s, url, options.writers);
    for (const writers of writerCounts) {
      rows.push(...(await sideBySide(SUBJECTS, (s) => measureAppends(s, 'postgres', open(s), writers, options))));
    }
    rows.push(...(await sideBySide(SUBJECTS, (s) => measureRead(s, open(s), options))));
  }
  return rows;
}

/** Our PostgreSQL store's row for an operation, which carries the ratios to Emmett and raw pg. */
export function oursOnPostgres(rows: readonly BenchRow[], operation: keyof typeof OPERATION_NAMES, concurrency: number): BenchRow | undefined {
  return rows.find((r) => r.store === 'postgres' && r.bench === benchName(operation, 'ours') && r.concurrency === concurrency);
}
