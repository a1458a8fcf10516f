import { EntitySchema, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { Projection } from './projection';

/** A small projection for the runner's and the registry's tests. */
export const Counts = new EntitySchema<{ type: string; n: number }>({
  name: 'RunnerSpecCount',
  tableName: 'counts',
  columns: { type: { type: 'text', primary: true }, n: { type: 'int' } },
});

export class CreateCounts1764806400100 implements MigrationInterface {
  async up(runner: QueryRunner) {
    await runner.query('CREATE TABLE counts (type text PRIMARY KEY, n int NOT NULL)');
  }
  async down(runner: QueryRunner) {
    await runner.query('DROP TABLE counts');
  }
}

/** Counts events per type, and refuses the event whose data says `poison`. */
export const counting: Projection = {
  name: 'counting',
  version: 1,
  eventTypes: ['Tick', 'Poison'],
  entities: [Counts],
  migrations: [CreateCounts1764806400100],
  apply: async (em, events) => {
    for (const e of events) {
      if ((e.data as { poison?: boolean }).poison) throw new Error('cannot apply a poisoned event');
      const counted = await em.increment(Counts, { type: e.type }, 'n', 1);
      if (!counted.affected) await em.insert(Counts, { type: e.type, n: 1 });
    }
  },
};
