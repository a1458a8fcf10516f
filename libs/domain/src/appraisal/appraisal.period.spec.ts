import { DomainError } from '../errors';
import { parsePeriod } from './appraisal.period';

describe('an appraisal period', () => {
  it('is a month, a quarter or a year, with its first and last day', () => {
    expect(parsePeriod('2026-10')).toEqual({ period: '2026-10', kind: 'month', from: '2026-10-01', to: '2026-10-31' });
    expect(parsePeriod('2028-02')).toEqual({ period: '2028-02', kind: 'month', from: '2028-02-01', to: '2028-02-29' });
    expect(parsePeriod('2026-Q4')).toEqual({ period: '2026-Q4', kind: 'quarter', from: '2026-10-01', to: '2026-12-31' });
    expect(parsePeriod('2026-Q1')).toEqual({ period: '2026-Q1', kind: 'quarter', from: '2026-01-01', to: '2026-03-31' });
    expect(parsePeriod('2026-Q2')).toEqual({ period: '2026-Q2', kind: 'quarter', from: '2026-04-01', to: '2026-06-30' });
    expect(parsePeriod('2026')).toEqual({ period: '2026', kind: 'year', from: '2026-01-01', to: '2026-12-31' });
  });

  it.each(['2026-13', '2026-Q5', '2026-q4', '26', '2026-1', '2026-10-01', '', ' 2026'])('refuses %j with a 400 naming the field', (bad) => {
    let error: unknown;
    try {
      parsePeriod(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'APPRAISAL.INVALID_PERIOD', category: 'validation', details: { field: 'period' } });
    expect((error as Error).message).toContain('period must be');
  });
});
