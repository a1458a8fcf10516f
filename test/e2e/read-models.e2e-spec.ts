import { type Desk, expectCreated, expectInvalidField, expectRefused, startDesk } from '../support/telesales';

type Answer = Record<string, any>;

/**
 * Reads a list query whole (one page of 500) and again page by page with `limit`, and checks that
 * the pages add up to the whole: nothing lost or repeated, every page full but the last, and
 * nextCursor on every page but the last. `rowsOf` gives a page's rows in its order.
 */
async function expectPagesAddUp(
  desk: Desk,
  path: string,
  query: Record<string, string>,
  auth: string,
  limit: number,
  rowsOf: (answer: Answer) => unknown[] = (answer) => answer.items,
): Promise<{ whole: Answer; pages: Answer[] }> {
  const read = async (q: Record<string, string | number>) => {
    const res = await desk.http
      .get(path)
      .query({ ...query, ...q })
      .set('authorization', auth);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Answer;
  };
  const whole = await read({ limit: 500 });
  expect(whole.nextCursor).toBeUndefined();
  const pages = [await read({ limit })];
  while (pages[pages.length - 1].nextCursor !== undefined && pages.length <= 50) {
    pages.push(await read({ limit, cursor: pages[pages.length - 1].nextCursor }));
  }
  const total = rowsOf(whole).length;
  expect(total).toBeGreaterThan(limit); // else there is no second page to speak of
  expect(pages.flatMap(rowsOf)).toEqual(rowsOf(whole));
  expect(pages.map((p) => rowsOf(p).length)).toEqual(Array.from({ length: Math.ceil(total / limit) }, (_, i) => Math.min(limit, total - i * limit)));
  expect(pages.map((p) => typeof p.nextCursor)).toEqual([...pages.slice(1).map(() => 'string'), 'undefined']);
  return { whole, pages };
}

describe('reading the pipeline back through HTTP', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk();
  });
  afterAll(() => desk.app.close());

  it('answers a write with minPosition only once the read model has applied it', async () => {
    const agent = await desk.hire({ teamId: 't-rw' });
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, agent);
    const call = desk.callBody(agent, leadId, { outcome: 'interested', startedAt: '2026-11-02T10:00:00+08:00' });
    await desk.post('/calls', call, agent.auth);
    const graded = await desk.post(`/leads/${leadId}/grade`, { grade: 'A' }, agent.auth);
    expect(graded.status).toBe(201);

    const read = await desk.http.get('/api/pipeline').query({ minPosition: graded.body.position }).set('authorization', agent.auth);

    expect(read.status).toBe(200);
    expect(read.body.items).toEqual([
      { leadId, stage: 'graded', grade: 'A', ownerId: agent.agentId, lastContactAt: expect.any(String), nextFollowUpDue: '2026-11-05' },
    ]);
    expect(read.body.counts.byGrade.A).toBe(1);
  });

  it("scopes rows: an agent may not read a colleague's leads, a supervisor reads their team only", async () => {
    const agent = await desk.hire({ teamId: 't-scope' });
    const colleague = await desk.hire({ teamId: 't-scope' });
    expectRefused(await desk.http.get('/api/pipeline').query({ ownerId: colleague.agentId }).set('authorization', agent.auth), 403, 'AUTH.NOT_SELF');
    expectRefused(await desk.http.get('/api/pipeline').query({ teamId: 't-other' }).set('authorization', desk.supervisorOf('t-scope')), 403, 'AUTH.OTHER_TEAM');
    const team = await desk.http.get('/api/pipeline').set('authorization', desk.supervisorOf('t-nobody'));
    expect(team.status).toBe(200);
    expect(team.body.items).toEqual([]);
  });

  it('answers 503 with Retry-After when the read model cannot reach the position in time, and 400 for a position that is none', async () => {
    const far = await desk.http.get('/api/pipeline').query({ minPosition: '9000000000000000000' }).set('authorization', desk.director);
    expect(far.status).toBe(503);
    expect(far.headers['retry-after']).toBe('1');
    expect(far.body.code).toBe('READ_MODEL.BEHIND');
    const bad = await desk.http.get('/api/pipeline').query({ minPosition: 'soon' }).set('authorization', desk.director);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('minPosition');
  });

  it('pages follow-ups, overdue ones first, each page split into overdue and due', async () => {
    const agent = await desk.hire({ teamId: 't-follow' });
    // The last write's own position: the store's head may not show it yet behind another transaction.
    let minPosition = '';
    for (const grade of ['B', 'A', 'B', 'A', 'A']) {
      const { leadId } = await desk.registerLead();
      await desk.assign(leadId, agent);
      await desk.logCall(agent, leadId, { outcome: 'interested', startedAt: '2026-11-02T10:00:00+08:00' });
      minPosition = expectCreated(await desk.post(`/leads/${leadId}/grade`, { grade }, agent.auth), `lead-${leadId}`).position;
    }

    // A every 3 days: due 11-05, overdue on the 9th; B every 7: due on the 9th.
    const { whole, pages } = await expectPagesAddUp(desk, '/api/follow-ups', { date: '2026-11-09', minPosition }, agent.auth, 2, (a) => [
      ...a.overdue,
      ...a.due,
    ]);
    expect([whole.overdue.length, whole.due.length]).toEqual([3, 2]);
    expect(pages.flatMap((p) => p.overdue)).toEqual(whole.overdue);
    expect(pages.flatMap((p) => p.due)).toEqual(whole.due);
    expect(pages.map((p) => [p.agentId, p.date])).toEqual(pages.map(() => [agent.agentId, '2026-11-09']));
  });

  it('lists each projection in /api/health with its checkpoint', async () => {
    const health = await desk.http.get('/api/health').set('Authorization', desk.director);
    expect(health.status).toBe(200);
    expect(health.body.projections).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'lead-pipeline', version: 2, state: 'running', checkpoint: expect.stringMatching(/^\d+$/) })]),
    );
  });
});

