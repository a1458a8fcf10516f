import { NO_DEDUCTION_PLAN, amounts, dealClosed, dials, given, hired, planPublished, roleChanged } from './pay.testing';

const OCTOBER = '2026-10';
const plan = { planId: NO_DEDUCTION_PLAN.planId };

describe('pay: a promotion from agent to specialist', () => {
  // p1, a regular agent, is a specialist from 2026-10-16; a2 is an agent all month and provided a number.
  const october = () =>
    given(
      planPublished(NO_DEDUCTION_PLAN),
      hired('p1', plan),
      hired('a2', plan),
      roleChanged('p1', 'specialist', '2026-10-16'),
      dials('p1', 30, { on: '2026-10-14', effective: 3 }),
      dials('a2', 10, { on: '2026-10-14', effective: 1 }),
      // Before: p1 owns the lead as an agent (5 %). After: p1 closes as a specialist (15 %), paying a2's number fee.
      dealClosed('d1', { closedAt: '2026-10-10T15:00:00+08:00', baseFen: 100000, ownerId: 'p1', closedBy: 's9', closedByRole: 'specialist' }),
      dealClosed('d2', { closedAt: '2026-10-20T15:00:00+08:00', baseFen: 100000, ownerId: 'a2', closedBy: 'p1', closedByRole: 'specialist', providedBy: 'a2' }),
    );

  it('pays the agent days as an agent and the specialist days as a specialist', () => {
    const pay = october();
    expect(amounts(pay.statement('p1', OCTOBER))).toEqual({
      // 15 and 16 of 31 days at 1,500.00: 725.81 + 774.19
      'base:from-2026-10-01': 72581,
      'base:from-2026-10-16': 77419,
      // targets for 15 agent days: 15 × 10 × 22 / 31 = 106.5 → 106 effective; 3 is below: no bonus
      'deal_commission:d1': 5000,
      'specialist_commission:d2': 15000,
      'lead_fee_paid:d2': -300,
      // awards among agents: p1's agent days (3 effective calls, 1 deal owned) against a2's (1, 1)
      award_top_effective_calls: 10000,
      award_top_deals: 10000,
    });
    expect(amounts(pay.statement('a2', OCTOBER))).toMatchObject({ 'deal_commission:d2': 5000, 'lead_fee_received:d2': 200, award_top_deals: 10000 });
    expect(pay.line('p1', OCTOBER, 'base:from-2026-10-16').sourceEventIds).toContain('role-change-p1-2026-10-16');
  });

  it('is a specialist for the whole of the next month: no agent lines, no awards', () => {
    const pay = october().given(dials('a2', 10, { on: '2026-11-10', effective: 1 }));
    expect(amounts(pay.statement('p1', '2026-11'))).toEqual({ base: 150000 });
  });
});
