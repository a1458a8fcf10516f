import type { AgentState } from '../agent/agent';
import {
  agentA1,
  appealFiled,
  appealResolved,
  appraised,
  archived,
  as,
  augustResults,
  claims,
  colleague,
  ctx,
  director,
  feedback,
  feedbackAt,
  feedbackGiven,
  finalized,
  givenAppraisal as given,
  HANDBOOK_PLAN,
  hr,
  opened,
  otherSupervisor,
  scored,
  supervisor,
} from './appraisal.testing';
import { decideAppraisal } from './appraisal.decide';
import type { AppraisalEvent } from './appraisal.events';
import { appraisalStage, evolveAppraisal, initialAppraisalState, type OpenedAppraisal } from './appraisal.state';

const open = (period = '2026-08', agentId = 'a1') => ({ type: 'OpenAppraisal' as const, data: { appraisalId: 'ap1', agentId, period } });
const score = (ability = 70, attitude = 85) => ({ type: 'ScoreAppraisal' as const, data: { ability, attitude, comment: 'steady' } });
const finalize = { type: 'FinalizeAppraisal' as const, data: {} };
const giveFeedback = (givenAt = feedbackAt) => ({ type: 'GiveFeedback' as const, data: { givenAt, improvementPlan: 'more effective calls' } });
const fileAppeal = (appealId = 'appeal1', c = claims) => ({ type: 'FileAppeal' as const, data: { appealId, claims: c } });
const resolve = (
  decision: 'upheld' | 'partly_upheld' | 'rejected',
  corrections?: { command: string; [k: string]: unknown }[],
  reason = 'the recordings confirm it',
) => ({
  type: 'ResolveAppeal' as const,
  data: { appealId: 'appeal1', decision, reason, corrections },
});
const revise = { type: 'ReviseAppraisal' as const, data: { appealId: 'appeal1' } };
const archive = { type: 'ArchiveAppraisal' as const, data: {} };

const afterPeriod = '2026-09-28T10:00:00+08:00';
const finalizing = (actor = hr, now = afterPeriod, extra = {}) => ctx(actor, now, { plan: HANDBOOK_PLAN, workResults: augustResults, ...extra });
const inWindow = '2026-10-09T09:00:00+08:00';

describe('opening an appraisal', () => {
  it("records the agent's team and plan and the period's dates", () => {
    given([])
      .when(open(), ctx(hr, '2026-09-01T09:00:00+08:00', { agent: agentA1 }))
      .then([opened]);
    given([])
      .when({ ...open('2026-Q3') }, ctx(supervisor, '2026-09-01T09:00:00+08:00', { agent: agentA1 }))
      .then([
        {
          type: 'AppraisalOpened',
          data: { ...opened.data, period: '2026-Q3', periodKind: 'quarter', from: '2026-07-01', to: '2026-09-30', openedBy: 's1' },
        } as AppraisalEvent,
      ]);
  });

  it('opens one of a specialist too, marked as such: they are scored on their own figures (issue 12)', () => {
    given([])
      .when(open(), ctx(hr, '2026-09-01T09:00:00+08:00', { agent: { ...agentA1, role: 'specialist' } as AgentState }))
      .then([{ type: 'AppraisalOpened', data: { ...opened.data, role: 'specialist' } } as AppraisalEvent]);
  });

  it('refuses a bad period, an unknown person, a period before the hire, and a second opening', () => {
    const c = (agent: AgentState = agentA1) => ctx(hr, '2026-09-01T09:00:00+08:00', { agent });
    given([]).when(open('2026-8'), c()).thenRefused('APPRAISAL.INVALID_PERIOD', 'validation');
    given([])
      .when(open(), c({ hired: false }))
      .thenRefused('AGENT.UNKNOWN', 'rule');
    given([]).when(open('2025-12'), c()).thenRefused('APPRAISAL.BEFORE_HIRE', 'rule');
    given([opened]).when(open(), c()).thenRefused('APPRAISAL.ALREADY_OPENED', 'conflict');
  });

  it("is for a supervisor of the agent's team, a manager, a director or hr — not for the agent themself", () => {
    const when = (actor: ReturnType<typeof as>) => given([]).when(open(), ctx(actor, '2026-09-01T09:00:00+08:00', { agent: agentA1 }));
    when(otherSupervisor).thenRefused('AUTH.OTHER_TEAM', 'forbidden');
    when(colleague).thenRefused('AUTH.ROLE_NOT_ALLOWED', 'forbidden');
    when(as('a1', ['agent', 'hr'])).thenRefused('APPRAISAL.OWN_CASE', 'forbidden');
  });
});

