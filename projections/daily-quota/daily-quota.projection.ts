import {
  type AgentHired,
  businessDay,
  type CallLogged,
  type CallReclassified,
  type CompensationPlan,
  type CompensationPlanPublished,
  type DealCancelled,
  type DealClosed,
  domainUpcasters,
  localDate,
} from '@app/domain';
import { type RecordedEvent, UpcasterRegistry } from '@app/event-store';
import { createAgentsTable, createPlansTable, type Projection, type Sql, type Tables } from '@app/projections';

/**
 * Per agent and business day: dials, effective calls and talk seconds — the counts behind the
 * quota views and the leaderboard. Targets are not stored: the queries read them from the plan
 * (`plans`), so a plan is never copied into rows.
 *
 * - `days`   the counts per (agent, business day);
 * - `calls`  the business day and effectiveness each call was counted with, so that a
 *            reclassification moves the count on exactly the row the call went to;
 * - `agents`, `plans`  who is on which plan since when: the calendar and the targets;
 * - `deals`  owner and local close/cancel dates, for the leaderboard's deal counts.
 *
 * The business day of a call is the local date of its `startedAt` in the time zone of the agent's
 * plan (the version in force for that month), as known when the call is applied; an unknown agent
 * or plan falls back to Asia/Shanghai. In practice AgentHired always comes first: LogCall refuses
 * an agent who was not hired, and HireAgent a plan that was not published.
 */
export type DailyQuotaTable = 'days' | 'calls' | 'agents' | 'plans' | 'deals';

type DailyQuotaEvent = CompensationPlanPublished | AgentHired | CallLogged | CallReclassified | DealClosed | DealCancelled;

const EVENT_TYPES = [
  'CompensationPlanPublished',
  'AgentHired',
  'CallLogged',
  'CallReclassified',
  'DealClosed',
  'DealCancelled',
] as const satisfies readonly DailyQuotaEvent['type'][];

// The runner hands over events as stored; a CallLogged of schema v1 said `talkSeconds`.
const upcasters = new UpcasterRegistry(domainUpcasters);

/** What the batch knows of agents and plans, as of the event being applied. */
class Calendars {
  private readonly agents = new Map<string, string>();
  private readonly plans = new Map<string, CompensationPlan[]>();

  hire(agentId: string, planId: string): void {
    this.agents.set(agentId, planId);
  }

  publish(plan: CompensationPlan): void {
    const versions = (this.plans.get(plan.planId) ?? []).filter((v) => v.version !== plan.version);
    this.plans.set(plan.planId, [...versions, plan]);
  }

  businessDay(agentId: string | null, instant: string): { date: string; timeZone: string } {
    const planId = agentId === null ? undefined : this.agents.get(agentId);
    return businessDay(instant, (planId !== undefined && this.plans.get(planId)) || []);
  }
}

interface CallCount {
  agentId: string;
  date: string;
  effective: boolean;
  durationSeconds: number;
}

interface DayDelta {
  agentId: string;
  date: string;
  dials: number;
  effectiveCalls: number;
  talkSeconds: number;
}

class DayDeltas {
  private readonly byKey = new Map<string, DayDelta>();

  add(agentId: string, date: string, delta: Partial<Omit<DayDelta, 'agentId' | 'date'>>): void {
    const key = `${agentId}\u0000${date}`;
    const row = this.byKey.get(key) ?? { agentId, date, dials: 0, effectiveCalls: 0, talkSeconds: 0 };
    row.dials += delta.dials ?? 0;
    row.effectiveCalls += delta.effectiveCalls ?? 0;
    row.talkSeconds += delta.talkSeconds ?? 0;
    this.byKey.set(key, row);
  }

  /** Rows whose delta cancels out (a call reclassified and back within the batch) need no write. */
  rows(): DayDelta[] {
    return [...this.byKey.values()].filter((r) => r.dials !== 0 || r.effectiveCalls !== 0 || r.talkSeconds !== 0);
  }
}

