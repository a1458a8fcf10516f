import { generateKeyPairSync } from 'node:crypto';
import { DEV_PAYROLL_SIGNING_KEY, loadConfig, MIN_JWT_SECRET_BYTES, payrollSigningKeyFrom } from './config';

const production = {
  NODE_ENV: 'production',
  AUTH_JWT_SECRET: 'x'.repeat(MIN_JWT_SECRET_BYTES),
  PSEUDONYM_KEY: 'p'.repeat(32),
  PAYROLL_SIGNING_KEY: 'a'.repeat(64),
};

describe('the HTTP edge configuration', () => {
  it('limits each caller to 1,200 requests a minute, tokens to 12 hours, and allows no other origin unless told', () => {
    expect(loadConfig({}).edge).toEqual({ maxTokenAgeSeconds: 43_200, issuer: undefined, audience: undefined, rateLimitPerMinute: 1200, corsOrigins: [] });
  });

  it('takes the operator’s limits, issuer, audience and origins', () => {
    const edge = loadConfig({
      AUTH_MAX_TOKEN_AGE_SECONDS: '3600',
      AUTH_ISSUER: 'https://sso.example.com',
      AUTH_AUDIENCE: 'ledger-api',
      RATE_LIMIT_PER_MINUTE: '0',
      CORS_ORIGINS: 'https://dash.example.com, http://localhost:5173',
    }).edge;
    expect(edge).toEqual({
      maxTokenAgeSeconds: 3600,
      issuer: 'https://sso.example.com',
      audience: 'ledger-api',
      rateLimitPerMinute: 0,
      corsOrigins: ['https://dash.example.com', 'http://localhost:5173'],
    });
  });

  it.each([
    ['RATE_LIMIT_PER_MINUTE', 'lots'],
    ['AUTH_MAX_TOKEN_AGE_SECONDS', '0'],
    ['CORS_ORIGINS', 'dash.example.com'],
    ['CORS_ORIGINS', 'https://dash.example.com/app'],
    ['CORS_ORIGINS', '*'],
  ])('refuses to start with %s=%j, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it(`refuses a production secret shorter than ${MIN_JWT_SECRET_BYTES} bytes, and takes one that long`, () => {
    expect(() => loadConfig({ ...production, AUTH_JWT_SECRET: 'short-secret' })).toThrow(/AUTH_JWT_SECRET must be at least 32 bytes/);
    expect(loadConfig(production).jwtSecret).toBe(production.AUTH_JWT_SECRET);
  });
});

const PRODUCTION = { NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(MIN_JWT_SECRET_BYTES), PSEUDONYM_KEY: 'p' };

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
