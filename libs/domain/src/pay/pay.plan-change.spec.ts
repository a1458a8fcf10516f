import { HANDBOOK_PLAN, amounts, dealClosed, dials, given, hired, planChanged, planPublished } from './pay.testing';

const OCTOBER = '2026-10';
const SENIOR = {
  ...HANDBOOK_PLAN,
  planId: 'senior',
  baseFen: { probation: 50000, regular: 300000 },
  dealCommissionBasisPoints: { agent: 1000, specialist: 1500 },
};

describe('pay: a month split by a plan change', () => {
  // a1, regular, moves from `standard` to `senior` from 2026-10-16: 15 days on one, 16 on the other.
  const october = () =>
    given(
      planPublished(),
      planPublished(SENIOR),
      hired('a1'),
      planChanged('a1', 'senior', '2026-10-16'),
      // standard's part: targets 15 × 100 × 22 / 31 = 1,064.5 → 1,065 dials, 15 × 10 × 22 / 31 = 106.5 → 106 effective: met.
      dials('a1', 1065, { on: '2026-10-14', effective: 106 }),
      // senior's part: 16 × 100 × 22 / 31 = 1,135.5 → 1,135 dials, 16 × 10 × 22 / 31 = 113.5 → 114 effective: one above.
      dials('a1', 1135, { on: '2026-10-20', effective: 115 }),
      dealClosed('d1', { closedAt: '2026-10-10T15:00:00+08:00', baseFen: 100000, ownerId: 'a1' }),
      dealClosed('d2', { closedAt: '2026-10-20T15:00:00+08:00', baseFen: 100000, ownerId: 'a1' }),
    );

  it('prices each part by its own plan, prorated by days, every line naming the plan version that priced it', () => {
    const pay = october();
    expect(amounts(pay.statement('a1', OCTOBER))).toEqual({
      // 15 × 1,500.00 / 31 = 725.81; 16 × 3,000.00 / 31 = 1,548.39
      'base:from-2026-10-01': 72581,
      'base:from-2026-10-16': 154839,
      'effective_call_bonus:from-2026-10-16': 200,
      // 5 % of 1,000.00 on standard's day, 10 % on senior's
      'deal_commission:d1': 5000,
      'deal_commission:d2': 10000,
      // the month's awards, priced by the plan of its last day
      award_top_effective_calls: 10000,
      award_top_deals: 10000,
    });
    const planOf = Object.fromEntries(pay.statement('a1', OCTOBER).lines.map((l) => [l.lineId.replace('2026-10:a1:', ''), `${l.planId} v${l.planVersion}`]));
    expect(planOf).toMatchObject({
      'base:from-2026-10-01': 'standard v1',
      'base:from-2026-10-16': 'senior v1',
      'deal_commission:d1': 'standard v1',
      'deal_commission:d2': 'senior v1',
      award_top_deals: 'senior v1',
    });
    expect(pay.line('a1', OCTOBER, 'base:from-2026-10-16')).toMatchObject({
      explanation: '16 of 31 days at 3,000.00 (plan senior v1 2026-10-16–2026-10-31)',
      sourceEventIds: ['hire-a1', 'plan-change-a1-2026-10-16', 'plan-senior-v1'],
    });
  });

  it('prices the months before and after by one plan each, as ever', () => {
    const pay = october();
    expect(amounts(pay.statement('a1', '2026-09'))).toEqual({ base: 150000, shortfall_deduction: -150000 });
    expect(pay.line('a1', '2026-11', 'base')).toMatchObject({ amountFen: 300000, planId: 'senior', explanation: 'full month at 3,000.00' });
  });
});
