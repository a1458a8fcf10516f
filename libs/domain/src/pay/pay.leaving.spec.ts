import { HANDBOOK_PLAN, amounts, dealClosed, dials, given, hired, left, planPublished, rehired } from './pay.testing';

const OCTOBER = '2026-10';
const WITH_ALLOWANCES = { ...HANDBOOK_PLAN, allowancesFen: { transport: 30000, communication: 10000 } };

describe('pay: a person who leaves', () => {
  // a1, regular since 2025, leaves after 2026-10-15: employed 1..15 October = 15 of 31 days.
  const october = () =>
    given(
      planPublished(WITH_ALLOWANCES),
      hired('a1'),
      hired('a2'),
      left('a1', '2026-10-15'),
      // Targets for 15 days: 15 × 100 × 22 / 31 = 1,064.5 → 1,065 dials; 15 × 10 × 22 / 31 = 106.5 → 106 effective.
      dials('a1', 1065, { on: '2026-10-14', effective: 107 }),
      // After the last working day: earns nothing, counts for nothing.
      dials('a1', 300, { on: '2026-10-16', effective: 300 }),
      dials('a2', 2200, { on: '2026-10-20', effective: 220 }),
      dealClosed('d1', { closedAt: '2026-10-10T15:00:00+08:00', baseFen: 100000, ownerId: 'a1' }),
      dealClosed('d2', { closedAt: '2026-10-20T15:00:00+08:00', baseFen: 100000, ownerId: 'a1' }),
      dealClosed('d3', { closedAt: '2026-10-21T15:00:00+08:00', baseFen: 100000, ownerId: 'a2' }),
    );

  it('prorates base and allowances to the days employed, and earns nothing after the last working day', () => {
    const pay = october();
    expect(amounts(pay.statement('a1', OCTOBER))).toEqual({
      // 15 × 1,500.00 / 31 = 725.806… → 725.81
      base: 72581,
      // 107 effective − 106 target = 1 × 2.00
      effective_call_bonus: 200,
      // d1 closed while employed: 5 % of 1,000.00; d2 closed after the 15th pays the leaver nothing
      'deal_commission:d1': 5000,
      // one deal each (d2 does not count for a1), so a tie: both receive it
      award_top_deals: 10000,
      // 15 × 300.00 / 31 = 145.161… → 145.16; 15 × 100.00 / 31 = 48.387… → 48.39
      allowance_transport: 14516,
      allowance_communication: 4839,
    });
    expect(pay.line('a1', OCTOBER, 'base')).toMatchObject({
      explanation: '15 of 31 days at 1,500.00 (left after 2026-10-15)',
      sourceEventIds: ['hire-a1', 'left-a1', 'plan-standard-v1'],
    });
    expect(pay.line('a1', OCTOBER, 'allowance_transport').explanation).toBe('15 of 31 days of the monthly transport allowance 300.00 (left after 2026-10-15)');
    // a2 is unchanged by a1's leaving: top caller alone (220 against a1's 107), tied on deals.
    expect(amounts(pay.statement('a2', OCTOBER))).toMatchObject({
      base: 150000,
      'deal_commission:d3': 5000,
      award_top_effective_calls: 10000,
      award_top_deals: 10000,
    });
  });

  it('has no statement for the leaver after the month they left, and a whole September before it', () => {
    const pay = october();
    expect(pay.statements('2026-11').map((s) => s.agentId)).toEqual(['a2']);
    expect(amounts(pay.statement('a1', '2026-09'))).toMatchObject({ base: 150000, allowance_transport: 30000, allowance_communication: 10000 });
  });

  it('leaves a month closed before the leaving was recorded as it was issued', () => {
    const pay = given(planPublished(WITH_ALLOWANCES), hired('a1'), dials('a1', 2200, { on: '2026-09-10' })).close('2026-09');
    const issued = JSON.stringify(pay.statements('2026-09'));
    pay.given(left('a1', '2026-10-15'));
    expect(JSON.stringify(pay.statements('2026-09'))).toBe(issued);
  });

  it('owes back, in the first open month, what a leaving dated into a closed month takes away', () => {
    // September closed with a whole month; the leaving, recorded later, says the last day was the 20th.
    const pay = given(planPublished(WITH_ALLOWANCES), hired('a1'), dials('a1', 2200, { on: '2026-09-10' })).close('2026-09');
    pay.given(left('a1', '2026-09-20'));
    const october = pay.statement('a1', OCTOBER);
    // 20 of 30 days: base 1,000.00 (−500.00), transport 200.00 (−100.00), communication 66.67 (−33.33);
    // the prorated target (20 × 100 × 22 / 30 = 1,466.67 → 1,467 dials) is met by the 2,200.
    // Gone before October, a1 has only those adjustments in it.
    expect(october.lines.map((l) => [l.kind, l.correctsLineId, l.amountFen])).toEqual([
      ['prior_period_adjustment', '2026-09:a1:allowance_communication', -3333],
      ['prior_period_adjustment', '2026-09:a1:allowance_transport', -10000],
      ['prior_period_adjustment', '2026-09:a1:base', -50000],
    ]);
  });
});

describe('pay: a person hired again', () => {
  it('pays nothing between the periods, and the new period from its hire date, on probation again', () => {
    const pay = given(
      planPublished(WITH_ALLOWANCES),
      hired('a1'),
      left('a1', '2026-10-15'),
      // While away: a deal on a lead a1 still owned pays them nothing.
      dealClosed('d1', { closedAt: '2026-11-10T15:00:00+08:00', baseFen: 100000, ownerId: 'a1' }),
      rehired('a1', { hiredOn: '2026-12-07' }),
      dealClosed('d2', { closedAt: '2026-12-10T15:00:00+08:00', baseFen: 100000, ownerId: 'a1' }),
      dials('a1', 2200, { on: '2026-12-08', effective: 10 }),
    );
    expect(pay.statements('2026-11')).toEqual([]);
    expect(amounts(pay.statement('a1', '2026-12'))).toEqual({
      // 7..31 December = 25 of 31 days on probation at 500.00: 1,250,000 / 31 = 40,322.58 fen → 403.23
      base: 40323,
      'deal_commission:d2': 5000,
      award_top_deals: 10000,
      award_top_effective_calls: 10000,
      // a month with a hire and no leaving keeps the whole allowance, as ever
      allowance_transport: 30000,
      allowance_communication: 10000,
    });
    expect(pay.line('a1', '2026-12', 'base')).toMatchObject({
      explanation: '25 of 31 days on probation at 500.00 (hired 2026-12-07)',
      sourceEventIds: ['plan-standard-v1', 'rehire-a1-2026-12-07'],
    });
    // October, the first period's last month, is as it was.
    expect(pay.line('a1', OCTOBER, 'base').amountFen).toBe(72581);
  });
});
