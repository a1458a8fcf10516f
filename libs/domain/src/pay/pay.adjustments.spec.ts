import { DomainError } from '../errors';
import { diffStatements, replayMonth } from './pay.adjustments';
import type { PayLine, Statement } from './pay.engine';
import { issuedStatements } from './pay.facts';
import {
  HANDBOOK_PLAN,
  NO_DEDUCTION_PLAN,
  amounts,
  callLogged,
  dealCancelled,
  dealClosed,
  dials,
  given,
  hired,
  planPublished,
  reclassified,
} from './pay.testing';

const MARCH = '2026-03';
const APRIL = '2026-04';
const MAY = '2026-05';
const noDeduction = { planId: NO_DEDUCTION_PLAN.planId };
const adjustmentsIn = (statement: Statement): PayLine[] => statement.lines.filter((l) => l.kind === 'prior_period_adjustment');

describe('prior-period adjustments: a deal cancelled after its month closed', () => {
  // d1: closed in March by specialist s1 on a lead owned by a1, whose number a2 brought in; 1,000.00 base.
  const marchDeal = () =>
    given(
      planPublished(NO_DEDUCTION_PLAN),
      hired('a1', noDeduction),
      hired('a2', noDeduction),
      hired('s1', { ...noDeduction, role: 'specialist' }),
      dealClosed('d1', { ownerId: 'a1', closedBy: 's1', closedByRole: 'specialist', providedBy: 'a2', closedAt: '2026-03-05T15:00:00+08:00', baseFen: 100000 }),
    );

  it('claws back, in the first open month, every line the deal produced', () => {
    const pay = marchDeal().close(MARCH).given(dealCancelled('d1', '2026-04-03T10:00:00+08:00'));

    // March paid a1 50.00 (5 %) and the most-deals award 100.00 (1 deal, the only one); now it has neither.
    expect(amounts(pay.statement('a1', APRIL))).toEqual({
      base: 150000,
      'adjustment:2026-03:a1:deal_commission:d1': -5000,
      'adjustment:2026-03:a1:award_top_deals': -10000,
    });
    // a2 was paid 2.00 for the number.
    expect(amounts(pay.statement('a2', APRIL))).toEqual({ base: 150000, 'adjustment:2026-03:a2:lead_fee_received:d1': -200 });
    // s1 was paid 150.00 (15 %) and charged 3.00 for the number: both reversed.
    expect(amounts(pay.statement('s1', APRIL))).toEqual({
      base: 150000,
      'adjustment:2026-03:s1:specialist_commission:d1': -15000,
      'adjustment:2026-03:s1:lead_fee_paid:d1': 300,
    });

    expect(pay.line('a1', APRIL, 'adjustment:2026-03:a1:deal_commission:d1')).toEqual({
      lineId: '2026-04:a1:adjustment:2026-03:a1:deal_commission:d1',
      kind: 'prior_period_adjustment',
      amountFen: -5000,
      planId: 'no-deduction',
      planVersion: 1,
      sourceEventIds: ['cancel-d1'],
      explanation: '2026-03 deal commission on deal d1: paid 50.00, now 0.00 (deal d1 cancelled)',
      correctsLineId: '2026-03:a1:deal_commission:d1',
    });
    for (const statement of pay.statements(APRIL)) {
      for (const line of adjustmentsIn(statement)) expect(line.sourceEventIds).toEqual(['cancel-d1']);
    }
  });

  it('leaves the closed month as issued and adjusts only once', () => {
    const pay = marchDeal().close(MARCH).given(dealCancelled('d1', '2026-04-03T10:00:00+08:00'));
    // The closed month is frozen: still the commission it paid.
    expect(amounts(pay.statement('a1', MARCH))).toMatchObject({ 'deal_commission:d1': 5000 });
    // A month after the first open one carries no adjustments.
    expect(pay.statements(MAY).flatMap(adjustmentsIn)).toEqual([]);

    // Once April is closed with the claw-back, May owes nothing more for March.
    pay.close(APRIL);
    expect(pay.statements(MAY).flatMap(adjustmentsIn)).toEqual([]);
  });

  it('replays the closed month as issued to the fen, and as of now by exactly the adjustments owed', () => {
    const pay = marchDeal().close(MARCH).given(dealCancelled('d1', '2026-04-03T10:00:00+08:00'));
    const issued = issuedStatements(pay.history, MARCH);

    const asIssued = replayMonth(pay.history, MARCH, { asOf: 'issued' });
    expect(asIssued.statements).toEqual(issued);
    expect(asIssued.diff).toEqual([]);

    const asOfNow = replayMonth(pay.history, MARCH, { asOf: 'now' });
    expect(asOfNow.diff).toEqual([
      {
        agentId: 'a1',
        deltaFen: -15000,
        lines: [
          { lineId: '2026-03:a1:award_top_deals', issuedFen: 10000, nowFen: null },
          { lineId: '2026-03:a1:deal_commission:d1', issuedFen: 5000, nowFen: null },
        ],
      },
      { agentId: 'a2', deltaFen: -200, lines: [{ lineId: '2026-03:a2:lead_fee_received:d1', issuedFen: 200, nowFen: null }] },
      {
        agentId: 's1',
        deltaFen: -14700,
        lines: [
          { lineId: '2026-03:s1:lead_fee_paid:d1', issuedFen: -300, nowFen: null },
          { lineId: '2026-03:s1:specialist_commission:d1', issuedFen: 15000, nowFen: null },
        ],
      },
    ]);
    // The same differences, line for line, as the adjustments April carries.
    const owed = pay
      .statements(APRIL)
      .flatMap(adjustmentsIn)
      .map((l) => [l.correctsLineId, l.amountFen]);
    const replayed = asOfNow.diff.flatMap((d) => d.lines.map((l) => [l.lineId, (l.nowFen ?? 0) - (l.issuedFen ?? 0)]));
    expect(owed.sort()).toEqual(replayed.sort());
  });

  it('replays a month that carried adjustments as issued, adjustments included', () => {
    const pay = marchDeal().close(MARCH).given(dealCancelled('d1', '2026-04-03T10:00:00+08:00')).close(APRIL);
    expect(issuedStatements(pay.history, APRIL).flatMap(adjustmentsIn)).toHaveLength(5);
    expect(replayMonth(pay.history, APRIL, { asOf: 'issued' }).statements).toEqual(issuedStatements(pay.history, APRIL));
    expect(replayMonth(pay.history, MARCH, { asOf: 'issued' }).statements).toEqual(issuedStatements(pay.history, MARCH));
  });
});

