import { type Desk, expectRefused, startDesk } from '../support/telesales';

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

    const read = await desk.http
      .get('/api/pipeline')
      .query({ minPosition: graded.body.position })
      .set('authorization', agent.auth);

    expect(read.status).toBe(200);
    expect(read.body.items).toEqual([
      { leadId, stage: 'graded', grade: 'A', ownerId: agent.agentId, lastContactAt: expect.any(String), nextFollowUpDue: '2026-11-05' },
    ]);
    expect(read.body.counts.byGrade.A).toBe(1);
  });

  it('scopes rows: an agent may not read a colleague\'s leads, a supervisor reads their team only', async () => {
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

  it('lists each projection in /api/health with its checkpoint', async () => {
    const health = await desk.http.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.projections).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'lead-pipeline', version: 1, state: 'running', checkpoint: expect.stringMatching(/^\d+$/) })]),
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
    expect(briefing.body.teams).toEqual([expect.objectContaining({ teamId: 't-quota', dials: 2, effectiveCalls: 1, goal: { dials: 2200, effectiveCalls: 220 } })]);
    expect((await desk.http.get('/api/briefing').set('authorization', agent.auth)).status).toBe(403);
  });
});
