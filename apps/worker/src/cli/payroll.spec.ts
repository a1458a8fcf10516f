import { DEV_PAYROLL_SIGNING_KEY, payrollSigningKeyFrom } from '@app/platform';
import { parseVerifyArgs, VERIFY_EXIT, verificationReport, verifyingKey } from './payroll';

describe('npm run payroll -- verify', () => {
  it('takes a month and, optionally, the public key to check signatures with', () => {
    expect(parseVerifyArgs(['verify', '2026-10'])).toEqual({ month: '2026-10' });
    expect(parseVerifyArgs(['verify', '2026-10', '--public-key', 'AB'.repeat(32)])).toEqual({ month: '2026-10', publicKey: 'ab'.repeat(32) });
    expect(() => parseVerifyArgs(['verify', '2026-13'])).toThrow('2026-13: the month must be YYYY-MM');
    expect(() => parseVerifyArgs(['verify', '2026-10', '--public-key', 'xyz'])).toThrow('not understood');
  });

  it('checks with the public half of the configured key, or with the one given', () => {
    const dev = payrollSigningKeyFrom(DEV_PAYROLL_SIGNING_KEY);
    expect(verifyingKey(undefined, DEV_PAYROLL_SIGNING_KEY).publicKeyHex).toBe(dev.publicKeyHex);
    const given = verifyingKey(dev.publicKeyHex, undefined);
    expect(given.publicKey.export({ format: 'der', type: 'spki' })).toEqual(dev.publicKey.export({ format: 'der', type: 'spki' }));
  });

  it('says which person differs, and exits non-zero on any failure', () => {
    const report = verificationReport({
      month: '2026-10',
      outcome: 'failed',
      statements: 2,
      manifestSha256: 'ab'.repeat(32),
      previousMonth: '2026-09',
      findings: [
        { check: 'statement', agentId: 'a1', message: 'a1: the statement as stored differs from the one issued' },
        { check: 'chain', message: 'the chain is broken' },
      ],
    });
    expect(report.split('\n')).toEqual([
      '2026-10: FAILED — 2 findings',
      '  [statement] a1: the statement as stored differs from the one issued',
      '  [chain] the chain is broken',
      '  statements that differ: a1',
    ]);
    expect(VERIFY_EXIT).toEqual({ verified: 0, failed: 1, not_closed: 1, no_manifest: 3 });
  });
});
