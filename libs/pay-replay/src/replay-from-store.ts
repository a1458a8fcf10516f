import { emptyPayHistory, foldPayEvent, type MonthReplay, PAY_EVENT_TYPES, type PayHistory, type ReplayOptions, replayMonth } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';

/**
 * Events per `readAll`. A page lives until it is folded: pages of 5,000 outlive the young
 * generation's collections and are promoted whole, so that bench/payroll.ts's month peaked at
 * 330+ MiB and spent 0.3–0.5 s more CPU collecting than with pages of 1,000 (205–220 MiB). The
 * price is a query per 1,000 events, whose latency only the fold of the page before can hide. In
 * some runs V8 pretenures the pages' objects all the same, and the peak is about 300 MiB.
 */
export const REPLAY_PAGE = 1000;

/**
 * Payroll's replay: folds every pay event of the store (not the read model) up to now, as the store
 * reads them (current shapes: openEventStore reads through the upcasters), and recomputes the month
 * with the same engine that issued it. `onProgress` hears the position reached, for a progress bar.
 * Kept apart from the Nest service, so that the CLI and the bench load no more than the domain and
 * the store.
 */
export async function replayFromStore(
  store: EventStore,
  month: string,
  options: ReplayOptions,
  onProgress?: (position: bigint, head: bigint, events: number) => void,
): Promise<MonthReplay> {
  return replayMonth(await payHistoryFromStore(store, onProgress), month, options);
}

/** Every pay event of the store up to its head, folded (see `replayFromStore`). */
export async function payHistoryFromStore(store: EventStore, onProgress?: (position: bigint, head: bigint, events: number) => void): Promise<PayHistory> {
  const head = await store.headPosition();
  const history = emptyPayHistory();
  const read = (from: bigint) => {
    const page = store.readAll({ fromPosition: from, types: PAY_EVENT_TYPES, limit: REPLAY_PAGE });
    // Awaited later; until then a failed read must not count as unhandled (the fold may throw first).
    page.catch(() => undefined);
    return page;
  };
  let events = 0;
  let page: RecordedEvent[] | undefined;
  for (let next = read(0n); ;) {
    page = await next;
    if (page.length === 0) break;
    const from = page[page.length - 1].position;
    const more = page.length === REPLAY_PAGE && from < head;
    if (more) {
      // Ask for the next page before folding this one, so that the database works while we fold. The
      // query only goes out once the thread is free (pg hands out a pooled connection on the next tick).
      next = read(from);
      await new Promise((resolve) => setImmediate(resolve));
    }
    events += foldPage(history, page, head);
    // Let go of the folded page before waiting for the next, so that it dies young: nothing of it may
    // stay in this function's frame across the await (an iterator over it would).
    // eslint-disable-next-line no-useless-assignment -- read by the garbage collector, not by the code
    page = undefined;
    onProgress?.(from, head, events);
    if (!more) break;
  }
  return history;
}

/** Folds a page's events up to `head`; how many. */
function foldPage(history: PayHistory, page: readonly RecordedEvent[], head: bigint): number {
  let folded = 0;
  for (const event of page) {
    if (event.position > head) break;
    foldPayEvent(history, event);
    folded += 1;
  }
  return folded;
}
