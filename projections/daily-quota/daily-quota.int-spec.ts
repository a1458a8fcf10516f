import type {
  AgentHired,
  CallLogged,
  CallOutcome,
  CallReclassified,
  CompensationPlan,
  CompensationPlanPublished,
  DealCancelled,
  DealClosed,
} from '@app/domain';
import { projectionHarness, recorded } from '../../test/support/projection';
import { dailyQuotaProjection } from './daily-quota.projection';
import { dailyQuota, leaderboard, monthlyQuota } from './daily-quota.queries';
import { morningBriefing } from './morning-briefing';
import { HANDBOOK_PLAN } from '../../test/support/handbook-plan';

/** The handbook plan of API.md: 100 dials and 10 effective calls a day, 22 working days. */
const STANDARD = HANDBOOK_PLAN;

// ---- the department's events ----------------------------------------------------------------

const published = (overrides: Partial<CompensationPlan> = {}): CompensationPlanPublished => ({
  type: 'CompensationPlanPublished',
  data: { ...structuredClone(STANDARD), ...overrides },
});

const hired = (
  agentId: string,
  { role = 'agent', teamId = 't1', hiredOn = '2026-03-02', planId = 'standard' }: Partial<AgentHired['data']> = {},
): AgentHired => ({ type: 'AgentHired', data: { agentId, name: agentId, role, teamId, hiredOn, planId } });

let sequence = 0;
const called = (agentId: string, startedAt: string, { outcome = 'connected' as CallOutcome, durationSeconds = 60 } = {}): CallLogged => ({
  type: 'CallLogged',
  data: {
    callId: `call-${++sequence}`,
    leadId: `lead-${sequence}`,
    agentId,
    startedAt,
    durationSeconds,
    outcome,
    effective: outcome === 'appointment_set',
  },
});

/** `dials` calls from 09:00 Shanghai time on `date`, one a minute, the first `effective` of them setting appointments. */
const dialsOn = (agentId: string, date: string, dials: number, { effective = 0, durationSeconds = 60 } = {}): CallLogged[] =>
  Array.from({ length: dials }, (_, i) =>
    called(agentId, new Date(Date.parse(`${date}T09:00:00+08:00`) + i * 60_000).toISOString(), {
      outcome: i < effective ? 'appointment_set' : 'no_answer',
      durationSeconds,
    }),
  );

const reclassified = (call: CallLogged, previousOutcome: CallOutcome, outcome: CallOutcome): CallReclassified => ({
  type: 'CallReclassified',
  data: {
    callId: call.data.callId,
    leadId: call.data.leadId,
    agentId: call.data.agentId,
    startedAt: call.data.startedAt,
    previousOutcome,
    outcome,
    previousEffective: previousOutcome === 'appointment_set',
    effective: outcome === 'appointment_set',
    reason: 'QA review',
  },
});

const closed = (dealId: string, ownerId: string | null, closedAt: string, closedBy = ownerId ?? 'sam'): DealClosed => ({
  type: 'DealClosed',
  data: {
    dealId,
    leadId: `lead-${dealId}`,
    closedBy,
    closedByRole: closedBy === 'sam' ? 'specialist' : 'agent',
    amountFen: 1_000_000,
    commissionBaseFen: 1_000_000,
    closedAt,
    ownerId,
    providedBy: null,
  },
});

const cancelled = (dealId: string, cancelledAt: string): DealCancelled => ({
  type: 'DealCancelled',
  data: { dealId, leadId: `lead-${dealId}`, reason: 'refund', cancelledAt },
});

// ---- given / then ---------------------------------------------------------------------------

// One embedded database for the file (it takes seconds to start), emptied before every test.
let quota: Awaited<ReturnType<typeof projectionHarness>>;
const forget = () => quota.rows(`TRUNCATE ${Object.values(quota.tables).join(', ')}`);
beforeAll(async () => {
  quota = await projectionHarness(dailyQuotaProjection);
});
beforeEach(forget);
afterAll(async () => {
  await quota.close();
});

