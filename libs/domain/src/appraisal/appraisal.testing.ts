/**
 * Test support for the appraisal specs: one agent's appraisal for August 2026 as its stream would
 * hold it, step by step. Not exported from the barrel.
 */
import type { AgentState } from '../agent/agent';
import { chineseWorkCalendar } from '../calendar/working-days';
import type { Actor } from '../roles';
import { specification } from '../testing/given-when-then';
import { HANDBOOK_PLAN } from '../../../../test/support/handbook-plan';
import type { AppraisalEvent } from './appraisal.events';
import { type AppraisalCommandContext, decideAppraisal } from './appraisal.decide';
import type { WorkResults } from './appraisal.scoring';
import { evolveAppraisal, initialAppraisalState } from './appraisal.state';

export { HANDBOOK_PLAN };

export const givenAppraisal = specification(initialAppraisalState, evolveAppraisal, decideAppraisal);

export const as = (sub: string, roles: string[], team?: string): Actor => ({ sub, roles, team });
export const hr = as('h1', ['hr']);
export const supervisor = as('s1', ['supervisor'], 't1');
export const otherSupervisor = as('s2', ['supervisor'], 't2');
export const director = as('d1', ['director']);
export const appraised = as('a1', ['agent']);
export const colleague = as('a2', ['agent']);
export const assistant = as('as1', ['assistant']);

export const agentA1: AgentState = {
  hired: true,
  agentId: 'a1',
  name: 'A1',
  role: 'agent',
  teamId: 't1',
  hiredOn: '2026-01-05',
  planId: 'standard',
};

export const calendar = chineseWorkCalendar();
export const at = (instant: string) => new Date(instant);
export const ctx = (actor: Actor, now: string, extra: Partial<AppraisalCommandContext> = {}): AppraisalCommandContext => ({
  now: at(now),
  actor,
  calendar,
  ...extra,
});

/**
 * August: 1,650 of 2,200 dials (75), 198 of 220 effective calls (90), 3 deals where the best agent
 * closed 4 (75); ability 70, attitude 85. Score = 20 % × (75 + 90 + 75 + 70 + 85) = 79.00, band B.
 */
export const augustResults: WorkResults = {
  figures: { dials: 1650, effectiveCalls: 198, deals: 3, targets: { dials: 2200, effectiveCalls: 220 } },
  mostDealsInPeriod: 4,
  upToPosition: '1200',
};

export const opened: AppraisalEvent = {
  type: 'AppraisalOpened',
  data: {
    appraisalId: 'ap1',
    agentId: 'a1',
    teamId: 't1',
    period: '2026-08',
    periodKind: 'month',
    from: '2026-08-01',
    to: '2026-08-31',
    planId: 'standard',
    openedBy: 'h1',
  },
};
export const scored: AppraisalEvent = {
  type: 'AppraisalScored',
  data: { appraisalId: 'ap1', ability: 70, attitude: 85, comment: 'steady', scoredBy: 's1' },
};
export const finalizedAt = '2026-09-28T10:00:00+08:00';
export const finalized: AppraisalEvent = {
  type: 'AppraisalFinalized',
  data: {
    appraisalId: 'ap1',
    finalizedAt: new Date(finalizedAt).toISOString(),
    finalizedBy: 'h1',
    planId: 'standard',
    planVersion: 1,
    timeZone: 'Asia/Shanghai',
    rules: HANDBOOK_PLAN.appraisal,
    figures: augustResults.figures,
    mostDealsInPeriod: 4,
    upToPosition: '1200',
    ability: 70,
    attitude: 85,
    items: { dials: 75, effectiveCalls: 90, deals: 75, ability: 70, attitude: 85 },
    score: 79,
    band: 'B',
    feedbackDueOn: '2026-10-01',
  },
};
/** Wednesday 30 September, the last working day before the National Day holiday (10-01 … 10-07). */
export const feedbackAt = '2026-09-30T15:00:00+08:00';
export const feedback: AppraisalEvent = {
  type: 'AppraisalFeedbackGiven',
  data: { appraisalId: 'ap1', givenAt: feedbackAt, improvementPlan: 'more effective calls', givenBy: 's1', late: false, appealDeadline: '2026-10-15' },
};
export const claims = [{ text: 'these calls set appointments', eventIds: ['ev-c7', 'ev-c8', 'ev-c9'] }];
export const appealFiled = (appealId = 'appeal1', filedAt = '2026-10-09T01:00:00.000Z'): AppraisalEvent => ({
  type: 'AppealFiled',
  data: { appraisalId: 'ap1', appealId, agentId: 'a1', claims, filedAt },
});
export const appealResolved = (decision: 'upheld' | 'partly_upheld' | 'rejected' = 'upheld', appealId = 'appeal1'): AppraisalEvent => ({
  type: 'AppealResolved',
  data: {
    appraisalId: 'ap1',
    appealId,
    decision,
    reason: 'the recordings confirm it',
    corrections: decision === 'rejected' ? [] : [{ command: 'ReclassifyCall', callId: 'c7', outcome: 'appointment_set', reason: 'appeal1' }],
    resolvedBy: 's1',
    resolvedAt: '2026-10-12T02:00:00.000Z',
  },
});
export const archived: AppraisalEvent = {
  type: 'AppraisalArchived',
  data: { appraisalId: 'ap1', archivedAt: '2026-10-16T01:00:00.000Z', archivedBy: 'h1' },
};
export const feedbackGiven = [opened, scored, finalized, feedback];
