import type { Statement } from '@app/domain';
import { payrollCsv, yuan } from './payroll-csv';

const line = (kind: Statement['lines'][number]['kind'], amountFen: number, n = 0) => ({
  lineId: `2026-10:a:${kind}:${n}`,
  kind,
  amountFen,
  planId: 'p',
  planVersion: 1,
  sourceEventIds: [],
  explanation: '',
});

describe('payroll as CSV', () => {
  it('writes fen as yuan with two decimals by integer arithmetic', () => {
    expect([0, 5, -5, 100, 123456, -136364, 9007199254740991].map(yuan)).toEqual(['0.00', '0.05', '-0.05', '1.00', '1234.56', '-1363.64', '90071992547409.91']);
    expect(() => yuan(0.1)).toThrow(RangeError);
  });

  it('starts with the BOM, ends rows with CRLF, sums the lines of a kind, and keeps a name from running as a formula', () => {
    const statements: Statement[] = [
      { agentId: 'a1', month: '2026-10', lines: [line('deal_commission', 1050, 1), line('deal_commission', 2001, 2)], totalFen: 3051 },
      { agentId: 'a2', month: '2026-10', lines: [], totalFen: 0 },
    ];
    const text = payrollCsv(
      '2026-10',
      statements,
      new Map([
        ['a1', '王芳'],
        ['a2', '=HYPERLINK("http://x","点我")'],
      ]),
    );
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, first, second, end] = text.slice(1).split('\r\n');
    const columns = header.split(',');
    expect(end).toBe('');
    const cells = Object.fromEntries(first.split(',').map((c, i) => [columns[i], c]));
    expect(cells).toMatchObject({ agentId: 'a1', name: '王芳', deal_commission_yuan: '30.51', base_yuan: '0.00', total_yuan: '30.51' });
    expect(second.startsWith(`a2,"'=HYPERLINK(""http://x"",""点我"")",2026-10,`)).toBe(true);
  });
});