/** Every row, in one page. */
const daily = async (q: Parameters<typeof dailyQuota>[1]) => (await quota.read((em) => dailyQuota(em, q))).items;
const monthly = async (q: Parameters<typeof monthlyQuota>[1]) => (await quota.read((em) => monthlyQuota(em, q))).items;
const dayOf = async (agentId: string, date: string) => {
  const [row] = await daily({ agentId, date });
  return row;
};

describe('the business day of a call', () => {
  it('puts a call at 23:30 and one at 00:30 Shanghai time on different days', async () => {
    await quota.given([published(), hired('ann'), called('ann', '2026-03-02T23:30:00+08:00'), called('ann', '2026-03-03T00:30:00+08:00')]);

    expect((await dayOf('ann', '2026-03-02')).dials).toBe(1);
    expect((await dayOf('ann', '2026-03-03')).dials).toBe(1);
  });

  it("is the local date in the time zone of the agent's plan", async () => {
    await quota.given([
      published({ planId: 'london', timezone: 'Europe/London' }),
      hired('lena', { planId: 'london' }),
      // 07:30 on Tuesday in Shanghai is still 23:30 on Monday in London.
      called('lena', '2026-03-03T07:30:00+08:00'),
    ]);

    expect((await dayOf('lena', '2026-03-02')).dials).toBe(1);
    expect((await dayOf('lena', '2026-03-03')).dials).toBe(0);
  });

  it('counts a call logged days late on the day it was made, not the day it was recorded', async () => {
    const mondayCall = called('ann', '2026-03-02T10:00:00+08:00', { durationSeconds: 95 });
    await quota.given([
      published(),
      hired('ann'),
      ...dialsOn('ann', '2026-03-05', 2),
      recorded(mondayCall, 'lead-late', new Date('2026-03-05T18:00:00+08:00')),
    ]);

    expect(await dayOf('ann', '2026-03-02')).toMatchObject({ dials: 1, talkSeconds: 95 });
    expect((await dayOf('ann', '2026-03-05')).dials).toBe(2);
  });

  it("moves a reclassified call's effective count on the original call's day; dials and talk time stay", async () => {
    const connected = called('ann', '2026-03-02T10:00:00+08:00', { outcome: 'connected', durationSeconds: 300 });
    const appointment = called('ann', '2026-03-02T11:00:00+08:00', { outcome: 'appointment_set', durationSeconds: 200 });
    await quota.given([published(), hired('ann'), connected, appointment]);
    expect(await dayOf('ann', '2026-03-02')).toMatchObject({ dials: 2, effectiveCalls: 1, talkSeconds: 500 });

    // On Wednesday, QA finds the first call did set an appointment...
    await quota.given([recorded(reclassified(connected, 'connected', 'appointment_set'), 'lead', new Date('2026-03-04T15:00:00+08:00'))]);
    expect(await dayOf('ann', '2026-03-02')).toMatchObject({ dials: 2, effectiveCalls: 2, talkSeconds: 500 });
    expect(await dayOf('ann', '2026-03-04')).toMatchObject({ dials: 0, effectiveCalls: 0 });

    // ...and that the second one did not.
    await quota.given([reclassified(appointment, 'appointment_set', 'rejected')]);
    expect(await dayOf('ann', '2026-03-02')).toMatchObject({ dials: 2, effectiveCalls: 1, talkSeconds: 500 });

    const stored = await quota.rows<{ date: string }>(`SELECT to_char(date, 'YYYY-MM-DD') AS date FROM ${quota.tables.days}`);
    expect(stored).toEqual([{ date: '2026-03-02' }]);
  });
});