describe('opening an appraisal of someone who moved team', () => {
  // a1 moved from t1 to t2 on 2026-09-16: August is t1's to appraise, September t2's.
  const moved: AgentState = {
    ...(agentA1 as AgentState & { hired: true }),
    teamId: 't2',
    teams: [
      { teamId: 't1', from: '2025-06-01' },
      { teamId: 't2', from: '2026-09-16' },
    ],
  };
  const t2Supervisor = as('s2', ['supervisor'], 't2');

  it('belongs to the team the agent was in on the last day of the period', () => {
    given([])
      .when(open('2026-08'), ctx(supervisor, '2026-10-01T09:00:00+08:00', { agent: moved }))
      .then([{ ...opened, data: { ...opened.data, teamId: 't1', openedBy: 's1' } } as AppraisalEvent]);
    given([])
      .when(open('2026-08'), ctx(t2Supervisor, '2026-10-01T09:00:00+08:00', { agent: moved }))
      .thenRefused('AUTH.OTHER_TEAM', 'forbidden');
    given([])
      .when(open('2026-09'), ctx(supervisor, '2026-10-01T09:00:00+08:00', { agent: moved }))
      .thenRefused('AUTH.OTHER_TEAM', 'forbidden');
  });
});

describe('scoring ability and attitude', () => {
  it('is done by a supervisor of the team, a manager or a director, and may be done again until finalized', () => {
    given([opened]).when(score(), ctx(supervisor, afterPeriod)).then([scored]);
    given([opened, scored])
      .when(score(75, 85), ctx(director, afterPeriod))
      .then([{ type: 'AppraisalScored', data: { appraisalId: 'ap1', ability: 75, attitude: 85, comment: 'steady', scoredBy: 'd1' } }]);
  });

  it('refuses scores outside 0–100 or not whole, the wrong people, and a finalized appraisal', () => {
    given([opened]).when(score(101), ctx(supervisor, afterPeriod)).thenRefused('APPRAISAL.INVALID_SCORE', 'validation');
    given([opened]).when(score(70, 7.5), ctx(supervisor, afterPeriod)).thenRefused('APPRAISAL.INVALID_SCORE', 'validation');
    given([opened]).when(score(), ctx(otherSupervisor, afterPeriod)).thenRefused('AUTH.OTHER_TEAM');
    given([opened]).when(score(), ctx(hr, afterPeriod)).thenRefused('AUTH.ROLE_NOT_ALLOWED');
    given([opened, scored, finalized]).when(score(), ctx(supervisor, afterPeriod)).thenRefused('APPRAISAL.ALREADY_FINALIZED', 'conflict');
    given([]).when(score(), ctx(supervisor, afterPeriod)).thenRefused('APPRAISAL.NOT_FOUND', 'not_found');
  });
});

