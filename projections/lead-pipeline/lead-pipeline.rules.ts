import { addDays, businessDay, type CallOutcome, type CompensationPlan, DEFAULT_TIME_ZONE, type Grade, type LeadEvent, localDate } from '@app/domain';

/**
 * The pipeline's rules as pure functions: what a lead's own events fold into (`LeadFacts`), and
 * what is derived from those facts and from what is known of agents and plans (`derive`).
 * The projection stores both and re-derives whenever any input changes, so a row is always a
 * function of the events seen so far — however they were batched.
 */

export const STAGES = ['new', 'contacted', 'graded', 'visit_booked', 'visited', 'won', 'lost'] as const;
export type Stage = (typeof STAGES)[number];

export interface LastCall {
  callId: string;
  agentId: string;
  /** ISO instant (UTC), so that instants compare as strings would not: always via Date.parse. */
  startedAt: string;
  outcome: CallOutcome;
}

/** What the events of one lead's stream fold into. */
export interface LeadFacts {
  leadId: string;
  providedBy: string | null;
  registeredAt: string | null;
  ownerId: string | null;
  /** Owners so far: the sequence number of the latest row of the ownership history. */
  ownerCount: number;
  grade: Grade | null;
  calls: number;
  /** The call with the latest start, not the latest logged: calls are often logged late. */
  lastCall: LastCall | null;
  visitsPending: number;
  visitsCompleted: number;
  dealsOpen: number;
  dealsCancelled: number;
}

export const newLeadFacts = (leadId: string): LeadFacts => ({
  leadId,
  providedBy: null,
  registeredAt: null,
  ownerId: null,
  ownerCount: 0,
  grade: null,
  calls: 0,
  lastCall: null,
  visitsPending: 0,
  visitsCompleted: 0,
  dealsOpen: 0,
  dealsCancelled: 0,
});

/**
 * One event of the lead's stream. Counters trust the lead's own decide (a visit is resolved once,
 * a deal cancelled once), which the stream guarantees.
 */
export function evolveFacts(facts: LeadFacts, event: LeadEvent, recordedAt: Date): LeadFacts {
  switch (event.type) {
    case 'LeadRegistered':
      return { ...facts, providedBy: event.data.providedBy, registeredAt: recordedAt.toISOString() };
    case 'LeadAssigned':
      return { ...facts, ownerId: event.data.agentId, ownerCount: facts.ownerCount + 1 };
    case 'CallLogged': {
      const { callId, agentId, startedAt, outcome } = event.data;
      const at = new Date(startedAt).toISOString();
      // A call logged late with an earlier start does not move the last contact back; on a tie the later-logged wins.
      const latest = !facts.lastCall || Date.parse(at) >= Date.parse(facts.lastCall.startedAt);
      return { ...facts, calls: facts.calls + 1, lastCall: latest ? { callId, agentId, startedAt: at, outcome } : facts.lastCall };
    }
    case 'CallReclassified':
      // Only the latest call's outcome matters here (a dead number makes the lead lost).
      return facts.lastCall?.callId === event.data.callId ? { ...facts, lastCall: { ...facts.lastCall, outcome: event.data.outcome } } : facts;
    case 'LeadGraded':
      return { ...facts, grade: event.data.grade };
    case 'VisitBooked':
      return { ...facts, visitsPending: facts.visitsPending + 1 };
    case 'VisitCompleted':
      return { ...facts, visitsPending: Math.max(0, facts.visitsPending - 1), visitsCompleted: facts.visitsCompleted + 1 };
    case 'VisitMissed':
      return { ...facts, visitsPending: Math.max(0, facts.visitsPending - 1) };
    case 'DealClosed':
      return { ...facts, dealsOpen: facts.dealsOpen + 1 };
    case 'DealCancelled':
      return { ...facts, dealsOpen: Math.max(0, facts.dealsOpen - 1), dealsCancelled: facts.dealsCancelled + 1 };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/**
 * The furthest point of the flow the lead has reached and still holds. A missed visit no longer
 * holds `visit_booked`, so the lead falls back to `graded` or `contacted` (or `visited`, or
 * `visit_booked` for another visit still pending).
 *
 * `lost` — our rule, since the handbooks define none — when no deal is open and either
 *  - the lead had deals and every one was cancelled (refund, voided contract: the sale was undone), or
 *  - its latest call (by start) was classified `invalid_number` (空号: there is nobody to call).
 * Both undo themselves: a new deal makes it `won`; a later call, or a reclassification of that
 * call, ends the dead-number verdict.
 */
export function stageOf(facts: LeadFacts): Stage {
  if (facts.dealsOpen > 0) return 'won';
  if (facts.dealsCancelled > 0 || facts.lastCall?.outcome === 'invalid_number') return 'lost';
  if (facts.visitsCompleted > 0) return 'visited';
  if (facts.visitsPending > 0) return 'visit_booked';
  if (facts.grade !== null) return 'graded';
  if (facts.calls > 0) return 'contacted';
  return 'new';
}

export interface KnownAgent {
  agentId: string;
  teamId: string;
  planId: string;
  /** The last working day, once a leaving is recorded. */
  leftOn?: string | null;
}

export interface Derived {
  stage: Stage;
  /** The owner while they work here; null in the pool and once the owner has left. */
  ownerId: string | null;
  /** The owner who left: the lead stays in their team, unowned, until it is reassigned. */
  formerOwnerId: string | null;
  /** The owner's team. */
  teamId: string | null;
  /** The plan version that set the time zone and cadence: "why is this due then?". */
  planId: string | null;
  planVersion: number | null;
  timezone: string;
  lastContactDate: string | null;
  nextFollowUpDue: string | null;
}

/**
 * Derived fields. The plan is the owner's; without a known owner, the plan of the agent who made
 * the last call; without either, the default time zone and no due date. The due date is the local
 * date of the last contact plus the grade's cadence, so it moves with a new contact or a new grade
 * and is null while the lead is ungraded or never reached.
 */
export function derive(
  facts: LeadFacts,
  agentOf: (agentId: string) => KnownAgent | undefined,
  versionsOf: (planId: string) => readonly CompensationPlan[],
): Derived {
  const owner = facts.ownerId === null ? undefined : agentOf(facts.ownerId);
  const planned = [facts.ownerId, facts.lastCall?.agentId ?? null]
    .map((id) => (id === null ? undefined : agentOf(id)))
    .find((agent) => agent !== undefined && versionsOf(agent.planId).length > 0);
  const contactAt = facts.lastCall?.startedAt ?? null;
  const plan = planned && contactAt ? businessDay(contactAt, versionsOf(planned.planId)).plan : undefined;
  const timezone = plan?.timezone ?? DEFAULT_TIME_ZONE;
  const lastContactDate = contactAt ? localDate(contactAt, timezone) : null;
  // A leaving takes effect for the pipeline once recorded: the supervisor reassigns the leaver's leads.
  const ownerLeft = owner !== undefined && owner.leftOn !== undefined && owner.leftOn !== null;
  return {
    stage: stageOf(facts),
    ownerId: ownerLeft ? null : facts.ownerId,
    formerOwnerId: ownerLeft ? facts.ownerId : null,
    teamId: owner?.teamId ?? null,
    planId: plan?.planId ?? null,
    planVersion: plan?.version ?? null,
    timezone,
    lastContactDate,
    nextFollowUpDue: plan && lastContactDate && facts.grade ? addDays(lastContactDate, plan.followUpDays[facts.grade]) : null,
  };
}
