import { type Desk, expectCreated, expectInvalidField, expectRefused, planBody, type Person, startDesk } from '../support/telesales';

/**
 * People over time, a promotion (issue 12, point 1): an agent is a specialist from 2026-10-16. A
 * deal before it pays them as the lead's owner (5 %), a deal after it as its closer (15 %, paying
 * the providing agent's number fee); the agent days keep their targets and awards. Priced by hand.
 *
 * The plan `promo`: the handbook's base and rates, no shortfall deduction, a daily target of 2
 * dials and 1 effective call.
 */
const NOVEMBER_3 = '2026-11-03T10:00:00+08:00';
const at = (date: string, time: string) => `${date}T${time}+08:00`;

describe('people over time: a promotion to specialist', () => {
  let desk: Desk;
  let promoted: Person;
  let colleague: Person;
  let promotedAuth: string;

  beforeAll(async () => {
    desk = await startDesk(undefined, { now: NOVEMBER_3 });
    const plan = planBody({
      planId: 'promo',
      dailyTargets: { dials: 2, effectiveCalls: 1, talkMinutes: null },
      shortfallDeduction: { mode: 'proportional', maxRatioBasisPoints: 0 },
    });
    expectCreated(await desk.post('/plans', plan, desk.payroll), 'plan-promo');
    promoted = await desk.hire({ planId: 'promo', hiredOn: '2026-01-05' });
    colleague = await desk.hire({ planId: 'promo', hiredOn: '2026-01-05' });
    const closer = await desk.hire({ role: 'specialist', planId: 'promo', hiredOn: '2026-01-05' });
    // Before: the agent calls and owns a lead that another specialist closes on the 10th.
    const owned = (await desk.registerLead()).leadId;
    await desk.assign(owned, promoted);
    await desk.logCall(promoted, owned, { outcome: 'appointment_set', startedAt: at('2026-10-09', '10:00:00') });
    await desk.logCall(promoted, owned, { outcome: 'appointment_set', startedAt: at('2026-10-09', '11:00:00') });
    await desk.closeDeal(closer, owned, { dealId: 'pr-1', amountFen: 100000, commissionBaseFen: 100000, closedAt: at('2026-10-10', '15:00:00') });
    // The colleague's own work: one effective call, a number they provided.
    const provided = (await desk.registerLead({ source: 'agent', providedBy: colleague.agentId })).leadId;
    await desk.assign(provided, colleague);
    await desk.logCall(colleague, provided, { outcome: 'appointment_set', startedAt: at('2026-10-12', '10:00:00') });

    expectCreated(
      await desk.post(`/agents/${promoted.agentId}/role`, { toRole: 'specialist', effectiveOn: '2026-10-16', reason: 'promoted' }, desk.manager),
      `agent-${promoted.agentId}`,
    );
    // After: as a specialist, they close a deal on the colleague's lead, on the number the colleague provided.
    promotedAuth = desk.bearer(promoted.agentId, ['specialist'], 't1');
    expectCreated(
      await desk.post(
        '/deals',
        { dealId: 'pr-2', leadId: provided, closedBy: promoted.agentId, amountFen: 100000, commissionBaseFen: 100000, closedAt: at('2026-10-20', '15:00:00') },
        promotedAuth,
      ),
      `lead-${provided}`,
    );
  }, 90_000);
  afterAll(() => desk.app.close());

  const linesOf = async (agentId: string) => {
    // The last write of the setup is the deal after the promotion: wait until the ledger has it.
    const head = await desk.settledHead();
    const res = await desk.http.get(`/api/commissions/${agentId}/2026-10`).query({ minPosition: head.toString() }).set('authorization', desk.payroll);
    expect(res.status).toBe(200);
    return Object.fromEntries(
      res.body.lines.map((l: { lineId: string; amountFen: number }) => [l.lineId.replace(`2026-10:${agentId}:`, ''), l.amountFen]),
    ) as Record<string, number>;
  };

  it('records the promotion with its date, both roles, the reason and who decided', async () => {
    const events = await desk.events(`agent-${promoted.agentId}`);
    expect(events.map((e) => e.type)).toEqual(['AgentHired', 'AgentRoleChanged']);
    expect(events[1].data).toEqual({
      agentId: promoted.agentId,
      fromRole: 'agent',
      toRole: 'specialist',
      effectiveOn: '2026-10-16',
      reason: 'promoted',
      decidedBy: 'mgr-1',
    });
  });

  it('prices the agent days as an agent’s and the specialist days as a specialist’s', async () => {
    expect(await linesOf(promoted.agentId)).toEqual({
      // 15 and 16 of 31 days at 1,500.00: 2,250,000 / 31 → 725.81 and 2,400,000 / 31 → 774.19
      'base:from-2026-10-01': 72581,
      'base:from-2026-10-16': 77419,
      // pr-1 on the 10th, on the lead they owned as an agent: 5 % of 1,000.00
      'deal_commission:pr-1': 5000,
      // pr-2 on the 20th, closed as a specialist: 15 % of 1,000.00, and 3.00 for the colleague's number
      'specialist_commission:pr-2': 15000,
      'lead_fee_paid:pr-2': -300,
      // awards among agents, on agent days: 2 effective calls (against the colleague's 1) and 1 deal owned (against 1)
      award_top_effective_calls: 10000,
      award_top_deals: 10000,
    });
    expect(await linesOf(colleague.agentId)).toMatchObject({ 'deal_commission:pr-2': 5000, 'lead_fee_received:pr-2': 200, award_top_deals: 10000 });
  });

  it('refuses the same role, a date on or before the current role’s first day, and other roles, writing nothing', async () => {
    const change = (body: object, auth = desk.hr) => desk.post(`/agents/${promoted.agentId}/role`, body, auth);
    await desk.refusedWithNothingAppended(async () => {
      expectRefused(await change({ toRole: 'specialist', effectiveOn: '2026-11-01', reason: 'x' }), 422, 'AGENT.SAME_ROLE');
      expectRefused(await change({ toRole: 'agent', effectiveOn: '2026-10-16', reason: 'x' }), 422, 'AGENT.ROLE_CHANGE_TOO_EARLY');
      expectInvalidField(await change({ toRole: 'boss', effectiveOn: '2026-11-01', reason: 'x' }), 'toRole');
      expectRefused(await change({ toRole: 'agent', effectiveOn: '2026-11-01', reason: 'x' }, desk.supervisorOf('t1')), 403, 'AUTH.ROLE_NOT_ALLOWED');
    });
  });
});
