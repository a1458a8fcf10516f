import { DomainError } from '../errors';
import { computeMonth } from './pay.engine';
import { emptyPayHistory, foldPayEvents, monthInput } from './pay.facts';
import { statementsFor } from './pay.adjustments';
import { HANDBOOK_PLAN, NO_DEDUCTION_PLAN, amounts, dealCancelled, dealClosed, dials, given, hired, planPublished, recorded } from './pay.testing';

const MARCH = '2026-03';
const MAY = '2026-05';
const noDeduction = { planId: NO_DEDUCTION_PLAN.planId };

describe('pay: base and monthly targets', () => {
  it('pays a full regular month the regular base, sourced from the hire and the plan version', () => {
    // 2,200 dials with 220 effective: every target met exactly, so no deduction and no bonus.
    const pay = given(planPublished(), hired('a1'), dials('a1', 2200, { on: '2026-03-10', effective: 220 }));
    const statement = pay.statement('a1', MARCH);
    // The only agent with effective calls is also the month's top caller: 100.00.
    expect(amounts(statement)).toEqual({ base: 150000, award_top_effective_calls: 10000 });
    expect(statement.totalFen).toBe(160000);
    expect(statement.lines[0]).toEqual({
      lineId: '2026-03:a1:base',
      kind: 'base',
      amountFen: 150000,
      planId: 'standard',
      planVersion: 1,
      sourceEventIds: ['hire-a1', 'plan-standard-v1'],
      explanation: 'full month at 1,500.00',
    });
  });

  it('prorates the base and the targets of someone hired on the 15th', () => {
    // Employed 15..31 March = 17 of 31 days, all on probation: 17 × 500.00 / 31 = 274.1935 → 274.19.
    // Targets: 17 × 100 × 22 / 31 = 1,206.45 → 1,206 dials; 17 × 10 × 22 / 31 = 120.65 → 121 effective.
    const hiredMidMonth = [planPublished(), hired('a1', { hiredOn: '2026-03-15' })];
    const onTarget = given(hiredMidMonth, dials('a1', 1206, { on: '2026-03-20', effective: 121 }));
    expect(amounts(onTarget.statement('a1', MARCH))).toEqual({ base: 27419, award_top_effective_calls: 10000 });
    expect(onTarget.line('a1', MARCH, 'base').explanation).toBe('17 of 31 days on probation at 500.00 (hired 2026-03-15)');

    // One dial short of 1,206: 274.1935… × 1/1,206 = 850,000 / 37,386 fen = 22.74 → −0.23.
    const oneShort = given(hiredMidMonth, dials('a1', 1205, { on: '2026-03-20', effective: 121 }));
    expect(amounts(oneShort.statement('a1', MARCH))).toMatchObject({ base: 27419, shortfall_deduction: -23 });
    expect(oneShort.line('a1', MARCH, 'shortfall_deduction').explanation).toBe('1,205 dials of 1,206 target: 1/1,206 of 274.19');

    // One effective call above the prorated 121: 2.00.
    const oneAbove = given(hiredMidMonth, dials('a1', 1206, { on: '2026-03-20', effective: 122 }));
    expect(oneAbove.line('a1', MARCH, 'effective_call_bonus')).toMatchObject({
      amountFen: 200,
      explanation: '122 effective calls − 121 target = 1 × 2.00',
    });
  });

  it('prorates the base of the month probation ends, by the days on each side', () => {
    // Hired 2026-02-18: probation ends 2026-05-18. May: 17 days at 500.00 and 14 at 1,500.00,
    // (17 × 50,000 + 14 × 150,000) / 31 = 2,950,000 / 31 = 95,161.29 fen → 951.61.
    const pay = given(planPublished(), hired('a1', { hiredOn: '2026-02-18' }), dials('a1', 2200, { on: '2026-05-20' }));
    expect(pay.line('a1', MAY, 'base')).toMatchObject({
      amountFen: 95161,
      explanation: '17 of 31 days on probation at 500.00 + 14 at 1,500.00 (probation ended 2026-05-18)',
    });
    // April is wholly on probation.
    expect(pay.line('a1', '2026-04', 'base')).toMatchObject({ amountFen: 50000, explanation: 'full month on probation at 500.00' });
  });

  it('weighs probation days by the probation targets, when the plan has them', () => {
    // Probation targets 50 dials / 5 effective a day. May dials target: (17 × 50 + 14 × 100) × 22 / 31 = 1,596.77 → 1,597.
    const plan = { ...HANDBOOK_PLAN, probationDailyTargets: { dials: 50, effectiveCalls: 5, talkMinutes: null } };
    const people = [planPublished(plan), hired('a1', { hiredOn: '2026-02-18' })];
    expect(amounts(given(people, dials('a1', 1597, { on: '2026-05-20' })).statement('a1', MAY))).toEqual({ base: 95161 });
    // 1,596 dials: 2,950,000 / 31 × 1 / 1,597 = 2,950,000 / 49,507 = 59.59 fen → −0.60.
    expect(amounts(given(people, dials('a1', 1596, { on: '2026-05-20' })).statement('a1', MAY))).toEqual({
      base: 95161,
      shortfall_deduction: -60,
    });
  });
});

