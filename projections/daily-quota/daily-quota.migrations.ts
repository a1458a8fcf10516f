import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The daily-quota tables in an empty build schema (staff and plans come from `CreateStaffAndPlans`). */
export class CreateDailyQuota1764806400020 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE days (
      agent_id text NOT NULL,
      date date NOT NULL,
      dials int NOT NULL,
      effective_calls int NOT NULL,
      talk_seconds bigint NOT NULL,
      PRIMARY KEY (agent_id, date)
    )`);
    // The leaderboard sums a month across all agents.
    await runner.query('CREATE INDEX days_date ON days (date)');
    await runner.query(`CREATE TABLE calls (
      call_id text PRIMARY KEY,
      agent_id text NOT NULL,
      date date NOT NULL,
      effective boolean NOT NULL
    )`);
    await runner.query(`CREATE TABLE deals (
      deal_id text PRIMARY KEY,
      owner_id text,
      closed_by text NOT NULL,
      closed_by_role text NOT NULL,
      time_zone text NOT NULL,
      closed_date date NOT NULL,
      cancelled_date date
    )`);
    await runner.query('CREATE INDEX deals_closed ON deals (closed_date)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE deals');
    await runner.query('DROP TABLE calls');
    await runner.query('DROP TABLE days');
  }
}