describe('finalizing', () => {
  it("freezes the figures and prices them with the plan's weights and bands; feedback is due 3 days later", () => {
    // 0.2 × (75 + 90 + 75 + 70 + 85) = 79.00 → B (appraisal.testing.ts).
    given([opened, scored]).when(finalize, finalizing()).then([finalized]);
  });

  it('takes the day of finalization in the plan time zone: 16:30 UTC on 31 August is 1 September in Shanghai', () => {
    const [event] = decideAppraisal(finalize, [opened, scored].reduce(evolveAppraisal, initialAppraisalState), finalizing(hr, '2026-08-31T16:30:00Z'));
    expect(event).toMatchObject({ type: 'AppraisalFinalized', data: { feedbackDueOn: '2026-09-04' } });
    given([opened, scored]).when(finalize, finalizing(hr, '2026-08-31T15:59:59Z')).thenRefused('APPRAISAL.PERIOD_NOT_ENDED', 'rule');
  });

  it('needs the scores, once, the right plan and sound figures', () => {
    given([opened]).when(finalize, finalizing()).thenRefused('APPRAISAL.NOT_SCORED', 'rule');
    given([opened, scored, finalized]).when(finalize, finalizing()).thenRefused('APPRAISAL.ALREADY_FINALIZED', 'conflict');
    given([opened, scored])
      .when(finalize, finalizing(hr, afterPeriod, { plan: { ...HANDBOOK_PLAN, planId: 'other' } }))
      .thenRefused('APPRAISAL.WRONG_PLAN', 'rule');
    const negative = { ...augustResults, figures: { ...augustResults.figures, dials: -1 } };
    given([opened, scored])
      .when(finalize, finalizing(hr, afterPeriod, { workResults: negative }))
      .thenRefused('APPRAISAL.INVALID_FIGURES', 'validation');
    given([opened, scored])
      .when(finalize, finalizing(hr, afterPeriod, { workResults: { ...augustResults, mostDealsInPeriod: 2 } }))
      .thenRefused('APPRAISAL.INCONSISTENT_FIGURES', 'rule');
  });

  it('is not for the wrong people', () => {
    given([opened, scored]).when(finalize, finalizing(otherSupervisor)).thenRefused('AUTH.OTHER_TEAM', 'forbidden');
    given([opened, scored]).when(finalize, finalizing(appraised)).thenRefused('AUTH.ROLE_NOT_ALLOWED', 'forbidden');
  });

  it('needs the plan and the figures in the context', () => {
    expect(() => decideAppraisal(finalize, [opened, scored].reduce(evolveAppraisal, initialAppraisalState), ctx(hr, afterPeriod))).toThrow(
      'FinalizeAppraisal needs context.plan',
    );
  });
});

describe('giving feedback', () => {
  it('opens the appeal window: 7 working days after the local date of feedback', () => {
    given([opened, scored, finalized]).when(giveFeedback(), ctx(supervisor, '2026-09-30T16:00:00+08:00')).then([feedback]);
  });

  it('may be recorded after the meeting, and is marked late after the due date', () => {
    // Due 10-01. Given Friday 10-09: 10-10 (调休 Saturday), 10-12 … 10-16, 10-19 is the 7th working day.
    given([opened, scored, finalized])
      .when(giveFeedback('2026-10-09T10:00:00+08:00'), ctx(supervisor, '2026-10-12T10:00:00+08:00'))
      .then([
        {
          type: 'AppraisalFeedbackGiven',
          data: { ...feedback.data, givenAt: '2026-10-09T10:00:00+08:00', late: true, appealDeadline: '2026-10-19' },
        } as AppraisalEvent,
      ]);
  });

  it('is refused before finalization, twice, ahead of the clock, before finalization time, or with a bad instant', () => {
    given([opened, scored]).when(giveFeedback(), ctx(supervisor, '2026-09-30T16:00:00+08:00')).thenRefused('APPRAISAL.NOT_FINALIZED', 'rule');
    given(feedbackGiven).when(giveFeedback(), ctx(supervisor, '2026-09-30T16:00:00+08:00')).thenRefused('APPRAISAL.FEEDBACK_ALREADY_GIVEN', 'conflict');
    given([opened, scored, finalized])
      .when(giveFeedback('2026-09-30T17:00:00+08:00'), ctx(supervisor, '2026-09-30T16:00:00+08:00'))
      .thenRefused('APPRAISAL.FEEDBACK_IN_FUTURE', 'rule');
    given([opened, scored, finalized])
      .when(giveFeedback('2026-09-28T09:00:00+08:00'), ctx(supervisor, '2026-09-30T16:00:00+08:00'))
      .thenRefused('APPRAISAL.FEEDBACK_BEFORE_FINALIZATION', 'rule');
    given([opened, scored, finalized])
      .when(giveFeedback('2026-09-30 15:00'), ctx(supervisor, '2026-09-30T16:00:00+08:00'))
      .thenRefused('APPRAISAL.INVALID_INSTANT', 'validation');
    given([opened, scored, finalized]).when(giveFeedback(), ctx(otherSupervisor, '2026-09-30T16:00:00+08:00')).thenRefused('AUTH.OTHER_TEAM', 'forbidden');
  });
});