interface Reclassification {
  callId: string;
  agentId: string;
  /** Only for a call this projection never saw logged: the day its `startedAt` falls on now. */
  fallbackDate: string;
  previousEffective: boolean;
  effective: boolean;
}

interface NewDeal {
  dealId: string;
  ownerId: string | null;
  closedBy: string;
  closedByRole: string;
  timeZone: string;
  closedDate: string;
}

export const dailyQuotaProjection: Projection<DailyQuotaTable> = {
  name: 'daily-quota',
  version: 1,
  eventTypes: EVENT_TYPES,
  tableNames: ['days', 'calls', 'agents', 'plans', 'deals'],

  async migrate(sql, t) {
    await createPlansTable(sql, t.plans);
    await createAgentsTable(sql, t.agents);
    await sql.query(`CREATE INDEX IF NOT EXISTS ${t.agents}_team ON ${t.agents} (team_id)`);
    await sql.query(`CREATE TABLE IF NOT EXISTS ${t.days} (
      agent_id text NOT NULL,
      date date NOT NULL,
      dials int NOT NULL,
      effective_calls int NOT NULL,
      talk_seconds bigint NOT NULL,
      PRIMARY KEY (agent_id, date)
    )`);
    // The leaderboard sums a month across all agents.
    await sql.query(`CREATE INDEX IF NOT EXISTS ${t.days}_date ON ${t.days} (date)`);
    await sql.query(`CREATE TABLE IF NOT EXISTS ${t.calls} (
      call_id text PRIMARY KEY,
      agent_id text NOT NULL,
      date date NOT NULL,
      effective boolean NOT NULL
    )`);
    await sql.query(`CREATE TABLE IF NOT EXISTS ${t.deals} (
      deal_id text PRIMARY KEY,
      owner_id text,
      closed_by text NOT NULL,
      closed_by_role text NOT NULL,
      time_zone text NOT NULL,
      closed_date date NOT NULL,
      cancelled_date date
    )`);
    await sql.query(`CREATE INDEX IF NOT EXISTS ${t.deals}_closed ON ${t.deals} (closed_date)`);
  },

  async apply(sql, t, recorded) {
    const events = recorded.map((e) => upcasters.upcast(e) as RecordedEvent as unknown as DailyQuotaEvent);
    const calendars = await calendarsBefore(sql, t, events);

    const plans: CompensationPlan[] = [];
    const hires: AgentHired['data'][] = [];
    const calls = new Map<string, CallCount>();
    const reclassifications: Reclassification[] = [];
    const deals = new Map<string, NewDeal>();
    const cancellations: DealCancelled['data'][] = [];

    // In position order, so that each call is dated with the agents and plans known before it.
    for (const event of events) {
      switch (event.type) {
        case 'CompensationPlanPublished':
          plans.push(event.data);
          calendars.publish(event.data);
          break;
        case 'AgentHired':
          hires.push(event.data);
          calendars.hire(event.data.agentId, event.data.planId);
          break;
        case 'CallLogged': {
          const { callId, agentId, startedAt, durationSeconds, effective } = event.data;
          if (!calls.has(callId)) {
            calls.set(callId, { agentId, date: calendars.businessDay(agentId, startedAt).date, effective, durationSeconds });
          }
          break;
        }
        case 'CallReclassified': {
          const { callId, agentId, startedAt, previousEffective, effective } = event.data;
          reclassifications.push({
            callId,
            agentId,
            fallbackDate: calendars.businessDay(agentId, startedAt).date,
            previousEffective,
            effective,
          });
          break;
        }
        case 'DealClosed': {
          const { dealId, ownerId, closedBy, closedByRole, closedAt } = event.data;
          const { date, timeZone } = calendars.businessDay(ownerId ?? closedBy, closedAt);
          if (!deals.has(dealId)) deals.set(dealId, { dealId, ownerId, closedBy, closedByRole, timeZone, closedDate: date });
          break;
        }
        case 'DealCancelled':
          cancellations.push(event.data);
          break;
        default: {
          const unexpected: never = event;
          void unexpected;
        }
      }
    }

    for (const plan of plans) {
      await sql.query(
        `INSERT INTO ${t.plans} (plan_id, version, effective_from, plan) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (plan_id, version) DO NOTHING`,
        [plan.planId, plan.version, plan.effectiveFrom, JSON.stringify(plan)],
      );
    }
    if (hires.length) {
      await sql.query(
        `INSERT INTO ${t.agents} (agent_id, role, team_id, hired_on, plan_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[])
         ON CONFLICT (agent_id) DO NOTHING`,
        [hires.map((h) => h.agentId), hires.map((h) => h.role), hires.map((h) => h.teamId), hires.map((h) => h.hiredOn), hires.map((h) => h.planId)],
      );
    }

    const deltas = new DayDeltas();
    await countCalls(sql, t, calls, deltas);
    await reclassify(sql, t, reclassifications, deltas);
    await upsertDays(sql, t, deltas.rows());
    await recordDeals(sql, t, [...deals.values()], cancellations);
  },
};

