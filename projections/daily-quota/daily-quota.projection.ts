import { type EntityManager, In } from 'typeorm';
import {
  type AgentHired,
  type AgentLeft,
  type AgentRehired,
  type AgentTransferred,
  type AgentPlanChanged,
  type AgentRoleChanged,
  businessDay,
  type CallLogged,
  type CallReclassified,
  type CompensationPlanPublished,
  type DealCancelled,
  type DealClosed,
  localDate,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import {
  AddStaffLeaving1764806400002,
  AddStaffTeams1764806400003,
  chunksOf,
  CreateStaffAndPlans1764806400001,
  insertRows,
  type Projection,
  STAFF_AND_PLAN_ENTITIES,
  StaffAndPlans,
} from '@app/projections';
import { DAILY_QUOTA_ENTITIES, QuotaCall, QuotaDay, QuotaDeal } from './daily-quota.entities';
import { CreateDailyQuota1764806400020 } from './daily-quota.migrations';

/**
 * Per agent and business day: dials, effective calls and talk seconds — the counts behind the
 * quota views and the leaderboard. Targets are not stored: the queries read them from the plan
 * (`plans`), so a plan is never copied into rows.
 *
 * - `days`   the counts per (agent, business day);
 * - `calls`  the business day and effectiveness each call was counted with, so that a
 *            reclassification moves the count on exactly the row the call went to;
 * - `staff`, `plans`  who is on which plan since when (the shared `StaffAndPlans` fold): the
 *            calendar and the targets;
 * - `deals`  owner and local close/cancel dates, for the leaderboard's deal counts.
 *
 * The business day of a call is the local date of its `startedAt` in the time zone of the agent's
 * plan (the version in force for that month), as known when the call is applied; an unknown agent
 * or plan falls back to Asia/Shanghai. In practice AgentHired always comes first: LogCall refuses
 * an agent who was not hired, and HireAgent a plan that was not published.
 */
type DailyQuotaEvent =
  | CompensationPlanPublished
  | AgentHired
  | AgentLeft
  | AgentRehired
  | AgentTransferred
  | AgentPlanChanged
  | AgentRoleChanged
  | CallLogged
  | CallReclassified
  | DealClosed
  | DealCancelled;

const EVENT_TYPES = [
  'CompensationPlanPublished',
  'AgentHired',
  'AgentLeft',
  'AgentRehired',
  'AgentTransferred',
  'AgentPlanChanged',
  'AgentRoleChanged',
  'CallLogged',
  'CallReclassified',
  'DealClosed',
  'DealCancelled',
] as const satisfies readonly DailyQuotaEvent['type'][];

/** The people whose calendar a call or deal is dated in. */
function agentIdsOf(recorded: RecordedEvent): (string | null)[] {
  const event = recorded as unknown as DailyQuotaEvent;
  if (event.type === 'CallLogged' || event.type === 'CallReclassified') return [event.data.agentId];
  if (event.type === 'DealClosed') return [event.data.ownerId ?? event.data.closedBy];
  return [];
}

interface CallCount {
  agentId: string;
  date: string;
  effective: boolean;
  durationSeconds: number;
}

class DayDeltas {
  private readonly byKey = new Map<string, QuotaDay>();

  add(agentId: string, date: string, delta: Partial<Pick<QuotaDay, 'dials' | 'effectiveCalls' | 'talkSeconds'>>): void {
    const key = `${agentId}\u0000${date}`;
    const row = this.byKey.get(key) ?? Object.assign(new QuotaDay(), { agentId, date, dials: 0, effectiveCalls: 0, talkSeconds: 0 });
    row.dials += delta.dials ?? 0;
    row.effectiveCalls += delta.effectiveCalls ?? 0;
    row.talkSeconds += delta.talkSeconds ?? 0;
    this.byKey.set(key, row);
  }

  /** Rows whose delta cancels out (a call reclassified and back within the batch) need no write. */
  rows(): QuotaDay[] {
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

export const dailyQuotaProjection: Projection = {
  name: 'daily-quota',
  // 2: the staff's leaving and team periods (issue 12): a new build at start, the live one answers until it has caught up.
  version: 2,
  eventTypes: EVENT_TYPES,
  entities: [...DAILY_QUOTA_ENTITIES, ...STAFF_AND_PLAN_ENTITIES],
  migrations: [CreateStaffAndPlans1764806400001, AddStaffLeaving1764806400002, AddStaffTeams1764806400003, CreateDailyQuota1764806400020],

  async apply(em, batch) {
    const known = await StaffAndPlans.before(em, batch, agentIdsOf);
    const dayOf = (agentId: string | null, instant: string) => businessDay(instant, known.plansOf(agentId));

    const calls = new Map<string, CallCount>();
    const reclassifications: Reclassification[] = [];
    const deals = new Map<string, QuotaDeal>();
    const cancellations: DealCancelled['data'][] = [];

    // In position order, so that each call is dated with the staff and plans known before it.
    for (const recorded of batch) {
      const event = recorded as unknown as DailyQuotaEvent;
      switch (event.type) {
        case 'CompensationPlanPublished':
        case 'AgentHired':
        case 'AgentLeft':
        case 'AgentRehired':
        case 'AgentTransferred':
        case 'AgentPlanChanged':
        case 'AgentRoleChanged':
          known.fold(recorded);
          break;
        case 'CallLogged': {
          const { callId, agentId, startedAt, durationSeconds, effective } = event.data;
          if (!calls.has(callId)) calls.set(callId, { agentId, date: dayOf(agentId, startedAt).date, effective, durationSeconds });
          break;
        }
        case 'CallReclassified': {
          const { callId, agentId, startedAt, previousEffective, effective } = event.data;
          reclassifications.push({ callId, agentId, fallbackDate: dayOf(agentId, startedAt).date, previousEffective, effective });
          break;
        }
        case 'DealClosed': {
          const { dealId, ownerId, closedBy, closedByRole, closedAt } = event.data;
          const { date, timeZone } = dayOf(ownerId ?? closedBy, closedAt);
          if (!deals.has(dealId)) {
            deals.set(dealId, Object.assign(new QuotaDeal(), { dealId, ownerId, closedBy, closedByRole, timeZone, closedDate: date, cancelledDate: null }));
          }
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

    await known.save(em);
    const deltas = new DayDeltas();
    await countCalls(em, calls, deltas);
    await reclassify(em, reclassifications, deltas);
    await upsertDays(em, deltas.rows());
    await recordDeals(em, [...deals.values()], cancellations);
  },
};

/** Each call counts once: one already stored (a repeated CallLogged) adds nothing. */
async function countCalls(em: EntityManager, calls: Map<string, CallCount>, deltas: DayDeltas): Promise<void> {
  const rows = [...calls].map(([callId, c]) => Object.assign(new QuotaCall(), { callId, agentId: c.agentId, date: c.date, effective: c.effective }));
  // RETURNING answers only the rows inserted, not those ignored as already there.
  for (const { call_id } of await insertRows(em, QuotaCall, rows, { ignore: true }, ['callId'])) {
    const call = calls.get(call_id as string)!;
    deltas.add(call.agentId, call.date, { dials: 1, effectiveCalls: call.effective ? 1 : 0, talkSeconds: call.durationSeconds });
  }
}

/**
 * A reclassification moves the effective count on the day the call was counted on, whenever it
 * is recorded; dials and talk time stay. The delta is taken against the call's stored state, so a
 * chain of reclassifications nets out exactly.
 */
async function reclassify(em: EntityManager, reclassifications: Reclassification[], deltas: DayDeltas): Promise<void> {
  if (reclassifications.length === 0) return;
  const stored = new Map<string, QuotaCall>();
  for (const ids of chunksOf([...new Set(reclassifications.map((r) => r.callId))])) {
    for (const call of await em.findBy(QuotaCall, { callId: In(ids) })) stored.set(call.callId, call);
  }
  const fallbacks = new Map<string, Pick<QuotaCall, 'agentId' | 'date' | 'effective'>>();
  const changed = new Set<QuotaCall>();
  for (const r of reclassifications) {
    // A call never seen logged (cannot happen through the API) is moved as the event says, and gets no row.
    const call = stored.get(r.callId) ?? fallbacks.get(r.callId) ?? { agentId: r.agentId, date: r.fallbackDate, effective: r.previousEffective };
    const delta = Number(r.effective) - Number(call.effective);
    if (delta !== 0) deltas.add(call.agentId, call.date, { effectiveCalls: delta });
    call.effective = r.effective;
    if (call instanceof QuotaCall) changed.add(call);
    else fallbacks.set(r.callId, call);
  }
  // Upserting rows known to exist is an update by key, one statement for the batch.
  await insertRows(em, QuotaCall, [...changed], { update: ['effective'], on: ['call_id'] });
}

/** One statement for the batch: every touched (agent, day) incremented by its summed delta. */
async function upsertDays(em: EntityManager, rows: QuotaDay[]): Promise<void> {
  // A hand-written SET: the counts add to the stored ones rather than overwrite them.
  await insertRows(em, QuotaDay, rows, {
    clause: `ON CONFLICT (agent_id, date) DO UPDATE SET
      dials = days.dials + EXCLUDED.dials,
      effective_calls = days.effective_calls + EXCLUDED.effective_calls,
      talk_seconds = days.talk_seconds + EXCLUDED.talk_seconds`,
  });
}

/** A deal is dated in its owner's calendar; its cancellation in the same time zone. The first cancellation stands. */
async function recordDeals(em: EntityManager, deals: QuotaDeal[], cancellations: DealCancelled['data'][]): Promise<void> {
  await insertRows(em, QuotaDeal, deals, { ignore: true });
  if (cancellations.length === 0) return;
  const stored = new Map<string, QuotaDeal>();
  for (const ids of chunksOf([...new Set(cancellations.map((c) => c.dealId))])) {
    for (const deal of await em.findBy(QuotaDeal, { dealId: In(ids) })) stored.set(deal.dealId, deal);
  }
  const cancelled = new Set<QuotaDeal>();
  for (const c of cancellations) {
    const deal = stored.get(c.dealId);
    if (deal === undefined || deal.cancelledDate !== null) continue;
    deal.cancelledDate = localDate(c.cancelledAt, deal.timeZone);
    cancelled.add(deal);
  }
  // Upserting rows known to exist is an update by key, one statement for the batch.
  await insertRows(em, QuotaDeal, [...cancelled], { update: ['cancelled_date'], on: ['deal_id'] });
}
