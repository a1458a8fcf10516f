import { setMaxListeners } from 'node:events';
import { DomainError, internalTypesFor, type IntegrationEvent, toIntegrationEvent } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { type ReadModelDb, sleep } from '@app/projections';
import { type CommandContext, hashCommand } from '@app/application';
import { decideParkWebhook, evolveWebhook, initialWebhookState, type RegisteredWebhook, type WebhookState } from '../webhook';
import { retryDelayMs, type WebhookConfig } from '../webhook-config';
import type { WebhookSecrets } from '../webhook-secrets';
import type { Webhooks } from '../webhooks';
import { CheckpointMoved, type DeliveryState, type DeliveryStates } from './delivery-state';
import { postEvent } from './post-event';
import type { TargetGuard } from './target-guard';

/** Events read from the store at a time. */
const PAGE = 100;
/** A subscriber gives up its slot after this many deliveries or this long, so that one busy subscriber does not starve the others. */
const ROUND_EVENTS = 200;
const ROUND_MS = 5000;
const MAX_ERROR_BACKOFF_MS = 30_000;

/** Who parks a webhook, as its events' metadata names it. */
const DISPATCHER = { sub: 'webhook-dispatcher', roles: ['system'] } as const;

/** At most `size` holders at once; a waiter gives up when the signal aborts. */
class Slots {
  private readonly waiting: (() => void)[] = [];
  constructor(private free: number) {}

