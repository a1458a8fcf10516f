import { randomUUID } from 'node:crypto';
import { EventIdConflictError, type EventStore, type EventToAppend, type RecordedEvent, WrongExpectedStateError } from '@app/event-store';

/**
 * The behaviour every EventStore adapter must have. Each adapter's spec calls this with a
 * factory for a fresh, empty store.
 */
export interface StoreTraits {
  /**
   * The SQL stores keep event ids unique across all streams; EventStoreDB de-duplicates only
   * within a stream, so a cross-stream id is not a refusal there.
   */
  eventIdsUniqueAcrossStreams: boolean;
}

export function eventStoreContract(name: string, createStore: () => Promise<EventStore>, traits: StoreTraits = { eventIdsUniqueAcrossStreams: true }): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await createStore();
    });
    afterAll(async () => {
      await store?.close();
    });

    /**
     * A store may hold back the newest events from global reads while other transactions that
     * could still commit below them are running (PostgreSQL's xmin horizon); wait until it is safe.
     */
    const readableUpTo = async (position: bigint) => {
      const deadline = Date.now() + 10_000;
      while ((await store.headPosition()) < position) {
        if (Date.now() > deadline) throw new Error(`position ${position} never became readable`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const stream = (prefix = 's') => `${prefix}-${randomUUID()}`;
    const event = (type = 'Thing', data: unknown = { n: 1 }): EventToAppend => ({
      eventId: randomUUID(),
      type,
      data,
      metadata: { commandId: randomUUID() },
    });
    const events = (n: number, type = 'Thing') => Array.from({ length: n }, (_, i) => event(type, { i }));

    describe('expected state', () => {
      it('no_stream creates a stream and refuses an existing one', async () => {
        const id = stream();
        const first = await store.append(id, [event()], 'no_stream');
        expect(first.nextRevision).toBe(0n);
        const error = await store.append(id, [event()], 'no_stream').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedStateError);
        expect((error as WrongExpectedStateError).actual).toBe(0n);
      });

      it('stream_exists appends to an existing stream and refuses a missing one', async () => {
        const id = stream();
        const error = await store.append(id, [event()], 'stream_exists').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedStateError);
        expect((error as WrongExpectedStateError).actual).toBe('no_stream');
        expect(await store.readStream(id)).toEqual([]);
        await store.append(id, [event()], 'no_stream');
        expect((await store.append(id, [event()], 'stream_exists')).nextRevision).toBe(1n);
      });

      it('any appends whatever the stream holds', async () => {
        const id = stream();
        expect((await store.append(id, [event()], 'any')).nextRevision).toBe(0n);
        expect((await store.append(id, events(2), 'any')).nextRevision).toBe(2n);
      });

      it('an exact revision appends only at that revision and reports the actual one', async () => {
        const id = stream();
        await store.append(id, events(3), 'no_stream');
        expect((await store.append(id, [event()], 2n)).nextRevision).toBe(3n);
        const error = await store.append(id, [event()], 1n).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedStateError);
        expect((error as WrongExpectedStateError).actual).toBe(3n);
        const missing = await store.append(stream(), [event()], 0n).catch((e: unknown) => e);
        expect((missing as WrongExpectedStateError).actual).toBe('no_stream');
      });
    });

    describe('order', () => {
      it('reads a stream in revision order with what was written', async () => {
        const id = stream();
        // More than ten, so that an order by the digits' text ("10" < "2") would show.
        const written = events(12);
        await store.append(id, written.slice(0, 2), 'no_stream');
        await store.append(id, written.slice(2), 1n);
        const read = await store.readStream(id);
        expect(read.map((e) => e.eventId)).toEqual(written.map((e) => e.eventId));
        expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 12 }, (_, i) => BigInt(i)));
        expect(read[11]).toMatchObject({ streamId: id, type: 'Thing', data: { i: 11 } });
        expect(read[11].metadata).toMatchObject(written[11].metadata);
        expect(read[11].recordedAt).toBeInstanceOf(Date);
      });

      it('reads the global log in increasing position, from an exclusive position, by type', async () => {
        const type = `T${randomUUID().slice(0, 8)}`;
        const a = stream();
        const b = stream();
        const r1 = await store.append(a, [event(type, { k: 1 })], 'no_stream');
        await store.append(b, [event(type, { k: 2 }), event('Other')], 'no_stream');
        const last = await store.append(a, [event(type, { k: 3 })], 0n);
        await readableUpTo(last.position);
        const mine = await store.readAll({ fromPosition: r1.position - 1n, types: [type] });
        expect(mine.map((e) => e.data)).toEqual([{ k: 1 }, { k: 2 }, { k: 3 }]);
        const after = await store.readAll({ fromPosition: r1.position, types: [type] });
        expect(after.map((e) => e.data)).toEqual([{ k: 2 }, { k: 3 }]);
        const all = await store.readAll({ fromPosition: r1.position - 1n, limit: 10_000 });
        const positions = all.map((e) => e.position);
        expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
        expect(new Set(positions).size).toBe(positions.length);
      });

      it('returns the position of the last appended event', async () => {
        const id = stream();
        const result = await store.append(id, events(3), 'no_stream');
        const read = await store.readStream(id);
        expect(read[2].position).toBe(result.position);
        expect(typeof result.position).toBe('bigint');
      });
    });

    describe('concurrency', () => {
      it('two writers racing for one revision: exactly one wins', async () => {
        const id = stream();
        await store.append(id, [event()], 'no_stream');
        const results = await Promise.allSettled(Array.from({ length: 2 }, () => store.append(id, [event()], 0n)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(rejected).toHaveLength(1);
        expect(rejected[0].reason).toBeInstanceOf(WrongExpectedStateError);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('two creators racing with no_stream: exactly one wins', async () => {
        const id = stream();
        const results = await Promise.allSettled([store.append(id, [event()], 'no_stream'), store.append(id, [event()], 'no_stream')]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(id)).toHaveLength(1);
      });
    });

    describe('many callers at once', () => {
      it('40 concurrent appends, every other one at a wrong revision: each gets its own answer', async () => {
        const ids = Array.from({ length: 40 }, () => stream('burst'));
        await Promise.all(ids.map((id) => store.append(id, [event()], 'no_stream')));
        const results = await Promise.allSettled(ids.map((id, i) => store.append(id, [event('Burst', { i })], i % 2 === 0 ? 0n : 7n)));
        results.forEach((result, i) => {
          if (i % 2 === 0) expect(result).toMatchObject({ status: 'fulfilled', value: { nextRevision: 1n } });
          else expect(result.status === 'rejected' && result.reason).toBeInstanceOf(WrongExpectedStateError);
        });
        const streams = await Promise.all(ids.map((id) => store.readStream(id)));
        streams.forEach((read, i) => expect(read.map((e) => e.type)).toEqual(i % 2 === 0 ? ['Thing', 'Burst'] : ['Thing']));
        const positions = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.position] : []));
        expect(new Set(positions).size).toBe(20);
      });

      it('concurrent stream reads each get their own stream, whatever characters its id holds', async () => {
        const ids = ['quote"d', 'back\\slash', 'comma,{brace}', 'new\nline', '张伟-🏠', 'plain'].map((s) => stream(s));
        await Promise.all(ids.map((id, i) => store.append(id, events(i + 1), 'no_stream')));
        const reads = await Promise.all([...ids, ...ids].map((id) => store.readStream(id)));
        reads.forEach((read, k) => {
          const i = k % ids.length;
          expect(read.map((e) => [e.streamId, e.revision, e.data])).toEqual(events(i + 1).map((_, r) => [ids[i], BigInt(r), { i: r }]));
        });
        expect(reads[0]).not.toBe(reads[ids.length]);
      });
    });

    describe('atomicity and idempotency', () => {
      it('a 1,000-event batch is appended whole', async () => {
        const id = stream();
        await store.append(id, events(1000), 'no_stream');
        const read = await store.readStream(id);
        expect(read).toHaveLength(1000);
        expect(read[999].revision).toBe(999n);
      });

      (traits.eventIdsUniqueAcrossStreams ? it : it.skip)('a 1,000-event batch holding an id stored in another stream appends nothing', async () => {
        const id = stream();
        const existing = event();
        await store.append(stream(), [existing], 'no_stream');
        const batch = events(1000);
        batch[500] = existing; // already stored in another stream
        await expect(store.append(id, batch, 'any')).rejects.toBeInstanceOf(EventIdConflictError);
        expect(await store.readStream(id)).toEqual([]);
      });

      it('a 1,000-event batch at a wrong revision appends nothing', async () => {
        const id = stream();
        await store.append(id, [event()], 'no_stream');
        await expect(store.append(id, events(1000), 5n)).rejects.toBeInstanceOf(WrongExpectedStateError);
        expect(await store.readStream(id)).toHaveLength(1);
      });

      it('re-appending the same event ids is a no-op that answers the first result', async () => {
        const id = stream();
        const batch = events(3);
        const first = await store.append(id, batch, 'no_stream');
        const again = await store.append(id, batch, 'no_stream');
        expect(again).toEqual(first);
        const afterAny = await store.append(id, batch, 'any');
        expect(afterAny).toEqual(first);
        expect(await store.readStream(id)).toHaveLength(3);
      });

      it('keeps non-ASCII payloads intact', async () => {
        const id = stream();
        const data = { name: '张伟', note: '客户很有兴趣，下周三看房 🏠', quote: 'line\nbreak "quoted" \\ back' };
        await store.append(id, [event('Thing', data)], 'no_stream');
        expect((await store.readStream(id))[0].data).toEqual(data);
      });
    });

    describe('subscription', () => {
      it('8 writers × 1,000 events while a subscriber reads: every event once, in increasing position', async () => {
        const type = `Load${randomUUID().slice(0, 8)}`;
        const start = await store.headPosition();
        const controller = new AbortController();
        const seen: RecordedEvent[] = [];
        const total = 8 * 1000;
        const reading = (async () => {
          for await (const e of store.subscribe({ fromPosition: start, types: [type], signal: controller.signal })) {
            seen.push(e);
            if (seen.length === total) break;
          }
        })();
        const writers = Array.from({ length: 8 }, async (_, w) => {
          const id = stream(`w${w}`);
          for (let i = 0; i < 1000; i++) await store.append(id, [event(type, { w, i })], 'any');
        });
        await Promise.all(writers);
        const timeout = setTimeout(() => controller.abort(), 60_000);
        await reading;
        clearTimeout(timeout);
        expect(seen).toHaveLength(total);
        expect(new Set(seen.map((e) => e.eventId)).size).toBe(total);
        for (let i = 1; i < seen.length; i++) expect(seen[i].position > seen[i - 1].position).toBe(true);
        for (let w = 0; w < 8; w++) {
          const mine = seen.filter((e) => (e.data as { w: number }).w === w).map((e) => (e.data as { i: number }).i);
          expect(mine).toEqual(Array.from({ length: 1000 }, (_, i) => i));
        }
      });

      it('catches up from a position, then follows live appends', async () => {
        const type = `Live${randomUUID().slice(0, 8)}`;
        const id = stream();
        const first = await store.append(id, [event(type, { n: 1 })], 'no_stream');
        await store.append(id, [event(type, { n: 2 })], 0n);
        const controller = new AbortController();
        const seen: unknown[] = [];
        const reading = (async () => {
          for await (const e of store.subscribe({ fromPosition: first.position, types: [type], signal: controller.signal })) {
            seen.push(e.data);
            if (seen.length === 2) break;
          }
        })();
        await new Promise((r) => setTimeout(r, 200));
        await store.append(id, [event(type, { n: 3 })], 1n);
        await reading;
        expect(seen).toEqual([{ n: 2 }, { n: 3 }]);
      });
    });
  });
}