describe('pay: effective-call bonus', () => {
  it('pays nothing for exactly 220 effective calls, the target', () => {
    const pay = given(planPublished(), hired('a1'), dials('a1', 2200, { on: '2026-03-10', effective: 220 }));
    expect(pay.statement('a1', MARCH).lines.map((l) => l.kind)).not.toContain('effective_call_bonus');
  });

  it('pays 2.00 for the 221st, naming the count, the target and the rate', () => {
    const pay = given(planPublished(), hired('a1'), dials('a1', 2200, { on: '2026-03-10', effective: 221 }));
    const bonus = pay.line('a1', MARCH, 'effective_call_bonus');
    // (221 − 220) × 2.00 = 2.00
    expect(bonus).toMatchObject({ amountFen: 200, explanation: '221 effective calls − 220 target = 1 × 2.00' });
    expect(bonus.sourceEventIds).toHaveLength(221);
    expect(bonus.sourceEventIds).toContain('call-a1-2026-03-10-221');
    expect(bonus.sourceEventIds).not.toContain('call-a1-2026-03-10-222'); // not effective
  });
});

describe('pay: shortfall deduction', () => {
  it('takes the whole base for zero dials under the handbook cap of 100 %', () => {
    // 1,500.00 × 2,200 / 2,200 = 1,500.00, which is also the cap.
    const pay = given(planPublished(), hired('a1'));
    expect(amounts(pay.statement('a1', MARCH))).toEqual({ base: 150000, shortfall_deduction: -150000 });
    expect(pay.line('a1', MARCH, 'shortfall_deduction')).toMatchObject({
      explanation: '0 dials of 2,200 target: 2,200/2,200 of 1,500.00',
      sourceEventIds: [],
    });
  });

  it('stops at the plan cap: half the base at 5000 bp', () => {
    // 1,500.00 × 2,200/2,200 = 1,500.00 capped at 1,500.00 × 50 % = 750.00.
    const capped = { ...HANDBOOK_PLAN, planId: 'capped', shortfallDeduction: { mode: 'proportional' as const, maxRatioBasisPoints: 5000 } };
    const pay = given(planPublished(capped), hired('a1', { planId: 'capped' }));
    expect(pay.line('a1', MARCH, 'shortfall_deduction')).toMatchObject({
      amountFen: -75000,
      explanation: '0 dials of 2,200 target: 2,200/2,200 of 1,500.00, capped at 50% of the base',
    });
  });

  it('deducts in proportion just under the target, sourced from the dials counted', () => {
    // 2,199 dials: 150,000 × 1 / 2,200 = 68.18 fen → −0.68.
    const oneShort = given(planPublished(), hired('a1'), dials('a1', 2199, { on: '2026-03-10' }));
    expect(amounts(oneShort.statement('a1', MARCH))).toEqual({ base: 150000, shortfall_deduction: -68 });
    // 2,100 dials: 150,000 × 100 / 2,200 = 6,818.18 fen → −68.18.
    const hundredShort = given(planPublished(), hired('a1'), dials('a1', 2100, { on: '2026-03-10' }));
    const deduction = hundredShort.line('a1', MARCH, 'shortfall_deduction');
    expect(deduction).toMatchObject({ amountFen: -6818, explanation: '2,100 dials of 2,200 target: 100/2,200 of 1,500.00' });
    expect(deduction.sourceEventIds).toHaveLength(2100);
  });

  it('counts a call in the month of its business day, not of its recording', () => {
    // 2,199 dials in March plus one at 00:30 on 1 April Shanghai time (16:30 UTC on 31 March): still one short.
    const late = { ...dials('a1', 1, { on: '2026-04-01' })[0] };
    late.data = { ...(late.data as object), startedAt: '2026-03-31T16:30:00Z' };
    const pay = given(planPublished(), hired('a1'), dials('a1', 2199, { on: '2026-03-10' }), late);
    expect(amounts(pay.statement('a1', MARCH))).toEqual({ base: 150000, shortfall_deduction: -68 });
  });

  it('never applies to a specialist', () => {
    const pay = given(planPublished(), hired('s1', { role: 'specialist' }));
    expect(amounts(pay.statement('s1', MARCH))).toEqual({ base: 150000 });
  });
});

