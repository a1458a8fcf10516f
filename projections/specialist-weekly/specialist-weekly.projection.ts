import type { AgentHired, CompensationPlan, CompensationPlanPublished, LeadRegistered } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { createAgentsTable, createPlansTable, type Projection, type Sql, type Tables } from '@app/projections';
import { registeredAt, uniformTimeZone, weekOf } from './specialist-weekly.rules';

/**
 * The numbers each provider brought in per ISO week — the specialists' "100 new, non-duplicate
 * numbers a week". Agents' numbers are counted too (the table is per provider); the queries show
 * only specialists against the target. A duplicate phone is refused by the write side, so every
 * LeadRegistered with a `providedBy` is one new number.
 *
 * - `weeks`          registered numbers per (provider, ISO week);
 * - `registrations`  each counted number: its instant and the zone, local date and week it was
 *                    counted in, so that it can move when the provider's calendar changes;
 * - `agents`, `plans` who is a specialist, in which team, on which plan's time zone.
 *
 * The week is taken in the provider's plan time zone as known after each batch, and re-taken when
 * the provider is hired or their plan gains a version: the rows are a function of the events
 * alone, however they were cut into batches.
 */
export type SpecialistWeeklyTable = 'weeks' | 'registrations' | 'agents' | 'plans';

const EVENT_TYPES = ['LeadRegistered', 'AgentHired', 'CompensationPlanPublished'] as const;

export const specialistWeeklyProjection: Projection<SpecialistWeeklyTable> = {
  name: 'specialist-weekly',
  version: 1,
  eventTypes: EVENT_TYPES,
  tableNames: ['weeks', 'registrations', 'agents', 'plans'],

  async migrate(sql, t) {
    await sql.query(`CREATE TABLE IF NOT EXISTS ${t.weeks} (
      provider_id text NOT NULL,
      week text NOT NULL,
      registered int NOT NULL,
      PRIMARY KEY (provider_id, week)
    )`);
    await sql.query(`CREATE INDEX IF NOT EXISTS ${t.weeks}_week ON ${t.weeks} (week)`);
    await sql.query(`CREATE TABLE IF NOT EXISTS ${t.registrations} (
      lead_id text PRIMARY KEY,
      provided_by text NOT NULL,
      registered_at timestamptz NOT NULL,
      time_zone text NOT NULL,
      local_date date NOT NULL,
      week text NOT NULL,
      position bigint NOT NULL
    )`);
    await sql.query(`CREATE INDEX IF NOT EXISTS ${t.registrations}_provider ON ${t.registrations} (provided_by, week)`);
    await createAgentsTable(sql, t.agents);
    await sql.query(`CREATE INDEX IF NOT EXISTS ${t.agents}_role ON ${t.agents} (role, team_id)`);
    await createPlansTable(sql, t.plans);
  },

  async apply(sql, t, events) {
    const batch = new WeeklyBatch(sql, t);
    for (const event of events) batch.fold(event);
    await batch.save();
  },
};

/** A counted number; `localDate` and `week` as stored, or null while not yet counted. */
interface Registration {
  leadId: string;
  providedBy: string;
  registeredAt: string;
  timeZone: string | null;
  localDate: string | null;
  week: string | null;
  /** bigint as text: positions exceed 2^53. */
  position: string;
}

interface StoredRegistration {
  lead_id: string;
  provided_by: string;
  registered_at: Date | string;
  time_zone: string;
  local_date: string;
  week: string;
  position: string;
}

const json = (value: unknown) => JSON.stringify(value);
const key = (providerId: string, week: string) => `${providerId}\u0000${week}`;

/**
 * One batch, folded in memory: agents and plans are upserted, then every registration whose week
 * may have changed (the batch's own, and the stored ones of providers whose calendar moved) is
 * dated once, and each touched (provider, week) is written once with its net change.
 */
class WeeklyBatch {
  private readonly hired = new Map<string, AgentHired['data']>();
  private readonly published = new Map<string, CompensationPlan>();
  private readonly registered = new Map<string, Registration>();

  constructor(private readonly sql: Sql, private readonly t: Tables<SpecialistWeeklyTable>) {}

