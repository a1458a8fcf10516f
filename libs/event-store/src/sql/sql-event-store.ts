import { EventEmitter } from 'node:events';
import { EventIdConflictError, WrongExpectedStateError } from '../errors';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedState,
  ReadAllOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store.port';
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

const SELECT_EVENT = `SELECT stream_id, revision::text AS revision_text, position::text AS position_text, event_id::text AS event_id,
  type, data, metadata, recorded_at FROM es_events`;
const DEFAULT_PAGE = 1000;
const IDLE_POLL_MS = 100;
/** How long `headPosition` waits for transactions already running to end. */
const HEAD_SETTLE_MS = 2000;

export async function migrateSchema(client: SqlClient): Promise<void> {
  await client.migrate(async (query) => {
    await query(`CREATE TABLE IF NOT EXISTS es_migrations (
      version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await query<{ version: number }>('SELECT version FROM es_migrations')).map((r) => Number(r.version)),
    );
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
        const [row] = await this.client.query<{ next_revision: string; last_position: string }>(
          'SELECT outcome, next_revision, last_position FROM es_append($1, $2, $3)',
          [streamId, expectedText, payload],
        );
        this.appended.emit('appended');
        return { nextRevision: BigInt(row.next_revision), position: BigInt(row.last_position) };
      } catch (error) {
        const e = error as SqlDriverError;
        if (e.code === 'ES001') {
          const actual = BigInt(e.detail ?? '-1');
          throw new WrongExpectedStateError(streamId, expected, actual < 0n ? 'no_stream' : actual);
        }
        if (e.code === 'ES002') throw new EventIdConflictError(streamId, events.map((x) => x.eventId));
        // A concurrent append of the same ids won the unique key: the next try sees it as a duplicate.
        if (e.code === '23505' && e.constraint === 'es_events_event_id' && attempt === 0) continue;
        throw error;
      }
    }
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    const rows = await this.client.query<EventRow>(`${SELECT_EVENT} WHERE stream_id = $1 ORDER BY revision`, [streamId]);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = (options.fromPosition ?? 0n).toString();
    const limit = options.limit ?? DEFAULT_PAGE;
    const rows = options.types
      ? // Each type's next positions from the (type, position) index, merged: a plan that holds without
        // table statistics. One scan for all the types can sort every remaining event of them per page.
        await this.client.query<EventRow>(
          `${SELECT_EVENT} WHERE position IN (
             SELECT p.position FROM unnest($3::text[]) AS t(type)
             CROSS JOIN LATERAL (
               SELECT position FROM es_events
               WHERE type = t.type AND position > $1 AND position < es_safe_position_limit()
               ORDER BY position LIMIT $2
             ) p
             ORDER BY p.position LIMIT $2
           ) ORDER BY position`,
          [from, limit, `{${options.types.map((t) => JSON.stringify(t)).join(',')}}`],
        )
      : await this.client.query<EventRow>(
          `${SELECT_EVENT} WHERE position > $1 AND position < es_safe_position_limit() ORDER BY position LIMIT $2`,
          [from, limit],
        );
    return rows.map(toRecorded);
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    let position = options.fromPosition ?? 0n;
    const signal = options.signal;
    while (!signal?.aborted && !this.closed) {
      const page = await this.readAll({ fromPosition: position, types: options.types, limit: DEFAULT_PAGE });
      for (const event of page) {
        if (signal?.aborted) return;
        yield event;
        position = event.position;
      }
      if (page.length < DEFAULT_PAGE) await this.nextAppendOrPoll(signal);
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
    await this.client.close();
  }

  /** Wakes at once for appends made through this process; other writers are seen by polling. */
  private nextAppendOrPoll(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off('appended', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, IDLE_POLL_MS);
      this.appended.once('appended', done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
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