describe('pay: deals', () => {
  const people = [planPublished(NO_DEDUCTION_PLAN), hired('a1', noDeduction), hired('a2', noDeduction), hired('s1', { ...noDeduction, role: 'specialist' })];

  it("pays the lead's owner 5 % of the commissionable base", () => {
    const pay = given(people, dealClosed('d1', { ownerId: 'a1', closedAt: '2026-03-05T15:00:00+08:00', baseFen: 100000 }));
    // 5 % of 1,000.00 = 50.00; a1 is also the agent with the most deals (1).
    expect(amounts(pay.statement('a1', MARCH))).toEqual({ base: 150000, 'deal_commission:d1': 5000, award_top_deals: 10000 });
    expect(pay.line('a1', MARCH, 'deal_commission:d1')).toMatchObject({
      sourceEventIds: ['deal-d1'],
      explanation: 'deal d1 on your lead, closed 2026-03-05: 5% of 1,000.00',
    });
  });

  it('rounds an odd commission half-up, once, per deal', () => {
    // 123.45 × 5 % = 6.1725 → 6.17; 123.50 × 5 % = 6.175 → 6.18.
    const pay = given(
      people,
      dealClosed('d1', { ownerId: 'a1', closedAt: '2026-03-05T15:00:00+08:00', baseFen: 12345 }),
      dealClosed('d2', { ownerId: 'a1', closedAt: '2026-03-06T15:00:00+08:00', baseFen: 12350 }),
    );
    expect(amounts(pay.statement('a1', MARCH))).toMatchObject({ 'deal_commission:d1': 617, 'deal_commission:d2': 618 });
  });

  it("splits a specialist's deal on an agent's number: 15 %, −3.00 to the specialist, +2.00 to the provider, 5 % to the owner", () => {
    const pay = given(
      people,
      dealClosed('d1', { ownerId: 'a1', closedBy: 's1', closedByRole: 'specialist', providedBy: 'a2', closedAt: '2026-03-05T15:00:00+08:00', baseFen: 100000 }),
    );
    // 15 % of 1,000.00 = 150.00, and 3.00 for the number.
    expect(amounts(pay.statement('s1', MARCH))).toEqual({ base: 150000, 'specialist_commission:d1': 15000, 'lead_fee_paid:d1': -300 });
    // The agent who brought the number: 2.00.
    expect(amounts(pay.statement('a2', MARCH))).toEqual({ base: 150000, 'lead_fee_received:d1': 200 });
    // The owner: 5 % of 1,000.00 = 50.00, and the deal counts for the owner's "most deals".
    expect(amounts(pay.statement('a1', MARCH))).toEqual({ base: 150000, 'deal_commission:d1': 5000, award_top_deals: 10000 });
    expect(pay.line('s1', MARCH, 'lead_fee_paid:d1').sourceEventIds).toEqual(['deal-d1']);
  });

  it('charges no lead fee when the number did not come from an agent', () => {
    const pay = given(
      people,
      dealClosed('d1', { closedBy: 's1', closedByRole: 'specialist', providedBy: 's1', closedAt: '2026-03-05T15:00:00+08:00', baseFen: 100000 }),
    );
    expect(amounts(pay.statement('s1', MARCH))).toEqual({ base: 150000, 'specialist_commission:d1': 15000 });
  });

  it('pays nothing for a deal cancelled in its own month, and does not count it for awards', () => {
    const pay = given(
      people,
      dealClosed('d1', { ownerId: 'a1', closedBy: 's1', closedByRole: 'specialist', providedBy: 'a1', closedAt: '2026-03-05T15:00:00+08:00', baseFen: 100000 }),
      dealClosed('d2', { ownerId: 'a2', closedAt: '2026-03-06T15:00:00+08:00', baseFen: 100000 }),
      dealCancelled('d1', '2026-03-20T10:00:00+08:00'),
    );
    expect(amounts(pay.statement('s1', MARCH))).toEqual({ base: 150000 });
    expect(amounts(pay.statement('a1', MARCH))).toEqual({ base: 150000 });
    // Without the cancellation a1 and a2 would share the award; now a2 alone has the most deals.
    expect(amounts(pay.statement('a2', MARCH))).toEqual({ base: 150000, 'deal_commission:d2': 5000, award_top_deals: 10000 });
    expect(pay.line('a2', MARCH, 'award_top_deals').explanation).toBe('most deals in 2026-03: 1');
  });
});

