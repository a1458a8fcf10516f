import type { EventStore, RecordedEvent } from '@app/event-store';
import { type Projection, tablesOf } from './projection';
import type { ReadModelDb } from './read-model-db';

export type ProjectionState = 'starting' | 'standby' | 'running' | 'retrying' | 'failed' | 'stopped';

export interface ProjectionStatus {
  name: string;
  version: number;
  state: ProjectionState;
  /** Global position of the last event this projection has taken into account. */
  checkpoint: bigint;
  /** When the event at the checkpoint was recorded: how far behind, in time. */
  checkpointRecordedAt?: Date;
  failure?: { position: string; eventId: string; type: string; message: string };
  lastError?: string;
}

export interface RunnerOptions {
  batchSize?: number;
  /** How long a partial batch waits for more events before it is applied. */
  batchWaitMs?: number;
  log?: (message: string) => void;
}

const CHECKPOINTS = `CREATE TABLE IF NOT EXISTS projection_checkpoints (
  projection text NOT NULL,
  version int NOT NULL,
  position bigint NOT NULL DEFAULT 0,
  recorded_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, version)
)`;

const TIMEOUT: unique symbol = Symbol('timeout');
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
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

/**
 * Keeps each projection in step with the event store: reads from its checkpoint through the
 * store's subscription, applies events in batches, and commits each batch's rows and the new
 * checkpoint in one transaction — so a crash neither applies an event twice nor loses one.
 */
export class ProjectionRunner {
  private readonly statuses = new Map<string, ProjectionStatus>();
  private readonly controller = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly batchSize: number;
  private readonly batchWaitMs: number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDb,
    readonly projections: readonly Projection[],
    options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.batchWaitMs = options.batchWaitMs ?? 20;
    this.log = options.log ?? (() => undefined);
    for (const p of projections) this.statuses.set(p.name, { name: p.name, version: p.version, state: 'starting', checkpoint: 0n });
  }

  /** Creates the tables, then runs every projection in the background until `stop`. */
  async start(): Promise<void> {
    await this.db.query(CHECKPOINTS);
    for (const projection of this.projections) {
      await projection.migrate(this.db, tablesOf(projection));
      await this.db.query(
        'INSERT INTO projection_checkpoints (projection, version) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [projection.name, projection.version],
      );
      this.loops.push(this.run(projection));
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

  /** Read-your-writes: resolves true once every projection has taken `position` into account. */
  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const behind = [...this.statuses.values()].filter((s) => s.checkpoint < position);
      if (behind.length === 0) return true;
      if (Date.now() >= deadline || behind.some((s) => s.state === 'failed')) return false;
      // Another process may be running it (standby here): its checkpoint is in the database.
      if (behind.some((s) => s.state === 'standby')) await this.refreshFromDatabase();
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async refreshFromDatabase(): Promise<void> {
    const rows = await this.db.query<{ projection: string; version: number; position: string }>(
      'SELECT projection, version, position::text AS position FROM projection_checkpoints',
    );
    for (const row of rows) {
      const status = this.statuses.get(row.projection);
      if (status && status.version === row.version) status.checkpoint = BigInt(row.position);
    }
  }

  private async run(projection: Projection): Promise<void> {
    const status = this.statuses.get(projection.name)!;
    const signal = this.controller.signal;
    let backoff = 100;
    while (!signal.aborted && status.state !== 'failed') {
      try {
        const ran = await this.db.withLease(`projection:${projection.name}:${projection.version}`, () => this.follow(projection, status));
        if (ran === undefined) {
          status.state = 'standby';
          await this.refreshFromDatabase();
          await sleep(1000, signal);
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

  /** Follows the store from the stored checkpoint, batch by batch, until stopped. */
  private async follow(projection: Projection, status: ProjectionStatus): Promise<void> {
    const signal = this.controller.signal;
    const [row] = await this.db.query<{ position: string; recorded_at: Date | null }>(
      'SELECT position::text AS position, recorded_at FROM projection_checkpoints WHERE projection = $1 AND version = $2',
      [projection.name, projection.version],
    );
    status.checkpoint = BigInt(row.position);
    status.checkpointRecordedAt = row.recorded_at ?? undefined;
    status.state = 'running';
    const wanted = new Set(projection.eventTypes);
    // Every event moves the checkpoint, even one this projection ignores, so that a reader
    // waiting for any position is answered.
    const events = this.store.subscribe({ fromPosition: status.checkpoint, signal })[Symbol.asyncIterator]();
    let pending = events.next();
    while (!signal.aborted) {
      const batch: RecordedEvent[] = [];
      while (batch.length < this.batchSize) {
        const next: IteratorResult<RecordedEvent> | typeof TIMEOUT = await Promise.race([
          pending,
          sleep(batch.length ? this.batchWaitMs : 1000, signal).then((): typeof TIMEOUT => TIMEOUT),
        ]);
        if (next === TIMEOUT) break;
        if (next.done) return;
        batch.push(next.value);
        pending = events.next();
      }
      if (batch.length === 0) continue;
      await this.commit(projection, batch.filter((e) => wanted.has(e.type)), batch[batch.length - 1]);
      status.checkpoint = batch[batch.length - 1].position;
      status.checkpointRecordedAt = batch[batch.length - 1].recordedAt;
    }
  }

  private async commit(projection: Projection, relevant: RecordedEvent[], last: RecordedEvent): Promise<void> {
    const tables = tablesOf(projection);
    try {
      await this.db.transaction(async (sql) => {
        if (relevant.length) await projection.apply(sql, tables, relevant);
        await sql.query(
          'UPDATE projection_checkpoints SET position = $3, recorded_at = $4, updated_at = now() WHERE projection = $1 AND version = $2',
          [projection.name, projection.version, last.position.toString(), last.recordedAt],
        );
      });
    } catch (error) {
      if (isTransient(error) || relevant.length === 0) throw error;
      throw new ApplyFailure(await this.firstFailing(projection, relevant), error);
    }
  }

  /** Which event of a failed batch cannot be applied: each alone, rolled back every time. */
  private async firstFailing(projection: Projection, batch: RecordedEvent[]): Promise<RecordedEvent> {
    const tables = tablesOf(projection);
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
