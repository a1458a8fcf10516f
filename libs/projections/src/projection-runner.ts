import { setMaxListeners } from 'node:events';
import type { EventStore, RecordedEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import { batchesOf, sleep } from './batches';
import { type Projection, schemaOf } from './projection';
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
  /** The shared read has brought this process's run this far: every event of its types up to here is applied. */
  readThrough?: bigint;
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
}

/** Thrown to roll a probe transaction back. */
const ROLLBACK: unique symbol = Symbol('rollback');
const REGISTRY_POLL_MS = 1000;
/** `lag` counts pending events up to this many: enough to tell a stall from a backlog without reading it all. */
const LAG_COUNT_CAP = 1000;
/** A rebuild switches over when fewer events than this remain to be applied. */
const SWITCH_BACKLOG = 100;
/** Errors of the connection, not of the event: wait and try again rather than stop. */
function isTransient(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return /^(08|57P0|53)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code);
}

/** The embedded database answers without leaving the microtask queue: give timers and HTTP requests their turn. */
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

/** Read afresh: the state may have changed across an await. */
const isFailed = (status: ProjectionStatus) => status.state === 'failed';

const rethrowUnlessApplyFailure = (error: unknown) => {
  if (!(error instanceof ApplyFailure)) throw error;
};

/** The apply of one event failed: the projection stops there and says which event and why. */
class ApplyFailure extends Error {
  constructor(
    readonly event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super((cause as Error)?.message ?? String(cause));
  }
}

/** A live projection this runner holds the lease of, in the shared read of the log. */
interface Member {
  projection: Projection;
  generation: number;
  types: ReadonlySet<string>;
  status: ProjectionStatus;
}

/**
 * Keeps each projection in step with the event store. The live projections share one read of the
 * log (the store's subscription, filtered to their event types together, from the lowest of their
 * checkpoints): each batch is fanned out to every projection, which applies the events of its types
 * past its own checkpoint and commits its rows and its new checkpoint in one transaction — so a
 * crash neither applies an event twice nor loses one. A projection whose version changed is
 * rebuilt into a new schema beside the old one, reading the log on its own, while queries keep
 * reading the old build; once caught up it takes over and joins the shared read.
 */
