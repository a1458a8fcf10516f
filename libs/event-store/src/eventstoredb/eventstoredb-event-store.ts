import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type JSONType,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { WrongExpectedStateError } from '../errors';
import type { AppendResult, EventStore, EventToAppend, ExpectedState, ReadAllOptions, RecordedEvent, SubscribeOptions } from '../event-store.port';

const DEFAULT_PAGE = 1000;
const SCAN_PAGE = 500;

/**
 * The store over EventStoreDB (20.10+; 22.10+ for positions on stream reads). Our global position is
 * the event's commit position in `$all`. System events (`$`-prefixed types) are never returned.
 * Reading `$all` needs a user allowed to (e.g. `esdb://admin:changeit@host:2113`) or an insecure node.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;

  constructor(private readonly client: EventStoreDBClient) {}

  async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedState): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    try {
      const result = await this.client.appendToStream(
        streamId,
        // Our event id is the ESDB event id, so the server itself makes a retried append a no-op.
        events.map((e) => jsonEvent({ id: e.eventId, type: e.type, data: e.data as JSONType, metadata: e.metadata as JSONType })),
        { expectedRevision: toExpectedRevision(expected) },
      );
      const nextRevision = result.nextExpectedRevision;
      // An idempotent re-append may come back without a position; the first append's last event has it.
      const position = result.position?.commit ?? (await this.positionAt(streamId, nextRevision));
      return { nextRevision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion;
        throw new WrongExpectedStateError(streamId, expected, actual === NO_STREAM || actual < 0n ? 'no_stream' : actual);
      }
      throw error;
    }
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    try {
      return toRecordedAll(await collect(this.client.readStream(streamId)));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? DEFAULT_PAGE;
    const wanted = options.types && new Set(options.types);
    const found: RecordedEvent[] = [];
    // $all has no server-side filter on plain reads in this client: page through it and filter here.
    let seen = options.fromPosition ?? 0n;
    let from = await this.startAfter(seen);
    while (found.length < limit) {
      const page = await collect(this.client.readAll({ fromPosition: from, maxCount: SCAN_PAGE }));
      for (const resolved of page) {
        if (!resolved.event) continue;
        from = resolved.event.position;
        if (from.commit <= seen) continue;
        seen = from.commit;
        const event = toRecorded(resolved);
        if (event && (!wanted || wanted.has(event.type))) found.push(event);
      }
      if (page.length < SCAN_PAGE) break;
    }
    return found.slice(0, limit);
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    const { signal } = options;
    if (signal?.aborted) return;
    const after = options.fromPosition ?? 0n;
    const subscription = this.client.subscribeToAll({
      fromPosition: await this.startAfter(after),
      filter: options.types ? eventTypeFilter({ regex: `^(?:${options.types.map(escapeRegex).join('|')})$` }) : excludeSystemEvents(),
    });
    const events = subscription[Symbol.asyncIterator]();
    let stop!: () => void;
    const aborted = new Promise<IteratorResult<AllStreamResolvedEvent>>((resolve) => {
      stop = () => resolve({ done: true, value: undefined });
    });
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        const next = await Promise.race([events.next(), aborted]);
        if (next.done) return;
        const event = toRecorded(next.value);
        // The server starts after a record's position; from START (see startAfter) we skip up to `after`.
        if (event && event.position > after && (!options.types || options.types.includes(event.type))) yield event;
      }
    } finally {
      signal?.removeEventListener('abort', stop);
      // Destroyed rather than ended, so the pending read settles without surfacing an error.
      await subscription.unsubscribe().catch(() => undefined);
      subscription.destroy();
    }
  }

  async headPosition(): Promise<bigint> {
    let from: ReadPosition = END;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: SCAN_PAGE }));
      for (const resolved of page) {
        const event = toRecorded(resolved);
        if (event) return event.position;
      }
      if (page.length < SCAN_PAGE) return 0n;
      from = page[page.length - 1].event!.position;
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /**
   * The server starts a read of $all only at a record's position, while the port takes any position
   * (say, one less than an event's). A position we handed out is used as is; any other starts at the
   * beginning, and the caller skips what is not after it.
   */
  private async startAfter(after: bigint): Promise<ReadPosition> {
    if (after <= 0n) return START;
    const at: Position = { commit: after, prepare: after };
    try {
      await collect(this.client.readAll({ fromPosition: at, maxCount: 1 }));
      return at;
    } catch {
      // Not a record's position (the server answers "invalid position"). A real outage fails the next read too.
      return START;
    }
  }

  private async positionAt(streamId: string, revision: bigint): Promise<bigint> {
    const [event] = toRecordedAll(await collect(this.client.readStream(streamId, { fromRevision: revision, maxCount: 1 })));
    if (!event) throw new Error(`stream ${streamId}: no event at revision ${revision} after an append`);
    return event.position;
  }
}

export async function createEventStoreDbEventStore(options: { connectionString: string }): Promise<EventStoreDbEventStore> {
  return new EventStoreDbEventStore(EventStoreDBClient.connectionString(options.connectionString));
}

function toExpectedRevision(expected: ExpectedState): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/** Our event, or undefined for a system event (or a link whose target is gone). */
function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e || e.type.startsWith('$')) return undefined;
  const position = e.position?.commit ?? resolved.commitPosition;
  if (position === undefined) throw new Error(`EventStoreDB gave no position for ${e.streamId}@${e.revision} (needs 22.10+)`);
  return {
    streamId: e.streamId,
    revision: e.revision,
    position,
    eventId: e.id,
    type: e.type,
    data: e.data,
    metadata: (e.metadata ?? {}) as Record<string, unknown>,
    recordedAt: e.created,
  };
}

function toRecordedAll(resolved: readonly ResolvedEvent[]): RecordedEvent[] {
  return resolved.map(toRecorded).filter((e): e is RecordedEvent => e !== undefined);
}

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}

/** Event types are matched exactly; the server's (.NET) regex takes the same escapes as JavaScript's. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
