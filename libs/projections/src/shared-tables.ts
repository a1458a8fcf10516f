import type { Sql } from './projection';

/** The plan versions a projection has seen, whole, to look targets and time zones up by month. */
export async function createPlansTable(sql: Sql, table: string): Promise<void> {
  await sql.query(`CREATE TABLE IF NOT EXISTS ${table} (
    plan_id text NOT NULL,
    version int NOT NULL,
    effective_from date NOT NULL,
    plan jsonb NOT NULL,
    PRIMARY KEY (plan_id, version)
  )`);
}

/** The people a projection has seen hired: their role, team, hire date and plan. */
export async function createAgentsTable(sql: Sql, table: string): Promise<void> {
  await sql.query(`CREATE TABLE IF NOT EXISTS ${table} (
    agent_id text PRIMARY KEY,
    role text NOT NULL,
    team_id text NOT NULL,
    hired_on date NOT NULL,
    plan_id text NOT NULL
  )`);
}
