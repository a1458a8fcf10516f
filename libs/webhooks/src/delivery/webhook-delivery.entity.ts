import { Column, Entity, type MigrationInterface, PrimaryColumn, type QueryRunner, type ValueTransformer } from 'typeorm';
import { BIGINT } from '@app/projections';

/** A count kept in a `bigint` column, read as a number (`pg` hands `bigint` over as a string). */
const COUNT: ValueTransformer = { to: (value: number | undefined) => value, from: (value: string) => Number(value) };

/** A subscriber's checkpoint and retry state, in the read-model database's base schema (see `DeliveryStates`). */
@Entity('webhook_deliveries')
export class WebhookDelivery {
  @PrimaryColumn('text', { name: 'webhook_id' }) webhookId: string;
  @Column('bigint', { transformer: BIGINT }) position: bigint;
  @Column('bigint', { default: 0, transformer: COUNT }) delivered: number;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('timestamptz', { name: 'last_attempt_at', nullable: true }) lastAttemptAt: Date | null;
  @Column('timestamptz', { name: 'last_delivered_at', nullable: true }) lastDeliveredAt: Date | null;
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true }) nextAttemptAt: Date | null;
  @Column('integer', { default: 0 }) redrives: number;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

/** The delivery table, in the base schema: a migration of the read-model database itself, run when it opens. */
export class CreateWebhookDeliveries1764806400500 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    // IF NOT EXISTS: a database from before the migrations already has this very table.
    await runner.query(`CREATE TABLE IF NOT EXISTS webhook_deliveries (
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

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE webhook_deliveries');
  }
}
