import {
  addDays,
  businessDay,
  type CallOutcome,
  cadenceDays,
  chineseWorkCalendar,
  type CompensationPlan,
  DEFAULT_TIME_ZONE,
  dueInDays,
  dueInWorkingDays,
  followUpDutiesOf,
  DEFAULT_FOLLOW_UP_DUTIES,
  type Grade,
  type LeadEvent,
  localDate,
  type WorkCalendar,
  zonedTime,
} from '@app/domain';

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
  /** When the lead was last assigned to an agent (not claimed by booking a visit): 「分配一个打一个」. */
  assignedAt: string | null;
  /** Visits booked and not yet resolved: visit id → scheduled instant. */
  pendingVisits: Record<string, string>;
  /** The scheduled time of the latest completed visit. */
  visitAt: string | null;
  /** The latest deal still standing, for the congratulation call. */
  deal: { dealId: string; closedAt: string } | null;
  /** Calls logged since the lead got its category: which step of a cadence list comes next. */
  followUpsSinceGraded: number;
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
  assignedAt: null,
  pendingVisits: {},
  visitAt: null,
  deal: null,
  followUpsSinceGraded: 0,
});

const later = (a: string | null, b: string): string => (a === null || Date.parse(b) > Date.parse(a) ? b : a);

/**
 * One event of the lead's stream. Counters trust the lead's own decide (a visit is resolved once,
 * a deal cancelled once), which the stream guarantees.
 */
export function evolveFacts(facts: LeadFacts, event: LeadEvent, recordedAt: Date, occurredAt: string = recordedAt.toISOString()): LeadFacts {
  switch (event.type) {
    case 'LeadRegistered':
      return { ...facts, providedBy: event.data.providedBy, registeredAt: recordedAt.toISOString() };
    case 'LeadAssigned': {
      // The business time of an assignment is the service's clock when it was made.
      const assignedAt = event.data.via === 'assignment' ? new Date(occurredAt).toISOString() : facts.assignedAt;
      return { ...facts, ownerId: event.data.agentId, ownerCount: facts.ownerCount + 1, assignedAt };
    }
    case 'CallLogged': {
      const { callId, agentId, startedAt, outcome } = event.data;
      const at = new Date(startedAt).toISOString();
      // A call logged late with an earlier start does not move the last contact back; on a tie the later-logged wins.
      const latest = !facts.lastCall || Date.parse(at) >= Date.parse(facts.lastCall.startedAt);
      const followUpsSinceGraded = facts.followUpsSinceGraded + (facts.grade === null ? 0 : 1);
      return { ...facts, calls: facts.calls + 1, lastCall: latest ? { callId, agentId, startedAt: at, outcome } : facts.lastCall, followUpsSinceGraded };
    }
    case 'CallReclassified':
      // Only the latest call's outcome matters here (a dead number makes the lead lost).
      return facts.lastCall?.callId === event.data.callId ? { ...facts, lastCall: { ...facts.lastCall, outcome: event.data.outcome } } : facts;
    case 'LeadGraded':
      return { ...facts, grade: event.data.grade, followUpsSinceGraded: 0 };
    case 'VisitBooked': {
      const pendingVisits = { ...facts.pendingVisits, [event.data.visitId]: new Date(event.data.scheduledAt).toISOString() };
      return { ...facts, visitsPending: facts.visitsPending + 1, pendingVisits };
    }
    case 'VisitCompleted': {
      const { [event.data.visitId]: scheduledAt, ...pendingVisits } = facts.pendingVisits;
      const visitAt = scheduledAt === undefined ? facts.visitAt : later(facts.visitAt, scheduledAt);
      return { ...facts, visitsPending: Math.max(0, facts.visitsPending - 1), visitsCompleted: facts.visitsCompleted + 1, pendingVisits, visitAt };
    }
    case 'VisitMissed': {
      const { [event.data.visitId]: _missed, ...pendingVisits } = facts.pendingVisits;
      return { ...facts, visitsPending: Math.max(0, facts.visitsPending - 1), pendingVisits };
    }
    case 'VisitSheetRecorded':
      // The sheet tells how the visit went; it moves no stage (the audit trail and the feed show it).
      return facts;
    case 'DealClosed': {
      const closedAt = new Date(event.data.closedAt).toISOString();
      const deal = facts.deal === null || Date.parse(closedAt) >= Date.parse(facts.deal.closedAt) ? { dealId: event.data.dealId, closedAt } : facts.deal;
      return { ...facts, dealsOpen: facts.dealsOpen + 1, deal };
    }
    case 'DealCancelled': {
      const deal = facts.deal?.dealId === event.data.dealId ? null : facts.deal;
      return { ...facts, dealsOpen: Math.max(0, facts.dealsOpen - 1), dealsCancelled: facts.dealsCancelled + 1, deal };
    }
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
  /** The follow-up duties not yet done by a call, by due time. */
  duties: Duty[];
  /** The earliest `dueOn` of `duties`: what the follow-ups query selects on. */
  firstDueOn: string | null;
}

export const DUTY_KINDS = ['new_lead', 'after_visit', 'congratulate', 'cadence'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];

/** A call the handbooks want made on a lead, and when it is due. */
export interface Duty {
  kind: DutyKind;
  /** The local date it falls on, in the time zone of the plan that set it. */
  dueOn: string;
  /** The instant it is due by, with that zone's offset. */
  dueAt: string;
  /** An after-visit call when nothing was bought: ask why (「了解未成交的原因」). */
  askWhyNotBought?: boolean;
}

/** The published State Council calendar: whether a new lead's day is a working day. */
export const PIPELINE_CALENDAR: WorkCalendar = chineseWorkCalendar();

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
  calendar: WorkCalendar = PIPELINE_CALENDAR,
): Derived {
  const owner = facts.ownerId === null ? undefined : agentOf(facts.ownerId);
  const planned = [facts.ownerId, facts.lastCall?.agentId ?? null]
    .map((id) => (id === null ? undefined : agentOf(id)))
    .find((agent) => agent !== undefined && versionsOf(agent.planId).length > 0);
  const contactAt = facts.lastCall?.startedAt ?? null;
  const plan = planned && contactAt ? businessDay(contactAt, versionsOf(planned.planId)).plan : undefined;
  const timezone = plan?.timezone ?? DEFAULT_TIME_ZONE;
  const lastContactDate = contactAt ? localDate(contactAt, timezone) : null;
  const days = plan && facts.grade !== null ? cadenceDays(plan.followUpDays[facts.grade], facts.followUpsSinceGraded) : null;
  const nextFollowUpDue = lastContactDate && days !== null ? addDays(lastContactDate, days) : null;
  const stage = stageOf(facts);
  const planAt = (at: string) => (planned ? businessDay(at, versionsOf(planned.planId)).plan : undefined);
  const duties = dutiesOf(facts, stage, planAt, calendar);
  // A follow-up is due after the last contact; a dead or won lead has none (DOMAIN.md "Lead graded").
  if (plan && nextFollowUpDue && lastContactDate! < nextFollowUpDue && stage !== 'won' && stage !== 'lost') {
    duties.push({ kind: 'cadence', dueOn: nextFollowUpDue, dueAt: zonedTime(nextFollowUpDue, followUpDutiesOf(plan).cadenceBy, timezone) });
  }
  duties.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || DUTY_KINDS.indexOf(a.kind) - DUTY_KINDS.indexOf(b.kind));
  // A leaving takes effect for the pipeline once recorded: the supervisor reassigns the leaver's leads.
  const ownerLeft = owner !== undefined && owner.leftOn !== undefined && owner.leftOn !== null;
  return {
    stage,
    ownerId: ownerLeft ? null : facts.ownerId,
    formerOwnerId: ownerLeft ? facts.ownerId : null,
    teamId: owner?.teamId ?? null,
    planId: plan?.planId ?? null,
    planVersion: plan?.version ?? null,
    timezone,
    lastContactDate,
    nextFollowUpDue,
    duties,
    firstDueOn: duties.reduce<string | null>((first, d) => (first === null || d.dueOn < first ? d.dueOn : first), null),
  };
}

