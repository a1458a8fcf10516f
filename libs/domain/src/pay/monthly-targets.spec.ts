import { monthlyTargets } from '../plan/calendar';
import { HANDBOOK_PLAN } from './pay.testing';

const PROBATION_TARGETS_PLAN = { ...HANDBOOK_PLAN, probationDailyTargets: { dials: 50, effectiveCalls: 5, talkMinutes: null } };

describe('monthly targets', () => {
  it('are daily target × working days in a full regular month: 2,200 dials and 220 effective calls', () => {
    expect(monthlyTargets(HANDBOOK_PLAN, '2025-06-01', '2026-03')).toEqual({
      dials: 2200,
      effectiveCalls: 220,
      daysInMonth: 31,
      employedDays: 31,
      probationDays: 0,
    });
    // February has 28 days and the same target: the proration is by share of the month, not by days.
    expect(monthlyTargets(HANDBOOK_PLAN, '2025-06-01', '2026-02')).toMatchObject({ dials: 2200, effectiveCalls: 220, daysInMonth: 28 });
  });

  it('are prorated by calendar days employed for someone hired on the 15th', () => {
    // 15..31 March = 17 days: dials 17 × 100 × 22 / 31 = 1,206.45 → 1,206; effective 17 × 10 × 22 / 31 = 120.65 → 121
    expect(monthlyTargets(HANDBOOK_PLAN, '2026-03-15', '2026-03')).toEqual({
      dials: 1206,
      effectiveCalls: 121,
      daysInMonth: 31,
      employedDays: 17,
      probationDays: 17,
    });
  });

  it('weigh probation days by the probation targets in the month probation ends', () => {
    // hired 2026-02-18, probation ends 2026-05-18: 17 days at 50/5, 14 at 100/10 in May.
    // dials (17 × 50 + 14 × 100) × 22 / 31 = 49,500 / 31 = 1,596.77 → 1,597
    // effective (17 × 5 + 14 × 10) × 22 / 31 = 4,950 / 31 = 159.68 → 160
    expect(monthlyTargets(PROBATION_TARGETS_PLAN, '2026-02-18', '2026-05')).toEqual({
      dials: 1597,
      effectiveCalls: 160,
      daysInMonth: 31,
      employedDays: 31,
      probationDays: 17,
    });
    // Without probation targets the days still count as probation days (for the base) but weigh 100/10.
    expect(monthlyTargets(HANDBOOK_PLAN, '2026-02-18', '2026-05')).toMatchObject({ dials: 2200, effectiveCalls: 220, probationDays: 17 });
    // A whole month on probation with probation targets: 50 × 22 = 1,100.
    expect(monthlyTargets(PROBATION_TARGETS_PLAN, '2026-02-18', '2026-04')).toMatchObject({ dials: 1100, effectiveCalls: 110 });
  });

  it('are zero in a month before the hire', () => {
    expect(monthlyTargets(HANDBOOK_PLAN, '2026-04-01', '2026-03')).toMatchObject({ dials: 0, effectiveCalls: 0, employedDays: 0 });
  });
});
