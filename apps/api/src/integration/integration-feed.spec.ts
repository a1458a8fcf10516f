import { EventEmitter } from 'node:events';
import type { EventStore, RecordedEvent, SubscribeOptions } from '@app/event-store';
import { IntegrationFeed, type SseSink } from './integration-feed';

/** A store whose subscription makes events only when pulled, and counts the pulls. */
class CountingStore {
  pulled = 0;
  finished = false;
  lastOptions?: SubscribeOptions;
  constructor(private readonly available: number) {}

  subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    this.lastOptions = options;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the generator below is not an arrow function, so it has a `this` of its own.
    const self = this;
    return (async function* () {
      try {
        let position = options.fromPosition ?? 0n;
        while (!options.signal?.aborted) {
          if (self.pulled >= self.available) {
            // Live: nothing more until the reader goes.
            await new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve(), { once: true }));
            return;
          }
          self.pulled += 1;
          position += 1n;
          yield {
            streamId: 'lead-L1',
            revision: position,
            position,
            eventId: `e${position}`,
            type: 'CallLogged',
            data: {
              callId: `c${position}`,
              leadId: 'L1',
              agentId: 'a1',
              startedAt: '2026-10-08T09:00:00+08:00',
              durationSeconds: 60,
              outcome: 'busy',
              effective: false,
            },
            metadata: { schemaVersion: 2, occurredAt: '2026-10-08T09:00:00+08:00' },
            recordedAt: new Date(),
          };
        }
      } finally {
        self.finished = true;
      }
    })();
  }
}

/** A response whose buffer holds `highWater` frames; `read()` empties it and says drain. */
class SlowSink extends EventEmitter implements SseSink {
  frames: string[] = [];
  buffered = 0;
  destroyed = false;
  constructor(private readonly highWater: number) {
    super();
  }
  get writableNeedDrain(): boolean {
    return this.buffered >= this.highWater;
  }
  write(chunk: string): boolean {
    this.frames.push(chunk);
    this.buffered += 1;
    return this.buffered < this.highWater;
  }
  read(): void {
    this.buffered = 0;
    this.emit('drain');
  }
  hangUp(): void {
    this.destroyed = true;
    this.emit('close');
  }
  events(): string[] {
    return this.frames.filter((f) => f.startsWith('id: '));
  }
}

const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

function feedOn(store: CountingStore, heartbeatMs = 60_000) {
  return new IntegrationFeed(store as unknown as EventStore, { pseudonymKey: 'k', devPseudonymKey: false, heartbeatMs, maxStreamsPerCaller: 2 });
}

describe('the live feed and a slow reader', () => {
  it('pulls the next event only when the reader has taken the last: memory stays bounded', async () => {
    const store = new CountingStore(10_000);
    const sink = new SlowSink(3);
    const done = feedOn(store).stream(sink, { sub: 'i1' }, 0n, []);
    await tick();
    // The catch-up comment and two events fill the buffer; nothing more is pulled while it is full.
    expect(store.pulled).toBeLessThanOrEqual(3);
    const before = store.pulled;
    await tick(50);
    expect(store.pulled).toBe(before);

    for (let i = 0; i < 5; i++) {
      sink.read();
      await tick(5);
    }
    expect(store.pulled).toBeGreaterThan(before);
    expect(store.pulled).toBeLessThanOrEqual(before + 5 * 3);
    expect(sink.events().length).toBe(store.pulled);

    sink.hangUp();
    await done;
    expect(store.finished).toBe(true);
  });

  it('writes SSE frames: id = global position, event = public type, data = the integration event', async () => {
    const store = new CountingStore(2);
    const sink = new SlowSink(1000);
    const done = feedOn(store).stream(sink, { sub: 'i1' }, 0n, ['telesales.call.logged.v1']);
    await tick();
    sink.hangUp();
    await done;
    expect(store.lastOptions?.types).toEqual(['CallLogged']);
    const [first] = sink.events();
    const [id, event, data] = first.split('\n');
    expect(id).toBe('id: 1');
    expect(event).toBe('event: telesales.call.logged.v1');
    expect(JSON.parse(data.slice('data: '.length))).toMatchObject({
      id: '1',
      type: 'telesales.call.logged.v1',
      data: { callId: 'c1', leadRef: expect.stringMatching(/^lr_/) },
    });
    expect(first.endsWith('\n\n')).toBe(true);
  });

  it('sends heartbeat comments while idle, but none into a full buffer', async () => {
    const store = new CountingStore(0);
    const sink = new SlowSink(1000);
    const done = feedOn(store, 15).stream(sink, { sub: 'i1' }, 0n, []);
    await tick(80);
    const beats = sink.frames.filter((f) => f === ': heartbeat\n\n').length;
    expect(beats).toBeGreaterThanOrEqual(2);

    sink.buffered = 1000; // the reader stopped reading
    const frames = sink.frames.length;
    await tick(80);
    expect(sink.frames.length).toBe(frames);
    sink.hangUp();
    await done;
  });

  it('a stream whose reader already left ends at once', async () => {
    const store = new CountingStore(100);
    const sink = new SlowSink(1000);
    sink.destroyed = true;
    await feedOn(store).stream(sink, { sub: 'i1' }, 0n, []);
    expect(sink.events()).toHaveLength(0);
  });

  it('ends every open stream when the service stops', async () => {
    const store = new CountingStore(0);
    const sink = new SlowSink(1000);
    const feed = feedOn(store);
    const done = feed.stream(sink, { sub: 'i1' }, 0n, []);
    await tick();
    feed.onModuleDestroy();
    await done;
    expect(store.finished).toBe(true);
  });
});

describe('streams per caller', () => {
  it('refuses a caller a stream past the cap with 429, counts each caller apart, and gives a slot back once', () => {
    const feed = feedOn(new CountingStore(0));
    const first = feed.openStream('int-1');
    feed.openStream('int-1');
    expect(() => feed.openStream('int-1')).toThrow(expect.objectContaining({ code: 'INTEGRATION.TOO_MANY_STREAMS', category: 'too_many' }));
    expect(() => feed.openStream('int-2')).not.toThrow();
    first();
    first();
    expect(() => feed.openStream('int-1')).not.toThrow();
    expect(() => feed.openStream('int-1')).toThrow(expect.objectContaining({ code: 'INTEGRATION.TOO_MANY_STREAMS' }));
  });
});
