import { chineseWorkCalendar } from '../calendar/working-days';
import { monthlyTargets } from './calendar';
import type { CompensationPlan } from './plan';
import { HANDBOOK_PLAN } from '../../../../test/support/handbook-plan';

// The handbook plan: 100 dials and 10 effective calls a day, 22 shifts a month, 3 months' probation
// without probation targets. October 2026 has 31 days and 18 working days (DOMAIN.md); from
// Thursday 10-15 there are 17 calendar days and 12 working days (15, 16, 19–23, 26–30).
const plan = (fields: Partial<CompensationPlan> = {}): CompensationPlan => ({ ...HANDBOOK_PLAN, ...fields });

describe("a month's targets", () => {
  it('keeps the handbook 22 shifts for a full month, whatever the holidays, unless the plan counts working days', () => {
    expect(monthlyTargets(plan(), '2026-01-05', '2026-10')).toMatchObject({ dials: 2200, effectiveCalls: 220 });
    expect(monthlyTargets(plan({ partMonthBasis: 'workingDays' }), '2026-01-05', '2026-10')).toMatchObject({ dials: 2200, effectiveCalls: 220 });
    // 18 working days × 100 and × 10.
    expect(monthlyTargets(plan({ monthlyTargetBasis: 'workingDays' }), '2026-01-05', '2026-10')).toMatchObject({
      dials: 1800,
      effectiveCalls: 180,
    });
  });

  it('prorates a plan that says nothing by calendar days, exactly as before', () => {
    // 100 × 17 × 22 / 31 = 1206.45 → 1206; 10 × 17 × 22 / 31 = 120.65 → 121.
    expect(monthlyTargets(plan(), '2026-10-15', '2026-10')).toEqual({
      dials: 1206,
      effectiveCalls: 121,
      daysInMonth: 31,
      employedDays: 17,
      probationDays: 17,
    });
  });

  it('prorates by working days employed when the plan says so', () => {
    // 100 × 12 × 22 / 18 = 1466.67 → 1467; 10 × 12 × 22 / 18 = 146.67 → 147.
    expect(monthlyTargets(plan({ partMonthBasis: 'workingDays' }), '2026-10-15', '2026-10')).toMatchObject({ dials: 1467, effectiveCalls: 147 });
    // Working days over working days: 12 × 100 and 12 × 10, nothing to round.
    expect(monthlyTargets(plan({ partMonthBasis: 'workingDays', monthlyTargetBasis: 'workingDays' }), '2026-10-15', '2026-10')).toMatchObject({
      dials: 1200,
      effectiveCalls: 120,
    });
    // Hired on the last day of the National Day holiday: the same 18 working days as the whole month.
    expect(monthlyTargets(plan({ partMonthBasis: 'workingDays' }), '2026-10-07', '2026-10')).toMatchObject({ dials: 2200, effectiveCalls: 220 });
  });

  it('counts the calendar it is given, overrides included', () => {
    const withoutTheSaturday = chineseWorkCalendar({ '2026-10-10': 'holiday' });
    expect(monthlyTargets(plan({ monthlyTargetBasis: 'workingDays' }), '2026-01-05', '2026-10', withoutTheSaturday)).toMatchObject({ dials: 1700 });
    // A plan that counts no working days never reads the calendar.
    const unreadable = {
      isWorkingDay: () => {
        throw new Error('read');
      },
    };
    expect(monthlyTargets(plan(), '2026-10-15', '2026-10', unreadable)).toMatchObject({ dials: 1206 });
  });

  it("prorates a leaver's month over the whole month's days, on either basis", () => {
    // Last working day Thursday 10-15: 15 calendar days employed, 7 working days (8, 9, 10, 12–15) of the month's 18.
    // Calendar days: 100 × 15 × 22 / 31 = 1064.52 → 1065; 10 × 15 × 22 / 31 = 106.45 → 106.
    expect(monthlyTargets(plan(), '2026-01-05', '2026-10', undefined, '2026-10-15')).toMatchObject({
      dials: 1065,
      effectiveCalls: 106,
      employedDays: 15,
    });
    // Working days: 100 × 7 × 22 / 18 = 855.56 → 856; 10 × 7 × 22 / 18 = 85.56 → 86 (the days after the leaving still count in the 18).
    expect(monthlyTargets(plan({ partMonthBasis: 'workingDays' }), '2026-01-05', '2026-10', undefined, '2026-10-15')).toMatchObject({
      dials: 856,
      effectiveCalls: 86,
    });
    // Working days over working days: 7 × 100 and 7 × 10.
    expect(
      monthlyTargets(plan({ partMonthBasis: 'workingDays', monthlyTargetBasis: 'workingDays' }), '2026-01-05', '2026-10', undefined, '2026-10-15'),
    ).toMatchObject({ dials: 700, effectiveCalls: 70 });
  });
});