describe('pay: awards', () => {
  const people = [planPublished(NO_DEDUCTION_PLAN), hired('a1', noDeduction), hired('a2', noDeduction), hired('a3', noDeduction)];
  const deal = (dealId: string, ownerId: string) => dealClosed(dealId, { ownerId, closedAt: '2026-03-05T15:00:00+08:00', baseFen: 0 });

  it('gives the most-deals award to every agent tied at the top, and says it is shared', () => {
    const pay = given(people, deal('d1', 'a1'), deal('d2', 'a1'), deal('d3', 'a2'), deal('d4', 'a2'), deal('d5', 'a3'));
    // a1 and a2 have 2 deals each, a3 has 1: 100.00 each to a1 and a2 (a commission of 0 is no line).
    expect(amounts(pay.statement('a1', MARCH))).toEqual({ base: 150000, award_top_deals: 10000 });
    expect(amounts(pay.statement('a2', MARCH))).toEqual({ base: 150000, award_top_deals: 10000 });
    expect(amounts(pay.statement('a3', MARCH))).toEqual({ base: 150000 });
    expect(pay.line('a1', MARCH, 'award_top_deals')).toMatchObject({
      explanation: 'most deals in 2026-03: 2, shared by 2 agents',
      sourceEventIds: ['deal-d1', 'deal-d2'],
    });
  });

  it('gives the most-effective-calls award to every agent tied at the top', () => {
    const pay = given(
      people,
      dials('a1', 5, { on: '2026-03-10', effective: 3 }),
      dials('a2', 3, { on: '2026-03-11', effective: 3 }),
      dials('a3', 9, { on: '2026-03-12', effective: 2 }),
    );
    expect(amounts(pay.statement('a1', MARCH))).toEqual({ base: 150000, award_top_effective_calls: 10000 });
    expect(amounts(pay.statement('a2', MARCH))).toEqual({ base: 150000, award_top_effective_calls: 10000 });
    expect(amounts(pay.statement('a3', MARCH))).toEqual({ base: 150000 });
    expect(pay.line('a2', MARCH, 'award_top_effective_calls').explanation).toBe('most effective calls in 2026-03: 3, shared by 2 agents');
  });

  it("does not count a specialist's deals towards most deals", () => {
    const pay = given(
      people,
      hired('s1', { ...noDeduction, role: 'specialist' }),
      ['d1', 'd2', 'd3'].map((id) => dealClosed(id, { closedBy: 's1', closedByRole: 'specialist', closedAt: '2026-03-05T15:00:00+08:00', baseFen: 0 })),
      deal('d4', 'a3'),
    );
    expect(amounts(pay.statement('s1', MARCH))).toEqual({ base: 150000 });
    expect(pay.line('a3', MARCH, 'award_top_deals').explanation).toBe('most deals in 2026-03: 1');
  });

  it('awards nobody when nobody has an effective call or a deal', () => {
    const pay = given(people, dials('a1', 10, { on: '2026-03-10' }));
    expect(pay.statements(MARCH).flatMap((s) => s.lines.map((l) => l.kind))).toEqual(['base', 'base', 'base']);
  });
});