describe('the daily quota', () => {
  // 2026-03-02 is a Monday; the 7th and 8th are a weekend.
  it('owes a make-up day for a working day under the dial target, also one without a single call', async () => {
    await quota.given([
      published(),
      hired('ann', { hiredOn: '2026-03-02' }),
      ...dialsOn('ann', '2026-03-02', 100, { effective: 10 }),
      ...dialsOn('ann', '2026-03-03', 99, { effective: 10 }),
      ...dialsOn('ann', '2026-03-05', 100, { effective: 9 }),
    ]);

    expect(await dayOf('ann', '2026-03-02')).toMatchObject({
      dials: 100,
      effectiveCalls: 10,
      targets: { dials: 100, effectiveCalls: 10, talkSeconds: null },
      met: true,
      makeUpOwed: false,
      overtime: false,
    });
    expect(await dayOf('ann', '2026-03-03')).toMatchObject({ dials: 99, met: false, makeUpOwed: true });
    expect(await dayOf('ann', '2026-03-04')).toMatchObject({ dials: 0, effectiveCalls: 0, talkSeconds: 0, met: false, makeUpOwed: true });
    // Make-up days are for missed dials only: short of effective calls is "not met", nothing more.
    expect(await dayOf('ann', '2026-03-05')).toMatchObject({ dials: 100, effectiveCalls: 9, met: false, makeUpOwed: false });
  });

  it('never owes a make-up day for a weekend; weekend calls are overtime', async () => {
    await quota.given([published(), hired('ann', { hiredOn: '2026-03-02' }), ...dialsOn('ann', '2026-03-07', 5, { effective: 1 })]);

    expect(await dayOf('ann', '2026-03-07')).toMatchObject({ dials: 5, effectiveCalls: 1, overtime: true, makeUpOwed: false });
    expect(await dayOf('ann', '2026-03-08')).toMatchObject({ dials: 0, overtime: true, makeUpOwed: false });
  });

  it('lists every agent of the team for the day, with zeros for those without calls, and no one not yet hired', async () => {
    await quota.given([
      published(),
      hired('ann', { hiredOn: '2026-03-02' }),
      hired('bob', { hiredOn: '2026-03-04' }),
      hired('cat', { teamId: 't2', hiredOn: '2026-03-02' }),
      hired('sam', { role: 'specialist', hiredOn: '2026-03-02' }),
      ...dialsOn('ann', '2026-03-04', 3),
      ...dialsOn('sam', '2026-03-04', 3),
    ]);

    const wednesday = await daily({ teamId: 't1', date: '2026-03-04' });
    expect(wednesday.map((r) => [r.agentId, r.dials])).toEqual([
      ['ann', 3],
      ['bob', 0],
    ]);
    const tuesday = await daily({ teamId: 't1', date: '2026-03-03' });
    expect(tuesday.map((r) => r.agentId)).toEqual(['ann']);
  });

  it('does not owe a make-up day for the day in progress when asked as of that day', async () => {
    await quota.given([published(), hired('ann', { hiredOn: '2026-03-02' }), ...dialsOn('ann', '2026-03-03', 40)]);

    expect((await daily({ agentId: 'ann', date: '2026-03-03', asOf: '2026-03-03' }))[0].makeUpOwed).toBe(false);
    expect((await daily({ agentId: 'ann', date: '2026-03-03', asOf: '2026-03-04' }))[0].makeUpOwed).toBe(true);
  });

  it('applies the probation targets before probation ends and the regular ones from that day', async () => {
    await quota.given([
      published({ planId: 'newcomers', probationDailyTargets: { dials: 50, effectiveCalls: 5, talkMinutes: null } }),
      // Three months from 15 January: probation ends on 15 April (a Wednesday).
      hired('cat', { hiredOn: '2026-01-15', planId: 'newcomers' }),
      ...dialsOn('cat', '2026-04-14', 60, { effective: 5 }),
      ...dialsOn('cat', '2026-04-15', 60, { effective: 5 }),
    ]);

    expect(await dayOf('cat', '2026-04-14')).toMatchObject({
      targets: { dials: 50, effectiveCalls: 5, talkSeconds: null },
      onProbation: true,
      met: true,
      makeUpOwed: false,
    });
    expect(await dayOf('cat', '2026-04-15')).toMatchObject({
      targets: { dials: 100, effectiveCalls: 10, talkSeconds: null },
      onProbation: false,
      met: false,
      makeUpOwed: true,
    });
  });

  it('keeps the regular targets during probation when the plan has no probation targets', async () => {
    await quota.given([published(), hired('dan', { hiredOn: '2026-04-01' }), ...dialsOn('dan', '2026-04-14', 60)]);

    expect(await dayOf('dan', '2026-04-14')).toMatchObject({ onProbation: true, targets: { dials: 100 }, makeUpOwed: true });
  });

  it("counts the talk-time target toward 'met' when the plan sets one", async () => {
    await quota.given([
      published({ planId: 'talkers', dailyTargets: { dials: 100, effectiveCalls: 10, talkMinutes: 120 } }),
      hired('eve', { planId: 'talkers' }),
      ...dialsOn('eve', '2026-03-02', 100, { effective: 10, durationSeconds: 60 }),
      ...dialsOn('eve', '2026-03-03', 100, { effective: 10, durationSeconds: 90 }),
    ]);

    expect(await dayOf('eve', '2026-03-02')).toMatchObject({ talkSeconds: 6000, targets: { talkSeconds: 7200 }, met: false, makeUpOwed: false });
    expect(await dayOf('eve', '2026-03-03')).toMatchObject({ talkSeconds: 9000, met: true });
  });
});

