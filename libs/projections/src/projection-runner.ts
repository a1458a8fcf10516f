import { setMaxListeners } from 'node:events';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { type Projection, type Tables, tablesOf } from './projection';
import type { ReadModelDb } from './read-model-db';
import { type Generation, ProjectionRegistry } from './registry';

export type ProjectionState = 'starting' | 'standby' | 'running' | 'rebuilding' | 'retrying' | 'failed' | 'stopped';

export interface ProjectionStatus {
  name: string;
  version: number;
  /** The build this runner applies events to. */
  generation?: number;
  state: ProjectionState;
  /** Global position of the last event of its types this build has applied (it reads no others). */
  checkpoint: bigint;
  /** When the event at the checkpoint was recorded: how far behind, in time. */
  checkpointRecordedAt?: Date;
  /** Events applied by this process since it started, for rates and progress bars. */
  applied: number;
  failure?: { position: string; eventId: string; type: string; message: string };
  lastError?: string;
}

export interface Lag {
  /** Events of the projection's types recorded after its checkpoint (at most `capped` tells). */
  events: number;
  capped: boolean;
  /** How long ago the oldest of them was recorded; 0 when there are none. */
  seconds: number;
}

export interface RunnerOptions {
  /** Events per transaction when live; a batch that fills at once doubles the next, up to `maxBatchSize`. */
  batchSize?: number;
  /** The largest batch while catching up: fewer transactions, commits and checkpoint writes when far behind. */
  maxBatchSize?: number;
  /** How long a partial batch waits for more events before it is applied. */
  batchWaitMs?: number;
  log?: (message: string) => void;
  /** Lifts old event shapes to the current ones before projections see them (the upcaster registry). */
  upcast?: (event: RecordedEvent) => RecordedEvent;
}

const TIMEOUT: unique symbol = Symbol('timeout');
const REGISTRY_POLL_MS = 1000;
/** `lag` counts pending events up to this many: enough to tell a stall from a backlog without reading it all. */
const LAG_COUNT_CAP = 1000;
/** A rebuild switches over when fewer events than this remain to be applied. */
const SWITCH_BACKLOG = 100;
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

/** Errors of the connection, not of the event: wait and try again rather than stop. */
function isTransient(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return /^(08|57P0|53)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code);
}

/** The apply of one event failed: the projection stops there and says which event and why. */
class ApplyFailure extends Error {
  constructor(readonly event: RecordedEvent, override readonly cause: unknown) {
    super((cause as Error)?.message ?? String(cause));
  }
}

type Mode = 'live' | 'build';

/**
 * Keeps each projection in step with the event store: reads from its checkpoint through the
 * store's subscription, applies events in batches, and commits each batch's rows and the new
 * checkpoint in one transaction — so a crash neither applies an event twice nor loses one.
 * A projection whose version changed is rebuilt into new tables beside the old ones, which
 * queries keep reading until the new build has caught up.
 */
