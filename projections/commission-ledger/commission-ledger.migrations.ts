import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The ledger's one table, in an empty build schema. */
export class CreateCommissionLedger1764806400040 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE events (
      position bigint PRIMARY KEY,
      event_id text NOT NULL UNIQUE,
      type text NOT NULL,
      key text,
      at timestamptz,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL
    )`);
    await runner.query('CREATE INDEX events_at ON events (at)');
    await runner.query(`CREATE INDEX events_deal ON events (key) WHERE type = 'DealClosed'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE events');
  }
}