describe('pay: allowances', () => {
  it('pays the transport and communication allowances to agents and specialists alike', () => {
    const plan = { ...NO_DEDUCTION_PLAN, planId: 'allowances', allowancesFen: { transport: 30000, communication: 10000 } };
    const pay = given(planPublished(plan), hired('a1', { planId: 'allowances' }), hired('s1', { planId: 'allowances', role: 'specialist' }));
    for (const id of ['a1', 's1']) {
      expect(amounts(pay.statement(id, MARCH))).toEqual({ base: 150000, allowance_transport: 30000, allowance_communication: 10000 });
    }
    expect(pay.line('a1', MARCH, 'allowance_transport')).toMatchObject({
      explanation: 'monthly transport allowance 300.00',
      sourceEventIds: ['plan-allowances-v1'],
    });
  });
});

describe('pay: plan versions', () => {
  const v2 = { ...HANDBOOK_PLAN, version: 2, effectiveFrom: '2026-07-01', baseFen: { probation: 60000, regular: 180000 } };
  const pay = given(planPublished(), planPublished(v2), hired('a1'), dials('a1', 2200, { on: '2026-03-10' }), dials('a1', 2200, { on: '2026-07-10' }));

  it('prices each month by the version in force on its first day', () => {
    expect(pay.line('a1', MARCH, 'base')).toMatchObject({ amountFen: 150000, planVersion: 1 });
    expect(pay.line('a1', '2026-07', 'base')).toMatchObject({ amountFen: 180000, planVersion: 2, sourceEventIds: ['hire-a1', 'plan-standard-v2'] });
  });

  it('prices a month by another version on request (what-if)', () => {
    const whatIf = pay.statement('a1', MARCH, { planVersion: 2 });
    expect(amounts(whatIf)).toEqual({ base: 180000 });
    expect(whatIf.lines.every((l) => l.planVersion === 2)).toBe(true);
  });

  it('refuses a version the plan does not have', () => {
    let error: unknown;
    try {
      pay.statements(MARCH, { planVersion: 9 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'PAY.UNKNOWN_PLAN_VERSION', category: 'rule' });
  });
});

describe('pay: determinism', () => {
  const events = recorded([
    planPublished(NO_DEDUCTION_PLAN),
    hired('a2', noDeduction),
    hired('a1', noDeduction),
    hired('s1', { ...noDeduction, role: 'specialist' }),
    ...dials('a2', 30, { on: '2026-03-03', effective: 12 }),
    ...dials('a1', 40, { on: '2026-03-04', effective: 12 }),
    dealClosed('d2', { ownerId: 'a2', closedBy: 's1', closedByRole: 'specialist', providedBy: 'a1', closedAt: '2026-03-05T15:00:00+08:00', baseFen: 12345 }),
    dealClosed('d1', { ownerId: 'a1', closedAt: '2026-03-06T15:00:00+08:00', baseFen: 99999 }),
  ]);

  it('gives deep-equal, JSON-identical statements from the same events, folded once, twice or elsewhere', () => {
    const once = statementsFor(foldPayEvents(events), MARCH);
    const twice = statementsFor(foldPayEvents([...events, ...events]), MARCH);
    const elsewhere = statementsFor(foldPayEvents(events, emptyPayHistory()), MARCH);
    expect(twice).toEqual(once);
    expect(elsewhere).toEqual(once);
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
    expect(once.map((s) => s.agentId)).toEqual(['a1', 'a2', 's1']);
  });

  it('does not depend on the order of its input', () => {
    const input = monthInput(foldPayEvents(events), MARCH);
    const reversed = { ...input, people: [...input.people].reverse(), calls: [...input.calls].reverse(), deals: [...input.deals].reverse() };
    expect(JSON.stringify(computeMonth(reversed))).toBe(JSON.stringify(computeMonth(input)));
  });
});