describe('reading the daily quota and the leaderboard back through HTTP', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk();
  });
  afterAll(() => desk.app.close());

  it('counts a logged call on its own business day, and a reclassification on that same day', async () => {
    const agent = await desk.hire({ teamId: 't-quota' });
    const { leadId } = await desk.registerLead();
    const call = desk.callBody(agent, leadId, { outcome: 'connected', startedAt: '2026-11-02T23:30:00+08:00', durationSeconds: 120 });
    await desk.post('/calls', call, agent.auth);
    const later = desk.callBody(agent, leadId, { outcome: 'busy', startedAt: '2026-11-03T00:30:00+08:00', durationSeconds: 0 });
    await desk.post('/calls', later, agent.auth);
    const fixed = await desk.post(`/calls/${call.callId}/reclassify`, { outcome: 'appointment_set', reason: 'QA' }, desk.supervisorOf('t-quota'));
    expect(fixed.status).toBe(201);

    const day = await desk.http.get('/api/quota/daily').query({ date: '2026-11-02', minPosition: fixed.body.position }).set('authorization', agent.auth);
    expect(day.status).toBe(200);
    expect(day.body.items).toEqual([
      expect.objectContaining({ agentId: agent.agentId, date: '2026-11-02', dials: 1, effectiveCalls: 1, talkSeconds: 120, met: false, makeUpOwed: true }),
    ]);
    const next = await desk.http.get('/api/quota/daily').query({ date: '2026-11-03' }).set('authorization', agent.auth);
    expect(next.body.items).toEqual([expect.objectContaining({ dials: 1, effectiveCalls: 0 })]);

    const board = await desk.http.get('/api/leaderboard').query({ month: '2026-11' }).set('authorization', agent.auth);
    expect(board.status).toBe(200);
    expect(board.body.byEffectiveCalls).toEqual(expect.arrayContaining([expect.objectContaining({ agentId: agent.agentId, effectiveCalls: 1 })]));
    expect((await desk.http.get('/api/leaderboard').query({ teamId: 't1' }).set('authorization', agent.auth)).status).toBe(400);

    const briefing = await desk.http.get('/api/briefing').query({ date: '2026-11-03' }).set('authorization', desk.supervisorOf('t-quota'));
    expect(briefing.status).toBe(200);
    expect(briefing.body.agents).toEqual([
      expect.objectContaining({
        agentId: agent.agentId,
        yesterday: expect.objectContaining({ date: '2026-11-02', dials: 1, effectiveCalls: 1, makeUpOwed: true }),
        today: { targets: expect.objectContaining({ dials: 100, effectiveCalls: 10 }), overtime: false },
        monthToDate: expect.objectContaining({ dials: 2, effectiveCalls: 1 }),
      }),
    ]);
    expect(briefing.body.teams).toEqual([
      expect.objectContaining({ teamId: 't-quota', dials: 2, effectiveCalls: 1, goal: { dials: 2200, effectiveCalls: 220 } }),
    ]);
    expect((await desk.http.get('/api/briefing').set('authorization', agent.auth)).status).toBe(403);
  });

  it("pages the quota, the leaderboard, the briefing and the specialists' weeks; ranks and team totals stay those of everyone", async () => {
    const teamId = 't-pages';
    for (const effective of [3, 1, 3, 0, 2]) {
      const agent = await desk.hire({ teamId });
      for (let i = 0; i <= effective; i++) {
        const { leadId } = await desk.registerLead();
        const outcome = i < effective ? { outcome: 'appointment_set' } : { outcome: 'busy', durationSeconds: 0 };
        await desk.logCall(agent, leadId, { ...outcome, startedAt: `2026-11-02T1${i}:00:00+08:00` });
      }
    }
    const specialists = [];
    for (let i = 0; i < 4; i++) specialists.push(await desk.hire({ role: 'specialist', teamId: 't-weekly' }));
    for (const sam of specialists.slice(0, 3)) await desk.registerLead({ source: 'specialist', providedBy: sam.agentId }, sam.auth);
    const minPosition = String(await desk.settledHead());
    const supervisor = desk.supervisorOf(teamId);

    await expectPagesAddUp(desk, '/api/quota/daily', { date: '2026-11-02', minPosition }, supervisor, 2);
    await expectPagesAddUp(desk, '/api/quota/monthly', { month: '2026-11', minPosition }, supervisor, 3);
    await expectPagesAddUp(desk, '/api/specialists/weekly', { week: '2026-W45', minPosition }, desk.supervisorOf('t-weekly'), 2);
    await expectPagesAddUp(desk, '/api/specialists/weekly', { minPosition }, desk.supervisorOf('t-weekly'), 2);

    const briefing = await expectPagesAddUp(desk, '/api/briefing', { date: '2026-11-03', minPosition }, supervisor, 2, (a) => a.agents);
    for (const page of briefing.pages) expect(page.teams).toEqual(briefing.whole.teams);
    expect(briefing.whole.teams).toEqual([expect.objectContaining({ teamId, effectiveCalls: 9, goal: { dials: 5 * 2200, effectiveCalls: 5 * 220 } })]);

    const board = await expectPagesAddUp(desk, '/api/leaderboard', { month: '2026-11', minPosition }, desk.director, 2, (a) => a.byEffectiveCalls);
    expect(board.pages.flatMap((p) => p.byDeals)).toEqual(board.whole.byDeals);
    // Two agents share the top with 3 effective calls; page 2 starts with the third, ranked 3 over everyone.
    expect(board.pages[1].byEffectiveCalls[0]).toMatchObject({ rank: 3, effectiveCalls: 2 });
    expect(board.pages[1].byEffectiveCalls.map((r: Answer) => r.rank)).toEqual(board.whole.byEffectiveCalls.slice(2, 4).map((r: Answer) => r.rank));
  });

  it('refuses a limit out of 1..500 or a cursor it did not issue, naming the field', async () => {
    const routes = ['/api/quota/daily', '/api/quota/monthly', '/api/leaderboard', '/api/briefing', '/api/specialists/weekly', '/api/follow-ups'];
    const boardCursor = (await desk.http.get('/api/leaderboard').query({ month: '2026-11', limit: 1 }).set('authorization', desk.director)).body.nextCursor;
    expect(boardCursor).toEqual(expect.any(String));
    for (const route of routes) {
      const get = (query: Record<string, string | number>) => desk.http.get(route).query(query).set('authorization', desk.director);
      for (const limit of [0, 501, 'ten', 2.5]) expectInvalidField(await get({ limit }), 'limit');
      // 'WyJhIl0' is ["a"]: well formed, but a key of one part where the leaderboard keeps four.
      for (const cursor of ['nonsense', '', route === '/api/leaderboard' ? 'WyJhIl0' : boardCursor]) expectInvalidField(await get({ cursor }), 'cursor');
      expect((await get({ limit: 500 })).status).toBe(200);
    }
  });
});
