import { type Desk, expectCreated, expectInvalidField, expectRefused, planBody, type Person, startDesk } from '../support/telesales';

/**
 * People over time, leaving (issue 12, point 1): a regular agent whose last working day is
 * 2026-10-15. October is priced by hand below from DOMAIN.md and the README's Pay section; their
 * leads become unowned, in the pipeline and in their supervisor's follow-ups, and a deal closed on
 * one of them later pays the leaver nothing.
 *
 * The plan `leaving` has the handbook's base, rates and awards, allowances of 300.00 (transport)
 * and 100.00 (communication), and a daily target of 2 dials and 1 effective call.
 */
const NOVEMBER_3 = '2026-11-03T10:00:00+08:00';
const PLAN = planBody({
  planId: 'leaving',
  dailyTargets: { dials: 2, effectiveCalls: 1, talkMinutes: null },
  allowancesFen: { transport: 30000, communication: 10000 },
});
const TEAM = 'tl';
const at = (date: string, time = '10:00:00') => `${date}T${time}+08:00`;

describe('people over time: leaving', () => {
  let desk: Desk;
  let leaver: Person;
  let stays: Person;
  let specialist: Person;
  const leads: Record<'won' | 'graded' | 'later' | 'kept', string> = { won: '', graded: '', later: '', kept: '' };
  let left: { streamId: string; revision: number; position: string };

  beforeAll(async () => {
    // October has ended and November has not, whatever TEST_NOW says: October can be closed.
    desk = await startDesk(undefined, { now: NOVEMBER_3 });
    expectCreated(await desk.post('/plans', PLAN, desk.payroll), 'plan-leaving');
    // Both regular since April (hired 2026-01-05, three months' probation).
    leaver = await desk.hire({ planId: 'leaving', teamId: TEAM, hiredOn: '2026-01-05' });
    stays = await desk.hire({ planId: 'leaving', teamId: TEAM, hiredOn: '2026-01-05' });
    specialist = await desk.hire({ role: 'specialist', planId: 'leaving', teamId: TEAM, hiredOn: '2026-01-05' });
    for (const key of ['won', 'graded', 'later', 'kept'] as const) leads[key] = (await desk.registerLead()).leadId;
    for (const key of ['won', 'graded', 'later'] as const) await desk.assign(leads[key], leaver);
    await desk.assign(leads.kept, stays);

    // While employed: one effective call and one other, a deal on their lead, a lead graded B.
    await desk.logCall(leaver, leads.won, { outcome: 'appointment_set', startedAt: at('2026-10-12') });
    await desk.logCall(leaver, leads.graded, { outcome: 'connected', startedAt: at('2026-10-14') });
    expectCreated(await desk.post(`/leads/${leads.graded}/grade`, { grade: 'B', reason: 'interested' }, leaver.auth), `lead-${leads.graded}`);
    await desk.closeDeal(specialist, leads.won, { dealId: 'dl-1', amountFen: 100000, commissionBaseFen: 100000, closedAt: at('2026-10-14', '15:00:00') });

    left = expectCreated(
      await desk.post(`/agents/${leaver.agentId}/leave`, { lastWorkingDay: '2026-10-15', reason: 'resigned: moving city' }, desk.hr),
      `agent-${leaver.agentId}`,
    );

    // After the 15th: a specialist closes a deal on a lead the leaver still owned; the colleague works on.
    await desk.closeDeal(specialist, leads.later, { dealId: 'dl-2', amountFen: 100000, commissionBaseFen: 100000, closedAt: at('2026-10-20', '15:00:00') });
    await desk.logCall(stays, leads.kept, { outcome: 'appointment_set', startedAt: at('2026-10-20') });
    await desk.logCall(stays, leads.kept, { outcome: 'appointment_set', startedAt: at('2026-10-20', '11:00:00') });
    await desk.closeDeal(specialist, leads.kept, { dealId: 'dl-3', amountFen: 100000, commissionBaseFen: 100000, closedAt: at('2026-10-21', '15:00:00') });
  }, 90_000);
  afterAll(() => desk.app.close());

  it('records the leaving on the person stream with its date, reason and who decided', async () => {
    const events = await desk.events(`agent-${leaver.agentId}`);
    expect(events.map((e) => e.type)).toEqual(['AgentHired', 'AgentLeft']);
    expect(events[1].data).toEqual({ agentId: leaver.agentId, lastWorkingDay: '2026-10-15', reason: 'resigned: moving city', decidedBy: 'hr-1' });
  });

  it('refuses a second leaving (409), a date before the hire (422), an unknown person (404), a bad date (400) and other roles (403), writing nothing', async () => {
    const leave = (agentId: string, body: object, auth = desk.hr) => desk.post(`/agents/${agentId}/leave`, body, auth);
    await desk.refusedWithNothingAppended(async () => {
      expectRefused(await leave(leaver.agentId, { lastWorkingDay: '2026-10-31', reason: 'again' }), 409, 'AGENT.ALREADY_LEFT');
      const early = expectRefused(await leave(stays.agentId, { lastWorkingDay: '2026-01-04', reason: 'x' }), 422, 'AGENT.LEFT_BEFORE_HIRED');
      expect(early.message).toContain('2026-01-05');
      expectRefused(await leave('nobody-here', { lastWorkingDay: '2026-10-15', reason: 'x' }), 404, 'AGENT.UNKNOWN');
      expectInvalidField(await leave(stays.agentId, { lastWorkingDay: '2026-10-32', reason: 'x' }), 'lastWorkingDay');
      expectInvalidField(await leave(stays.agentId, { lastWorkingDay: '2026-10-20' }), 'reason');
      expectRefused(await leave(stays.agentId, { lastWorkingDay: '2026-10-20', reason: 'x' }, desk.supervisorOf(TEAM)), 403, 'AUTH.ROLE_NOT_ALLOWED');
      // A lead is not given to someone who has left.
      expectRefused(await desk.post(`/leads/${leads.kept}/assign`, { agentId: leaver.agentId }, desk.manager), 422, 'AGENT.HAS_LEFT');
    });
  });

  it("shows the leaver's leads unowned in the team's pipeline and among the supervisor's follow-ups, not the leaver's", async () => {
    const head = await desk.settledHead();
    const supervisor = desk.supervisorOf(TEAM);
    const pipeline = await desk.http.get('/api/pipeline').query({ minPosition: head.toString() }).set('authorization', supervisor);
    expect(pipeline.status).toBe(200);
    const byLead = Object.fromEntries(pipeline.body.items.map((i: { leadId: string }) => [i.leadId, i]));
    expect(byLead[leads.graded]).toMatchObject({ ownerId: null, formerOwnerId: leaver.agentId, grade: 'B', stage: 'graded', nextFollowUpDue: '2026-10-21' });
    expect(byLead[leads.won]).toMatchObject({ ownerId: null, formerOwnerId: leaver.agentId, stage: 'won' });
    expect(byLead[leads.kept]).toMatchObject({ ownerId: stays.agentId, stage: 'won' });
    expect(byLead[leads.kept].formerOwnerId).toBeUndefined();

    // B is followed up weekly: called 2026-10-14, due 2026-10-21.
    const mine = await desk.http.get('/api/follow-ups').query({ date: '2026-10-21' }).set('authorization', supervisor);
    expect(mine.status).toBe(200);
    expect(mine.body.due.map((i: { leadId: string }) => i.leadId)).toEqual([leads.graded]);
    const theirs = await desk.http.get('/api/follow-ups').query({ agentId: leaver.agentId, date: '2026-10-21' }).set('authorization', supervisor);
    expect(theirs.status).toBe(200);
    expect([...theirs.body.due, ...theirs.body.overdue]).toEqual([]);
  });

  it("lists the leaver in the team's quota up to the last working day, against targets for the days employed", async () => {
    const head = (await desk.settledHead()).toString();
    const supervisor = desk.supervisorOf(TEAM);
    const day = (date: string) => desk.http.get('/api/quota/daily').query({ date, minPosition: head }).set('authorization', supervisor);
    const ids = async (date: string) => (await day(date)).body.items.map((r: { agentId: string }) => r.agentId);
    expect(await ids('2026-10-15')).toContain(leaver.agentId);
    expect(await ids('2026-10-16')).not.toContain(leaver.agentId);
    const month = await desk.http.get('/api/quota/monthly').query({ month: '2026-10', minPosition: head }).set('authorization', supervisor);
    // 15 of 31 days: 15 × 2 × 22 / 31 = 21.3 → 21 dials, 15 × 1 × 22 / 31 = 10.6 → 11 effective calls.
    expect(month.body.items.find((r: { agentId: string }) => r.agentId === leaver.agentId)).toMatchObject({
      dials: 2,
      effectiveCalls: 1,
      targets: { dials: 21, effectiveCalls: 11 },
    });
    const november = await desk.http.get('/api/quota/monthly').query({ month: '2026-11', minPosition: head }).set('authorization', supervisor);
    expect(november.body.items.map((r: { agentId: string }) => r.agentId)).not.toContain(leaver.agentId);
  });

  it("prices the leaver's October by hand: 15 of 31 days, nothing after the 15th", async () => {
    const head = await desk.settledHead();
    const res = await desk.http.get(`/api/commissions/${leaver.agentId}/2026-10`).query({ minPosition: head.toString() }).set('authorization', desk.payroll);
    expect(res.status).toBe(200);
    const byLine = Object.fromEntries(
      res.body.lines.map((l: { lineId: string; amountFen: number }) => [l.lineId.replace(`2026-10:${leaver.agentId}:`, ''), l.amountFen]),
    );
    expect(byLine).toEqual({
      // 15 of 31 days at 1,500.00: 2,250,000 / 31 = 72,580.65 fen → 725.81
      base: 72581,
      // targets for 15 days: 15 × 2 × 22 / 31 = 21.3 → 21 dials, 15 × 1 × 22 / 31 = 10.6 → 11 effective;
      // 2 dials: 725.806… × 19/21 = 42,750,000 / 651 = 65,668.20 fen → −656.68; 1 effective call, no bonus
      shortfall_deduction: -65668,
      // dl-1 closed on the 14th on their lead: 5 % of 1,000.00; dl-2, closed on the 20th, pays them nothing
      'deal_commission:dl-1': 5000,
      // one deal each for the leaver (dl-1) and the colleague (dl-3): a tie, both receive 100.00
      award_top_deals: 10000,
      // 15/31 of 300.00 = 145.16; 15/31 of 100.00 = 48.39
      allowance_transport: 14516,
      allowance_communication: 4839,
    });
    expect(res.body.totalFen).toBe(72581 - 65668 + 5000 + 10000 + 14516 + 4839);
    const base = res.body.lines.find((l: { kind: string }) => l.kind === 'base');
    expect(base.explanation).toBe('15 of 31 days at 1,500.00 (left after 2026-10-15)');
    const leftEventId = (await desk.events(`agent-${leaver.agentId}`))[1].eventId;
    expect(base.sourceEventIds).toContain(leftEventId);

    // The specialist who closed dl-2 is paid for it as ever: 15 % of 1,000.00.
    const theirs = await desk.http.get(`/api/commissions/${specialist.agentId}/2026-10`).set('authorization', desk.payroll);
    expect(theirs.body.lines.find((l: { lineId: string }) => l.lineId.endsWith(':specialist_commission:dl-2'))).toMatchObject({ amountFen: 15000 });
  });

  it('closes October with that statement, replays it as issued byte for byte, and has nothing for the leaver in November', async () => {
    const closed = expectCreated(await desk.post('/payroll/2026-10/close', undefined, desk.payroll), 'paymonth-2026-10');
    const month = await desk.http.get('/api/payroll/2026-10').query({ minPosition: closed.position }).set('authorization', desk.payroll);
    const issued = month.body.statements.find((s: { agentId: string }) => s.agentId === leaver.agentId);
    expect(issued.totalFen).toBe(72581 - 65668 + 5000 + 10000 + 14516 + 4839);
    const replay = await desk.post('/payroll/2026-10/replay?asOf=issued', undefined, desk.payroll);
    expect(replay.status).toBe(200);
    expect(JSON.stringify(replay.body.statements)).toBe(JSON.stringify(month.body.statements));
    expect(BigInt(left.position)).toBeLessThan(BigInt(closed.position));

    const november = await desk.http.get(`/api/commissions/${leaver.agentId}/2026-11`).set('authorization', desk.payroll);
    expect(november.status).toBe(200);
    expect(november.body).toMatchObject({ lines: [], totalFen: 0 });
  });

  it('hires the leaver again as a new period of the same person: not while employed (409), not in the month of leaving (422)', async () => {
    const rehire = (agentId: string, hiredOn: string) =>
      desk.post(`/agents/${agentId}/rehire`, { hiredOn, role: 'agent', teamId: 't2', planId: 'leaving', reason: 'came back' }, desk.hr);
    await desk.refusedWithNothingAppended(async () => {
      expectRefused(await rehire(stays.agentId, '2026-12-07'), 409, 'AGENT.STILL_EMPLOYED');
      expectRefused(await rehire(leaver.agentId, '2026-10-28'), 422, 'AGENT.REHIRED_TOO_SOON');
      expectInvalidField(await rehire(leaver.agentId, '07/12/2026'), 'hiredOn');
    });
    const back = expectCreated(await rehire(leaver.agentId, '2026-12-07'), `agent-${leaver.agentId}`);
    expect(await desk.eventTypes(`agent-${leaver.agentId}`)).toEqual(['AgentHired', 'AgentLeft', 'AgentRehired']);

    // December from the 7th, on probation again: 25 × 500.00 / 31 = 1,250,000 / 31 fen → 403.23; whole allowances.
    const december = await desk.http.get(`/api/commissions/${leaver.agentId}/2026-12`).query({ minPosition: back.position }).set('authorization', desk.payroll);
    expect(december.status).toBe(200);
    const byKind = Object.fromEntries(december.body.lines.map((l: { kind: string; amountFen: number }) => [l.kind, l.amountFen]));
    expect(byKind).toMatchObject({ base: 40323, allowance_transport: 30000, allowance_communication: 10000 });
    // November, between the periods, earns nothing.
    const november = await desk.http.get(`/api/commissions/${leaver.agentId}/2026-11`).set('authorization', desk.payroll);
    expect(november.body).toMatchObject({ lines: [], totalFen: 0 });
  });
});
