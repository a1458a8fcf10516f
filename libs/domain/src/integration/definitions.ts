import type { AgentEvent } from '../agent/agent';
import { APPEAL_DECISIONS, APPRAISAL_BANDS, PERIOD_KINDS, type AppraisalEvent } from '../appraisal/appraisal.events';
import type { ArchiveAccessEvent } from '../appraisal/archive-access.events';
import { CALL_OUTCOMES, GRADES, LEAD_SOURCES, type LeadEvent } from '../lead/lead.events';
import { LINE_KINDS } from '../pay/pay.engine';
import type { PayMonthEvent } from '../pay/pay-month';
import type { PlanEvent } from '../plan/plan';
import type { ReservationEvent } from '../reservation/reservation';
import { STAFF_ROLES } from '../roles';
import { arrayOf, bool, date, id, instant, int, leadRef, month, nullable, num, obj, oneOf, optional, position, str, type Field } from './fields';

/** Every event this service stores. */
export type StoredDomainEvent = AgentEvent | PlanEvent | LeadEvent | ReservationEvent | PayMonthEvent | AppraisalEvent | ArchiveAccessEvent;

export interface PublishedDefinition {
  published: true;
  /** `telesales.<subject>.<fact>.v<major>`: a new major version is a new type, published beside the old. */
  publicType: string;
  description: string;
  /** The public `data`, field by field; an internal field not named here is never published. */
  fields: Record<string, Field>;
}
export interface UnpublishedDefinition {
  published: false;
  /** Why integrators do not see it. */
  why: string;
}
export type Definition = PublishedDefinition | UnpublishedDefinition;

type DataOf<T extends StoredDomainEvent['type']> = Extract<StoredDomainEvent, { type: T }>['data'];

/** Fields named after the internal event's fields (checked by the compiler), plus computed ones. */
function publish<T extends StoredDomainEvent['type']>(
  publicType: string,
  description: string,
  fields: { [K in keyof DataOf<T>]?: Field } & { leadRef?: Field },
  extra: Record<string, Field> = {},
): PublishedDefinition {
  return { published: true, publicType, description, fields: { ...(fields as Record<string, Field>), ...extra } };
}
const internal = (why: string): UnpublishedDefinition => ({ published: false, why });

// Free text typed by staff about a customer (call/visit notes, concerns, where visitors come from,
// appeal claims, reasons, comments) may carry a name or a phone number: none of it is published.
// Every correcting event is published, without its free-text reason.

const agentId = () => id('An agent or specialist (their `agentId`).');
const leadId = () => id('The lead. Never a phone number or a name: see `leadRef`.');
const figures = () =>
  obj({
    dials: int(),
    effectiveCalls: int(),
    deals: int(),
    targets: obj({ dials: int(), effectiveCalls: int() }, "The period's targets"),
  });
const itemScores = () => obj({ dials: num(), effectiveCalls: num(), deals: num(), ability: num(), attitude: num() });
const dailyTargets = () => obj({ dials: int(), effectiveCalls: int(), talkMinutes: nullable(int()) });
const statement = () =>
  obj({
    agentId: agentId(),
    month: month(),
    lines: arrayOf(
      obj({
        lineId: id(),
        kind: oneOf(LINE_KINDS),
        amountFen: int(),
        planId: id(),
        planVersion: int(),
        sourceEventIds: arrayOf(id()),
        explanation: str('One line written by the pay engine from ids, counts and amounts (no free text of users).'),
        correctsLineId: optional(id('On a prior_period_adjustment: the line of the closed month it corrects.')),
      }),
    ),
    totalFen: int(),
  });

/**
 * What each stored event type becomes for integrators. The keys are every stored event type
 * (the compiler refuses a missing one), so adding an event forces a decision here.
 */
