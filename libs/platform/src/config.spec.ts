import { generateKeyPairSync } from 'node:crypto';
import { DEV_PAYROLL_SIGNING_KEY, loadConfig, payrollSigningKeyFrom } from './config';

const PRODUCTION = { NODE_ENV: 'production', AUTH_JWT_SECRET: 's', PSEUDONYM_KEY: 'p' };

describe('the payroll signing key (PAYROLL_SIGNING_KEY)', () => {
  it('is required in production, like every secret, and the error names it', () => {
    expect(() => loadConfig({ ...PRODUCTION })).toThrow('PAYROLL_SIGNING_KEY must be set when NODE_ENV=production');
    expect(loadConfig({ ...PRODUCTION, PAYROLL_SIGNING_KEY: 'a'.repeat(64) })).toMatchObject({
      payrollSigningKey: 'a'.repeat(64),
      devPayrollSigningKey: false,
    });
  });

  it('falls back to the development key outside production, and says so', () => {
    expect(loadConfig({})).toMatchObject({ payrollSigningKey: DEV_PAYROLL_SIGNING_KEY, devPayrollSigningKey: true });
  });

  it('takes a PKCS#8 PEM (newlines escaped or not) or a 32-byte seed in hex, and names the same public key for both', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('hex');
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    expect(payrollSigningKeyFrom(pem).publicKeyHex).toBe(raw);
    expect(payrollSigningKeyFrom(pem.replace(/\n/g, '\\n')).publicKeyHex).toBe(raw);
    expect(payrollSigningKeyFrom(seed).publicKeyHex).toBe(raw);
  });

  it('stops the service at start on a key that is not an Ed25519 private key', () => {
    expect(() => loadConfig({ PAYROLL_SIGNING_KEY: 'not a key' })).toThrow('PAYROLL_SIGNING_KEY is not valid');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => payrollSigningKeyFrom(rsa)).toThrow('the key must be Ed25519, not rsa');
  });
});