describe('filing an appeal', () => {
  it('is done by the appraised agent, inside the window, and names the disputed events', () => {
    given(feedbackGiven)
      .when(fileAppeal(), ctx(appraised, inWindow))
      .then([appealFiled('appeal1', '2026-10-09T01:00:00.000Z')]);
  });

  it('is for nobody but the appraised agent', () => {
    given(feedbackGiven).when(fileAppeal(), ctx(colleague, inWindow)).thenRefused('APPEAL.NOT_APPRAISED_AGENT', 'forbidden');
    given(feedbackGiven).when(fileAppeal(), ctx(supervisor, inWindow)).thenRefused('APPEAL.NOT_APPRAISED_AGENT', 'forbidden');
  });

  it('waits for feedback', () => {
    given([opened, scored, finalized]).when(fileAppeal(), ctx(appraised, inWindow)).thenRefused('APPEAL.WINDOW_NOT_OPEN', 'rule');
  });

  it('allows one open appeal at a time, and another once it is resolved', () => {
    given([...feedbackGiven, appealFiled()])
      .when(fileAppeal('appeal2'), ctx(appraised, inWindow))
      .thenRefused('APPEAL.ALREADY_OPEN', 'conflict');
    given([...feedbackGiven, appealFiled(), appealResolved('rejected')])
      .when(fileAppeal('appeal1'), ctx(appraised, inWindow))
      .thenRefused('APPEAL.ALREADY_FILED', 'conflict');
    given([...feedbackGiven, appealFiled(), appealResolved('rejected')])
      .when(fileAppeal('appeal2'), ctx(appraised, inWindow))
      .then([appealFiled('appeal2', '2026-10-09T01:00:00.000Z')]);
  });

  it('needs claims that say what is disputed', () => {
    given(feedbackGiven).when(fileAppeal('appeal1', []), ctx(appraised, inWindow)).thenRefused('APPEAL.INVALID_CLAIMS', 'validation');
    given(feedbackGiven)
      .when(fileAppeal('appeal1', [{ text: ' ', eventIds: [] }]), ctx(appraised, inWindow))
      .thenRefused('APPEAL.INVALID_CLAIMS', 'validation');
  });

  it('is refused on an archived appraisal', () => {
    given([...feedbackGiven, appealFiled(), appealResolved('rejected'), archived])
      .when(fileAppeal('appeal2'), ctx(appraised, inWindow))
      .thenRefused('APPRAISAL.ARCHIVED', 'rule');
  });
});