describe('the monthly quota', () => {
  it('adds up the month to date, weekends included, and counts the finished working days that missed their dials', async () => {
    await quota.given([
      published(),
      hired('ann', { hiredOn: '2026-03-02' }),
      hired('bob', { hiredOn: '2026-03-06' }),
      ...dialsOn('ann', '2026-03-02', 100, { effective: 10 }),
      ...dialsOn('ann', '2026-03-03', 99, { effective: 10 }),
      // Wednesday the 4th: not a single call.
      ...dialsOn('ann', '2026-03-05', 100, { effective: 10 }),
      ...dialsOn('ann', '2026-03-06', 100, { effective: 12 }),
      ...dialsOn('ann', '2026-03-07', 20, { effective: 2 }), // Saturday: overtime
      // Monday the 9th: not a single call.
      ...dialsOn('ann', '2026-03-10', 30, { effective: 3 }), // the day in progress
      ...dialsOn('ann', '2026-03-11', 100, { effective: 10 }), // after asOf: not yet
    ]);

    const rows = await monthly({ month: '2026-03', teamId: 't1', asOf: '2026-03-10' });
    expect(rows).toEqual([
      expect.objectContaining({
        agentId: 'ann',
        dials: 449,
        effectiveCalls: 47,
        // Hired on the 2nd: 30 of 31 days, as pay prorates — 2,200 × 30/31 = 2,129.03, 220 × 30/31 = 212.9.
        targets: { dials: 2129, effectiveCalls: 213 },
        makeUpDaysOwed: 3,
        makeUpDates: ['2026-03-03', '2026-03-04', '2026-03-09'],
        overtimeDays: 1,
      }),
      // Hired on Friday the 6th: nothing is owed for the days before.
      expect.objectContaining({ agentId: 'bob', dials: 0, makeUpDaysOwed: 2, makeUpDates: ['2026-03-06', '2026-03-09'] }),
    ]);
  });

  it('counts every working day of a finished month', async () => {
    await quota.given([published(), hired('ann', { hiredOn: '2026-03-02' }), ...dialsOn('ann', '2026-03-31', 100)]);

    // March 2026 from Monday the 2nd: 22 working days, the 31st met.
    const [ann] = await monthly({ month: '2026-03', agentId: 'ann', asOf: '2026-04-15' });
    expect(ann).toMatchObject({ dials: 100, makeUpDaysOwed: 21 });
  });

  it('takes the targets from the plan version in force for the month, without touching earlier months', async () => {
    await quota.given([published(), hired('ann', { hiredOn: '2026-03-02' }), ...dialsOn('ann', '2026-03-02', 90)]);
    await quota.given([
      published({ version: 2, effectiveFrom: '2026-04-01', dailyTargets: { dials: 80, effectiveCalls: 8, talkMinutes: null } }),
      ...dialsOn('ann', '2026-04-01', 90),
    ]);

    expect(await monthly({ month: '2026-03', agentId: 'ann', asOf: '2026-04-01' })).toEqual([
      expect.objectContaining({ targets: { dials: 2129, effectiveCalls: 213 }, planVersion: 1, makeUpDates: expect.arrayContaining(['2026-03-02']) }),
    ]);
    expect(await monthly({ month: '2026-04', agentId: 'ann', asOf: '2026-04-02' })).toEqual([
      expect.objectContaining({ targets: { dials: 1760, effectiveCalls: 176 }, planVersion: 2, makeUpDaysOwed: 0 }),
    ]);
    expect(await dayOf('ann', '2026-03-02')).toMatchObject({ targets: { dials: 100 }, makeUpOwed: true });
    expect(await dayOf('ann', '2026-04-01')).toMatchObject({ targets: { dials: 80 }, makeUpOwed: false });
  });
});

