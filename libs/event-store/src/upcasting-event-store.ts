import type { EventStore, RecordedEvent } from './event-store.port';
import type { UpcasterRegistry } from './upcasters';

/**
 * The one place old event shapes are lifted: every read of the returned store (a stream, a page of
 * the log, a subscription) yields current shapes, so nothing downstream knows about versions. Writes
 * go through untouched: the store keeps what was written. An event without an upcaster step comes
 * back as the very object the adapter read.
 */
export function upcastingEventStore(store: EventStore, upcasters: UpcasterRegistry): EventStore {
  return {
    kind: store.kind,
    append: (streamId, events, expected) => store.append(streamId, events, expected),
    readStream: async (streamId) => upcastInPlace(await store.readStream(streamId), upcasters),
    readAll: async (options) => upcastInPlace(await store.readAll(options), upcasters),
    subscribe: (options) => upcastEach(store.subscribe(options), upcasters),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
}

/** The adapter's array is fresh per read and ours alone: a page of thousands costs no second array. */
function upcastInPlace(events: RecordedEvent[], upcasters: UpcasterRegistry): RecordedEvent[] {
  for (let i = 0; i < events.length; i++) events[i] = upcasters.upcast(events[i]);
  return events;
}

/**
 * The adapter's iterator, each value upcast. A plain iterator rather than an async generator: no
 * extra queue per event, and `return()` reaches the adapter at once, as it would unwrapped.
 */
function upcastEach(events: AsyncIterable<RecordedEvent>, upcasters: UpcasterRegistry): AsyncIterable<RecordedEvent> {
  return {
    [Symbol.asyncIterator]() {
      const inner = events[Symbol.asyncIterator]();
      const lifted = (result: IteratorResult<RecordedEvent>): IteratorResult<RecordedEvent> =>
        result.done ? result : { done: false, value: upcasters.upcast(result.value) };
      return {
        next: () => inner.next().then(lifted),
        return: (value?: unknown) => (inner.return ? inner.return(value) : Promise.resolve({ done: true, value: undefined })),
        throw: (error?: unknown) => (inner.throw ? inner.throw(error).then(lifted) : Promise.reject(error)),
      };
    },
  };
}
