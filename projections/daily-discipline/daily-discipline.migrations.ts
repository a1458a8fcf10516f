import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDailyDiscipline1764806400040 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE submissions (
      agent_id text COLLATE "C" NOT NULL,
      kind text NOT NULL,
      for_date date NOT NULL,
      submitted_at timestamptz NOT NULL,
      position bigint NOT NULL,
      PRIMARY KEY (agent_id, kind, for_date)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE submissions');
  }
}