describe('the leaderboard', () => {
  const department = () => [
    published(),
    hired('ann'),
    hired('bob'),
    hired('cat', { teamId: 't2' }),
    hired('sam', { role: 'specialist' }),
    called('ann', '2026-03-02T10:00:00+08:00', { outcome: 'appointment_set' }),
    called('ann', '2026-03-03T10:00:00+08:00', { outcome: 'appointment_set' }),
    called('ann', '2026-03-31T23:30:00+08:00', { outcome: 'appointment_set' }), // still March locally
    ...dialsOn('bob', '2026-03-10', 5, { effective: 3 }),
    ...dialsOn('cat', '2026-03-10', 1, { effective: 1 }),
    called('cat', '2026-04-01T00:30:00+08:00', { outcome: 'appointment_set' }), // April locally
    ...dialsOn('sam', '2026-03-10', 5, { effective: 5 }), // a specialist is never ranked
    closed('d1', 'cat', '2026-03-05T15:00:00+08:00'),
    closed('d2', 'cat', '2026-03-06T15:00:00+08:00'),
    closed('d3', 'cat', '2026-03-07T15:00:00+08:00'),
    cancelled('d3', '2026-03-20T10:00:00+08:00'),
    closed('d4', 'ann', '2026-03-10T15:00:00+08:00', 'sam'), // closed by a specialist on ann's lead: ann's deal
    closed('d5', 'bob', '2026-03-12T15:00:00+08:00'),
    cancelled('d5', '2026-04-03T10:00:00+08:00'), // cancelled in April: still March's deal
    closed('d6', 'bob', '2026-02-20T15:00:00+08:00'),
    closed('d7', null, '2026-03-15T15:00:00+08:00', 'sam'),
  ];

  it('ranks agents by effective calls and by deals, ties sharing a rank', async () => {
    await quota.given(department());

    const march = await quota.read((em) => leaderboard(em, { month: '2026-03' }));
    expect(march.byEffectiveCalls.map((r) => [r.rank, r.agentId, r.effectiveCalls])).toEqual([
      [1, 'ann', 3],
      [1, 'bob', 3],
      [3, 'cat', 1],
    ]);
    expect(march.byDeals.map((r) => [r.rank, r.agentId, r.deals])).toEqual([
      [1, 'cat', 2],
      [2, 'ann', 1],
      [2, 'bob', 1],
    ]);
  });

  it("does not reach back: a cancellation counts only against its own month's deals", async () => {
    await quota.given(department());

    const april = await quota.read((em) => leaderboard(em, { month: '2026-04' }));
    expect(april.byDeals.map((r) => [r.rank, r.agentId, r.deals])).toEqual([
      [1, 'ann', 0],
      [1, 'bob', 0],
      [1, 'cat', 0],
    ]);
    expect(april.byEffectiveCalls.map((r) => [r.rank, r.agentId, r.effectiveCalls])).toEqual([
      [1, 'cat', 1],
      [2, 'ann', 0],
      [2, 'bob', 0],
    ]);
  });
});

