import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DomainError, type IntegrationEvent, internalTypesFor, toIntegrationEvent } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';

export const INTEGRATION_OPTIONS = Symbol('INTEGRATION_OPTIONS');

export interface IntegrationOptions {
  /** The key of the `leadRef` pseudonyms (PSEUDONYM_KEY). */
  pseudonymKey: string;
  /** True when the development key is in use: said once at start. */
  devPseudonymKey: boolean;
  /** Interval of the SSE heartbeat comment. */
  heartbeatMs: number;
  /** SSE streams one caller may hold open at once. */
  maxStreamsPerCaller: number;
}

export const DEFAULT_MAX_STREAMS_PER_CALLER = 5;

export const DEFAULT_HEARTBEAT_MS = 15_000;
const RECONNECT_MS = 1000;

export interface FeedPage {
  items: IntegrationEvent[];
  /** The last item's position: the `fromPosition` of the next page. Absent when the page is empty. */
  nextCursor?: string;
}

/** What the live feed writes to: an HTTP response, or a fake in a unit test. */
export interface SseSink {
  write(chunk: string): boolean;
  readonly writableNeedDrain: boolean;
  readonly destroyed: boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/** Who reads, for the log (never what they read). */
export interface FeedReader {
  sub: string;
}

/**
 * The integrators' feeds: pages of the global log and a live SSE stream, both in global order,
 * both of public integration events only (libs/domain/src/integration).
 */
@Injectable()
export class IntegrationFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('IntegrationFeed');
  /** Open SSE streams per caller (this process's). */
  private readonly openStreams = new Map<string, number>();
  /** Live streams, ended when the service stops (an open response would hold the server open). */
  private readonly open = new Set<AbortController>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INTEGRATION_OPTIONS) private readonly options: IntegrationOptions,
  ) {}

  onModuleInit(): void {
    if (this.options.devPseudonymKey) {
      this.logger.warn('PSEUDONYM_KEY is not set: lead pseudonyms use the development key. Never do this in production.');
    }
  }

  onModuleDestroy(): void {
    for (const stream of this.open) stream.abort();
  }

  /** Events after `fromPosition`, of the public types asked (every published one when none). */
  async page(fromPosition: bigint, publicTypes: readonly string[], limit: number): Promise<FeedPage> {
    const types = internalTypesFor(publicTypes);
    const events = await this.store.readAll({ fromPosition, types, limit });
    const items = events.map((e) => toIntegrationEvent(e, this.options)).filter((e): e is IntegrationEvent => e !== null);
    const last = events[events.length - 1];
    return last ? { items, nextCursor: last.position.toString() } : { items };
  }

  /**
   * Catch-up then live, as SSE frames, until the reader goes or the service stops. The next event
   * is pulled only once the sink has taken the last one (its buffer drained), so a slow reader
   * holds at most one page of the store's subscription in memory, never a growing queue.
   */
  /**
   * Takes one of the caller's stream slots, or refuses with 429 when they hold the most allowed:
   * one integrator cannot hold the service's connections. Answers the function that gives it back.
   */
  openStream(sub: string): () => void {
    const open = this.openStreams.get(sub) ?? 0;
    if (open >= this.options.maxStreamsPerCaller) {
      throw new DomainError(
        'INTEGRATION.TOO_MANY_STREAMS',
        'too_many',
        `at most ${this.options.maxStreamsPerCaller} event streams may be open at once per caller; close one first`,
        { maxStreams: this.options.maxStreamsPerCaller, retryAfterSeconds: 5 },
      );
    }
    this.openStreams.set(sub, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.openStreams.get(sub) ?? 1) - 1;
      if (left > 0) this.openStreams.set(sub, left);
      else this.openStreams.delete(sub);
    };
  }

  async stream(sink: SseSink, reader: FeedReader, fromPosition: bigint, publicTypes: readonly string[]): Promise<void> {
    const types = internalTypesFor(publicTypes);
    const stop = new AbortController();
    const onClose = () => stop.abort();
    sink.once('close', onClose);
    if (sink.destroyed) stop.abort();
    this.open.add(stop);
    const heartbeat = setInterval(() => {
      // A reader that is not reading gets no heartbeats piling up either.
      if (!sink.writableNeedDrain && !sink.destroyed) sink.write(': heartbeat\n\n');
    }, this.options.heartbeatMs);
    heartbeat.unref?.();
    this.logger.log(`stream opened by ${reader.sub} after position ${fromPosition}${publicTypes.length ? ` for ${publicTypes.length} types` : ''}`);
    let sent = 0;
    const events = this.store.subscribe({ fromPosition, types, signal: stop.signal })[Symbol.asyncIterator]();
    try {
      // How long a client waits before it reconnects (with Last-Event-ID) after a drop.
      sink.write(`retry: ${RECONNECT_MS}\n: catching up\n\n`);
      while (!stop.signal.aborted) {
        const next = await events.next();
        if (next.done || stop.signal.aborted) break;
        const event = toIntegrationEvent(next.value, this.options);
        if (!event) continue;
        sent += 1;
        if (!sink.write(sseFrame(event))) await drained(sink, stop.signal);
      }
    } catch (error) {
      // The reader resumes with Last-Event-ID; the event itself is never logged.
      this.logger.error(`stream of ${reader.sub} failed: ${(error as Error).message}`);
    } finally {
      clearInterval(heartbeat);
      stop.abort();
      this.open.delete(stop);
      sink.off('close', onClose);
      await events.return?.().catch(() => undefined);
      this.logger.log(`stream of ${reader.sub} closed after ${sent} events`);
    }
  }
}

/** `id` is the global position: what the client sends back as Last-Event-ID. */
export function sseFrame(event: IntegrationEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

function drained(sink: SseSink, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (sink.destroyed || signal.aborted) return resolve();
    const done = () => {
      sink.off('drain', done);
      sink.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    sink.once('drain', done);
    sink.once('close', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
