import type { QueryDeepPartialEntity } from 'typeorm';
import type { ReadModelDb } from '@app/projections';
import { WebhookDelivery } from './webhook-delivery.entity';

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

const toState = (d: WebhookDelivery): DeliveryState => ({
  webhookId: d.webhookId,
  position: d.position,
  delivered: d.delivered,
  attempts: d.attempts,
  lastError: d.lastError,
  lastAttemptAt: d.lastAttemptAt,
  lastDeliveredAt: d.lastDeliveredAt,
  nextAttemptAt: d.nextAttemptAt,
  redrives: d.redrives,
});

/** What a move guarded by the checkpoint sets. */
type Changes = QueryDeepPartialEntity<WebhookDelivery>;

/** Another process moved the checkpoint: this one must stop delivering to the subscriber. */
export class CheckpointMoved extends Error {}

/** The delivery table (`WebhookDelivery`, created by `CreateWebhookDeliveries…` when the read-model database opens). */
export class DeliveryStates {
  constructor(private readonly db: ReadModelDb) {}

  private get table() {
    return this.db.manager.getRepository(WebhookDelivery);
  }

  async read(webhookId: string): Promise<DeliveryState | undefined> {
    const row = await this.table.findOneBy({ webhookId });
    return row ? toState(row) : undefined;
  }

  async readMany(webhookIds: readonly string[]): Promise<Map<string, DeliveryState>> {
    if (webhookIds.length === 0) return new Map();
    // One array parameter, however many subscribers are listed.
    const rows = await this.table
      .createQueryBuilder('d')
      .where('d.webhook_id = ANY(:ids)', { ids: [...webhookIds] })
      .getMany();
    return new Map(rows.map((r) => [r.webhookId, toState(r)]));
  }

  /** The state to deliver from: created at the registration's starting position the first time. */
  async open(webhookId: string, fromPosition: bigint): Promise<DeliveryState> {
    await this.table.createQueryBuilder().insert().values({ webhookId, position: fromPosition }).orIgnore().updateEntity(false).execute();
    return (await this.read(webhookId))!;
  }

  /** A re-drive: attempts start over, at once. */
  async redriven(webhookId: string, redrives: number): Promise<void> {
    await this.table
      .createQueryBuilder()
      .update()
      .set({ attempts: 0, nextAttemptAt: null, redrives, updatedAt: () => 'now()' })
      .where('webhook_id = :id AND redrives < :redrives', { id: webhookId, redrives })
      .execute();
  }

  /** The event at `to` was delivered (a 2xx): the checkpoint moves to it and the attempts start over. */
  async delivered(webhookId: string, from: bigint, to: bigint): Promise<void> {
    await this.move(webhookId, from, {
      position: to,
      delivered: () => 'delivered + 1',
      attempts: 0,
      lastError: null,
      nextAttemptAt: null,
      lastAttemptAt: () => 'now()',
      lastDeliveredAt: () => 'now()',
    });
  }

  /** The events up to `to` are not for this subscriber: the checkpoint moves past them, nothing else changes. */
  async passed(webhookId: string, from: bigint, to: bigint): Promise<void> {
    await this.move(webhookId, from, { position: to });
  }

  /** An attempt at the event after `at` failed. */
  async failed(webhookId: string, at: bigint, attempts: number, error: string, nextAttemptAt: Date | null): Promise<void> {
    await this.move(webhookId, at, { attempts, lastError: error, lastAttemptAt: () => 'now()', nextAttemptAt });
  }

  /** One statement, guarded by the position the caller read: it changes nothing when another process moved the checkpoint since. */
  private async move(webhookId: string, from: bigint, changes: Changes): Promise<void> {
    const { affected } = await this.table
      .createQueryBuilder()
      .update()
      .set({ ...changes, updatedAt: () => 'now()' })
      .where('webhook_id = :id AND position = :from', { id: webhookId, from: from.toString() })
      .execute();
    if (!affected) throw new CheckpointMoved(`the checkpoint of webhook ${webhookId} is no longer ${from}`);
  }
}