/** The agents and plans the batch's calls and deals need, as stored before the batch. */
async function calendarsBefore(sql: Sql, t: Tables<DailyQuotaTable>, events: readonly DailyQuotaEvent[]): Promise<Calendars> {
  const calendars = new Calendars();
  const agentIds = new Set<string>();
  const planIds = new Set<string>();
  for (const e of events) {
    if (e.type === 'CallLogged' || e.type === 'CallReclassified') agentIds.add(e.data.agentId);
    else if (e.type === 'DealClosed') agentIds.add(e.data.ownerId ?? e.data.closedBy);
    else if (e.type === 'AgentHired') planIds.add(e.data.planId);
  }
  if (agentIds.size === 0) return calendars;
  const agents = await sql.query<{ agent_id: string; plan_id: string }>(
    `SELECT agent_id, plan_id FROM ${t.agents} WHERE agent_id = ANY($1::text[])`,
    [[...agentIds]],
  );
  for (const a of agents) {
    calendars.hire(a.agent_id, a.plan_id);
    planIds.add(a.plan_id);
  }
  if (planIds.size === 0) return calendars;
  const plans = await sql.query<{ plan: CompensationPlan | string }>(
    `SELECT plan FROM ${t.plans} WHERE plan_id = ANY($1::text[]) ORDER BY plan_id, version`,
    [[...planIds]],
  );
  for (const p of plans) calendars.publish(typeof p.plan === 'string' ? JSON.parse(p.plan) : p.plan);
  return calendars;
}

/** Each call counts once: one already stored (a repeated CallLogged) adds nothing. */
async function countCalls(sql: Sql, t: Tables<DailyQuotaTable>, calls: Map<string, CallCount>, deltas: DayDeltas): Promise<void> {
  if (calls.size === 0) return;
  const ids = [...calls.keys()];
  const rows = [...calls.values()];
  const inserted = await sql.query<{ call_id: string }>(
    `INSERT INTO ${t.calls} (call_id, agent_id, date, effective)
     SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::boolean[])
     ON CONFLICT (call_id) DO NOTHING
     RETURNING call_id`,
    [ids, rows.map((c) => c.agentId), rows.map((c) => c.date), rows.map((c) => c.effective)],
  );
  for (const { call_id } of inserted) {
    const call = calls.get(call_id)!;
    deltas.add(call.agentId, call.date, { dials: 1, effectiveCalls: call.effective ? 1 : 0, talkSeconds: call.durationSeconds });
  }
}

/**
 * A reclassification moves the effective count on the day the call was counted on, whenever it
 * is recorded; dials and talk time stay. The delta is taken against the call's stored state, so a
 * chain of reclassifications nets out exactly.
 */
