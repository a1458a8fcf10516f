import { Column, Entity, type MigrationInterface, PrimaryColumn, type QueryRunner, type ValueTransformer } from 'typeorm';

/** `bigint` columns (positions) as `bigint` in TypeScript; `pg` hands them over as strings. */
export const BIGINT: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};

/** Which build of a projection queries read, and which is being built beside it: the blue/green switch. */
@Entity('read_model_builds')
export class ReadModelBuild {
  @PrimaryColumn('text') projection: string;
  @Column('int', { name: 'active_generation' }) activeGeneration: number;
  @Column('int', { name: 'active_version' }) activeVersion: number;
  @Column('int', { name: 'building_generation', nullable: true }) buildingGeneration: number | null;
  @Column('int', { name: 'building_version', nullable: true }) buildingVersion: number | null;
  @Column('timestamptz', { name: 'switched_at', default: () => 'now()' }) switchedAt: Date;
}

/** How far each build has applied the log; it moves in the same transaction as the build's rows. */
@Entity('read_model_checkpoints')
export class ReadModelCheckpoint {
  @PrimaryColumn('text') projection: string;
  @PrimaryColumn('int') generation: number;
  @Column('bigint', { transformer: BIGINT, default: 0 }) position: bigint;
  @Column('timestamptz', { name: 'recorded_at', nullable: true }) recordedAt: Date | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

export class CreateReadModelRegistry1764806400000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE read_model_builds (
      projection text PRIMARY KEY,
      active_generation int NOT NULL,
      active_version int NOT NULL,
      building_generation int,
      building_version int,
      switched_at timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE TABLE read_model_checkpoints (
      projection text NOT NULL,
      generation int NOT NULL,
      position bigint NOT NULL DEFAULT 0,
      recorded_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (projection, generation)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE read_model_checkpoints');
    await runner.query('DROP TABLE read_model_builds');
  }
}

export const REGISTRY_ENTITIES = [ReadModelBuild, ReadModelCheckpoint];
export const BASE_MIGRATIONS = [CreateReadModelRegistry1764806400000];
