import { loadConfig, MIN_JWT_SECRET_BYTES } from './config';

const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(MIN_JWT_SECRET_BYTES), PSEUDONYM_KEY: 'p'.repeat(32) };

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