export class ProjectionRunner {
  readonly registry: ProjectionRegistry;
  private readonly statuses = new Map<string, ProjectionStatus>();
  private readonly controller = new AbortController();
  private readonly loops: Promise<void>[] = [];
  /** Builds under way in this process, by projection name. */
  private readonly builds = new Map<string, Promise<void>>();
  private readonly batchSize: number;
  private readonly maxBatchSize: number;
  private readonly batchWaitMs: number;
  private readonly log: (message: string) => void;
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
    for (const p of projections) this.statuses.set(p.name, { name: p.name, version: p.version, state: 'starting', checkpoint: 0n, applied: 0 });
  }

  /** Prepares every projection's tables, then runs each in the background until `stop`. */
  async start(): Promise<void> {
    for (const projection of this.projections) await this.registry.ensure(projection);
    this.loops.push(this.runAll());
  }

  /**
   * Rebuilds one projection into a new build beside the live one and switches queries to it
   * once it has caught up; resolves after the switch. The live runner keeps the old build
   * current meanwhile, and follows the new one after the switch.
   */
  async rebuild(name: string): Promise<Generation> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`no projection named ${name}; known: ${this.projections.map((p) => p.name).join(', ')}`);
    await this.registry.ensure(projection);
    const build = await this.registry.startBuild(projection);
    if (await this.followBuild(projection, build.generation, this.statuses.get(name)!)) return build;
    throw new Error('stopped before the rebuild caught up');
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.all(this.loops);
    for (const s of this.statuses.values()) if (s.state !== 'failed') s.state = 'stopped';
  }

  status(): ProjectionStatus[] {
    return [...this.statuses.values()].map((s) => ({ ...s }));
  }

  /** The schema queries read for a projection: its active build's, as the registry says (cached 1 s). */
  async activeSchema(projection: Projection): Promise<string> {
    const cached = this.activeCache.get(projection.name);
    if (cached && Date.now() - cached.at < REGISTRY_POLL_MS) return schemaOf(projection, cached.generation, this.db.baseSchema);
    const entry = await this.registry.read(projection.name).catch(() => undefined);
    const generation = entry?.active.generation ?? 1;
    this.activeCache.set(projection.name, { generation, at: Date.now() });
    return schemaOf(projection, generation, this.db.baseSchema);
  }

  /** Reads a projection's live build: `work`'s entities are its tables, in one consistent snapshot. */
  async read<T>(projection: Projection, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work, await this.activeSchema(projection));
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
    const progress = new Map<string, bigint>();
    const reached = (s: ProjectionStatus) => (s.readThrough !== undefined && s.readThrough > s.checkpoint ? s.readThrough : s.checkpoint);
    for (let round = 0; ; round++) {
      const behind = [...this.statuses.values()].filter((s) => reached(s) < position && !settled.has(s.name));
      if (behind.length === 0) return true;
      if (Date.now() >= deadline || behind.some((s) => s.state === 'failed')) return false;
      // Another process may be running it (or this one does not run projections at all): ask the database.
      if (behind.some((s) => s.state !== 'running')) await this.refreshFromDatabase();
      if (round % 5 === 0) {
        // The store is asked only about projections that stood still since the last look: one that is
        // still moving will get there by itself, and a catch-up is not slowed by the asking.
        for (const status of behind) {
          const moved = progress.get(status.name) !== reached(status);
          progress.set(status.name, reached(status));
          if (moved && status.state === 'running' && round > 0) continue;
          if ((await this.lag(status.name, position)).events === 0) settled.add(status.name);
        }
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

  /** Live projections follow the shared read; one whose code version has no build yet builds on its own first. */
  private async runAll(): Promise<void> {
    const signal = this.controller.signal;
    let backoff = 100;
    while (!signal.aborted) {
      try {
        const live: { projection: Projection; generation: number }[] = [];
        for (const projection of this.projections) {
          if (this.statuses.get(projection.name)!.state === 'failed' || this.builds.has(projection.name)) continue;
          const entry = (await this.registry.read(projection.name))!;
          if (entry.active.version === projection.version) live.push({ projection, generation: entry.active.generation });
          // Code of another version cannot serve the old build: build this version's beside it.
          else this.buildInBackground(projection);
        }
        const held = await this.withLeases(live, (members) => this.followShared(members));
        for (const { projection, generation } of live) {
          if (held.some((m) => m.projection === projection)) continue;
          Object.assign(this.statuses.get(projection.name)!, { state: 'standby', generation });
        }
        if (held.length < live.length || live.length === 0) {
          await this.refreshFromDatabase();
          await sleep(REGISTRY_POLL_MS, signal);
        }
        backoff = 100;
      } catch (error) {
        const message = (error as Error)?.message ?? String(error);
        for (const status of this.statuses.values()) if (status.state === 'running') Object.assign(status, { state: 'retrying', lastError: message });
        this.log(`projections: ${message}; retrying in ${backoff} ms`);
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  /**
   * Runs `work` with the leases of as many of `live` as this process can get (none waits for
   * another process), and answers the ones it held.
   */
  private async withLeases(live: { projection: Projection; generation: number }[], work: (members: Member[]) => Promise<void>): Promise<Member[]> {
    const members: Member[] = [];
    const acquire = async (i: number): Promise<void> => {
      if (i === live.length) {
        if (members.length) await work(members);
        return;
      }
      const { projection, generation } = live[i];
      const got = await this.db.withLease(this.leaseKey(projection, generation), async () => {
        members.push({ projection, generation, types: new Set(projection.eventTypes), status: this.statuses.get(projection.name)! });
        await acquire(i + 1);
        return true;
      });
      if (!got) await acquire(i + 1);
    };
    await acquire(0);
    return members;
  }

  /**
   * The shared read: one subscription from the lowest checkpoint of the members, over all their
   * types; each batch goes to every member, in its own transaction. Ends to regroup when a build
   * was switched or a projection outside the group may now be taken, or when stopped.
   */
  private async followShared(members: Member[]): Promise<void> {
    const signal = this.controller.signal;
    for (const m of members) {
      const start = await this.registry.checkpoint(m.projection.name, m.generation);
      Object.assign(m.status, { generation: m.generation, checkpoint: start.position, checkpointRecordedAt: start.recordedAt, state: 'running' });
    }
    const from = members.reduce((min, m) => (m.status.checkpoint < min ? m.status.checkpoint : min), members[0].status.checkpoint);
    const types = [...new Set(members.flatMap((m) => m.projection.eventTypes))];
    const subscription = this.subscription();
    let checkedAt = Date.now();
    try {
      const events = this.store.subscribe({ fromPosition: from, types, signal: subscription.signal });
      for await (const batch of batchesOf(events, this.batchOptions(), signal)) {
        if (batch.length) {
          await this.fanOut(members, batch);
          await yieldToEventLoop();
        }
        if (Date.now() - checkedAt < REGISTRY_POLL_MS) continue;
        checkedAt = Date.now();
        if (await this.shouldRegroup(members)) return;
      }
    } finally {
      subscription.abort();
    }
  }

  /**
   * Each member applies the batch's events of its types past its checkpoint, all at once (each in
   * its own transaction: on PostgreSQL they run side by side). One projection's poisoned event
   * stops that projection only; a failure of the database ends the round after all have settled.
   */
  private async fanOut(members: Member[], batch: RecordedEvent[]): Promise<void> {
    const through = batch[batch.length - 1].position;
    const outcomes = await Promise.allSettled(
      members.map(async (m) => {
        if (m.status.state === 'failed') return;
        const mine = batch.filter((e) => e.position > m.status.checkpoint && m.types.has(e.type));
        if (mine.length) await this.applyBatch(m.projection, m.generation, m.status, mine).catch(rethrowUnlessApplyFailure);
        if (!isFailed(m.status)) m.status.readThrough = through;
      }),
    );
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async shouldRegroup(members: Member[]): Promise<boolean> {
    if (members.every((m) => m.status.state === 'failed')) return true;
    for (const m of members) if ((await this.registry.read(m.projection.name))?.active.generation !== m.generation) return true;
    // A projection another process held, or whose build has finished, may be ours to run now.
    return this.projections.some((p) => !members.some((m) => m.projection === p) && !this.builds.has(p.name) && this.statuses.get(p.name)!.state !== 'failed');
  }

  /** Builds the projection's current version beside the live build, on its own read of the log, until it takes over. */
  private buildInBackground(projection: Projection): void {
    if (this.builds.has(projection.name)) return;
    const status = this.statuses.get(projection.name)!;
    const loop = (async () => {
      const build = await this.registry.startBuild(projection);
      for (let backoff = 100; !this.controller.signal.aborted; backoff = Math.min(backoff * 2, 30_000)) {
        try {
          await this.followBuild(projection, build.generation, status);
          return;
        } catch (error) {
          if (error instanceof ApplyFailure) return;
          Object.assign(status, { state: 'retrying', lastError: (error as Error)?.message ?? String(error) });
          await sleep(backoff, this.controller.signal);
        }
      }
    })()
      .catch((error: unknown) => this.log(`projection ${projection.name}: the build could not start: ${(error as Error)?.message ?? error}`))
      .finally(() => this.builds.delete(projection.name));
    this.builds.set(projection.name, loop);
    this.loops.push(loop);
  }

  /**
   * Follows a build under its lease until it takes over (true) or the runner stops (false),
   * standing by while another process holds the lease.
   */
  private async followBuild(projection: Projection, generation: number, status: ProjectionStatus): Promise<boolean> {
    for (let backoff = 100; !this.controller.signal.aborted; backoff = Math.min(backoff * 2, 30_000)) {
      const done = await this.db.withLease(this.leaseKey(projection, generation), () => this.follow(projection, generation, status));
      if (done === 'switched') return true;
      if (done === undefined) status.state = 'standby';
      await sleep(done === undefined ? REGISTRY_POLL_MS : backoff, this.controller.signal);
    }
    return false;
  }

  /**
   * A build reading the log on its own from its checkpoint, until stopped, or until it has (nearly)
   * caught up and become the one queries read ('switched').
   */
  private async follow(projection: Projection, generation: number, status: ProjectionStatus): Promise<'stopped' | 'switched'> {
    const signal = this.controller.signal;
    const start = await this.registry.checkpoint(projection.name, generation);
    Object.assign(status, { generation, checkpoint: start.position, checkpointRecordedAt: start.recordedAt, state: 'rebuilding' });
    const subscription = this.subscription();
    let checkedAt = 0;
    try {
      const events = this.store.subscribe({ fromPosition: start.position, types: projection.eventTypes, signal: subscription.signal });
      for await (const batch of batchesOf(events, this.batchOptions(), signal)) {
        if (batch.length) {
          await this.applyBatch(projection, generation, status, batch);
          await yieldToEventLoop();
        }
        if (Date.now() - checkedAt < REGISTRY_POLL_MS) continue;
        checkedAt = Date.now();
        if (await this.nearlyCaughtUp(projection, status.checkpoint)) {
          await this.registry.switchTo(projection, { generation, version: projection.version });
          this.activeCache.delete(projection.name);
          this.log(`projection ${projection.name}: build ${generation} caught up and is now the one queries read`);
          return 'switched';
        }
      }
      return 'stopped';
    } finally {
      subscription.abort();
    }
  }

  /** A subscription's own stop signal, which the runner's stop also aborts. */
  private subscription(): AbortController {
    const subscription = new AbortController();
    const stop = () => subscription.abort();
    this.controller.signal.addEventListener('abort', stop, { once: true });
    subscription.signal.addEventListener('abort', () => this.controller.signal.removeEventListener('abort', stop), { once: true });
    return subscription;
  }

  private batchOptions() {
    return { batchSize: this.batchSize, maxBatchSize: this.maxBatchSize, batchWaitMs: this.batchWaitMs, idleMs: REGISTRY_POLL_MS };
  }

  /** Commits a batch and moves the status; an event that cannot be applied stops this projection, named. */
  private async applyBatch(projection: Projection, generation: number, status: ProjectionStatus, batch: RecordedEvent[]): Promise<void> {
    try {
      await this.commit(projection, generation, batch);
    } catch (error) {
      if (!(error instanceof ApplyFailure)) throw error;
      status.state = 'failed';
      status.failure = { position: error.event.position.toString(), eventId: error.event.eventId, type: error.event.type, message: error.message };
      this.log(`projection ${projection.name} stopped at ${error.event.type} ${error.event.eventId} (position ${error.event.position}): ${error.message}`);
      throw error;
    }
    const last = batch[batch.length - 1];
    status.checkpoint = last.position;
    status.checkpointRecordedAt = last.recordedAt;
    status.applied += batch.length;
  }

  /**
   * A build may take over once what is left to read is small: writers may never pause, and
   * after the switch the live runner goes on from the build's checkpoint, so nothing is lost.
   */
  private async nearlyCaughtUp(projection: Projection, checkpoint: bigint): Promise<boolean> {
    return (await this.store.readAll({ fromPosition: checkpoint, types: projection.eventTypes, limit: SWITCH_BACKLOG })).length < SWITCH_BACKLOG;
  }

  private async commit(projection: Projection, generation: number, batch: RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1];
    try {
      await this.db.transaction(
        async (em) => {
          await projection.apply(em, batch);
          await this.registry.advance(em, projection.name, generation, last.position, last.recordedAt);
        },
        schemaOf(projection, generation, this.db.baseSchema),
      );
    } catch (error) {
      if (isTransient(error)) throw error;
      // When every event applies on a second try the failure was the database's, not an event's: retry.
      const failing = await this.firstFailing(projection, generation, batch);
      throw failing ? new ApplyFailure(failing, error) : error;
    }
  }

  /** Which event of a failed batch cannot be applied: each prefix alone, rolled back every time; none when all apply. */
  private async firstFailing(projection: Projection, generation: number, batch: RecordedEvent[]): Promise<RecordedEvent | undefined> {
    for (let i = 0; i < batch.length; i++) {
      try {
        await this.db.transaction(
          async (em) => {
            await projection.apply(em, batch.slice(0, i + 1));
            throw ROLLBACK; // nothing of the probe may stay
          },
          schemaOf(projection, generation, this.db.baseSchema),
        );
      } catch (error) {
        if (error !== ROLLBACK) return batch[i];
      }
    }
    return undefined;
  }
}