describe('prior-period adjustments: a call reclassified after its month closed', () => {
  // March: 2,200 dials, 221 effective: bonus (221 − 220) × 2.00 = 2.00.
  const march = dials('a1', 2200, { on: '2026-03-10', effective: 221 });
  const call222 = march[221]; // not effective when logged

  it('moves the bonus by exactly that call: one line of 2.00 sourced from the reclassification', () => {
    const pay = given(planPublished(), hired('a1'), march)
      .close(MARCH)
      .given(reclassified(call222, true, 'qa-1'));
    // Now 222 effective: (222 − 220) × 2.00 = 4.00, 2.00 of it paid. The top-caller award is unchanged.
    expect(adjustmentsIn(pay.statement('a1', APRIL))).toEqual([
      {
        lineId: '2026-04:a1:adjustment:2026-03:a1:effective_call_bonus',
        kind: 'prior_period_adjustment',
        amountFen: 200,
        planId: 'standard',
        planVersion: 1,
        sourceEventIds: ['qa-1'],
        explanation: '2026-03 effective call bonus: paid 2.00, now 4.00 (call a1-2026-03-10-222 reclassified as appointment_set)',
        correctsLineId: '2026-03:a1:effective_call_bonus',
      },
    ]);
  });

  it('counts what earlier adjustments already paid when the call is reclassified back', () => {
    const pay = given(planPublished(), hired('a1'), march)
      .close(MARCH)
      .given(reclassified(call222, true, 'qa-1'))
      .close(APRIL)
      .given(reclassified({ ...call222, data: { ...(call222.data as object), outcome: 'appointment_set', effective: true } }, false, 'qa-2'));
    // Paid for March's bonus: 2.00 in March + 2.00 in April = 4.00; now 2.00 again: −2.00, from the second review only.
    expect(adjustmentsIn(pay.statement('a1', MAY))).toMatchObject([
      { amountFen: -200, sourceEventIds: ['qa-2'], correctsLineId: '2026-03:a1:effective_call_bonus' },
    ]);
  });

  it('pays back a deduction when a call of the closed month is logged late', () => {
    // March: 2,199 dials, 150,000 × 1/2,200 = 68.18 → −0.68. The 2,200th, logged in April, cancels it.
    const late = callLogged('late-1', 'a1', '2026-03-31T18:00:00+08:00');
    const pay = given(planPublished(), hired('a1'), dials('a1', 2199, { on: '2026-03-10' }))
      .close(MARCH)
      .given(late);
    expect(adjustmentsIn(pay.statement('a1', APRIL))).toMatchObject([
      {
        amountFen: 68,
        correctsLineId: '2026-03:a1:shortfall_deduction',
        sourceEventIds: ['call-late-1'],
        explanation: '2026-03 shortfall deduction: paid -0.68, now 0.00 (call late-1 recorded after the close)',
      },
    ]);
  });
});