  fold(event: RecordedEvent): void {
    switch (event.type) {
      case 'AgentHired': {
        const data = (event as RecordedEvent<AgentHired['data']>).data;
        this.hired.set(data.agentId, data);
        break;
      }
      case 'CompensationPlanPublished': {
        const plan = (event as RecordedEvent<CompensationPlanPublished['data']>).data;
        this.published.set(`${plan.planId}\u0000${plan.version}`, plan);
        break;
      }
      case 'LeadRegistered': {
        const { leadId, providedBy } = (event as RecordedEvent<LeadRegistered['data']>).data;
        // A purchased or inbound number has nobody to count it for; a lead registers once.
        if (providedBy === null || this.registered.has(leadId)) break;
        this.registered.set(leadId, {
          leadId,
          providedBy,
          registeredAt: registeredAt(event.metadata ?? {}, event.recordedAt),
          timeZone: null,
          localDate: null,
          week: null,
          position: event.position.toString(),
        });
        break;
      }
    }
  }

  async save(): Promise<void> {
    await this.saveAgentsAndPlans();
    await this.dropCounted();
    const dependents = await this.readDependents();
    const all = [...this.registered.values(), ...dependents];
    if (all.length === 0) return;

    const versions = await this.readVersions(all.map((r) => r.providedBy));
    const writes: Registration[] = [];
    const deltas = new Map<string, { providerId: string; week: string; delta: number }>();
    const add = (providerId: string, week: string, delta: number) => {
      const d = deltas.get(key(providerId, week)) ?? { providerId, week, delta: 0 };
      d.delta += delta;
      deltas.set(key(providerId, week), d);
    };
    for (const r of all) {
      const at = weekOf(r.registeredAt, versions(r.providedBy));
      if (at.timeZone === r.timeZone && at.localDate === r.localDate) continue;
      if (r.week !== null) add(r.providedBy, r.week, -1);
      add(r.providedBy, at.week, +1);
      writes.push({ ...r, ...at });
    }
    await this.writeRegistrations(writes);
    await this.writeWeeks([...deltas.values()].filter((d) => d.delta !== 0));
  }

  private async saveAgentsAndPlans(): Promise<void> {
    const { sql, t } = this;
    if (this.hired.size > 0) {
      await sql.query(
        `INSERT INTO ${t.agents} (agent_id, role, team_id, hired_on, plan_id)
         SELECT "agentId", role, "teamId", "hiredOn", "planId"
         FROM json_to_recordset($1::json) AS r("agentId" text, role text, "teamId" text, "hiredOn" date, "planId" text)
         ON CONFLICT (agent_id) DO UPDATE SET role = EXCLUDED.role, team_id = EXCLUDED.team_id, hired_on = EXCLUDED.hired_on, plan_id = EXCLUDED.plan_id`,
        [json([...this.hired.values()])],
      );
    }
    if (this.published.size > 0) {
      const plans = [...this.published.values()].map((plan) => ({ planId: plan.planId, version: plan.version, effectiveFrom: plan.effectiveFrom, plan }));
      await sql.query(
        `INSERT INTO ${t.plans} (plan_id, version, effective_from, plan)
         SELECT "planId", version, "effectiveFrom", plan FROM json_to_recordset($1::json) AS r("planId" text, version int, "effectiveFrom" date, plan jsonb)
         ON CONFLICT (plan_id, version) DO UPDATE SET effective_from = EXCLUDED.effective_from, plan = EXCLUDED.plan`,
        [json(plans)],
      );
    }
  }

  /** A lead already counted (a redelivered LeadRegistered) is not counted again. */
  private async dropCounted(): Promise<void> {
    if (this.registered.size === 0) return;
    const stored = await this.sql.query<{ lead_id: string }>(
      `SELECT lead_id FROM ${this.t.registrations} WHERE lead_id IN (SELECT json_array_elements_text($1::json))`,
      [json([...this.registered.keys()])],
    );
    for (const { lead_id } of stored) this.registered.delete(lead_id);
  }

