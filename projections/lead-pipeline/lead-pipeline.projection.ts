import type { AgentHired, CompensationPlan, CompensationPlanPublished, LeadAssigned, LeadEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { createPlansTable, type Projection, type Sql, type Tables } from '@app/projections';
import { type Derived, derive, evolveFacts, type KnownAgent, type LeadFacts, newLeadFacts } from './lead-pipeline.rules';

/**
 * The sales pipeline: one row per lead (stage, grade, owner, last contact, next follow-up due) and
 * the history of its owners. It keeps the agents and plan versions it needs, so it is built from
 * events alone.
 */
export type LeadPipelineTable = 'leads' | 'owners' | 'agents' | 'plans';

const LEAD_EVENTS: readonly LeadEvent['type'][] = [
  'LeadRegistered', 'LeadAssigned', 'CallLogged', 'CallReclassified', 'LeadGraded',
  'VisitBooked', 'VisitCompleted', 'VisitMissed', 'DealClosed', 'DealCancelled',
];
const isLeadEvent = (e: RecordedEvent): e is RecordedEvent<LeadEvent['data'], LeadEvent['type']> =>
  (LEAD_EVENTS as readonly string[]).includes(e.type);

export const leadPipelineProjection: Projection<LeadPipelineTable> = {
  name: 'lead-pipeline',
  version: 1,
  eventTypes: [...LEAD_EVENTS, 'AgentHired', 'CompensationPlanPublished'],
  tableNames: ['leads', 'owners', 'agents', 'plans'],

  async migrate(sql, t) {
    // lead_id sorts byte-wise (COLLATE "C") so that keyset pages are the same on every server.
    await sql.query(`CREATE TABLE IF NOT EXISTS ${t.leads} (
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
    await sql.query(`CREATE INDEX IF NOT EXISTS ${t.leads}_owner ON ${t.leads} (owner_id, lead_id)`);
    await sql.query(`CREATE INDEX IF NOT EXISTS ${t.leads}_team ON ${t.leads} (team_id, lead_id)`);
    // Follow-ups are the owner's, or the last caller's while the lead has no owner.
    await sql.query(`CREATE INDEX IF NOT EXISTS ${t.leads}_follow_up ON ${t.leads} ((COALESCE(owner_id, last_caller_id)), next_follow_up_due)`);
    await sql.query(`CREATE TABLE IF NOT EXISTS ${t.owners} (
      lead_id text NOT NULL,
      seq int NOT NULL,
      agent_id text NOT NULL,
      previous_owner_id text,
      via text NOT NULL,
      at timestamptz NOT NULL,
      position bigint NOT NULL,
      PRIMARY KEY (lead_id, seq)
    )`);
    await sql.query(`CREATE TABLE IF NOT EXISTS ${t.agents} (
      agent_id text PRIMARY KEY,
      role text NOT NULL,
      team_id text NOT NULL,
      plan_id text NOT NULL
    )`);
    await createPlansTable(sql, t.plans);
  },

  async apply(sql, t, events) {
    const batch = new PipelineBatch(sql, t);
    await batch.load(events);
    for (const event of events) batch.fold(event);
    await batch.save();
  },
};

interface LeadRow {
  facts: LeadFacts;
  /** What the stored row says, to write back only rows that changed when only their inputs did. */
  stored?: Derived;
  /** Position of the last event of the lead's own stream folded in; undefined if none in this batch. */
  position?: bigint;
  storedPosition?: string;
}

interface OwnerRow {
  lead_id: string;
  seq: number;
  agent_id: string;
  previous_owner_id: string | null;
  via: LeadAssigned['data']['via'];
  at: string;
  position: string;
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * One batch, folded in memory: every lead it touches is read once and written once, agents and
 * plans are upserted, and derived fields are computed last, from everything known after the batch.
 * A new agent or plan version re-derives the stored leads that depend on it, so the rows do not
 * depend on how the events were cut into batches.
 */
class PipelineBatch {
  private readonly leads = new Map<string, LeadRow>();
  private readonly owners: OwnerRow[] = [];
  private readonly hired = new Map<string, AgentHired['data']>();
  private readonly published = new Map<string, CompensationPlan>();

  constructor(private readonly sql: Sql, private readonly t: Tables<LeadPipelineTable>) {}

  async load(events: readonly RecordedEvent[]): Promise<void> {
    const ids = [...new Set(events.filter(isLeadEvent).map((e) => (e.data as { leadId: string }).leadId))];
    if (ids.length > 0) await this.readLeads(`lead_id IN (SELECT json_array_elements_text($1::json))`, [json(ids)]);
  }

  fold(event: RecordedEvent): void {
    if (event.type === 'AgentHired') {
      const data = (event as RecordedEvent<AgentHired['data']>).data;
      this.hired.set(data.agentId, data);
      return;
    }
    if (event.type === 'CompensationPlanPublished') {
      const plan = (event as RecordedEvent<CompensationPlanPublished['data']>).data;
      this.published.set(`${plan.planId}\u0000${plan.version}`, plan);
      return;
    }
    if (!isLeadEvent(event)) return;
    const domainEvent = { type: event.type, data: event.data } as LeadEvent;
    const leadId = domainEvent.data.leadId;
    // An event of a lead never registered here still shows the lead rather than vanishing.
    const row = this.leads.get(leadId) ?? { facts: newLeadFacts(leadId) };
    row.facts = evolveFacts(row.facts, domainEvent, event.recordedAt);
    row.position = event.position;
    this.leads.set(leadId, row);
    if (domainEvent.type === 'LeadAssigned') {
      this.owners.push({
        lead_id: leadId,
        seq: row.facts.ownerCount,
        agent_id: domainEvent.data.agentId,
        previous_owner_id: domainEvent.data.previousOwnerId,
        via: domainEvent.data.via,
        at: event.recordedAt.toISOString(),
        position: event.position.toString(),
      });
    }
  }

  async save(): Promise<void> {
    const { sql, t } = this;
    if (this.hired.size > 0) {
      await sql.query(
        `INSERT INTO ${t.agents} (agent_id, role, team_id, plan_id)
         SELECT "agentId", role, "teamId", "planId" FROM json_to_recordset($1::json) AS r("agentId" text, role text, "teamId" text, "planId" text)
         ON CONFLICT (agent_id) DO UPDATE SET role = EXCLUDED.role, team_id = EXCLUDED.team_id, plan_id = EXCLUDED.plan_id`,
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
    if (this.hired.size > 0 || this.published.size > 0) await this.loadDependents();
    if (this.leads.size === 0) return;

    const agents = await this.readAgents();
    const plans = await this.readPlans(agents);
    const writes = [];
    for (const row of this.leads.values()) {
      const derived = derive(row.facts, (id) => agents.get(id), (planId) => plans.get(planId) ?? []);
      if (row.position === undefined && sameDerived(derived, row.stored)) continue;
      writes.push(toRecord(row, derived));
    }
    if (writes.length > 0) await this.writeLeads(writes);
    if (this.owners.length > 0) {
      await sql.query(
        `INSERT INTO ${t.owners} (lead_id, seq, agent_id, previous_owner_id, via, at, position)
         SELECT lead_id, seq, agent_id, previous_owner_id, via, at, position
         FROM json_to_recordset($1::json) AS r(lead_id text, seq int, agent_id text, previous_owner_id text, via text, at timestamptz, position bigint)`,
        [json(this.owners)],
      );
    }
  }

  /** Stored leads whose owner or last caller was hired, or is on a plan that gained a version, in this batch. */
  private async loadDependents(): Promise<void> {
    const t = this.t;
    const planIds = [...new Set([...this.published.values()].map((p) => p.planId))];
    const known = [...this.leads.keys()];
    await this.readLeads(
      `(owner_id IN (SELECT agent_id FROM affected) OR last_caller_id IN (SELECT agent_id FROM affected))
       AND lead_id NOT IN (SELECT json_array_elements_text($3::json))`,
      [json([...this.hired.keys()]), json(planIds), json(known)],
      `WITH affected AS (
         SELECT agent_id FROM ${t.agents}
         WHERE agent_id IN (SELECT json_array_elements_text($1::json)) OR plan_id IN (SELECT json_array_elements_text($2::json))
       ) `,
    );
  }

  private async readLeads(where: string, params: unknown[], prefix = ''): Promise<void> {
    const rows = await this.sql.query<StoredLead>(
      `${prefix}SELECT lead_id, stage, grade, owner_id, team_id, provided_by, registered_at, last_contact_at,
         to_char(last_contact_date, 'YYYY-MM-DD') AS last_contact_date, to_char(next_follow_up_due, 'YYYY-MM-DD') AS next_follow_up_due,
         last_call_id, last_call_outcome, last_caller_id, plan_id, plan_version, timezone,
         calls, visits_pending, visits_completed, deals_open, deals_cancelled, owner_count, updated_position::text AS updated_position
       FROM ${this.t.leads} WHERE ${where}`,
      params,
    );
    for (const r of rows) this.leads.set(r.lead_id, fromStored(r));
  }

  /** The agents the touched leads name (as owner or last caller), as known after this batch's hires. */
  private async readAgents(): Promise<Map<string, KnownAgent>> {
    const ids = new Set<string>();
    for (const { facts } of this.leads.values()) {
      if (facts.ownerId) ids.add(facts.ownerId);
      if (facts.lastCall) ids.add(facts.lastCall.agentId);
    }
    if (ids.size === 0) return new Map();
    const rows = await this.sql.query<{ agent_id: string; team_id: string; plan_id: string }>(
      `SELECT agent_id, team_id, plan_id FROM ${this.t.agents} WHERE agent_id IN (SELECT json_array_elements_text($1::json))`,
      [json([...ids])],
    );
    return new Map(rows.map((r) => [r.agent_id, { agentId: r.agent_id, teamId: r.team_id, planId: r.plan_id }]));
  }

  private async readPlans(agents: Map<string, KnownAgent>): Promise<Map<string, CompensationPlan[]>> {
    const planIds = [...new Set([...agents.values()].map((a) => a.planId))];
    const plans = new Map<string, CompensationPlan[]>();
    if (planIds.length === 0) return plans;
    const rows = await this.sql.query<{ plan: CompensationPlan | string }>(
      `SELECT plan FROM ${this.t.plans} WHERE plan_id IN (SELECT json_array_elements_text($1::json)) ORDER BY plan_id, version`,
      [json(planIds)],
    );
    for (const { plan: value } of rows) {
      const plan = (typeof value === 'string' ? JSON.parse(value) : value) as CompensationPlan;
      plans.set(plan.planId, [...(plans.get(plan.planId) ?? []), plan]);
    }
    return plans;
  }

  private async writeLeads(records: LeadRecord[]): Promise<void> {
    const columns = Object.keys(LEAD_COLUMN_TYPES);
    const shape = columns.map((c) => `${c} ${LEAD_COLUMN_TYPES[c as keyof LeadRecord]}`).join(', ');
    await this.sql.query(
      `INSERT INTO ${this.t.leads} (${columns.join(', ')})
       SELECT ${columns.join(', ')} FROM json_to_recordset($1::json) AS r(${shape})
       ON CONFLICT (lead_id) DO UPDATE SET ${columns.filter((c) => c !== 'lead_id').map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
      [json(records)],
    );
  }
}

/** A row of the leads table as written. */
interface LeadRecord {
  lead_id: string;
  stage: string;
  grade: string | null;
  owner_id: string | null;
  team_id: string | null;
  provided_by: string | null;
  registered_at: string | null;
  last_contact_at: string | null;
  last_contact_date: string | null;
  next_follow_up_due: string | null;
  last_call_id: string | null;
  last_call_outcome: string | null;
  last_caller_id: string | null;
  plan_id: string | null;
  plan_version: number | null;
  timezone: string;
  calls: number;
  visits_pending: number;
  visits_completed: number;
  deals_open: number;
  deals_cancelled: number;
  owner_count: number;
  /** bigint as text: positions exceed 2^53. */
  updated_position: string;
}

const LEAD_COLUMN_TYPES: Record<keyof LeadRecord, string> = {
  lead_id: 'text', stage: 'text', grade: 'text', owner_id: 'text', team_id: 'text', provided_by: 'text',
  registered_at: 'timestamptz', last_contact_at: 'timestamptz', last_contact_date: 'date', next_follow_up_due: 'date',
  last_call_id: 'text', last_call_outcome: 'text', last_caller_id: 'text', plan_id: 'text', plan_version: 'int', timezone: 'text',
  calls: 'int', visits_pending: 'int', visits_completed: 'int', deals_open: 'int', deals_cancelled: 'int', owner_count: 'int',
  updated_position: 'bigint',
};

/** A row as read: timestamps come back as Date, dates are read as text. */
type StoredLead = Omit<LeadRecord, 'registered_at' | 'last_contact_at'> & {
  registered_at: Date | string | null;
  last_contact_at: Date | string | null;
};

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function fromStored(r: StoredLead): LeadRow {
  const lastContactAt = iso(r.last_contact_at);
  return {
    facts: {
      leadId: r.lead_id,
      providedBy: r.provided_by,
      registeredAt: iso(r.registered_at),
      ownerId: r.owner_id,
      ownerCount: r.owner_count,
      grade: r.grade as LeadFacts['grade'],
      calls: r.calls,
      lastCall: r.last_call_id && lastContactAt
        ? { callId: r.last_call_id, agentId: r.last_caller_id!, startedAt: lastContactAt, outcome: r.last_call_outcome as NonNullable<LeadFacts['lastCall']>['outcome'] }
        : null,
      visitsPending: r.visits_pending,
      visitsCompleted: r.visits_completed,
      dealsOpen: r.deals_open,
      dealsCancelled: r.deals_cancelled,
    },
    stored: {
      stage: r.stage as Derived['stage'],
      teamId: r.team_id,
      planId: r.plan_id,
      planVersion: r.plan_version,
      timezone: r.timezone,
      lastContactDate: r.last_contact_date,
      nextFollowUpDue: r.next_follow_up_due,
    },
    storedPosition: r.updated_position,
  };
}

function toRecord(row: LeadRow, d: Derived): LeadRecord {
  const f = row.facts;
  return {
    lead_id: f.leadId,
    stage: d.stage,
    grade: f.grade,
    owner_id: f.ownerId,
    team_id: d.teamId,
    provided_by: f.providedBy,
    registered_at: f.registeredAt,
    last_contact_at: f.lastCall?.startedAt ?? null,
    last_contact_date: d.lastContactDate,
    next_follow_up_due: d.nextFollowUpDue,
    last_call_id: f.lastCall?.callId ?? null,
    last_call_outcome: f.lastCall?.outcome ?? null,
    last_caller_id: f.lastCall?.agentId ?? null,
    plan_id: d.planId,
    plan_version: d.planVersion,
    timezone: d.timezone,
    calls: f.calls,
    visits_pending: f.visitsPending,
    visits_completed: f.visitsCompleted,
    deals_open: f.dealsOpen,
    deals_cancelled: f.dealsCancelled,
    owner_count: f.ownerCount,
    // A re-derivation keeps the position: it names the last event of the lead itself.
    updated_position: row.position?.toString() ?? row.storedPosition!,
  };
}

function sameDerived(a: Derived, b: Derived | undefined): boolean {
  return !!b && (Object.keys(a) as (keyof Derived)[]).every((k) => a[k] === b[k]);
}
