/**
 * Test support: stored events of every type, with a customer's phone number and name planted in
 * every field where staff type free text, so that a spec can show none of it is published. Not
 * exported from the barrel.
 */
import { HANDBOOK_PLAN } from '../../../../test/support/handbook-plan';
import { CALL_OUTCOMES, GRADES, LEAD_SOURCES } from '../lead/lead.events';
import { DEFAULT_FOLLOW_UP_DUTIES } from '../plan/follow-up';
import type { StoredDomainEvent } from './definitions';
import type { StoredEvent } from '../stored-event';

/** mulberry32: the same seed, the same events. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Customer {
  /** 11 digits, 1[3-9]x. */
  phone: string;
  name: string;
}

export const PHONE_PATTERN = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/;

type Type = StoredDomainEvent['type'];
type DataOf<T extends Type> = Extract<StoredDomainEvent, { type: T }>['data'];

/**
 * One event of each stored type (the compiler insists on every one) about `customer`, the phone
 * also written the ways people write it (+86, spaces, dashes) into free text.
 */
export function eventsAbout(customer: Customer, rnd: () => number, n: number): { [T in Type]: DataOf<T> } {
  const pick = <V>(values: readonly V[]): V => values[Math.floor(rnd() * values.length)];
  const p = customer.phone;
  const spaced = `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`;
  const text = (what: string) => `${what}: ${customer.name} (${pick([p, `+86${p}`, `+86 ${spaced}`, `${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`])})`;
  const leadId = `L${n}`;
  const at = new Date(Date.UTC(2026, 9, 1 + (n % 28), 1 + (n % 10))).toISOString();
  const appraisalId = `ap${n}`;
  const figures = { dials: 2000 + n, effectiveCalls: 200, deals: 3, targets: { dials: 2200, effectiveCalls: 220 } };
  const items = { dials: 90.91, effectiveCalls: 90.91, deals: 100, ability: 80, attitude: 70 };
  const outcome = pick(CALL_OUTCOMES);
  return {
    AgentHired: { agentId: `a${n}`, name: `agent ${n}`, role: pick(['agent', 'specialist'] as const), teamId: 't1', hiredOn: '2026-01-05', planId: 'standard' },
    AgentLeft: { agentId: `a${n}`, lastWorkingDay: '2026-10-15', reason: text('moved city'), decidedBy: 'hr1' },
    AgentRehired: { agentId: `a${n}`, hiredOn: '2027-01-04', role: 'agent', teamId: 't2', planId: 'standard', reason: text('came back'), decidedBy: 'hr1' },
    AgentTransferred: { agentId: `a${n}`, fromTeamId: 't1', toTeamId: 't2', effectiveOn: '2026-10-16', reason: text('new team'), decidedBy: 'mgr1' },
    AgentPlanChanged: { agentId: `a${n}`, fromPlanId: 'standard', toPlanId: 'senior', effectiveOn: '2026-10-16', reason: text('new plan'), decidedBy: 'mgr1' },
    AgentRoleChanged: { agentId: `a${n}`, fromRole: 'agent', toRole: 'specialist', effectiveOn: '2026-10-16', reason: text('promoted'), decidedBy: 'mgr1' },
    // With every optional field a plan may carry (README "Working calendar", "Follow-up duties", "Daily discipline"), so that every published field is sampled.
    CompensationPlanPublished: {
      ...HANDBOOK_PLAN,
      monthlyTargetBasis: 'workingDaysPerMonth',
      partMonthBasis: 'calendarDays',
      version: 1 + (n % 5),
      followUpDuties: DEFAULT_FOLLOW_UP_DUTIES,
      dailyDiscipline: { workdayEndsAt: '18:00', workLogMinutesBeforeEnd: 10, planDaysOfMonth: [15, 30] },
    },
    LeadRegistered: { leadId, phone: p, name: customer.name, source: pick(LEAD_SOURCES), providedBy: rnd() < 0.5 ? 's1' : null },
    LeadAssigned: { leadId, agentId: `a${n}`, previousOwnerId: rnd() < 0.5 ? 'a0' : null, via: pick(['assignment', 'visit_booked'] as const) },
    CallLogged: {
      callId: `c${n}`,
      leadId,
      agentId: `a${n}`,
      startedAt: at,
      durationSeconds: Math.floor(rnd() * 900),
      outcome,
      effective: outcome === 'appointment_set',
    },
    CallReclassified: {
      callId: `c${n}`,
      leadId,
      agentId: `a${n}`,
      startedAt: at,
      previousOutcome: outcome,
      outcome: 'appointment_set',
      previousEffective: outcome === 'appointment_set',
      effective: true,
      reason: text('customer confirmed on a second line'),
    },
    LeadGraded: { leadId, grade: pick(GRADES), previousGrade: rnd() < 0.5 ? pick(GRADES) : null, reason: text('keen'), gradedBy: `a${n}` },
    VisitBooked: {
      visitId: `v${n}`,
      leadId,
      agentId: `a${n}`,
      scheduledAt: at,
      partySize: 2,
      origin: text('comes from'),
      transport: text('drives, call'),
      project: 'Sunshine Gardens',
      budgetFen: 150_000_000,
      concerns: text('worried about schools'),
    },
    VisitCompleted: { visitId: `v${n}`, leadId, agentId: `a${n}`, notes: text('came with family') },
    VisitMissed: { visitId: `v${n}`, leadId, agentId: `a${n}`, notes: text('no show') },
    VisitSheetRecorded: {
      visitId: `v${n}`,
      leadId,
      agentId: `a${n}`,
      departedAt: at,
      feedback: text('liked the show flat, call'),
      consultant: text('consultant'),
      sheetNo: `S${n}`,
      recordedBy: `a${n}`,
    },
    DealClosed: {
      dealId: `d${n}`,
      leadId,
      closedBy: 's1',
      closedByRole: 'specialist',
      amountFen: 120_000_000,
      commissionBaseFen: 100_000_000,
      closedAt: at,
      ownerId: `a${n}`,
      providedBy: rnd() < 0.5 ? 's1' : null,
    },
    DealCancelled: { dealId: `d${n}`, leadId, reason: text('refund asked by'), cancelledAt: at },
    WorkLogSubmitted: { agentId: `a${n}`, date: '2026-10-12', summary: text('called back'), details: text('visit of'), submittedAt: at },
    WorkPlanSubmitted: { agentId: `a${n}`, planDay: '2026-10-15', work: text('to call'), prospects: text('keen buyer'), submittedAt: at },
    PayStatementIssued: {
      month: '2026-10',
      upToPosition: String(1000 + n),
      statement: {
        agentId: `a${n}`,
        month: '2026-10',
        totalFen: 150_000 - 1_000,
        lines: [
          {
            lineId: `2026-10:a${n}:base`,
            kind: 'base',
            amountFen: 150_000,
            planId: 'standard',
            planVersion: 1,
            sourceEventIds: ['e1'],
            explanation: 'regular base',
          },
          {
            lineId: `2026-10:a${n}:adjustment:2026-09:a${n}:deal_commission:d${n}`,
            kind: 'prior_period_adjustment',
            amountFen: -1_000,
            planId: 'standard',
            planVersion: 1,
            sourceEventIds: ['e2'],
            explanation: `corrects deal d${n}: paid ¥10.00, now ¥0.00 (deal d${n} cancelled)`,
            correctsLineId: `2026-09:a${n}:deal_commission:d${n}`,
          },
        ],
      },
    },
    PayMonthClosed: {
      month: '2026-10',
      upToPosition: String(1000 + n),
      closedAt: at,
      statementCount: 3,
      totalFen: 450_000,
      manifest: {
        version: 1,
        month: '2026-10',
        fromPosition: '900',
        upToPosition: String(1000 + n),
        statementCount: 3,
        totalFen: 450_000,
        statements: [1, 2, 3].map((i) => ({ agentId: `a${i}`, sha256: String(i).repeat(64) })),
        previousMonth: '2026-09',
        previousManifestSha256: null,
        publicKey: 'ab'.repeat(32),
      },
      manifestSha256: 'cd'.repeat(32),
      signature: 'c2lnbmF0dXJl',
    },
    AppraisalOpened: {
      appraisalId,
      agentId: `a${n}`,
      teamId: 't1',
      period: '2026-10',
      periodKind: 'month',
      from: '2026-10-01',
      to: '2026-10-31',
      planId: 'standard',
      openedBy: 'hr1',
      role: 'specialist',
    },
    AppraisalScored: { appraisalId, ability: 80, attitude: 70, comment: text('handled a complaint from'), scoredBy: 'sup1' },
    AppraisalFinalized: {
      appraisalId,
      finalizedAt: at,
      finalizedBy: 'hr1',
      planId: 'standard',
      planVersion: 1,
      timeZone: 'Asia/Shanghai',
      rules: HANDBOOK_PLAN.appraisal,
      figures,
      mostDealsInPeriod: 5,
      upToPosition: String(2000 + n),
      ability: 80,
      attitude: 70,
      items,
      score: 84.8,
      band: 'A',
      feedbackDueOn: '2026-11-04',
    },
    AppraisalFeedbackGiven: { appraisalId, givenAt: at, improvementPlan: text('call back'), givenBy: 'sup1', late: false, appealDeadline: '2026-11-12' },
    AppealFiled: {
      appraisalId,
      appealId: `ap${n}-1`,
      agentId: `a${n}`,
      claims: [{ text: text('this call set an appointment with'), eventIds: ['e3', 'e4'] }],
      filedAt: at,
    },
    AppealResolved: {
      appraisalId,
      appealId: `ap${n}-1`,
      decision: 'upheld',
      reason: text('recording shows'),
      corrections: [{ command: 'ReclassifyCall', callId: `c${n}`, outcome: 'appointment_set', reason: text('recording of') }],
      resolvedBy: 'sup1',
      resolvedAt: at,
    },
    AppraisalRevised: {
      appraisalId,
      causationAppealId: `ap${n}-1`,
      figures,
      mostDealsInPeriod: 5,
      upToPosition: String(3000 + n),
      items,
      score: 86,
      band: 'A',
      previousScore: 84.8,
      previousBand: 'A',
      revisedAt: at,
      revisedBy: 'sup1',
    },
    AppraisalArchived: { appraisalId, archivedAt: at, archivedBy: 'hr1' },
    ArchivedAppraisalRead: { appraisalId, readBy: 'm1', requestId: 'r1', readAt: at },
    ArchiveAccessRequested: { requestId: 'r1', appraisalId, reason: text('reviewing case of'), requestedBy: 'm1', requestedAt: at },
    ArchiveAccessGranted: { requestId: 'r1', appraisalId, requestedBy: 'm1', grantedBy: 'as1', grantedAt: at, validUntil: at },
    CallSampleDrawn: {
      agentId: `a${n}`,
      teamId: 't1',
      period: '2026-10',
      periodKind: 'month',
      from: '2026-10-01',
      to: '2026-10-31',
      timeZone: 'Asia/Shanghai',
      sampleSize: 2,
      seed: 'ab'.repeat(32),
      drawnAtPosition: String(4000 + n),
      population: 3,
      populationDigest: 'cd'.repeat(32),
      callIds: [`c${n}`],
      drawnBy: 'hr1',
      drawnAt: at,
    },
    CallQualityScored: { agentId: `a${n}`, period: '2026-10', callId: `c${n}`, score: 85, comment: text('told the customer'), scoredBy: 'qa1', scoredAt: at },
    IdentifierReserved: { kind: 'phone', leadId },
    IdentifierReleased: { kind: 'phone', leadId, reason: text('duplicate of') },
  };
}

/** As the store hands them out: a position, an id, metadata and the time it was recorded. */
export function stored(type: string, data: unknown, position: bigint): StoredEvent {
  return {
    eventId: `e-${position}`,
    position,
    type,
    data,
    metadata: {
      eventId: `e-${position}`,
      commandId: `cmd-${position}`,
      correlationId: `corr-${position}`,
      causationId: `cause-${position}`,
      actor: { sub: 'a1', roles: ['agent'] },
      occurredAt: '2026-10-08T09:30:00+08:00',
      schemaVersion: type === 'CallLogged' ? 2 : 1,
    },
    recordedAt: new Date('2026-10-08T01:30:01.000Z'),
  };
}

/** A random mainland mobile number: 1, then 3–9, then nine digits. */
export function randomPhone(rnd: () => number): string {
  let digits = `1${3 + Math.floor(rnd() * 7)}`;
  while (digits.length < 11) digits += Math.floor(rnd() * 10);
  return digits;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', 'Wang', 'Li', 'Zhang'];
const GIVEN = ['伟', '芳', '娜', '秀英', 'Wei', 'Fang', 'Na'];
export const randomName = (rnd: () => number) =>
  `${SURNAMES[Math.floor(rnd() * SURNAMES.length)]}${GIVEN[Math.floor(rnd() * GIVEN.length)]}${Math.floor(rnd() * 1000)}`;
