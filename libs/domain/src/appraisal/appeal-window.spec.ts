/**
 * The appeal window with the real calendar of chinese-days 1.5.7 (State Council notice of
 * 2025-11, gov.cn content_7047091): 国庆节 Thursday 2026-10-01 to Wednesday 10-07 off, Sunday 09-20
 * and Saturday 10-10 worked (调休); 中秋节 Friday 09-25 to Sunday 09-27 off.
 */
import { chineseWorkCalendar, parseWorkdayOverrides } from '../calendar/working-days';
import { DomainError } from '../errors';
import { decideAppraisal } from './appraisal.decide';
import type { AppraisalEvent } from './appraisal.events';
import { evolveAppraisal, initialAppraisalState } from './appraisal.state';
import {
  appealFiled,
  appraised,
  claims,
  ctx,
  feedback,
  feedbackAt,
  feedbackGiven,
  finalized,
  givenAppraisal as given,
  opened,
  scored,
  supervisor,
} from './appraisal.testing';

const fileAppeal = { type: 'FileAppeal' as const, data: { appealId: 'appeal1', claims } };
const giveFeedback = (givenAt = feedbackAt) => ({ type: 'GiveFeedback' as const, data: { givenAt, improvementPlan: 'more effective calls' } });
const deadlineOf = (events: AppraisalEvent[]) => (events[0] as Extract<AppraisalEvent, { type: 'AppraisalFeedbackGiven' }>).data.appealDeadline;

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('the appeal window over the 2026 National Day holiday', () => {
  const finalizedOnly = [opened, scored, finalized].reduce(evolveAppraisal, initialAppraisalState);

  it('stretches over the holiday and counts the make-up Saturday: feedback Wed 09-30 → deadline Thu 10-15', () => {
    // Working days after 09-30: Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 调休 (3), Mon 10-12 (4), Tue 10-13 (5), Wed 10-14 (6), Thu 10-15 (7).
    // Monday–Friday counting alone would give Fri 10-16.
    const events = decideAppraisal(giveFeedback(), finalizedOnly, ctx(supervisor, '2026-09-30T16:00:00+08:00'));
    expect(deadlineOf(events)).toBe('2026-10-15');
    expect(events).toEqual([feedback]);
  });

  it('accepts an appeal during the holiday and on the deadline, to its last minute in Shanghai', () => {
    given(feedbackGiven)
      .when(fileAppeal, ctx(appraised, '2026-10-05T20:00:00+08:00'))
      .then([appealFiled('appeal1', '2026-10-05T12:00:00.000Z')]);
    given(feedbackGiven)
      .when(fileAppeal, ctx(appraised, '2026-10-15T23:59:59+08:00'))
      .then([appealFiled('appeal1', '2026-10-15T15:59:59.000Z')]);
  });

  it('refuses an appeal one day late with a 422 that names the deadline', () => {
    // 16:00 UTC on 10-15 is already 10-16 in Shanghai.
    const late = refusal(() =>
      decideAppraisal(fileAppeal, feedbackGiven.reduce(evolveAppraisal, initialAppraisalState), ctx(appraised, '2026-10-15T16:00:00Z')),
    );
    expect(late).toMatchObject({ code: 'APPEAL.WINDOW_CLOSED', category: 'rule', details: { appealDeadline: '2026-10-15' } });
    expect(late.message).toBe('the appeal window closed on 2026-10-15 (7 working days after feedback on 2026-09-30); today is 2026-10-16');
  });

  it('moves with an override from configuration: no make-up day on 10-10 puts the deadline on Fri 10-16', () => {
    const configured = chineseWorkCalendar(parseWorkdayOverrides('{"2026-10-10":"holiday"}'));
    const events = decideAppraisal(giveFeedback(), finalizedOnly, ctx(supervisor, '2026-09-30T16:00:00+08:00', { calendar: configured }));
    expect(deadlineOf(events)).toBe('2026-10-16');
    const withFeedback = [opened, scored, finalized, ...events];
    given(withFeedback)
      .when(fileAppeal, ctx(appraised, '2026-10-16T18:00:00+08:00'))
      .then([appealFiled('appeal1', '2026-10-16T10:00:00.000Z')]);
    const late = refusal(() =>
      decideAppraisal(fileAppeal, withFeedback.reduce(evolveAppraisal, initialAppraisalState), ctx(appraised, '2026-10-17T09:00:00+08:00')),
    );
    expect(late.code).toBe('APPEAL.WINDOW_CLOSED');
    expect(late.message).toContain('2026-10-16');
  });
});

describe('the appeal window over the 2026 Mid-Autumn Festival', () => {
  it('counts the make-up Sunday 09-20 and skips 09-25 … 09-27: feedback Sat 09-19 → deadline Tue 09-29', () => {
    const earlyFinalization: AppraisalEvent = {
      type: 'AppraisalFinalized',
      data: {
        ...(finalized as Extract<AppraisalEvent, { type: 'AppraisalFinalized' }>).data,
        finalizedAt: '2026-09-17T02:00:00.000Z',
        feedbackDueOn: '2026-09-20',
      },
    };
    // Sun 09-20 调休 (1), Mon 09-21 (2) … Thu 09-24 (5), Mon 09-28 (6), Tue 09-29 (7).
    const events = decideAppraisal(
      giveFeedback('2026-09-19T10:00:00+08:00'),
      [opened, scored, earlyFinalization].reduce(evolveAppraisal, initialAppraisalState),
      ctx(supervisor, '2026-09-19T11:00:00+08:00'),
    );
    expect(events).toEqual([
      { type: 'AppraisalFeedbackGiven', data: { ...feedback.data, givenAt: '2026-09-19T10:00:00+08:00', late: false, appealDeadline: '2026-09-29' } },
    ]);
  });
});
