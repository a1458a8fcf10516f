import { specification } from '../testing/given-when-then';
import { streams } from '../streams';
import type { Statement } from './pay.engine';
import { type ClosePayMonthContext, type PayMonthEvent, decideClosePayMonth, evolvePayMonth, initialPayMonthState } from './pay-month';

const given = specification(initialPayMonthState, evolvePayMonth, decideClosePayMonth);
const statement = (agentId: string, totalFen: number): Statement => ({
  agentId,
  month: '2026-03',
  totalFen,
  lines: [
    {
      lineId: `2026-03:${agentId}:base`,
      kind: 'base',
      amountFen: totalFen,
      planId: 'standard',
      planVersion: 1,
      sourceEventIds: [`hire-${agentId}`],
      explanation: 'full month at 1,500.00',
    },
  ],
});
const context = (overrides: Partial<ClosePayMonthContext> = {}): ClosePayMonthContext => ({
  now: new Date('2026-04-02T09:00:00+08:00'),
  timeZones: ['Asia/Shanghai'],
  latestClosedMonth: '2026-02',
  statements: [statement('a2', 150000), statement('a1', 95161)],
  upToPosition: 1234n,
  ...overrides,
});
const closed: PayMonthEvent = {
  type: 'PayMonthClosed',
  data: { month: '2026-03', upToPosition: '1234', closedAt: '2026-04-02T01:00:00.000Z', statementCount: 2, totalFen: 245161 },
};

describe('closing a pay month', () => {
  it('issues one statement per person, by agentId, then closes with the count and total', () => {
    given([])
      .when({ month: '2026-03' }, context())
      .then([
        { type: 'PayStatementIssued', data: { month: '2026-03', upToPosition: '1234', statement: statement('a1', 95161) } },
        { type: 'PayStatementIssued', data: { month: '2026-03', upToPosition: '1234', statement: statement('a2', 150000) } },
        closed,
      ]);
    expect(streams.payMonth('2026-03')).toBe('paymonth-2026-03');
  });

  it('is idempotent: closing a closed month again decides nothing', () => {
    given([closed])
      .when({ month: '2026-03' }, context({ latestClosedMonth: '2026-03' }))
      .then([]);
  });

  it('refuses a month that has not ended, naming when it ends', () => {
    given([])
      .when({ month: '2026-03' }, context({ now: new Date('2026-03-31T23:59:00+08:00') }))
      .thenRefused('PAY.MONTH_NOT_ENDED', 'rule');
    expect(() => decideClosePayMonth({ month: '2026-03' }, initialPayMonthState, context({ now: new Date('2026-03-31T23:59:00+08:00') }))).toThrow(
      'pay month 2026-03 has not ended: it ends at 2026-04-01T00:00:00+08:00 (Asia/Shanghai)',
    );
  });

  it('waits for the month to end in every time zone the plans use', () => {
    // 09:00 on 1 April in Shanghai is still 18:00 on 31 March in Los Angeles (PDT, −07:00).
    const both = context({ now: new Date('2026-04-01T09:00:00+08:00'), timeZones: ['Asia/Shanghai', 'America/Los_Angeles'] });
    expect(() => decideClosePayMonth({ month: '2026-03' }, initialPayMonthState, both)).toThrow('it ends at 2026-04-01T00:00:00-07:00 (America/Los_Angeles)');
    // With no zones given, the department's default (Asia/Shanghai) decides.
    expect(decideClosePayMonth({ month: '2026-03' }, initialPayMonthState, { ...both, timeZones: [] })).toHaveLength(3);
  });

  it('closes months in order, naming the month to close first', () => {
    given([])
      .when({ month: '2026-03' }, context({ latestClosedMonth: '2026-01' }))
      .thenRefused('PAY.PREVIOUS_MONTH_OPEN', 'rule');
    expect(() => decideClosePayMonth({ month: '2026-03' }, initialPayMonthState, context({ latestClosedMonth: '2026-01' }))).toThrow(
      'close 2026-02 before 2026-03',
    );
    // A month before the latest closed one that was never closed cannot be closed any more.
    given([])
      .when({ month: '2026-03' }, context({ latestClosedMonth: '2026-04' }))
      .thenRefused('PAY.MONTH_ORDER', 'rule');
    // The very first close may be any ended month.
    expect(decideClosePayMonth({ month: '2026-03' }, initialPayMonthState, context({ latestClosedMonth: null }))).toHaveLength(3);
  });

  it('refuses a month that is not YYYY-MM', () => {
    given([]).when({ month: '2026-3' }, context()).thenRefused('PAY.INVALID_MONTH', 'validation');
    given([]).when({ month: '2026-13' }, context()).thenRefused('PAY.INVALID_MONTH', 'validation');
  });
});
