import type { RecordedEvent } from '@app/event-store';

/** Waits `ms`, or less when the signal aborts; leaves no listener behind either way. */
export const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

const TIMEOUT: unique symbol = Symbol('timeout');

export interface BatchOptions {
  /** Events per batch when live. */
  batchSize: number;
  /** A batch that fills at once doubles the next, up to this: fewer transactions when far behind. */
  maxBatchSize: number;
  /** How long a partial batch waits for more events. */
  batchWaitMs: number;
  /** How long to wait for a first event before yielding an empty batch (so the caller can look around). */
  idleMs: number;
}

/**
 * Cuts a subscription into batches: a batch is yielded when full, when `batchWaitMs` has passed
 * since its first event, or empty after `idleMs` without any. Ends when the subscription does or
 * the signal aborts.
 */
export async function* batchesOf(events: AsyncIterable<RecordedEvent>, options: BatchOptions, signal: AbortSignal): AsyncGenerator<RecordedEvent[]> {
  const iterator = events[Symbol.asyncIterator]();
  let pending = iterator.next();
  let batchSize = options.batchSize;
  while (!signal.aborted) {
    const batch: RecordedEvent[] = [];
    // One timer while waiting for a first event, one for the rest of the batch: not one per event.
    let idle: Promise<typeof TIMEOUT> | undefined;
    let filling: Promise<typeof TIMEOUT> | undefined;
    while (batch.length < batchSize) {
      const timeout = batch.length
        ? (filling ??= sleep(options.batchWaitMs, signal).then((): typeof TIMEOUT => TIMEOUT))
        : (idle ??= sleep(options.idleMs, signal).then((): typeof TIMEOUT => TIMEOUT));
      const next: IteratorResult<RecordedEvent> | typeof TIMEOUT = await Promise.race([pending, timeout]);
      if (next === TIMEOUT) break;
      if (next.done) {
        if (batch.length) yield batch;
        return;
      }
      batch.push(next.value);
      pending = iterator.next();
    }
    // Far behind, the subscription fills a batch without waiting: take more at a time.
    batchSize = batch.length === batchSize ? Math.min(batchSize * 2, options.maxBatchSize) : options.batchSize;
    yield batch;
  }
}
