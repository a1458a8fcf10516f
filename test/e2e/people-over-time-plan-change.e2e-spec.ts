import { type Desk, expectCreated, expectInvalidField, expectRefused, planBody, type Person, startDesk } from '../support/telesales';

/**
 * People over time, a plan change (issue 12, point 1): an agent moves from plan `before` to plan
 * `after` from 2026-10-16. October is split: each part priced by its own plan, prorated by its
 * calendar days, every line naming the plan version that priced it; priced by hand below.
 *
 * Both plans: a daily target of 2 dials and 1 effective call. `before`: the handbook's 1,500.00
 * base and 5 %; `after`: 3,000.00 and 10 %.
 */
const NOVEMBER_3 = '2026-11-03T10:00:00+08:00';
const TARGETS = { dials: 2, effectiveCalls: 1, talkMinutes: null };
const at = (date: string, time: string) => `${date}T${time}+08:00`;

describe('people over time: a plan change', () => {
  let desk: Desk;
  let agent: Person;
  let changed: { position: string };

  beforeAll(async () => {
    desk = await startDesk(undefined, { now: NOVEMBER_3 });
    expectCreated(await desk.post('/plans', planBody({ planId: 'before', dailyTargets: TARGETS }), desk.payroll), 'plan-before');
    const after = planBody({
      planId: 'after',
      dailyTargets: TARGETS,
      baseFen: { probation: 50000, regular: 300000 },
      dealCommissionBasisPoints: { agent: 1000, specialist: 1500 },
    });
    expectCreated(await desk.post('/plans', after, desk.payroll), 'plan-after');
    agent = await desk.hire({ planId: 'before', hiredOn: '2026-01-05' });
    const specialist = await desk.hire({ role: 'specialist', planId: 'before', hiredOn: '2026-01-05' });
    const first = (await desk.registerLead()).leadId;
    const second = (await desk.registerLead()).leadId;
    await desk.assign(first, agent);
    await desk.assign(second, agent);
    await desk.logCall(agent, first, { outcome: 'appointment_set', startedAt: at('2026-10-14', '10:00:00') });
    await desk.logCall(agent, second, { outcome: 'appointment_set', startedAt: at('2026-10-20', '10:00:00') });
    await desk.logCall(agent, second, { outcome: 'appointment_set', startedAt: at('2026-10-20', '11:00:00') });
    await desk.closeDeal(specialist, first, { dealId: 'pc-1', amountFen: 100000, commissionBaseFen: 100000, closedAt: at('2026-10-10', '15:00:00') });
    await desk.closeDeal(specialist, second, { dealId: 'pc-2', amountFen: 100000, commissionBaseFen: 100000, closedAt: at('2026-10-20', '15:00:00') });
    changed = expectCreated(
      await desk.post(`/agents/${agent.agentId}/plan`, { toPlanId: 'after', effectiveOn: '2026-10-16', reason: 'promoted to the senior scheme' }, desk.hr),
      `agent-${agent.agentId}`,
    );
  }, 90_000);
  afterAll(() => desk.app.close());

  it('records the change with its date, both plans, the reason and who decided', async () => {
    const events = await desk.events(`agent-${agent.agentId}`);
    expect(events.map((e) => e.type)).toEqual(['AgentHired', 'AgentPlanChanged']);
    expect(events[1].data).toEqual({
      agentId: agent.agentId,
      fromPlanId: 'before',
      toPlanId: 'after',
      effectiveOn: '2026-10-16',
      reason: 'promoted to the senior scheme',
      decidedBy: 'hr-1',
    });
  });

  it('prices October in two parts by hand, each line naming the plan version that priced it', async () => {
    const res = await desk.http.get(`/api/commissions/${agent.agentId}/2026-10`).query({ minPosition: changed.position }).set('authorization', desk.payroll);
    expect(res.status).toBe(200);
    const lines = Object.fromEntries(
      res.body.lines.map((l: { lineId: string; amountFen: number; planId: string; planVersion: number }) => [
        l.lineId.replace(`2026-10:${agent.agentId}:`, ''),
        `${l.amountFen} ${l.planId} v${l.planVersion}`,
      ]),
    );
    expect(lines).toEqual({
      // 1–15 October on `before`, 15 of 31 days: 15 × 1,500.00 / 31 = 2,250,000 / 31 fen → 725.81;
      // targets 15 × 2 × 22 / 31 = 21.3 → 21 dials; 1 dial: 725.806… × 20/21 = 45,000,000 / 651 = 69,124.42 → −691.24
      'base:from-2026-10-01': '72581 before v1',
      'shortfall_deduction:from-2026-10-01': '-69124 before v1',
      // 16–31 October on `after`, 16 days: 16 × 3,000.00 / 31 = 4,800,000 / 31 → 1,548.39;
      // targets 16 × 2 × 22 / 31 = 22.7 → 23 dials; 2 dials: 1,548.387… × 21/23 = 100,800,000 / 713 = 141,374.47 → −1,413.74
      'base:from-2026-10-16': '154839 after v1',
      'shortfall_deduction:from-2026-10-16': '-141374 after v1',
      // pc-1 closed on the 10th: 5 % of 1,000.00 by `before`; pc-2 on the 20th: 10 % by `after`
      'deal_commission:pc-1': '5000 before v1',
      'deal_commission:pc-2': '10000 after v1',
      // the month's awards (the only agent: 3 effective calls, 2 deals), by the plan of its last day
      award_top_effective_calls: '10000 after v1',
      award_top_deals: '10000 after v1',
    });
    expect(res.body.totalFen).toBe(72581 - 69124 + 154839 - 141374 + 5000 + 10000 + 10000 + 10000);
  });

  it('refuses the same plan, a date on or before the current plan’s first day, an unknown plan and other roles, writing nothing', async () => {
    const change = (body: object, auth = desk.hr) => desk.post(`/agents/${agent.agentId}/plan`, body, auth);
    await desk.refusedWithNothingAppended(async () => {
      expectRefused(await change({ toPlanId: 'after', effectiveOn: '2026-11-01', reason: 'x' }), 422, 'AGENT.SAME_PLAN');
      expectRefused(await change({ toPlanId: 'before', effectiveOn: '2026-10-16', reason: 'x' }), 422, 'AGENT.PLAN_CHANGE_TOO_EARLY');
      expectRefused(await change({ toPlanId: 'nowhere', effectiveOn: '2026-11-01', reason: 'x' }), 422, 'AGENT.UNKNOWN_PLAN');
      expectInvalidField(await change({ toPlanId: 'before', effectiveOn: '2026-11-31', reason: 'x' }), 'effectiveOn');
      expectRefused(await change({ toPlanId: 'before', effectiveOn: '2026-11-01', reason: 'x' }, desk.supervisorOf('t1')), 403, 'AUTH.ROLE_NOT_ALLOWED');
    });
  });
});