describe('resolving an appeal', () => {
  const filed = [...feedbackGiven, appealFiled()];
  const correction = { command: 'ReclassifyCall', callId: 'c7', outcome: 'appointment_set', reason: 'appeal1' };

  it('upholds with corrections, or rejects with a reason', () => {
    given(filed)
      .when(resolve('upheld', [correction]), ctx(supervisor, '2026-10-12T10:00:00+08:00'))
      .then([appealResolved('upheld')]);
    given(filed)
      .when(resolve('rejected'), ctx(hr, '2026-10-12T10:00:00+08:00'))
      .then([{ type: 'AppealResolved', data: { ...appealResolved('rejected').data, resolvedBy: 'h1' } } as AppraisalEvent]);
  });

  it('is never done by the appraised agent, whatever roles they hold', () => {
    given(filed).when(resolve('upheld'), ctx(appraised, '2026-10-12T10:00:00+08:00')).thenRefused('APPEAL.OWN_CASE', 'forbidden');
    given(filed)
      .when(resolve('upheld'), ctx(as('a1', ['agent', 'supervisor'], 't1'), '2026-10-12T10:00:00+08:00'))
      .thenRefused('APPEAL.OWN_CASE', 'forbidden');
  });

  it("is for a supervisor of the agent's team, a manager, a director or hr", () => {
    given(filed).when(resolve('upheld'), ctx(otherSupervisor, '2026-10-12T10:00:00+08:00')).thenRefused('AUTH.OTHER_TEAM', 'forbidden');
    given(filed)
      .when(resolve('upheld'), ctx(as('p1', ['payroll']), '2026-10-12T10:00:00+08:00'))
      .thenRefused('AUTH.ROLE_NOT_ALLOWED', 'forbidden');
    given(filed)
      .when(resolve('partly_upheld'), ctx(as('m1', ['manager']), '2026-10-12T10:00:00+08:00'))
      .then([{ type: 'AppealResolved', data: { ...appealResolved('partly_upheld').data, corrections: [], resolvedBy: 'm1' } } as AppraisalEvent]);
  });

  it('refuses an unknown appeal, a second resolution, a rejection with corrections and a resolution without a reason', () => {
    const now = '2026-10-12T10:00:00+08:00';
    given(feedbackGiven).when(resolve('upheld'), ctx(supervisor, now)).thenRefused('APPEAL.UNKNOWN', 'not_found');
    given([...filed, appealResolved('upheld')])
      .when(resolve('rejected'), ctx(supervisor, now))
      .thenRefused('APPEAL.ALREADY_RESOLVED', 'conflict');
    given(filed)
      .when(resolve('rejected', [correction]), ctx(supervisor, now))
      .thenRefused('APPEAL.REJECTED_WITH_CORRECTIONS', 'rule');
    given(filed)
      .when(resolve('upheld', [], ' '), ctx(supervisor, now))
      .thenRefused('APPEAL.REASON_REQUIRED', 'validation');
    given(filed)
      .when(resolve('upheld', [{ command: '' }]), ctx(supervisor, now))
      .thenRefused('APPEAL.INVALID_CORRECTION', 'validation');
    given(filed)
      .when(resolve('dismissed' as 'rejected'), ctx(supervisor, now))
      .thenRefused('APPEAL.INVALID_DECISION', 'validation');
  });
});

describe('revising after an upheld appeal', () => {
  const upheld = [...feedbackGiven, appealFiled(), appealResolved('upheld')];
  // Eleven calls reclassified as effective: 209/220 = 95 → 0.2 × (75 + 95 + 75 + 70 + 85) = 80.00, from B to A.
  const corrected = { ...augustResults, figures: { ...augustResults.figures, effectiveCalls: 209 }, upToPosition: '1350' };
  const revising = (actor = supervisor, workResults = corrected) => ctx(actor, '2026-10-12T11:00:00+08:00', { workResults });

  it('re-scores the new figures with the weights it was finalized with', () => {
    given(upheld)
      .when(revise, revising())
      .then([
        {
          type: 'AppraisalRevised',
          data: {
            appraisalId: 'ap1',
            causationAppealId: 'appeal1',
            figures: corrected.figures,
            mostDealsInPeriod: 4,
            upToPosition: '1350',
            items: { dials: 75, effectiveCalls: 95, deals: 75, ability: 70, attitude: 85 },
            score: 80,
            band: 'A',
            previousScore: 79,
            previousBand: 'B',
            revisedAt: '2026-10-12T03:00:00.000Z',
            revisedBy: 's1',
          },
        },
      ]);
  });

  it('keeps the appraisal as at finalization beside the appraisal as of now', () => {
    const events = decideAppraisal(revise, upheld.reduce(evolveAppraisal, initialAppraisalState), revising());
    const state = [...upheld, ...events].reduce(evolveAppraisal, initialAppraisalState) as OpenedAppraisal;
    expect(state.finalized?.result).toMatchObject({ score: 79, band: 'B' });
    expect(state.result).toMatchObject({ score: 80, band: 'A', upToPosition: '1350' });
  });

  it('is refused for an open or rejected appeal, older figures, the agent themself and an unknown appeal', () => {
    given([...feedbackGiven, appealFiled()])
      .when(revise, revising())
      .thenRefused('APPEAL.NOT_RESOLVED', 'rule');
    given([...feedbackGiven, appealFiled(), appealResolved('rejected')])
      .when(revise, revising())
      .thenRefused('APPRAISAL.NOTHING_TO_REVISE', 'rule');
    given(upheld)
      .when(revise, revising(supervisor, { ...corrected, upToPosition: '999' }))
      .thenRefused('APPRAISAL.STALE_FIGURES', 'conflict');
    given(upheld).when(revise, revising(appraised)).thenRefused('APPEAL.OWN_CASE', 'forbidden');
    given(feedbackGiven).when(revise, revising()).thenRefused('APPEAL.UNKNOWN', 'not_found');
    given([...upheld, archived])
      .when(revise, revising())
      .thenRefused('APPRAISAL.ARCHIVED', 'rule');
  });
});