describe('prior-period adjustments: an award that changes hands', () => {
  it('moves the award from the agent overtaken to the one whose late calls overtook them', () => {
    const people = [planPublished(NO_DEDUCTION_PLAN), hired('a1', noDeduction), hired('a2', noDeduction)];
    const lateCalls = [callLogged('late-1', 'a2', '2026-03-20T10:00:00+08:00', true), callLogged('late-2', 'a2', '2026-03-20T11:00:00+08:00', true)];
    const pay = given(people, dials('a1', 3, { on: '2026-03-10', effective: 3 }), dials('a2', 2, { on: '2026-03-10', effective: 2 }))
      .close(MARCH)
      .given(lateCalls);
    // March: a1 led with 3 effective calls to a2's 2 and was paid the 100.00 award; a2 now has 4.
    expect(adjustmentsIn(pay.statement('a1', APRIL))).toMatchObject([
      { amountFen: -10000, correctsLineId: '2026-03:a1:award_top_effective_calls', sourceEventIds: ['call-late-1', 'call-late-2'] },
    ]);
    expect(adjustmentsIn(pay.statement('a2', APRIL))).toMatchObject([
      { amountFen: 10000, correctsLineId: '2026-03:a2:award_top_effective_calls', sourceEventIds: ['call-late-1', 'call-late-2'] },
    ]);
  });
});

describe('prior-period adjustments: a plan version that reprices a closed month', () => {
  it('adjusts each line the new version prices differently, sourced from its publication', () => {
    const v2 = { ...NO_DEDUCTION_PLAN, version: 2, effectiveFrom: '2026-03-01', baseFen: { probation: 50000, regular: 180000 } };
    const pay = given(planPublished(NO_DEDUCTION_PLAN), hired('a1', noDeduction)).close(MARCH).given(planPublished(v2));
    // 1,800.00 − 1,500.00 = 300.00, priced by version 2.
    expect(adjustmentsIn(pay.statement('a1', APRIL))).toMatchObject([
      { amountFen: 30000, planVersion: 2, sourceEventIds: ['plan-no-deduction-v2'], correctsLineId: '2026-03:a1:base' },
    ]);
  });
});

describe('replaying a month', () => {
  const v2 = { ...HANDBOOK_PLAN, version: 2, effectiveFrom: '2026-07-01', baseFen: { probation: 60000, regular: 180000 } };

  it('prices a closed month with another version on request (what-if) and diffs it', () => {
    const pay = given(planPublished(), planPublished(v2), hired('a1'), dials('a1', 2200, { on: '2026-03-10' })).close(MARCH);
    const whatIf = replayMonth(pay.history, MARCH, { asOf: 'now', planVersion: 2 });
    expect(whatIf.planVersion).toBe(2);
    // 1,800.00 instead of 1,500.00.
    expect(whatIf.diff).toEqual([{ agentId: 'a1', deltaFen: 30000, lines: [{ lineId: '2026-03:a1:base', issuedFen: 150000, nowFen: 180000 }] }]);
  });

  it('refuses to replay an open month as issued', () => {
    const pay = given(planPublished(), hired('a1'));
    expect(() => replayMonth(pay.history, MARCH, { asOf: 'issued' })).toThrow(DomainError);
    expect(replayMonth(pay.history, MARCH, { asOf: 'now' })).toMatchObject({ state: 'open', issued: [] });
  });

  it('diffs only the agents and lines that differ', () => {
    const line = (lineId: string, amountFen: number) => ({ lineId, amountFen }) as PayLine;
    const statement = (agentId: string, lines: PayLine[]): Statement => ({
      agentId,
      month: MARCH,
      lines,
      totalFen: lines.reduce((s, l) => s + l.amountFen, 0),
    });
    const issued = [statement('a1', [line('b', 100), line('c', 5)]), statement('a2', [line('b', 100)])];
    const now = [statement('a1', [line('b', 100), line('d', 7)]), statement('a2', [line('b', 100)])];
    expect(diffStatements(issued, now)).toEqual([
      {
        agentId: 'a1',
        deltaFen: 2,
        lines: [
          { lineId: 'c', issuedFen: 5, nowFen: null },
          { lineId: 'd', issuedFen: null, nowFen: 7 },
        ],
      },
    ]);
  });
});
