import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSpecialistWeekly1764806400020 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE weeks (
      provider_id text NOT NULL,
      week text NOT NULL,
      registered int NOT NULL,
      PRIMARY KEY (provider_id, week)
    )`);
    await runner.query('CREATE INDEX weeks_week ON weeks (week)');
    await runner.query(`CREATE TABLE registrations (
      lead_id text PRIMARY KEY,
      provided_by text NOT NULL,
      registered_at timestamptz NOT NULL,
      time_zone text NOT NULL,
      local_date date NOT NULL,
      week text NOT NULL,
      position bigint NOT NULL
    )`);
    await runner.query('CREATE INDEX registrations_provider ON registrations (provided_by, week)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE registrations');
    await runner.query('DROP TABLE weeks');
  }
}