describe('archiving', () => {
  it('is allowed once the appeal window has passed', () => {
    given(feedbackGiven).when(archive, ctx(hr, '2026-10-16T09:00:00+08:00')).then([archived]);
  });

  it('is allowed inside the window once an appeal is resolved', () => {
    given([...feedbackGiven, appealFiled(), appealResolved('rejected')])
      .when(archive, ctx(director, '2026-10-12T12:00:00+08:00'))
      .then([{ type: 'AppraisalArchived', data: { appraisalId: 'ap1', archivedAt: '2026-10-12T04:00:00.000Z', archivedBy: 'd1' } }]);
  });

  it('is refused while the window is open, names the deadline, and is refused while an appeal is open', () => {
    let message = '';
    try {
      decideAppraisal(archive, feedbackGiven.reduce(evolveAppraisal, initialAppraisalState), ctx(hr, '2026-10-15T23:00:00+08:00'));
    } catch (e) {
      message = (e as Error).message;
      expect(e).toMatchObject({ code: 'APPRAISAL.APPEAL_WINDOW_OPEN', category: 'rule', details: { appealDeadline: '2026-10-15' } });
    }
    expect(message).toContain('2026-10-15');
    given([...feedbackGiven, appealFiled()])
      .when(archive, ctx(hr, '2026-10-20T09:00:00+08:00'))
      .thenRefused('APPRAISAL.APPEAL_OPEN', 'rule');
  });

  it('needs feedback, happens once, and is for hr, a manager or a director', () => {
    given([opened, scored, finalized]).when(archive, ctx(hr, '2026-11-01T09:00:00+08:00')).thenRefused('APPRAISAL.FEEDBACK_NOT_GIVEN', 'rule');
    given([...feedbackGiven, archived])
      .when(archive, ctx(hr, '2026-11-01T09:00:00+08:00'))
      .thenRefused('APPRAISAL.ARCHIVED', 'rule');
    given(feedbackGiven).when(archive, ctx(supervisor, '2026-11-01T09:00:00+08:00')).thenRefused('AUTH.ROLE_NOT_ALLOWED', 'forbidden');
    given(feedbackGiven)
      .when(archive, ctx(as('a1', ['agent', 'hr']), '2026-11-01T09:00:00+08:00'))
      .thenRefused('APPRAISAL.OWN_CASE', 'forbidden');
  });
});

describe('the lifecycle', () => {
  it('reads opened → scored → finalized → feedback given → under appeal → archived', () => {
    const stages = [opened, scored, finalized, feedback, appealFiled(), appealResolved('rejected'), archived].map((_, i, all) =>
      appraisalStage(all.slice(0, i + 1).reduce(evolveAppraisal, initialAppraisalState) as OpenedAppraisal),
    );
    expect(stages).toEqual(['opened', 'scored', 'finalized', 'feedback_given', 'under_appeal', 'feedback_given', 'archived']);
  });

  it('is not changed by recorded reads', () => {
    const state = feedbackGiven.reduce(evolveAppraisal, initialAppraisalState);
    const read: AppraisalEvent = { type: 'ArchivedAppraisalRead', data: { appraisalId: 'ap1', readBy: 'x', requestId: null, readAt: '2026-11-01T00:00:00Z' } };
    expect(evolveAppraisal(state, read)).toBe(state);
  });
});
