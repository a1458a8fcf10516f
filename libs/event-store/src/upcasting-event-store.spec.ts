import type { AppendResult, EventStore, EventToAppend, ExpectedState, ReadAllOptions, RecordedEvent, SubscribeOptions } from './event-store.port';
import { UpcasterRegistry } from './upcasters';
import { upcastingEventStore } from './upcasting-event-store';

/** A store in an array, handing out the very objects it keeps (fresh arrays, as the adapters do). */
class ArrayStore implements EventStore {
  readonly kind = 'pglite' as const;
  readonly events: RecordedEvent[] = [];
  subscriptionEnded = false;
  closed = false;

  async append(streamId: string, events: readonly EventToAppend[], _expected: ExpectedState): Promise<AppendResult> {
    let revision = BigInt(this.events.filter((e) => e.streamId === streamId).length);
    for (const e of events) {
      this.events.push({ ...e, streamId, revision: revision++, position: BigInt(this.events.length + 1), recordedAt: new Date() });
    }
    return { nextRevision: revision - 1n, position: BigInt(this.events.length) };
  }
  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.events.filter((e) => e.streamId === streamId);
  }
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.events.filter((e) => e.position > (options.fromPosition ?? 0n) && (!options.types || options.types.includes(e.type)));
  }
  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    try {
      yield* await this.readAll(options);
      const signal = options.signal;
      if (signal && !signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    } finally {
      this.subscriptionEnded = true;
    }
  }
  async headPosition(): Promise<bigint> {
    return BigInt(this.events.length);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

// CallLogged v1 said `talkSeconds`; v2 says `durationSeconds`.
const upcasters = new UpcasterRegistry([
  { type: 'CallLogged', fromVersion: 1, upcast: ({ talkSeconds, ...rest }) => ({ ...rest, durationSeconds: talkSeconds }) },
]);
const v1Call = { eventId: 'e1', type: 'CallLogged', data: { callId: 'c1', talkSeconds: 95 }, metadata: { schemaVersion: 1 } };
const v2Call = { eventId: 'e2', type: 'CallLogged', data: { callId: 'c2', durationSeconds: 30 }, metadata: { schemaVersion: 2 } };
const lead = { eventId: 'e3', type: 'LeadRegistered', data: { leadId: 'L1' }, metadata: {} };

describe('a store read through the upcasters', () => {
  let raw: ArrayStore;
  let store: EventStore;
  beforeEach(async () => {
    raw = new ArrayStore();
    store = upcastingEventStore(raw, upcasters);
    await store.append('lead-L1', [v1Call, v2Call, lead], 'no_stream');
  });

  it('writes what it is given: the stored event keeps its old shape', () => {
    expect(raw.events.map((e) => e.data)).toEqual([v1Call.data, v2Call.data, lead.data]);
    expect(raw.events[0].metadata.schemaVersion).toBe(1);
  });

  it('reads a stream in the current shape; events with nothing to lift are the objects the adapter read', async () => {
    const read = await store.readStream('lead-L1');
    expect(read[0]).toMatchObject({ eventId: 'e1', revision: 0n, position: 1n, data: { callId: 'c1', durationSeconds: 95 }, metadata: { schemaVersion: 2 } });
    expect(read[0].data).not.toHaveProperty('talkSeconds');
    expect(read[1]).toBe(raw.events[1]);
    expect(read[2]).toBe(raw.events[2]);
    expect(raw.events[0].data).toEqual(v1Call.data);
  });

  it('reads a page of the log in the current shape, with the same filters', async () => {
    const page = await store.readAll({ fromPosition: 0n, types: ['CallLogged'] });
    expect(page.map((e) => e.data)).toEqual([
      { callId: 'c1', durationSeconds: 95 },
      { callId: 'c2', durationSeconds: 30 },
    ]);
    expect(page[1]).toBe(raw.events[1]);
    expect(await store.readAll({ fromPosition: 2n })).toEqual([raw.events[2]]);
  });

  it("subscribes in the current shape, and ending the reader ends the adapter's subscription", async () => {
    const stop = new AbortController();
    const events = store.subscribe({ signal: stop.signal })[Symbol.asyncIterator]();
    const first = await events.next();
    expect(first).toMatchObject({ done: false, value: { eventId: 'e1', data: { callId: 'c1', durationSeconds: 95 }, metadata: { schemaVersion: 2 } } });
    expect((await events.next()).value).toBe(raw.events[1]);
    expect(await events.return?.()).toMatchObject({ done: true });
    expect(raw.subscriptionEnded).toBe(true);
  });

  it('follows the subscription until its signal aborts', async () => {
    const stop = new AbortController();
    const seen: unknown[] = [];
    for await (const event of store.subscribe({ fromPosition: 1n, signal: stop.signal })) {
      seen.push(event.data);
      if (seen.length === 2) stop.abort();
    }
    expect(seen).toEqual([{ callId: 'c2', durationSeconds: 30 }, { leadId: 'L1' }]);
    expect(raw.subscriptionEnded).toBe(true);
  });

  it('passes everything else to the adapter', async () => {
    expect(store.kind).toBe('pglite');
    expect(await store.headPosition()).toBe(3n);
    expect(await store.append('lead-L2', [{ ...lead, eventId: 'e4' }], 'no_stream')).toEqual({ nextRevision: 0n, position: 4n });
    await store.close();
    expect(raw.closed).toBe(true);
  });
});
