import type { AgentEvent } from '../agent/agent';
import { APPEAL_DECISIONS, APPRAISAL_BANDS, PERIOD_KINDS, type AppraisalEvent } from '../appraisal/appraisal.events';
import type { ArchiveAccessEvent } from '../appraisal/archive-access.events';
import type { CallQualityEvent } from '../call-quality/call-quality.events';
import { CALL_OUTCOMES, GRADES, LEAD_SOURCES, type LeadEvent } from '../lead/lead.events';
import { LINE_KINDS } from '../pay/pay.engine';
import type { PayMonthEvent } from '../pay/pay-month';
import type { DisciplineEvent } from '../discipline/discipline.events';
import { MONTHLY_TARGET_BASES, PART_MONTH_BASES, type PlanEvent } from '../plan/plan';
import type { ReservationEvent } from '../reservation/reservation';
import { STAFF_ROLES } from '../roles';
import { arrayOf, bool, date, id, instant, int, leadRef, month, nullable, num, obj, oneOf, optional, position, str, type Field } from './fields';

/** Every event this service stores. */
export type StoredDomainEvent =
  AgentEvent | PlanEvent | LeadEvent | ReservationEvent | PayMonthEvent | AppraisalEvent | ArchiveAccessEvent | CallQualityEvent | DisciplineEvent;

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
    registeredNumbers: optional(int("A specialist's new, non-duplicate numbers registered")),
    targets: obj({ dials: int(), effectiveCalls: int(), registeredNumbers: optional(int()) }, "The period's targets"),
    quality: optional(obj({ calls: int(), points: int() }, "When the plan weighs call quality: the period's drawn calls and the sum of their scores")),
  });
