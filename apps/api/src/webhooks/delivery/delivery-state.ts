import type { ReadModelDb } from '@app/projections';

/**
 * Each subscriber's own checkpoint and retry state, in the read-model database. The checkpoint is
 * the position of the last event delivered (or passed over as not published), and moves only
 * forward, only from the position it was read at: a writer that lost its lease cannot move it.
 */
export interface DeliveryState {
  webhookId: string;
  position: bigint;
  delivered: number;
  /** Consecutive failed attempts at the event after the checkpoint. */
  attempts: number;
  lastError: string | null;
  lastAttemptAt: Date | null;
  lastDeliveredAt: Date | null;
  /** No attempt before this (the backoff), when set. */
  nextAttemptAt: Date | null;
  /** How many re-drives this state has taken into account: a new one starts the attempts over. */
  redrives: number;
}

interface Row {
  webhook_id: string;
  position: string;
  delivered: string;
  attempts: number;
  last_error: string | null;
  last_attempt_at: Date | string | null;
  last_delivered_at: Date | string | null;
  next_attempt_at: Date | string | null;
  redrives: number;
}

const date = (value: Date | string | null) => (value === null ? null : new Date(value));
const toState = (r: Row): DeliveryState => ({
  webhookId: r.webhook_id,
  position: BigInt(r.position),
  delivered: Number(r.delivered),
  attempts: r.attempts,
  lastError: r.last_error,
  lastAttemptAt: date(r.last_attempt_at),
  lastDeliveredAt: date(r.last_delivered_at),
  nextAttemptAt: date(r.next_attempt_at),
  redrives: r.redrives,
});

const COLUMNS = 'webhook_id, position::text AS position, delivered::text AS delivered, attempts, last_error, last_attempt_at, last_delivered_at, next_attempt_at, redrives';

/** Another process moved the checkpoint: this one must stop delivering to the subscriber. */
export class CheckpointMoved extends Error {}

export class DeliveryStates {
  constructor(private readonly db: ReadModelDb) {}

  async migrate(): Promise<void> {
    try {
      await this.createTable();
    } catch (error) {
      // Two processes starting at once on PostgreSQL: IF NOT EXISTS does not stop the loser's
      // duplicate catalog entry (23505/42P07), and the table the winner made is the one wanted.
      if (!['23505', '42P07'].includes(String((error as { code?: unknown }).code))) throw error;
    }
  }

  private async createTable(): Promise<void> {
    await this.db.query(`CREATE TABLE IF NOT EXISTS webhook_deliveries (
      webhook_id text PRIMARY KEY,
      position bigint NOT NULL,
      delivered bigint NOT NULL DEFAULT 0,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      last_attempt_at timestamptz,
      last_delivered_at timestamptz,
      next_attempt_at timestamptz,
      redrives integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async read(webhookId: string): Promise<DeliveryState | undefined> {
    const [row] = await this.db.query<Row>(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE webhook_id = $1`, [webhookId]);
    return row && toState(row);
  }

  async readMany(webhookIds: readonly string[]): Promise<Map<string, DeliveryState>> {
    if (webhookIds.length === 0) return new Map();
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE webhook_id = ANY($1::text[])`, [webhookIds]);
    return new Map(rows.map((r) => [r.webhook_id, toState(r)]));
  }

  /** The state to deliver from: created at the registration's starting position the first time. */
  async open(webhookId: string, fromPosition: bigint): Promise<DeliveryState> {
    await this.db.query('INSERT INTO webhook_deliveries (webhook_id, position) VALUES ($1, $2) ON CONFLICT (webhook_id) DO NOTHING', [webhookId, fromPosition.toString()]);
    return (await this.read(webhookId))!;
  }

  /** A re-drive: attempts start over, at once. */
  async redriven(webhookId: string, redrives: number): Promise<void> {
    await this.db.query('UPDATE webhook_deliveries SET attempts = 0, next_attempt_at = NULL, redrives = $2, updated_at = now() WHERE webhook_id = $1 AND redrives < $2', [webhookId, redrives]);
  }

  /** The event at `to` was delivered (a 2xx): the checkpoint moves to it and the attempts start over. */
  async delivered(webhookId: string, from: bigint, to: bigint): Promise<void> {
    await this.move(
      webhookId,
      from,
      to,
      'delivered = delivered + 1, attempts = 0, last_error = NULL, next_attempt_at = NULL, last_attempt_at = now(), last_delivered_at = now()',
    );
  }

  /** The events up to `to` are not for this subscriber: the checkpoint moves past them, nothing else changes. */
  async passed(webhookId: string, from: bigint, to: bigint): Promise<void> {
    await this.move(webhookId, from, to, 'delivered = delivered');
  }

  private async move(webhookId: string, from: bigint, to: bigint, changes: string): Promise<void> {
    const rows = await this.db.query(
      `UPDATE webhook_deliveries SET position = $3, ${changes}, updated_at = now() WHERE webhook_id = $1 AND position = $2 RETURNING webhook_id`,
      [webhookId, from.toString(), to.toString()],
    );
    if (rows.length === 0) throw new CheckpointMoved(`the checkpoint of webhook ${webhookId} is no longer ${from}`);
  }

  /** An attempt at the event after `at` failed. */
  async failed(webhookId: string, at: bigint, attempts: number, error: string, nextAttemptAt: Date | null): Promise<void> {
    const rows = await this.db.query(
      `UPDATE webhook_deliveries SET attempts = $3, last_error = $4, last_attempt_at = now(), next_attempt_at = $5, updated_at = now()
        WHERE webhook_id = $1 AND position = $2 RETURNING webhook_id`,
      [webhookId, at.toString(), attempts, error, nextAttemptAt],
    );
    if (rows.length === 0) throw new CheckpointMoved(`the checkpoint of webhook ${webhookId} is no longer ${at}`);
  }
}