export class ProjectionRunner {
  readonly registry: ProjectionRegistry;
  private readonly statuses = new Map<string, ProjectionStatus>();
  private readonly controller = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly batchSize: number;
  private readonly maxBatchSize: number;
  private readonly batchWaitMs: number;
  private readonly log: (message: string) => void;
  private readonly upcast: (event: RecordedEvent) => RecordedEvent;
  private readonly activeCache = new Map<string, { generation: number; at: number }>();

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    readonly projections: readonly Projection[],
    options: RunnerOptions = {},
  ) {
    this.registry = new ProjectionRegistry(db);
    // Every projection's loop, subscription and timers listen for the one stop signal.
    setMaxListeners(0, this.controller.signal);
    this.batchSize = options.batchSize ?? 500;
    this.maxBatchSize = Math.max(this.batchSize, options.maxBatchSize ?? 5000);
    this.batchWaitMs = options.batchWaitMs ?? 20;
    this.log = options.log ?? (() => undefined);
    this.upcast = options.upcast ?? ((e) => e);
    for (const p of projections) this.statuses.set(p.name, { name: p.name, version: p.version, state: 'starting', checkpoint: 0n, applied: 0 });
  }

  /** Prepares every projection's tables, then runs each in the background until `stop`. */
  async start(): Promise<void> {
    await this.registry.migrate();
    for (const projection of this.projections) {
      await this.registry.ensure(projection);
      this.loops.push(this.run(projection));
    }
  }

  /**
   * Rebuilds one projection into a new build beside the live one and switches queries to it
   * once it has caught up; resolves after the switch. The live runner keeps the old build
   * current meanwhile, and follows the new one after the switch.
   */
  async rebuild(name: string): Promise<Generation> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`no projection named ${name}; known: ${this.projections.map((p) => p.name).join(', ')}`);
    await this.registry.migrate();
    await this.registry.ensure(projection);
    const build = await this.registry.startBuild(projection);
    const status = this.statuses.get(name)!;
    for (let backoff = 100; ; backoff = Math.min(backoff * 2, 30_000)) {
      const done = await this.db.withLease(this.leaseKey(projection, build.generation), () => this.follow(projection, build.generation, 'build', status));
      if (done === 'switched') return build;
      if (this.controller.signal.aborted) throw new Error('stopped before the rebuild caught up');
      await sleep(done === undefined ? 1000 : backoff, this.controller.signal);
    }
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.all(this.loops);
    for (const s of this.statuses.values()) if (s.state !== 'failed') s.state = 'stopped';
  }

  status(): ProjectionStatus[] {
    return [...this.statuses.values()].map((s) => ({ ...s }));
  }

  /** The tables queries read for a projection: its active build's, as the registry says (cached 1 s). */
  async activeTables<Name extends string>(projection: Projection<Name>): Promise<Tables<Name>> {
    const cached = this.activeCache.get(projection.name);
    if (cached && Date.now() - cached.at < REGISTRY_POLL_MS) return tablesOf(projection, cached.generation);
    const entry = await this.registry.read(projection.name).catch(() => undefined);
    const generation = entry?.active.generation ?? 1;
    this.activeCache.set(projection.name, { generation, at: Date.now() });
    return tablesOf(projection, generation);
  }

  /**
   * Read-your-writes: resolves true once every projection has taken `position` into account —
   * applied every event it reads up to there. A projection reads only its own event types, so its
   * checkpoint stays at the last of those; a position beyond it counts as taken into account when
   * the store holds no event of those types in between.
   */
  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const settled = new Set<string>();
    for (let round = 0; ; round++) {
      const behind = [...this.statuses.values()].filter((s) => s.checkpoint < position && !settled.has(s.name));
      if (behind.length === 0) return true;
      if (Date.now() >= deadline || behind.some((s) => s.state === 'failed')) return false;
      // Another process may be running it (or this one does not run projections at all): ask the database.
      if (behind.some((s) => s.state !== 'running')) await this.refreshFromDatabase();
      if (round % 5 === 0) {
        for (const status of behind) if ((await this.lag(status.name, position)).events === 0) settled.add(status.name);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Each projection's status with its lag (`lag`) behind the store's head; statuses of other processes' runs read from the database. */
  async report(): Promise<(ProjectionStatus & { lag?: Lag })[]> {
    await this.refreshFromDatabase();
    const head = await this.store.headPosition();
    return Promise.all(this.status().map(async (s) => ({ ...s, lag: await this.lag(s.name, head).catch(() => undefined) })));
  }

  /**
   * What a projection has still to apply: its event types after its checkpoint (up to `upTo`, and
   * counted up to `LAG_COUNT_CAP`), and how long ago the oldest of them was recorded. Zero only when
   * the store shows everything up to `upTo` (default: its head) already committed.
   */
  async lag(name: string, upTo?: bigint): Promise<Lag> {
    const projection = this.projections.find((p) => p.name === name)!;
    const { checkpoint } = this.statuses.get(name)!;
    const head = await this.store.headPosition();
    const target = upTo ?? head;
    if (head < target) return { events: 1, capped: false, seconds: 0 };
    const ahead = await this.store.readAll({ fromPosition: checkpoint, types: projection.eventTypes, limit: LAG_COUNT_CAP });
    const pending = ahead.filter((e) => e.position <= target);
    return {
      events: pending.length,
      capped: pending.length === LAG_COUNT_CAP,
      seconds: pending.length ? Math.max(0, Date.now() - pending[0].recordedAt.getTime()) / 1000 : 0,
    };
  }

  private leaseKey(projection: Projection, generation: number): string {
    return `projection:${projection.name}:g${generation}`;
  }

  private async refreshFromDatabase(): Promise<void> {
    for (const status of this.statuses.values()) {
      if (status.state === 'running' || status.state === 'failed') continue;
      const entry = await this.registry.read(status.name).catch(() => undefined);
      if (!entry) continue;
      const { position, recordedAt } = await this.registry.checkpoint(status.name, entry.active.generation);
      status.checkpoint = position;
      status.checkpointRecordedAt = recordedAt;
    }
  }

  private async run(projection: Projection): Promise<void> {
    const status = this.statuses.get(projection.name)!;
    const signal = this.controller.signal;
    let backoff = 100;
    while (!signal.aborted && status.state !== 'failed') {
      try {
        const entry = (await this.registry.read(projection.name))!;
        // Code of another version cannot serve the old build: build this version's beside it.
        const live = entry.active.version === projection.version;
        const generation = live ? entry.active.generation : (await this.registry.startBuild(projection)).generation;
        const ran = await this.db.withLease(this.leaseKey(projection, generation), () =>
          this.follow(projection, generation, live ? 'live' : 'build', status),
        );
        if (ran === undefined) {
          status.state = 'standby';
          status.generation = generation;
          await this.refreshFromDatabase();
          await sleep(REGISTRY_POLL_MS, signal);
        }
        backoff = 100;
      } catch (error) {
        if (error instanceof ApplyFailure) {
          status.state = 'failed';
          status.failure = {
            position: error.event.position.toString(),
            eventId: error.event.eventId,
            type: error.event.type,
            message: error.message,
          };
          this.log(`projection ${projection.name} stopped at ${error.event.type} ${error.event.eventId} (position ${error.event.position}): ${error.message}`);
          return;
        }
        status.state = 'retrying';
        status.lastError = (error as Error)?.message ?? String(error);
        this.log(`projection ${projection.name}: ${status.lastError}; retrying in ${backoff} ms`);
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  /**
   * Follows the store from the build's checkpoint, batch by batch, until stopped, until the live
   * build is no longer the active one ('replaced'), or until a build has (nearly) caught up and
   * become the active one ('switched').
   */
  private async follow(projection: Projection, generation: number, mode: Mode, status: ProjectionStatus): Promise<'stopped' | 'replaced' | 'switched'> {
    const signal = this.controller.signal;
    const tables = tablesOf(projection, generation);
    const start = await this.registry.checkpoint(projection.name, generation);
    Object.assign(status, { generation, checkpoint: start.position, checkpointRecordedAt: start.recordedAt, state: mode === 'live' ? 'running' : 'rebuilding' });
    const subscription = new AbortController();
    const stopSubscription = () => subscription.abort();
    signal.addEventListener('abort', stopSubscription, { once: true });
    const events = this.store.subscribe({ fromPosition: start.position, types: projection.eventTypes, signal: subscription.signal })[Symbol.asyncIterator]();
    let pending = events.next();
    let checkedAt = 0;
    let batchSize = this.batchSize;
    try {
      while (!signal.aborted) {
        const batch: RecordedEvent[] = [];
        // One timer while waiting for a first event, one for the rest of the batch: not one per event.
        let idle: Promise<typeof TIMEOUT> | undefined;
        let filling: Promise<typeof TIMEOUT> | undefined;
        while (batch.length < batchSize) {
          const timeout = batch.length
            ? (filling ??= sleep(this.batchWaitMs, signal).then((): typeof TIMEOUT => TIMEOUT))
            : (idle ??= sleep(REGISTRY_POLL_MS, signal).then((): typeof TIMEOUT => TIMEOUT));
          const next: IteratorResult<RecordedEvent> | typeof TIMEOUT = await Promise.race([pending, timeout]);
          if (next === TIMEOUT) break;
          if (next.done) return 'stopped';
          batch.push(this.upcast(next.value));
          pending = events.next();
        }
        if (batch.length) {
          await this.commit(projection, tables, generation, batch);
          status.checkpoint = batch[batch.length - 1].position;
          status.checkpointRecordedAt = batch[batch.length - 1].recordedAt;
          status.applied += batch.length;
          // Far behind, the subscription fills a batch without waiting: take more at a time.
          batchSize = batch.length === batchSize ? Math.min(batchSize * 2, this.maxBatchSize) : this.batchSize;
          // The embedded database answers without ever leaving the microtask queue: give timers
          // and HTTP requests their turn between batches.
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (Date.now() - checkedAt < REGISTRY_POLL_MS) continue;
        checkedAt = Date.now();
        if (mode === 'build' && (await this.nearlyCaughtUp(projection, status.checkpoint))) {
          await this.registry.switchTo(projection.name, { generation, version: projection.version });
          this.activeCache.delete(projection.name);
          this.log(`projection ${projection.name}: build ${generation} caught up and is now the one queries read`);
          return 'switched';
        }
        if (mode === 'live' && (await this.registry.read(projection.name))?.active.generation !== generation) return 'replaced';
      }
      return 'stopped';
    } finally {
      signal.removeEventListener('abort', stopSubscription);
      subscription.abort();
    }
  }

  /**
   * A build may take over once what is left to read is small: writers may never pause, and
   * after the switch the live runner goes on from the build's checkpoint, so nothing is lost.
   */
  private async nearlyCaughtUp(projection: Projection, checkpoint: bigint): Promise<boolean> {
    return (await this.store.readAll({ fromPosition: checkpoint, types: projection.eventTypes, limit: SWITCH_BACKLOG })).length < SWITCH_BACKLOG;
  }

  private async commit(projection: Projection, tables: Tables<string>, generation: number, batch: RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1];
    try {
      await this.db.transaction(async (sql) => {
        await projection.apply(sql, tables, batch);
        await sql.query(
          'UPDATE projection_checkpoints SET position = $3, recorded_at = $4, updated_at = now() WHERE projection = $1 AND generation = $2',
          [projection.name, generation, last.position.toString(), last.recordedAt],
        );
      });
    } catch (error) {
      if (isTransient(error)) throw error;
      throw new ApplyFailure(await this.firstFailing(projection, tables, batch), error);
    }
  }

  /** Which event of a failed batch cannot be applied: each prefix alone, rolled back every time. */
  private async firstFailing(projection: Projection, tables: Tables<string>, batch: RecordedEvent[]): Promise<RecordedEvent> {
    for (let i = 0; i < batch.length; i++) {
      try {
        await this.db.transaction(async (sql) => {
          await projection.apply(sql, tables, batch.slice(0, i + 1));
          throw TIMEOUT; // roll back: nothing of the probe may stay
        });
      } catch (error) {
        if (error !== TIMEOUT) return batch[i];
      }
    }
    return batch[0];
  }
}