const itemScores = () =>
  obj({ dials: num(), effectiveCalls: num(), deals: num(), ability: num(), attitude: num(), quality: optional(num()), registeredNumbers: optional(num()) });
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
      monthlyTargetBasis: optional(oneOf(MONTHLY_TARGET_BASES, "a full month's shifts: workingDaysPerMonth when absent, or the month's working days")),
      partMonthBasis: optional(oneOf(PART_MONTH_BASES, 'how a part month is prorated: calendar days when absent, or working days employed')),
      dailyTargets: dailyTargets(),
      probationDailyTargets: nullable(dailyTargets()),
      effectiveCallBonusFen: int(),
      shortfallDeduction: obj({ mode: oneOf(['proportional']), maxRatioBasisPoints: int() }),
      dealCommissionBasisPoints: obj({ agent: int(), specialist: int() }),
      leadFeeFen: obj({ specialistPays: int(), agentReceives: int() }),
      awardsFen: obj({ topEffectiveCalls: int(), topDeals: int() }),
      allowancesFen: obj({ transport: int(), communication: int() }),
      followUpDays: {
        schema: {
          type: 'object',
          description: "The plan's lead categories (A–D, or its own such as 意向客户), each with days, a list of days, or null for no follow-up.",
          additionalProperties: { anyOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' } }, { type: 'null' }] },
        },
        map: (value) => value,
      },
      followUpDuties: optional(
        obj({
          newLead: nullable(obj({ days: int(), by: str('HH:MM') })),
          afterVisit: nullable(obj({ days: int(), by: str('HH:MM') })),
          congratulate: nullable(obj({ days: int(), by: str('HH:MM') })),
          cadenceBy: str('HH:MM'),
        }),
      ),
      appraisal: obj({
        weights: obj({ dials: int(), effectiveCalls: int(), deals: int(), ability: int(), attitude: int(), quality: optional(int()) }),
        bands: obj({ S: num(), A: num(), B: num(), C: num() }),
      }),
      dailyDiscipline: optional(
        obj(
          { workdayEndsAt: str('HH:MM, local'), workLogMinutesBeforeEnd: int(), planDaysOfMonth: arrayOf(int()) },
          "The work log's and plans' deadlines; absent means the handbook's (18:00, 10 minutes before, the 15th and 30th)",
        ),
      ),
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
  LeadGraded: publish<'LeadGraded'>(
    'telesales.lead.graded.v1',
    "A lead was graded (categorised) with one of its plan's categories. The reason is not published.",
    {
      leadId: leadId(),
      leadRef: leadRef(),
      grade: str(`A category of the plan in force: ${GRADES.join(', ')} in the handbook plan, or the plan's own (意向客户, …)`),
      previousGrade: nullable(str()),
      gradedBy: id(),
    },
  ),
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
  VisitSheetRecorded: publish<'VisitSheetRecorded'>(
    'telesales.visit.sheet_recorded.v1',
    "After a visit: when the visitors set out (出发时间) and that the sales office's visit sheet (带看单) was recorded. The office's feedback and its consultant's name are not published.",
    {
      visitId: id(),
      leadId: leadId(),
      leadRef: leadRef(),
      agentId: agentId(),
      departedAt: instant('When the visitors set out'),
      sheetNo: nullable(str("The sales office's visit sheet number")),
      recordedBy: id(),
    },
  ),
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
    {
      month: month(),
      upToPosition: position(),
      closedAt: instant(),
      statementCount: int(),
      totalFen: int(),
      // Absent on months closed before manifests; with them an integrator can check every statement_issued it received.
      manifest: optional(
        obj(
          {
            version: int(),
            month: month(),
            fromPosition: position('The first global position the close took in: after the previous close'),
            upToPosition: position(),
            statementCount: int(),
            totalFen: int(),
            statements: arrayOf(obj({ agentId: agentId(), sha256: str("SHA-256 (hex) of the statement's canonical JSON: keys sorted, no whitespace") })),
            previousMonth: nullable(month()),
            previousManifestSha256: nullable(str("The previous closed month's manifestSha256 (the chain); null after a month closed before manifests")),
            publicKey: str('The raw Ed25519 public key (hex) whose private half signed'),
          },
          "What the close issued: each statement's digest, the positions, the chain to the previous month",
        ),
      ),
      manifestSha256: optional(str("SHA-256 (hex) of the manifest's canonical JSON")),
      signature: optional(str("Ed25519 signature (base64) of the UTF-8 bytes of the manifest's canonical JSON")),
    },
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
    role: optional(oneOf(['specialist'], 'Present when the appraised person is a specialist, scored on their own figures')),
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
      weights: obj({
        dials: int(),
        effectiveCalls: int(),
        deals: int(),
        ability: int(),
        attitude: int(),
        quality: optional(int()),
        registeredNumbers: optional(int()),
      }),
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

  // Call quality (「随机抽查电话录音,考核通话质量」): published like the appraisal scores they feed, the reviewers' comments left out.
  CallSampleDrawn: publish<'CallSampleDrawn'>(
    'telesales.call_quality.sampled.v1',
    "The calls of an agent drawn at random for a period's quality review, with the seed and position that let anyone redo the draw.",
    {
      agentId: agentId(),
      teamId: id(),
      period: str('`2026-10`, `2026-Q4` or `2026`'),
      periodKind: oneOf(PERIOD_KINDS),
      from: date(),
      to: date(),
      timeZone: str(),
      sampleSize: int(),
      seed: str('32 random bytes as 64 hex digits: the HMAC-SHA256 key that ranks the calls'),
      drawnAtPosition: position('The draw chose among the calls logged at or before this position'),
      population: int(),
      populationDigest: str(),
      callIds: arrayOf(id()),
      drawnBy: id(),
      drawnAt: instant(),
    },
  ),
  CallQualityScored: publish<'CallQualityScored'>('telesales.call_quality.scored.v1', 'A reviewer scored a drawn call 0–100. The comment is not published.', {
    agentId: agentId(),
    period: str(),
    callId: id(),
    score: int(),
    scoredBy: id(),
    scoredAt: instant(),
  }),

  WorkLogSubmitted: publish<'WorkLogSubmitted'>(
    'telesales.worklog.submitted.v1',
    "An agent's daily work log (「下班前10分钟…工作日志」) reached their supervisor. Its text is not published.",
    { agentId: agentId(), date: date('The working day it is for'), submittedAt: instant("The service's clock when it arrived") },
  ),
  WorkPlanSubmitted: publish<'WorkPlanSubmitted'>(
    'telesales.workplan.submitted.v1',
    "An agent's plan of the 15th or 30th (「每月15号和30号…计划」) reached their supervisor. Its text is not published.",
    { agentId: agentId(), planDay: date('The plan day it answers'), submittedAt: instant("The service's clock when it arrived") },
  ),
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