export const DEFINITIONS: { readonly [T in StoredDomainEvent['type']]: Definition } = {
  AgentHired: publish<'AgentHired'>('telesales.agent.hired.v1', 'An agent or specialist was hired onto a compensation plan. The name is not published.', {
    agentId: agentId(),
    role: oneOf(STAFF_ROLES),
    teamId: id(),
    hiredOn: date(),
    planId: id(),
  }),
  AgentLeft: publish<'AgentLeft'>(
    'telesales.agent.left.v1',
    'A person left: nothing is earned after their last working day. The reason (free text) is not published.',
    { agentId: agentId(), lastWorkingDay: date(), decidedBy: id('Who recorded the decision (their `sub`).') },
  ),
  AgentRehired: publish<'AgentRehired'>(
    'telesales.agent.rehired.v1',
    'Someone who left was hired again: a new employment period of the same person. The reason (free text) is not published.',
    { agentId: agentId(), hiredOn: date(), role: oneOf(STAFF_ROLES), teamId: id(), planId: id(), decidedBy: id('Who recorded the decision (their `sub`).') },
  ),
  AgentTransferred: publish<'AgentTransferred'>(
    'telesales.agent.transferred.v1',
    'A person moved to another team from a date. The reason (free text) is not published.',
    { agentId: agentId(), fromTeamId: id(), toTeamId: id(), effectiveOn: date(), decidedBy: id('Who recorded the decision (their `sub`).') },
  ),
  AgentPlanChanged: publish<'AgentPlanChanged'>(
    'telesales.agent.plan_changed.v1',
    'A person is paid by another compensation plan from a date. The reason (free text) is not published.',
    { agentId: agentId(), fromPlanId: id(), toPlanId: id(), effectiveOn: date(), decidedBy: id('Who recorded the decision (their `sub`).') },
  ),
  AgentRoleChanged: publish<'AgentRoleChanged'>(
    'telesales.agent.role_changed.v1',
    'A person was promoted from agent to specialist, or moved back, from a date. The reason (free text) is not published.',
    {
      agentId: agentId(),
      fromRole: oneOf(STAFF_ROLES),
      toRole: oneOf(STAFF_ROLES),
      effectiveOn: date(),
      decidedBy: id('Who recorded the decision (their `sub`).'),
    },
  ),
  CompensationPlanPublished: publish<'CompensationPlanPublished'>(
    'telesales.plan.published.v1',
    'A version of a compensation plan was published (money in fen, rates in basis points).',
    {
      planId: id(),
      version: int(),
      effectiveFrom: date(),
      timezone: str('IANA time zone'),
      probationMonths: int(),
      baseFen: obj({ probation: int(), regular: int() }),
      workingDaysPerMonth: int(),
      dailyTargets: dailyTargets(),
      probationDailyTargets: nullable(dailyTargets()),
      effectiveCallBonusFen: int(),
      shortfallDeduction: obj({ mode: oneOf(['proportional']), maxRatioBasisPoints: int() }),
      dealCommissionBasisPoints: obj({ agent: int(), specialist: int() }),
      leadFeeFen: obj({ specialistPays: int(), agentReceives: int() }),
      awardsFen: obj({ topEffectiveCalls: int(), topDeals: int() }),
      allowancesFen: obj({ transport: int(), communication: int() }),
      followUpDays: obj({ A: int(), B: int(), C: int(), D: int() }),
      appraisal: obj({
        weights: obj({ dials: int(), effectiveCalls: int(), deals: int(), ability: int(), attitude: int() }),
        bands: obj({ S: num(), A: num(), B: num(), C: num() }),
      }),
    },
  ),

  LeadRegistered: publish<'LeadRegistered'>(
    'telesales.lead.registered.v1',
    "A lead entered the pool. The customer's phone number and name are never published.",
    { leadId: leadId(), leadRef: leadRef(), source: nullable(oneOf(LEAD_SOURCES)), providedBy: nullable(id()) },
  ),
  LeadAssigned: publish<'LeadAssigned'>('telesales.lead.assigned.v1', 'A lead has a new owner.', {
    leadId: leadId(),
    leadRef: leadRef(),
    agentId: agentId(),
    previousOwnerId: nullable(id()),
    via: oneOf(['assignment', 'visit_booked']),
  }),
  CallLogged: publish<'CallLogged'>('telesales.call.logged.v1', 'A call to a lead was logged.', {
    callId: id(),
    leadId: leadId(),
    leadRef: leadRef(),
    agentId: agentId(),
    startedAt: instant(),
    durationSeconds: int(),
    outcome: oneOf(CALL_OUTCOMES),
    effective: bool('An effective call (有效电话): it set an appointment.'),
  }),
  CallReclassified: publish<'CallReclassified'>(
    'telesales.call.reclassified.v1',
    "A correction: a logged call's outcome changed (counts move on the original call's day). The reason is not published.",
    {
      callId: id(),
      leadId: leadId(),
      leadRef: leadRef(),
      agentId: agentId(),
      startedAt: instant("The original call's start"),
      previousOutcome: oneOf(CALL_OUTCOMES),
      outcome: oneOf(CALL_OUTCOMES),
      previousEffective: bool(),
      effective: bool(),
    },
  ),
  LeadGraded: publish<'LeadGraded'>('telesales.lead.graded.v1', 'A lead was graded A–D. The reason is not published.', {
    leadId: leadId(),
    leadRef: leadRef(),
    grade: oneOf(GRADES),
    previousGrade: nullable(oneOf(GRADES)),
    gradedBy: id(),
  }),
  VisitBooked: publish<'VisitBooked'>(
    'telesales.visit.booked.v1',
    'A site visit was booked. Where the visitors come from, their transport and concerns are not published.',
    {
      visitId: id(),
      leadId: leadId(),
      leadRef: leadRef(),
      agentId: agentId(),
      scheduledAt: instant(),
      partySize: nullable(int()),
      project: nullable(str('The sales project to visit')),
      budgetFen: nullable(int()),
    },
  ),
  VisitCompleted: publish<'VisitCompleted'>('telesales.visit.completed.v1', 'A booked visit took place. Notes are not published.', {
    visitId: id(),
    leadId: leadId(),
    leadRef: leadRef(),
    agentId: agentId(),
  }),
  VisitMissed: publish<'VisitMissed'>('telesales.visit.missed.v1', 'A booked visit did not take place. Notes are not published.', {
    visitId: id(),
    leadId: leadId(),
    leadRef: leadRef(),
    agentId: agentId(),
  }),
  DealClosed: publish<'DealClosed'>('telesales.deal.closed.v1', 'A deal was closed on a lead.', {
    dealId: id(),
    leadId: leadId(),
    leadRef: leadRef(),
    closedBy: id(),
    closedByRole: oneOf(STAFF_ROLES),
    amountFen: int(),
    commissionBaseFen: int(),
    closedAt: instant(),
    ownerId: nullable(id("The lead's owner when the deal closed")),
    providedBy: nullable(id()),
  }),
  DealCancelled: publish<'DealCancelled'>('telesales.deal.cancelled.v1', 'A correction: a closed deal was cancelled. The reason is not published.', {
    dealId: id(),
    leadId: leadId(),
    leadRef: leadRef(),
    cancelledAt: instant(),
  }),

  PayStatementIssued: publish<'PayStatementIssued'>(
    'telesales.pay.statement_issued.v1',
    "One person's frozen statement for a closed month, including prior_period_adjustment lines that correct closed months.",
    { month: month(), upToPosition: position('The last global position the statement saw'), statement: statement() },
  ),
  PayMonthClosed: publish<'PayMonthClosed'>(
    'telesales.pay.month_closed.v1',
    'A pay month closed: its statements are the statement_issued events before this one.',
    { month: month(), upToPosition: position(), closedAt: instant(), statementCount: int(), totalFen: int() },
  ),

  AppraisalOpened: publish<'AppraisalOpened'>('telesales.appraisal.opened.v1', 'An appraisal of an agent was opened for a period.', {
    appraisalId: id(),
    agentId: agentId(),
    teamId: id(),
    period: str('`2026-10`, `2026-Q4` or `2026`'),
    periodKind: oneOf(PERIOD_KINDS),
    from: date(),
    to: date(),
    planId: id(),
    openedBy: id(),
  }),
  AppraisalScored: publish<'AppraisalScored'>('telesales.appraisal.scored.v1', 'The supervisor scored ability and attitude. The comment is not published.', {
    appraisalId: id(),
    ability: num(),
    attitude: num(),
    scoredBy: id(),
  }),
  AppraisalFinalized: publish<'AppraisalFinalized'>('telesales.appraisal.finalized.v1', 'An appraisal was finalized with its frozen figures, score and band.', {
    appraisalId: id(),
    finalizedAt: instant(),
    finalizedBy: id(),
    planId: id(),
    planVersion: int(),
    timeZone: str(),
    rules: obj({
      weights: obj({ dials: int(), effectiveCalls: int(), deals: int(), ability: int(), attitude: int() }),
      bands: obj({ S: num(), A: num(), B: num(), C: num() }),
    }),
    figures: figures(),
    mostDealsInPeriod: int(),
    upToPosition: position(),
    ability: num(),
    attitude: num(),
    items: itemScores(),
    score: num(),
    band: oneOf(APPRAISAL_BANDS),
    feedbackDueOn: date(),
  }),
  AppraisalFeedbackGiven: publish<'AppraisalFeedbackGiven'>(
    'telesales.appraisal.feedback_given.v1',
    'Feedback on a finalized appraisal was given. The improvement plan is not published.',
    { appraisalId: id(), givenAt: instant(), givenBy: id(), late: bool(), appealDeadline: date() },
  ),
  AppealFiled: publish<'AppealFiled'>(
    'telesales.appeal.filed.v1',
    "An agent appealed an appraisal. Each claim names the events it disputes; the claims' texts are not published.",
    {
      appraisalId: id(),
      appealId: id(),
      agentId: agentId(),
      claims: arrayOf(obj({ eventIds: arrayOf(id()) })),
      filedAt: instant(),
    },
  ),
  AppealResolved: publish<'AppealResolved'>(
    'telesales.appeal.resolved.v1',
    "A correction: an appeal was resolved. The corrections' own events (e.g. call.reclassified) follow with this event as their cause. The reason is not published.",
    {
      appraisalId: id(),
      appealId: id(),
      decision: oneOf(APPEAL_DECISIONS),
      corrections: arrayOf(
        obj({
          command: str('The command run, e.g. `ReclassifyCall`'),
          callId: optional(id()),
          dealId: optional(id()),
          visitId: optional(id()),
          leadId: optional(id()),
          outcome: optional(str()),
          grade: optional(str()),
        }),
      ),
      resolvedBy: id(),
      resolvedAt: instant(),
    },
  ),
  AppraisalRevised: publish<'AppraisalRevised'>(
    'telesales.appraisal.revised.v1',
    "A correction: an appraisal's figures and score after an appeal's corrections.",
    {
      appraisalId: id(),
      causationAppealId: id(),
      figures: figures(),
      mostDealsInPeriod: int(),
      upToPosition: position(),
      items: itemScores(),
      score: num(),
      band: oneOf(APPRAISAL_BANDS),
      previousScore: num(),
      previousBand: oneOf(APPRAISAL_BANDS),
      revisedAt: instant(),
      revisedBy: id(),
    },
  ),
  AppraisalArchived: publish<'AppraisalArchived'>('telesales.appraisal.archived.v1', 'An appraisal was archived.', {
    appraisalId: id(),
    archivedAt: instant(),
    archivedBy: id(),
  }),

  ArchiveAccessRequested: internal(
    'The audit of who asks to read whose archived appraisal (「经总助批准方可查阅」), with a free-text reason: it stays inside the service.',
  ),
  ArchiveAccessGranted: internal('The audit of archive access approvals: it stays inside the service.'),
  ArchivedAppraisalRead: internal('The audit of every read of an archived appraisal: it stays inside the service.'),
  IdentifierReserved: internal(
    "A uniqueness claim on a phone number or an id (its stream name carries a digest of the phone): the store's bookkeeping, not a business fact.",
  ),
  IdentifierReleased: internal('A uniqueness claim given back after a refused command: bookkeeping, not a business fact.'),
};