/**
 * The dated duties (README "Follow-up duties"), each set by the plan in force when its cause
 * happened and done by any call on the lead that starts at or after the cause: a new lead's
 * assignment, a completed visit's scheduled time, a standing deal's close.
 */
function dutiesOf(facts: LeadFacts, stage: Stage, planAt: (at: string) => CompensationPlan | undefined, calendar: WorkCalendar): Duty[] {
  const calledSince = (at: string) => facts.lastCall !== null && Date.parse(facts.lastCall.startedAt) >= Date.parse(at);
  const setting = (at: string) => {
    const plan = planAt(at);
    return { duties: plan ? followUpDutiesOf(plan) : DEFAULT_FOLLOW_UP_DUTIES, zone: plan?.timezone ?? DEFAULT_TIME_ZONE };
  };
  const duties: Duty[] = [];
  if (facts.assignedAt !== null && !calledSince(facts.assignedAt) && stage !== 'won' && stage !== 'lost') {
    const { duties: plan, zone } = setting(facts.assignedAt);
    if (plan.newLead) duties.push({ kind: 'new_lead', ...dueInWorkingDays(facts.assignedAt, plan.newLead, zone, calendar) });
  }
  if (facts.visitAt !== null && !calledSince(facts.visitAt)) {
    const { duties: plan, zone } = setting(facts.visitAt);
    if (plan.afterVisit) duties.push({ kind: 'after_visit', ...dueInDays(facts.visitAt, plan.afterVisit, zone), askWhyNotBought: facts.dealsOpen === 0 });
  }
  if (facts.deal !== null && !calledSince(facts.deal.closedAt)) {
    const { duties: plan, zone } = setting(facts.deal.closedAt);
    if (plan.congratulate) duties.push({ kind: 'congratulate', ...dueInDays(facts.deal.closedAt, plan.congratulate, zone) });
  }
  return duties;
}
