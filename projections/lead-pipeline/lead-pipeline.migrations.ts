import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLeadPipeline1764806400010 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE leads (
      lead_id text COLLATE "C" PRIMARY KEY,
      stage text NOT NULL,
      grade text,
      owner_id text,
      team_id text,
      provided_by text,
      registered_at timestamptz,
      last_contact_at timestamptz,
      last_contact_date date,
      next_follow_up_due date,
      last_call_id text,
      last_call_outcome text,
      last_caller_id text,
      plan_id text,
      plan_version int,
      timezone text NOT NULL,
      calls int NOT NULL,
      visits_pending int NOT NULL,
      visits_completed int NOT NULL,
      deals_open int NOT NULL,
      deals_cancelled int NOT NULL,
      owner_count int NOT NULL,
      updated_position bigint NOT NULL
    )`);
    await runner.query('CREATE INDEX leads_owner ON leads (owner_id, lead_id)');
    await runner.query('CREATE INDEX leads_team ON leads (team_id, lead_id)');
    // Follow-ups are the owner's, or the last caller's while the lead has no owner.
    await runner.query('CREATE INDEX leads_follow_up ON leads ((COALESCE(owner_id, last_caller_id)), next_follow_up_due)');
    await runner.query(`CREATE TABLE owners (
      lead_id text NOT NULL,
      seq int NOT NULL,
      agent_id text NOT NULL,
      previous_owner_id text,
      via text NOT NULL,
      at timestamptz NOT NULL,
      position bigint NOT NULL,
      PRIMARY KEY (lead_id, seq)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE owners');
    await runner.query('DROP TABLE leads');
  }
}

/** The follow-up duties (README "Follow-up duties"): what causes each, and the duties a call has not yet done. */
export class AddFollowUpDuties1764806400011 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE leads
      ADD COLUMN assigned_at timestamptz,
      ADD COLUMN pending_visits jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN visit_at timestamptz,
      ADD COLUMN deal_id text,
      ADD COLUMN deal_at timestamptz,
      ADD COLUMN follow_ups_since_graded int NOT NULL DEFAULT 0,
      ADD COLUMN duties jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN first_due_on date`);
    // The same expression as the follow-up index: the owner's duties, or the last caller's while the lead has no owner.
    await runner.query('CREATE INDEX leads_duties ON leads ((COALESCE(owner_id, last_caller_id)), first_due_on)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX leads_duties');
    await runner.query(`ALTER TABLE leads DROP COLUMN assigned_at, DROP COLUMN pending_visits, DROP COLUMN visit_at, DROP COLUMN deal_id,
      DROP COLUMN deal_at, DROP COLUMN follow_ups_since_graded, DROP COLUMN duties, DROP COLUMN first_due_on`);
  }
}

/** A lead whose owner left shows no owner; the leaver is kept beside it, and the lead stays in the leaver's team. */
export class AddFormerOwner1764806400017 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE leads ADD COLUMN former_owner_id text');
    await runner.query('CREATE INDEX leads_team_unowned ON leads (team_id, next_follow_up_due) WHERE owner_id IS NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX leads_team_unowned');
    await runner.query('ALTER TABLE leads DROP COLUMN former_owner_id');
  }
}