describe('pages', () => {
  /** Every page of a query, following nextCursor until it is absent. */
  const walk = async <P extends { nextCursor?: string }>(read: (cursor?: string) => Promise<P>): Promise<P[]> => {
    const pages = [await read()];
    while (pages[pages.length - 1].nextCursor !== undefined) pages.push(await read(pages[pages.length - 1].nextCursor));
    return pages;
  };
  // dan's plan was never published: he has no quota row, so a page that reaches him is topped up.
  const team = () => [
    published(),
    ...['ann', 'bob', 'cat', 'eve', 'fay'].map((a) => hired(a)),
    hired('dan', { planId: 'unpublished' }),
    hired('zed', { teamId: 't2' }),
    ...dialsOn('ann', '2026-03-04', 4, { effective: 3 }),
    ...dialsOn('bob', '2026-03-04', 4, { effective: 3 }),
    ...dialsOn('cat', '2026-03-04', 2, { effective: 1 }),
    ...dialsOn('eve', '2026-03-04', 5, { effective: 2 }),
    ...dialsOn('dan', '2026-03-04', 9, { effective: 9 }),
  ];

  it('walks the daily and monthly quota in agent id order, full pages, nothing lost or repeated', async () => {
    await quota.given(team());
    const dayQuery = { teamId: 't1', date: '2026-03-04' };
    const days = await walk((cursor) => quota.read((em) => dailyQuota(em, { ...dayQuery, limit: 2, cursor })));
    expect(days.map((p) => p.items.map((r) => r.agentId))).toEqual([['ann', 'bob'], ['cat', 'eve'], ['fay']]);
    expect(days.flatMap((p) => p.items)).toEqual(await daily(dayQuery));

    const monthQuery = { month: '2026-03', asOf: '2026-03-05' };
    const months = await walk((cursor) => quota.read((em) => monthlyQuota(em, { ...monthQuery, limit: 3, cursor })));
    expect(months.map((p) => p.items.map((r) => r.agentId))).toEqual([
      ['ann', 'bob', 'cat'],
      ['eve', 'fay', 'zed'],
    ]);
    expect(months[1].nextCursor).toBeUndefined();
    expect(months.flatMap((p) => p.items)).toEqual(await monthly(monthQuery));
  });

  it('pages the leaderboard after ranking every agent: a later page shows the global ranks', async () => {
    await quota.given(team());

    const whole = await quota.read((em) => leaderboard(em, { month: '2026-03' }));
    const pages = await walk((cursor) => quota.read((em) => leaderboard(em, { month: '2026-03', limit: 2, cursor })));
    // Ranked, unlike the quota rows, whatever dan's plan: effective calls dan 9, ann 3, bob 3, eve 2, cat 1.
    expect(pages.map((p) => p.byEffectiveCalls.map((r) => [r.rank, r.agentId]))).toEqual([
      [
        [1, 'dan'],
        [2, 'ann'],
      ],
      [
        [2, 'bob'],
        [4, 'eve'],
      ],
      [
        [5, 'cat'],
        [6, 'fay'],
      ],
      [[6, 'zed']],
    ]);
    expect(pages.flatMap((p) => p.byEffectiveCalls)).toEqual(whole.byEffectiveCalls);
    expect(pages.flatMap((p) => p.byDeals)).toEqual(whole.byDeals);
    expect(pages[1].byDeals.map((r) => r.rank)).toEqual([1, 1]);
    expect(pages.map((p) => p.month)).toEqual(['2026-03', '2026-03', '2026-03', '2026-03']);
  });

  it('pages the morning briefing by agent, with the team totals of every agent on every page', async () => {
    await quota.given(team());

    const whole = await quota.read((em) => morningBriefing(em, { teamId: 't1', date: '2026-03-05' }));
    const pages = await walk((cursor) => quota.read((em) => morningBriefing(em, { teamId: 't1', date: '2026-03-05', limit: 2, cursor })));
    expect(pages.map((p) => p.agents.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((p) => p.agents)).toEqual(whole.agents);
    for (const page of pages) expect(page.teams).toEqual(whole.teams);
    expect(whole.teams).toEqual([expect.objectContaining({ teamId: 't1', dials: 15, effectiveCalls: 9 })]);
  });

  it('refuses a cursor it did not issue, or one of another query, naming the cursor', async () => {
    await quota.given(team());
    const named = { code: 'VALIDATION.FAILED', details: { fields: [{ field: 'cursor', problems: [expect.any(String)] }] } };
    const dayCursor = (await quota.read((em) => dailyQuota(em, { date: '2026-03-04', limit: 1 }))).nextCursor!;

    await expect(quota.read((em) => dailyQuota(em, { date: '2026-03-04', limit: 1, cursor: 'bob' }))).rejects.toMatchObject(named);
    await expect(quota.read((em) => dailyQuota(em, { date: '2026-03-04', limit: 1, cursor: `${dayCursor}x` }))).rejects.toMatchObject(named);
    await expect(quota.read((em) => leaderboard(em, { month: '2026-03', limit: 1, cursor: dayCursor }))).rejects.toMatchObject(named);
    await expect(quota.read((em) => morningBriefing(em, { date: '2026-03-04', limit: 1, cursor: '' }))).rejects.toMatchObject(named);
  });
});

describe('batches', () => {
  it('give the same rows whatever their size', async () => {
    const monday = dialsOn('ann', '2026-03-02', 12, { effective: 2, durationSeconds: 45 });
    const history = [
      published(),
      hired('ann'),
      hired('bob', { teamId: 't2' }),
      ...monday,
      reclassified(monday[5], 'no_answer', 'appointment_set'),
      ...dialsOn('bob', '2026-03-02', 7, { effective: 1 }),
      reclassified(monday[0], 'appointment_set', 'rejected'),
      reclassified(monday[5], 'appointment_set', 'connected'),
      reclassified(monday[5], 'connected', 'appointment_set'),
      called('ann', '2026-03-02T23:59:00+08:00'),
      called('ann', '2026-03-03T00:01:00+08:00', { outcome: 'appointment_set' }),
      published({ version: 2, effectiveFrom: '2026-04-01', timezone: 'Europe/London' }),
      called('bob', '2026-04-02T06:30:00+08:00'), // 23:30 on the 1st in London (summer time)
      closed('d1', 'ann', '2026-03-04T12:00:00+08:00'),
      closed('d2', 'bob', '2026-03-05T12:00:00+08:00'),
      cancelled('d1', '2026-03-06T12:00:00+08:00'),
      ...dialsOn('bob', '2026-03-07', 9, { effective: 4 }),
      reclassified(monday[11], 'no_answer', 'appointment_set'),
    ];
    const dump = async (h: typeof quota) => {
      const t = h.tables;
      return {
        days: await h.rows(`SELECT agent_id, to_char(date, 'YYYY-MM-DD') AS date, dials, effective_calls, talk_seconds::text FROM ${t.days} ORDER BY 1, 2`),
        calls: await h.rows(`SELECT call_id, agent_id, to_char(date, 'YYYY-MM-DD') AS date, effective FROM ${t.calls} ORDER BY 1`),
        deals: await h.rows(
          `SELECT deal_id, owner_id, to_char(closed_date, 'YYYY-MM-DD') AS closed, to_char(cancelled_date, 'YYYY-MM-DD') AS cancelled FROM ${t.deals} ORDER BY 1`,
        ),
        agents: await h.rows(`SELECT agent_id, role, team_id, to_char(hired_on, 'YYYY-MM-DD') AS hired_on, plan_id FROM ${t.staff} ORDER BY 1`),
        plans: await h.rows(`SELECT plan_id, version FROM ${t.plans} ORDER BY 1, 2`),
      };
    };

    await quota.given(history, 1);
    const oneByOne = await dump(quota);
    expect(oneByOne.days).toEqual([
      { agent_id: 'ann', date: '2026-03-02', dials: 13, effective_calls: 3, talk_seconds: '600' },
      { agent_id: 'ann', date: '2026-03-03', dials: 1, effective_calls: 1, talk_seconds: '60' },
      { agent_id: 'bob', date: '2026-03-02', dials: 7, effective_calls: 1, talk_seconds: '420' },
      { agent_id: 'bob', date: '2026-03-07', dials: 9, effective_calls: 4, talk_seconds: '540' },
      { agent_id: 'bob', date: '2026-04-01', dials: 1, effective_calls: 0, talk_seconds: '60' },
    ]);

    for (const size of [2, 7, 50, 1000]) {
      await forget();
      await quota.given(history, size);
      expect({ size, ...(await dump(quota)) }).toEqual({ size, ...oneByOne });
    }
  });
});