  /**
   * Stored registrations of providers hired in this batch, or on a plan that gained a version.
   * When all of a plan's versions share one zone, only rows counted in another zone can move.
   */
  private async readDependents(): Promise<Registration[]> {
    const { sql, t } = this;
    if (this.hired.size === 0 && this.published.size === 0) return [];
    const planIds = [...new Set([...this.published.values()].map((p) => p.planId))];
    const providers = await sql.query<{ agent_id: string; plan_id: string }>(
      `SELECT agent_id, plan_id FROM ${t.agents}
       WHERE agent_id IN (SELECT json_array_elements_text($1::json)) OR plan_id IN (SELECT json_array_elements_text($2::json))`,
      [json([...this.hired.keys()]), json(planIds)],
    );
    if (providers.length === 0) return [];
    const plans = await this.readPlans(providers.map((p) => p.plan_id));
    const zones = providers.map((p) => ({ provider: p.agent_id, zone: uniformTimeZone(plans.get(p.plan_id) ?? []) }));
    const rows = await sql.query<StoredRegistration>(
      `SELECT r.lead_id, r.provided_by, r.registered_at, r.time_zone, to_char(r.local_date, 'YYYY-MM-DD') AS local_date, r.week,
         r.position::text AS position
       FROM ${t.registrations} r JOIN json_to_recordset($1::json) AS p(provider text, zone text) ON r.provided_by = p.provider
       WHERE p.zone IS NULL OR r.time_zone <> p.zone`,
      [json(zones)],
    );
    return rows.map((r) => ({
      leadId: r.lead_id,
      providedBy: r.provided_by,
      registeredAt: new Date(r.registered_at).toISOString(),
      timeZone: r.time_zone,
      localDate: r.local_date,
      week: r.week,
      position: r.position,
    }));
  }

  /** Each provider's plan versions, as known after this batch (none for a provider not hired). */
  private async readVersions(providerIds: string[]): Promise<(providerId: string) => CompensationPlan[]> {
    const agents = await this.sql.query<{ agent_id: string; plan_id: string }>(
      `SELECT agent_id, plan_id FROM ${this.t.agents} WHERE agent_id IN (SELECT json_array_elements_text($1::json))`,
      [json([...new Set(providerIds)])],
    );
    const planOf = new Map(agents.map((a) => [a.agent_id, a.plan_id]));
    const plans = await this.readPlans([...planOf.values()]);
    return (providerId) => plans.get(planOf.get(providerId) ?? '') ?? [];
  }

  private async readPlans(planIds: string[]): Promise<Map<string, CompensationPlan[]>> {
    const plans = new Map<string, CompensationPlan[]>();
    if (planIds.length === 0) return plans;
    const rows = await this.sql.query<{ plan: CompensationPlan | string }>(
      `SELECT plan FROM ${this.t.plans} WHERE plan_id IN (SELECT json_array_elements_text($1::json)) ORDER BY plan_id, version`,
      [json([...new Set(planIds)])],
    );
    for (const { plan: value } of rows) {
      const plan = (typeof value === 'string' ? JSON.parse(value) : value) as CompensationPlan;
      plans.set(plan.planId, [...(plans.get(plan.planId) ?? []), plan]);
    }
    return plans;
  }

  private async writeRegistrations(rows: Registration[]): Promise<void> {
    if (rows.length === 0) return;
    await this.sql.query(
      `INSERT INTO ${this.t.registrations} (lead_id, provided_by, registered_at, time_zone, local_date, week, position)
       SELECT "leadId", "providedBy", "registeredAt", "timeZone", "localDate", week, position
       FROM json_to_recordset($1::json)
         AS r("leadId" text, "providedBy" text, "registeredAt" timestamptz, "timeZone" text, "localDate" date, week text, position bigint)
       ON CONFLICT (lead_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, local_date = EXCLUDED.local_date, week = EXCLUDED.week`,
      [json(rows)],
    );
  }

  /** One upsert for the batch; a week left at zero is deleted, so it looks as if it had never been counted. */
  private async writeWeeks(deltas: { providerId: string; week: string; delta: number }[]): Promise<void> {
    if (deltas.length === 0) return;
    const { sql, t } = this;
    await sql.query(
      `INSERT INTO ${t.weeks} AS w (provider_id, week, registered)
       SELECT "providerId", week, delta FROM json_to_recordset($1::json) AS r("providerId" text, week text, delta int)
       ON CONFLICT (provider_id, week) DO UPDATE SET registered = w.registered + EXCLUDED.registered`,
      [json(deltas)],
    );
    if (deltas.some((d) => d.delta < 0)) {
      await sql.query(
        `DELETE FROM ${t.weeks} w USING json_to_recordset($1::json) AS r("providerId" text, week text)
         WHERE w.provider_id = r."providerId" AND w.week = r.week AND w.registered = 0`,
        [json(deltas.filter((d) => d.delta < 0))],
      );
    }
  }
}
