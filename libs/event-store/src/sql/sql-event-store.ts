import { EventEmitter } from 'node:events';
import { EventIdConflictError, WrongExpectedStateError } from '../errors';
import type { AppendResult, EventStore, EventToAppend, ExpectedState, ReadAllOptions, RecordedEvent, SubscribeOptions } from '../event-store.port';
import { CallGroups, type Settled } from './call-groups';
import { MAX_EVENTS_PER_TRANSACTION, MIGRATIONS, POSITION_SHIFT } from './schema';

/** The little a SQL driver must offer; pg and PGlite both do. */
export interface SqlClient {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs the statements under a lock no other migrator can hold at the same time. */
  migrate(run: (query: SqlClient['query']) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface SqlDriverError {
  code?: string;
  detail?: string;
  constraint?: string;
}

interface EventRow {
  stream_id: string;
  // Text, because int8 does not survive every driver; named apart so ORDER BY sorts the numbers.
  revision_text: string;
  position_text: string;
  event_id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date | string;
}

interface AppendRow {
  next_revision: string;
  last_position: string;
}

interface BatchRow extends AppendRow {
  outcome: 'appended' | 'duplicate' | 'error';
  error_code: string | null;
  error_detail: string | null;
  error_constraint: string | null;
}

interface QueuedAppend {
  streamId: string;
  expected: string;
  /** The events as a JSON array. */
  payload: string;
}

/** Groups of appends, and of stream reads, in flight at once (call-groups.ts); two keep both cores busy. */
const GROUPS_IN_FLIGHT = 2;
/** Each append of a group is a subtransaction: stay under PostgreSQL's cache of 64 per transaction. */
const MAX_APPENDS_PER_GROUP = 50;
const MAX_READS_PER_GROUP = 100;
/** The codes of refusals append() turns into errors of the port (es_append's, and a racing twin's unique key). */
const REFUSALS = new Set(['ES001', 'ES002', 'ES003', '23505']);

const EVENT_COLUMNS = `e.stream_id, e.revision::text AS revision_text, e.position::text AS position_text,
  e.event_id::text AS event_id, e.type, e.data, e.metadata, e.recorded_at`;
const DEFAULT_PAGE = 1000;
/** The largest page a subscription reads while catching up. */
const MAX_SUBSCRIPTION_PAGE = 5000;
const IDLE_POLL_MS = 100;
/**
 * While appends keep coming, a subscriber reads at most this often, so that one read takes many
 * appends at once instead of one query per append per subscriber; when idle it reads at once.
 */
const MIN_READ_INTERVAL_MS = 20;
/** How long `headPosition` waits for transactions already running to end. */
const HEAD_SETTLE_MS = 2000;

export async function migrateSchema(client: SqlClient): Promise<void> {
  await client.migrate(async (query) => {
    await query(`CREATE TABLE IF NOT EXISTS es_migrations (
      version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await query<{ version: number }>('SELECT version FROM es_migrations')).map((r) => Number(r.version)));
    for (const m of MIGRATIONS.filter((m) => !done.has(m.version))) {
      await query(m.sql);
      await query('INSERT INTO es_migrations (version) VALUES ($1)', [m.version]);
    }
  });
}

/** The event store over PostgreSQL's SQL, for the server and for the embedded PGlite alike. */
export class SqlEventStore implements EventStore {
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private closed = false;
  private readonly appends = new CallGroups(GROUPS_IN_FLIGHT, MAX_APPENDS_PER_GROUP, (a: QueuedAppend[]) => this.appendGroup(a));
  private readonly reads = new CallGroups(GROUPS_IN_FLIGHT, MAX_READS_PER_GROUP, (ids: string[]) => this.readGroup(ids));

  constructor(
    readonly kind: 'postgres' | 'pglite',
    private readonly client: SqlClient,
  ) {}

  async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedState): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    if (events.length > MAX_EVENTS_PER_TRANSACTION) throw new RangeError('too many events in one append');
    const payload = JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    const expectedText = typeof expected === 'bigint' ? expected.toString() : expected;
    for (let attempt = 0; ; attempt++) {
      try {
        const row = await this.appends.call({ streamId, expected: expectedText, payload });
        this.appended.emit('appended');
        return { nextRevision: BigInt(row.next_revision), position: BigInt(row.last_position) };
      } catch (error) {
        const e = error as SqlDriverError;
        if (e.code === 'ES001') {
          const actual = BigInt(e.detail ?? '-1');
          throw new WrongExpectedStateError(streamId, expected, actual < 0n ? 'no_stream' : actual);
        }
        if (e.code === 'ES002')
          throw new EventIdConflictError(
            streamId,
            events.map((x) => x.eventId),
          );
        // A concurrent append of the same ids won the unique key: the next try sees it as a duplicate.
        if (e.code === '23505' && e.constraint === 'es_events_event_id' && attempt === 0) continue;
        throw error;
      }
    }
  }

  private async appendGroup(appends: QueuedAppend[]): Promise<Settled<AppendRow>[]> {
    if (appends.length === 1) return [await this.appendAlone(appends[0])];
    // Every group locks its streams in one order, so two groups never wait on each other (a
    // stable sort: two appends to one stream keep their order).
    const order = appends.map((a, i) => ({ a, i })).sort((x, y) => (x.a.streamId < y.a.streamId ? -1 : x.a.streamId > y.a.streamId ? 1 : 0));
    const json = order.map(({ a }) => `{"streamId":${JSON.stringify(a.streamId)},"expected":${JSON.stringify(a.expected)},"events":${a.payload}}`);
    let rows: BatchRow[];
    try {
      rows = await this.client.query<BatchRow>('SELECT * FROM es_append_batch($1)', [`[${json.join(',')}]`]);
    } catch {
      // The transaction failed as a whole (a lost connection): each goes again alone, where ids
      // that did land are answered as duplicates and the others report their own error.
      return Promise.all(appends.map((a) => this.appendAlone(a)));
    }
    const settled: Settled<AppendRow>[] = new Array(appends.length);
    await Promise.all(
      order.map(async ({ a, i }, k) => {
        const row = rows[k];
        if (row.outcome !== 'error') settled[i] = { value: row };
        // The refusals append() knows go back to it; anything else (a deadlock with another
        // process's writer, say) is tried again alone, where it can only hurt itself.
        else if (row.error_code && REFUSALS.has(row.error_code)) settled[i] = { error: driverError(row) };
        else settled[i] = await this.appendAlone(a);
      }),
    );
    return settled;
  }

  private appendAlone(a: QueuedAppend): Promise<Settled<AppendRow>> {
    return this.client.query<AppendRow>('SELECT outcome, next_revision, last_position FROM es_append($1, $2, $3)', [a.streamId, a.expected, a.payload]).then(
      ([value]) => ({ value }),
      (error: unknown) => ({ error }),
    );
  }

  private async readGroup(streamIds: string[]): Promise<Settled<RecordedEvent[]>[]> {
    const rows = await this.client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events e WHERE e.stream_id = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb))) ORDER BY e.stream_id, e.revision`,
      [JSON.stringify(streamIds)],
    );
    const byStream = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    for (const row of rows) byStream.get(row.stream_id)?.push(toRecorded(row));
    // A copy each: two reads of one stream in a group must not share an array.
    return streamIds.map((id) => ({ value: [...(byStream.get(id) ?? [])] }));
  }

  readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.reads.call(streamId);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = (options.fromPosition ?? 0n).toString();
    const limit = options.limit ?? DEFAULT_PAGE;
    if (options.types?.length === 0) return [];
    // The safe limit filters a page after its LIMIT, computed once (an InitPlan): as a condition of
    // the range scan, the planner cannot see how far the range reaches and may sort it whole.
    const rows = options.types
      ? // Each type's positions in order, merged (a Merge Append, which stops after the page: about
        // `limit` index entries read, however many types), then joined. A branch per type, so that
        // each is planned for its own type: a rare one from the (type, position) index. (One query
        // for a type given as a parameter walked the primary key through every other type's events:
        // 800 ms a page in a 590,000-event month; a bound on the pair `(type, position)` made the
        // index scan start at the type's first event: 19 ms.)
        await this.client.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM (
             SELECT position FROM (${options.types
               .map((_, i) => `(SELECT position FROM es_events WHERE type = $${i + 3} AND position > $1 ORDER BY type, position)`)
               .join(' UNION ALL ')}) u
             ORDER BY position LIMIT $2
           ) q JOIN es_events e ON e.position = q.position
           WHERE q.position < (SELECT es_safe_position_limit()) ORDER BY q.position`,
          [from, limit, ...options.types],
        )
      : await this.client.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM (SELECT * FROM es_events WHERE position > $1 ORDER BY position LIMIT $2) e
           WHERE e.position < (SELECT es_safe_position_limit()) ORDER BY e.position`,
          [from, limit],
        );
    return rows.map(toRecorded);
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    let position = options.fromPosition ?? 0n;
    const signal = options.signal;
    let size = DEFAULT_PAGE;
    while (!signal?.aborted && !this.closed) {
      const readStarted = Date.now();
      const page = await this.readAll({ fromPosition: position, types: options.types, limit: size });
      // Far behind, every page comes back full: read larger ones, fewer round trips.
      const full = page.length === size;
      size = full ? Math.min(size * 2, MAX_SUBSCRIPTION_PAGE) : DEFAULT_PAGE;
      for (const event of page) {
        if (signal?.aborted) return;
        yield event;
        position = event.position;
      }
      if (!full) {
        await this.wait(IDLE_POLL_MS, signal, true);
        await this.wait(readStarted + MIN_READ_INTERVAL_MS - Date.now(), signal, false);
      }
    }
  }

  /**
   * The last position readers can see, once every transaction running when the call began has
   * ended: so it includes every append acknowledged before the call (waiting at most
   * HEAD_SETTLE_MS for a transaction that stays open, then answering what is visible).
   */
  async headPosition(): Promise<bigint> {
    const [{ horizon }] = await this.client.query<{ horizon: string }>(
      `SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::bigint << ${POSITION_SHIFT})::text AS horizon`,
    );
    const deadline = Date.now() + HEAD_SETTLE_MS;
    for (;;) {
      const [row] = await this.client.query<{ head: string | null; settled: boolean }>(
        `SELECT max(position)::text AS head, es_safe_position_limit() >= $1::bigint AS settled
         FROM es_events WHERE position < es_safe_position_limit()`,
        [horizon],
      );
      if (row.settled || Date.now() >= deadline) return BigInt(row.head ?? '0');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.appended.emit('appended');
    this.appended.emit('closed');
    await this.client.close();
  }

  /**
   * Sleeps `ms`, or less when aborted or closed; with `wakeOnAppend`, also until an append made
   * through this process (other writers are seen by polling).
   */
  private wait(ms: number, signal: AbortSignal | undefined, wakeOnAppend: boolean): Promise<void> {
    if (ms <= 0 || signal?.aborted || this.closed) return Promise.resolve();
    // close() emits both, so a closing store wakes every sleeper.
    const wake = wakeOnAppend ? 'appended' : 'closed';
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off(wake, done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.appended.once(wake, done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

function driverError(row: BatchRow): Error & SqlDriverError {
  return Object.assign(new Error(`append refused: ${row.error_code}`), {
    code: row.error_code ?? undefined,
    detail: row.error_detail ?? undefined,
    constraint: row.error_constraint ?? undefined,
  });
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: BigInt(row.revision_text),
    position: BigInt(row.position_text),
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at),
  };
}
