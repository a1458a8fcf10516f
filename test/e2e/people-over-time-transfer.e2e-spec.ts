import { type Desk, expectCreated, expectInvalidField, expectRefused, planBody, type Person, startDesk } from '../support/telesales';

/**
 * People over time, moving team (issue 12, point 1): an agent moves from team t1 to t2 from
 * 2026-10-16. Each supervisor sees the person's days in their own team only: on 2026-10-20 and for
 * October. Targets of a part of the month are prorated by its calendar days like a hire month's
 * (DOMAIN.md "Monthly targets"; README, Pay).
 *
 * The plan `moving` has a daily target of 2 dials and 1 effective call (a month: 44 and 22).
 */
const NOVEMBER_3 = '2026-11-03T10:00:00+08:00';
const at = (date: string, time: string) => `${date}T${time}+08:00`;

interface QuotaRow {
  agentId: string;
  teamId: string;
  dials: number;
  effectiveCalls: number;
  targets: { dials: number; effectiveCalls: number };
}

describe('people over time: moving team', () => {
  let desk: Desk;
  let mover: Person;
  let inT1: Person;
  let inT2: Person;
  let moved: { position: string };

  beforeAll(async () => {
    desk = await startDesk(undefined, { now: NOVEMBER_3 });
    expectCreated(
      await desk.post('/plans', planBody({ planId: 'moving', dailyTargets: { dials: 2, effectiveCalls: 1, talkMinutes: null } }), desk.payroll),
      'plan-moving',
    );
    mover = await desk.hire({ planId: 'moving', teamId: 't1', hiredOn: '2026-01-05' });
    inT1 = await desk.hire({ planId: 'moving', teamId: 't1', hiredOn: '2026-01-05' });
    inT2 = await desk.hire({ planId: 'moving', teamId: 't2', hiredOn: '2026-01-05' });
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, mover);
    // In t1 on the 15th: 3 dials, 1 effective. In t2 on the 20th: 5 dials, 2 effective.
    for (const [i, outcome] of ['appointment_set', 'connected', 'no_answer'].entries()) {
      await desk.logCall(mover, leadId, { outcome, startedAt: at('2026-10-15', `10:0${i}:00`) });
    }
    for (const [i, outcome] of ['appointment_set', 'appointment_set', 'connected', 'busy', 'no_answer'].entries()) {
      await desk.logCall(mover, leadId, { outcome, startedAt: at('2026-10-20', `10:0${i}:00`) });
    }
    moved = expectCreated(
      await desk.post(`/agents/${mover.agentId}/transfer`, { toTeamId: 't2', effectiveOn: '2026-10-16', reason: 't2 needs a caller' }, desk.manager),
      `agent-${mover.agentId}`,
    );
  }, 90_000);
  afterAll(() => desk.app.close());

  const quota = async (path: string, query: Record<string, string>, auth: string): Promise<QuotaRow[]> => {
    const res = await desk.http
      .get(`/api/quota/${path}`)
      .query({ ...query, minPosition: moved.position })
      .set('authorization', auth);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const row = (rows: QuotaRow[], agentId: string) => rows.find((r) => r.agentId === agentId);

  it('records the move with its date, both teams, the reason and who decided', async () => {
    const events = await desk.events(`agent-${mover.agentId}`);
    expect(events.map((e) => e.type)).toEqual(['AgentHired', 'AgentTransferred']);
    expect(events[1].data).toEqual({
      agentId: mover.agentId,
      fromTeamId: 't1',
      toTeamId: 't2',
      effectiveOn: '2026-10-16',
      reason: 't2 needs a caller',
      decidedBy: 'mgr-1',
    });
  });

  it('on 2026-10-20: the new team’s supervisor sees the day, the old one does not; on the 15th, the other way round', async () => {
    const t1On20 = await quota('daily', { date: '2026-10-20' }, desk.supervisorOf('t1'));
    expect(t1On20.map((r) => r.agentId)).toEqual([inT1.agentId]);
    const t2On20 = await quota('daily', { date: '2026-10-20' }, desk.supervisorOf('t2'));
    expect(t2On20.map((r) => r.agentId).sort()).toEqual([mover.agentId, inT2.agentId].sort());
    expect(row(t2On20, mover.agentId)).toMatchObject({ teamId: 't2', dials: 5, effectiveCalls: 2 });

    const t1On15 = await quota('daily', { date: '2026-10-15' }, desk.supervisorOf('t1'));
    expect(row(t1On15, mover.agentId)).toMatchObject({ teamId: 't1', dials: 3, effectiveCalls: 1 });
    expect(row(await quota('daily', { date: '2026-10-15' }, desk.supervisorOf('t2')), mover.agentId)).toBeUndefined();

    // The old supervisor may still ask for the person by name: the days outside the team are simply not theirs.
    expect(await quota('daily', { date: '2026-10-20', agentId: mover.agentId }, desk.supervisorOf('t1'))).toEqual([]);
    expectRefused(
      await desk.http.get('/api/quota/daily').query({ date: '2026-10-20', agentId: mover.agentId }).set('authorization', desk.supervisorOf('t3')),
      403,
      'AUTH.OTHER_TEAM',
    );
  });

  it('for October: each team’s month holds its own days and targets prorated to them; the whole month is the person’s and the managers’', async () => {
    // t1: 1–15 October, 15 of 31 days: 15 × 2 × 22 / 31 = 21.3 → 21 dials, 15 × 1 × 22 / 31 = 10.6 → 11 effective.
    const t1 = row(await quota('monthly', { month: '2026-10' }, desk.supervisorOf('t1')), mover.agentId);
    expect(t1).toMatchObject({ teamId: 't1', dials: 3, effectiveCalls: 1, targets: { dials: 21, effectiveCalls: 11 } });
    // t2: 16–31 October, 16 days: 16 × 2 × 22 / 31 = 22.7 → 23 dials, 16 × 22 / 31 = 11.4 → 11 effective.
    const t2 = row(await quota('monthly', { month: '2026-10' }, desk.supervisorOf('t2')), mover.agentId);
    expect(t2).toMatchObject({ teamId: 't2', dials: 5, effectiveCalls: 2, targets: { dials: 23, effectiveCalls: 11 } });
    // The whole month, as the person and a manager see it: 8 dials, 3 effective, against 44 and 22.
    for (const auth of [mover.auth, desk.manager]) {
      const whole = row(await quota('monthly', { month: '2026-10', agentId: mover.agentId }, auth), mover.agentId);
      expect(whole).toMatchObject({ teamId: 't2', dials: 8, effectiveCalls: 3, targets: { dials: 44, effectiveCalls: 22 } });
    }
    const board = await desk.http.get('/api/leaderboard').query({ month: '2026-10', minPosition: moved.position }).set('authorization', desk.manager);
    expect(board.body.byEffectiveCalls.find((r: { agentId: string }) => r.agentId === mover.agentId)).toMatchObject({ teamId: 't2', effectiveCalls: 3 });
  });

  it('refuses a move to the same team, one dated on or before the current team’s first day, and other roles, writing nothing', async () => {
    const move = (body: object, auth = desk.hr) => desk.post(`/agents/${inT1.agentId}/transfer`, body, auth);
    await desk.refusedWithNothingAppended(async () => {
      expectRefused(await move({ toTeamId: 't1', effectiveOn: '2026-10-16', reason: 'x' }), 422, 'AGENT.SAME_TEAM');
      expectRefused(await move({ toTeamId: 't2', effectiveOn: '2026-01-05', reason: 'x' }), 422, 'AGENT.TRANSFER_TOO_EARLY');
      expectRefused(
        await desk.post(`/agents/${mover.agentId}/transfer`, { toTeamId: 't3', effectiveOn: '2026-10-16', reason: 'x' }, desk.hr),
        422,
        'AGENT.TRANSFER_TOO_EARLY',
      );
      expectRefused(await desk.post('/agents/nobody/transfer', { toTeamId: 't3', effectiveOn: '2026-10-16', reason: 'x' }, desk.hr), 404, 'AGENT.UNKNOWN');
      expectInvalidField(await move({ toTeamId: 't2', effectiveOn: 'soon', reason: 'x' }), 'effectiveOn');
      expectRefused(await move({ toTeamId: 't2', effectiveOn: '2026-10-16', reason: 'x' }, desk.supervisorOf('t1')), 403, 'AUTH.ROLE_NOT_ALLOWED');
    });
  });

  it('gives each period’s appraisal to the team the agent was in on its last day', async () => {
    const open = (appraisalId: string, period: string, auth: string) => desk.post('/appraisals', { appraisalId, agentId: mover.agentId, period }, auth);
    expectRefused(await open('ap-move-sep-t2', '2026-09', desk.supervisorOf('t2')), 403, 'AUTH.OTHER_TEAM');
    expectCreated(await open('ap-move-sep', '2026-09', desk.supervisorOf('t1')), 'appraisal-ap-move-sep');
    expectRefused(await open('ap-move-oct-t1', '2026-10', desk.supervisorOf('t1')), 403, 'AUTH.OTHER_TEAM');
    expectCreated(await open('ap-move-oct', '2026-10', desk.supervisorOf('t2')), 'appraisal-ap-move-oct');
    const events = await desk.events('appraisal-ap-move-oct');
    expect(events[0].data).toMatchObject({ teamId: 't2', period: '2026-10' });
  });
});