  async acquire(signal: AbortSignal): Promise<boolean> {
    if (this.free > 0) {
      this.free--;
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const granted = () => {
        signal.removeEventListener('abort', aborted);
        resolve(true);
      };
      const aborted = () => {
        this.waiting.splice(this.waiting.indexOf(granted), 1);
        resolve(false);
      };
      this.waiting.push(granted);
      signal.addEventListener('abort', aborted, { once: true });
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

export interface DispatcherDeps {
  store: EventStore;
  db: ReadModelDb;
  deliveries: DeliveryStates;
  webhooks: Webhooks;
  secrets: WebhookSecrets;
  config: WebhookConfig;
  /** Which addresses a delivery may connect to. */
  guard: TargetGuard;
  pseudonymKey: string;
  /** The service's clock: when a webhook was parked. */
  clock: { now(): Date };
  log: { warn(message: string): void; log(message: string): void };
}

/**
 * Delivers integration events to webhook subscribers: at least once, in order per subscriber,
 * one event per POST. Each subscriber has a loop of its own and a checkpoint of its own in the
 * read-model database, which moves only after a 2xx. A loop delivers under a lease on its
 * subscriber (`webhook:<id>`), taken per round and given back after it, so that several workers
 * share the subscribers and never deliver to one at the same time.
 */
export class WebhookDispatcher {
  private readonly deliveries: DeliveryStates;
  private readonly controller = new AbortController();
  /** Every webhook as the webhook events of the log fold (kept current by `discover`). */
  private readonly directory = new Map<string, WebhookState>();
  private readonly loops = new Map<string, Promise<void>>();
  private readonly slots: Slots;
  private discovery?: Promise<void>;
  private seen = 0n;

  constructor(private readonly deps: DispatcherDeps) {
    this.deliveries = deps.deliveries;
    this.slots = new Slots(deps.config.concurrency);
    setMaxListeners(0, this.controller.signal);
  }

  /** Runs until `stop`; the delivery table is a migration of the read-model database (`CreateWebhookDeliveries…`). */
  start(): void {
    this.discovery ??= this.discover();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.discovery;
    await Promise.all(this.loops.values());
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Follows the webhook events of the log and starts a loop for each subscriber that is not deactivated. */
  private async discover(): Promise<void> {
    while (!this.signal.aborted) {
      try {
        this.seen = await this.deps.webhooks.follow(this.seen, (event) => {
          const id = event.data.webhookId;
          this.directory.set(id, evolveWebhook(this.directory.get(id) ?? initialWebhookState, event));
        });
        for (const [id, state] of this.directory) {
          if (!state.registered || state.status === 'deactivated' || this.loops.has(id)) continue;
          this.loops.set(
            id,
            this.loop(id).finally(() => this.loops.delete(id)),
          );
        }
      } catch (error) {
        if (!this.signal.aborted) this.deps.log.warn(`webhooks: could not read the subscribers: ${(error as Error).message}`);
      }
      await sleep(this.deps.config.pollMs, this.signal);
    }
  }

  private async loop(webhookId: string): Promise<void> {
    const { pollMs } = this.deps.config;
    let errorBackoff = pollMs;
    while (!this.signal.aborted) {
      const known = this.directory.get(webhookId);
      if (!known?.registered || known.status === 'deactivated') return;
      if (known.status === 'parked') {
        await sleep(pollMs, this.signal);
        continue;
      }
      if (!(await this.slots.acquire(this.signal))) return;
      let wait: number;
      try {
        // undefined: another process holds the lease and delivers to this subscriber.
        wait = (await this.deps.db.withLease(`webhook:${webhookId}`, () => this.round(webhookId))) ?? pollMs;
        errorBackoff = pollMs;
      } catch (error) {
        wait = errorBackoff;
        errorBackoff = Math.min(errorBackoff * 2, MAX_ERROR_BACKOFF_MS);
        if (!(error instanceof CheckpointMoved) && !this.signal.aborted) {
          this.deps.log.warn(`webhook ${webhookId}: ${(error as Error).message}; trying again in ${wait} ms`);
        }
      } finally {
        this.slots.release();
      }
      if (wait > 0) await sleep(wait, this.signal);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * One turn at a subscriber, under its lease: from its checkpoint, POST each of its events in
   * order until it is caught up, a POST fails, or the turn is over. Answers how long to wait
   * before the next turn.
   */
  private async round(webhookId: string): Promise<number> {
    const { pollMs } = this.deps.config;
    // The stream, not the directory, decides: another process may have parked it a moment ago.
    const state = await this.deps.webhooks.load(webhookId);
    if (!state.registered || state.status !== 'active') return pollMs;
    let delivery = await this.deliveries.open(webhookId, BigInt(state.fromPosition));
    if (delivery.redrives < state.redrives) {
      await this.deliveries.redriven(webhookId, state.redrives);
      delivery = { ...delivery, attempts: 0, nextAttemptAt: null, redrives: state.redrives };
    }
    const backoff = (delivery.nextAttemptAt?.getTime() ?? 0) - Date.now();
    if (backoff > 0) return backoff;

    const secret = this.deps.secrets.open(webhookId, state.sealedSecret);
    const types = internalTypesFor(state.types);
    const wanted = new Set(state.types);
    const started = Date.now();
    let checkpoint = delivery.position;
    /** The last event read: beyond the checkpoint when events since were not for this subscriber. */
    let passed = checkpoint;
    let sent = 0;
    while (!this.signal.aborted) {
      const page = await this.deps.store.readAll({ fromPosition: passed, types, limit: PAGE });
      for (const recorded of page) {
        const event = toIntegrationEvent(recorded, { pseudonymKey: this.deps.pseudonymKey });
        if (!event || !wanted.has(event.type)) {
          passed = recorded.position;
          continue;
        }
        if (passed > checkpoint) checkpoint = await this.pass(webhookId, checkpoint, passed);
        const outcome = await postEvent(
          { webhookId, url: state.url, secret },
          event,
          delivery.attempts + 1,
          this.deps.config.timeoutMs,
          this.signal,
          this.deps.guard,
        );
        if ('stopped' in outcome) return 0;
        if (!outcome.ok) return this.failed(state, delivery, checkpoint, recorded, event, outcome.error);
        await this.deliveries.delivered(webhookId, checkpoint, recorded.position);
        checkpoint = passed = recorded.position;
        delivery = { ...delivery, attempts: 0 };
        if (++sent >= ROUND_EVENTS || Date.now() - started >= ROUND_MS) return 0;
      }
      if (passed > checkpoint) checkpoint = await this.pass(webhookId, checkpoint, passed);
      if (page.length < PAGE) return pollMs;
    }
    return 0;
  }

  /** Events not for this subscriber move its checkpoint too, so that it never reads them again. */
  private async pass(webhookId: string, from: bigint, to: bigint): Promise<bigint> {
    await this.deliveries.passed(webhookId, from, to);
    return to;
  }

  /** Records the failure; waits the backoff, or parks the subscriber after too many failures in a row. */
  private async failed(
    state: RegisteredWebhook,
    delivery: DeliveryState,
    checkpoint: bigint,
    recorded: RecordedEvent,
    event: IntegrationEvent,
    error: string,
  ): Promise<number> {
    const { webhookId } = state;
    const attempts = delivery.attempts + 1;
    if (attempts < this.deps.config.parkAfter) {
      const wait = retryDelayMs(this.deps.config, attempts);
      await this.deliveries.failed(webhookId, checkpoint, attempts, error, new Date(Date.now() + wait));
      return wait;
    }
    await this.deliveries.failed(webhookId, checkpoint, attempts, error, null);
    await this.park(state, { webhookId, position: recorded.position.toString(), eventId: event.eventId, attempts, lastError: error });
    this.deps.log.warn(`webhook ${webhookId} parked after ${attempts} failed attempts at event ${event.eventId} (position ${recorded.position}): ${error}`);
    return this.deps.config.pollMs;
  }

  /** `WebhookParked`, once per parking: the command id names the re-drive it follows, so a retry after a crash is recognised. */
  private async park(
    state: RegisteredWebhook,
    data: { webhookId: string; position: string; eventId: string; attempts: number; lastError: string },
  ): Promise<void> {
    const commandId = `ParkWebhook:${state.webhookId}#${state.redrives}`;
    const ctx: CommandContext = {
      actor: { sub: DISPATCHER.sub, roles: [...DISPATCHER.roles] },
      commandId,
      commandHash: hashCommand('ParkWebhook', { webhookId: state.webhookId, redrives: state.redrives }),
      correlationId: commandId,
      causationId: commandId,
      now: this.deps.clock.now(),
    };
    try {
      await this.deps.webhooks.run(state.webhookId, (s) => decideParkWebhook({ type: 'ParkWebhook', data }, s, ctx), ctx);
    } catch (error) {
      // Deactivated (or parked by another process) meanwhile: nothing left to park.
      if (!(error instanceof DomainError)) throw error;
    }
  }
}