async function reclassify(sql: Sql, t: Tables<DailyQuotaTable>, reclassifications: Reclassification[], deltas: DayDeltas): Promise<void> {
  if (reclassifications.length === 0) return;
  const ids = [...new Set(reclassifications.map((r) => r.callId))];
  const stored = await sql.query<{ call_id: string; agent_id: string; date: string; effective: boolean }>(
    `SELECT call_id, agent_id, to_char(date, 'YYYY-MM-DD') AS date, effective FROM ${t.calls} WHERE call_id = ANY($1::text[])`,
    [ids],
  );
  const current = new Map(stored.map((c) => [c.call_id, { agentId: c.agent_id, date: c.date, effective: c.effective }]));
  const changed = new Map<string, boolean>();
  for (const r of reclassifications) {
    // A call never seen logged (cannot happen through the API) is moved as the event says.
    const call = current.get(r.callId) ?? { agentId: r.agentId, date: r.fallbackDate, effective: r.previousEffective };
    const delta = Number(r.effective) - Number(call.effective);
    if (delta !== 0) deltas.add(call.agentId, call.date, { effectiveCalls: delta });
    call.effective = r.effective;
    current.set(r.callId, call);
    changed.set(r.callId, r.effective);
  }
  await sql.query(
    `UPDATE ${t.calls} AS c SET effective = u.effective
     FROM unnest($1::text[], $2::boolean[]) AS u(call_id, effective)
     WHERE c.call_id = u.call_id`,
    [[...changed.keys()], [...changed.values()]],
  );
}

/** One statement for the batch: every touched (agent, day) incremented by its summed delta. */
async function upsertDays(sql: Sql, t: Tables<DailyQuotaTable>, rows: DayDelta[]): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(
    `INSERT INTO ${t.days} AS d (agent_id, date, dials, effective_calls, talk_seconds)
     SELECT * FROM unnest($1::text[], $2::date[], $3::int[], $4::int[], $5::bigint[])
     ON CONFLICT (agent_id, date) DO UPDATE SET
       dials = d.dials + EXCLUDED.dials,
       effective_calls = d.effective_calls + EXCLUDED.effective_calls,
       talk_seconds = d.talk_seconds + EXCLUDED.talk_seconds`,
    [
      rows.map((r) => r.agentId),
      rows.map((r) => r.date),
      rows.map((r) => r.dials),
      rows.map((r) => r.effectiveCalls),
      rows.map((r) => r.talkSeconds),
    ],
  );
}

/** A deal is dated in its owner's calendar; its cancellation in the same time zone. The first cancellation stands. */
async function recordDeals(sql: Sql, t: Tables<DailyQuotaTable>, deals: NewDeal[], cancellations: DealCancelled['data'][]): Promise<void> {
  if (deals.length) {
    await sql.query(
      `INSERT INTO ${t.deals} (deal_id, owner_id, closed_by, closed_by_role, time_zone, closed_date)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[])
       ON CONFLICT (deal_id) DO NOTHING`,
      [
        deals.map((d) => d.dealId),
        deals.map((d) => d.ownerId),
        deals.map((d) => d.closedBy),
        deals.map((d) => d.closedByRole),
        deals.map((d) => d.timeZone),
        deals.map((d) => d.closedDate),
      ],
    );
  }
  if (cancellations.length === 0) return;
  const zones = await sql.query<{ deal_id: string; time_zone: string }>(
    `SELECT deal_id, time_zone FROM ${t.deals} WHERE deal_id = ANY($1::text[])`,
    [[...new Set(cancellations.map((c) => c.dealId))]],
  );
  const zoneOf = new Map(zones.map((z) => [z.deal_id, z.time_zone]));
  const cancelled = new Map<string, string>();
  for (const c of cancellations) {
    const zone = zoneOf.get(c.dealId);
    if (zone !== undefined && !cancelled.has(c.dealId)) cancelled.set(c.dealId, localDate(c.cancelledAt, zone));
  }
  if (cancelled.size === 0) return;
  await sql.query(
    `UPDATE ${t.deals} AS d SET cancelled_date = COALESCE(d.cancelled_date, u.cancelled_date)
     FROM unnest($1::text[], $2::date[]) AS u(deal_id, cancelled_date)
     WHERE d.deal_id = u.deal_id`,
    [[...cancelled.keys()], [...cancelled.values()]],
  );
}
