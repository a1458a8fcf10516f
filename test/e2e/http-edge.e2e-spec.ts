import { sign } from 'jsonwebtoken';
import type { EdgeConfig } from '@app/platform';
import { TEST_SECRET } from '../support/app';
import { type Desk, expectRefused, startDesk } from '../support/telesales';

/**
 * The HTTP edge as configured for production (issue 14, point 5): security headers on every
 * answer, cross-origin calls from the configured origins only, a rate limit per caller, and tokens
 * that must expire, within the maximum age, from the configured issuer for the configured audience.
 */
const DASHBOARD = 'https://dash.example.com';
const EDGE: EdgeConfig = {
  maxTokenAgeSeconds: 600,
  issuer: 'https://sso.example.com',
  audience: 'ledger-api',
  rateLimitPerMinute: 5,
  corsOrigins: [DASHBOARD],
};

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk(undefined, { edge: EDGE });
});
afterAll(async () => {
  await desk?.app.close();
});

/** A token as the configured single sign-on would mint it, for `lifetime` seconds. */
const token = (sub: string, lifetime = 300, claims: object = { iss: EDGE.issuer, aud: EDGE.audience }) =>
  `Bearer ${sign({ sub, roles: ['director'], ...claims }, TEST_SECRET, { algorithm: 'HS256', expiresIn: lifetime })}`;

describe('security headers', () => {
  it('every answer, a refusal included, carries helmet’s headers', async () => {
    for (const res of [await desk.http.get('/api/health'), await desk.http.get('/api/streams/lead-nope')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('cross-origin calls', () => {
  const preflight = (origin: string) =>
    desk.http.options('/api/pipeline').set('Origin', origin).set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization');

  it('a configured origin may call, with the Authorization header', async () => {
    const res = await preflight(DASHBOARD);
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(DASHBOARD);
    expect(res.headers['access-control-allow-headers']).toMatch(/authorization/i);
  });

  it('any other origin gets no permission a browser would honour', async () => {
    const res = await preflight('https://evil.example.net');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('tokens', () => {
  it('a token of the configured issuer and audience, within the maximum age, is accepted', async () => {
    const res = await desk.http.get('/api/streams/lead-nope').set('Authorization', token('d-ok'));
    expectRefused(res, 404, 'STREAM.NOT_FOUND');
  });

  it.each([
    ['from another issuer', () => token('d-iss', 300, { iss: 'https://elsewhere.example.com', aud: EDGE.audience }), /issuer/],
    ['for another audience', () => token('d-aud', 300, { iss: EDGE.issuer, aud: 'another-api' }), /audience/],
    ['without issuer and audience', () => token('d-none', 300, {}), /issuer|audience/],
    ['living longer than the maximum age', () => token('d-long', 3600), /at most 600 s/],
  ])('a token %s is refused with 401', async (_why, header, message) => {
    // The auth guard answers before any handler runs (the desk's own fence would spend its rate limit).
    const res = await desk.post('/plans', {}, header());
    expect(expectRefused(res, 401, 'AUTH.INVALID_TOKEN').message).toMatch(message);
  });
});

describe('rate limit per caller', () => {
  it('the request past the limit is 429 with Retry-After in the error shape; another caller is not held up', async () => {
    const busy = token('d-busy');
    const answers = [];
    for (let i = 0; i < EDGE.rateLimitPerMinute + 1; i++) answers.push(await desk.http.get('/api/streams/lead-nope').set('Authorization', busy));
    expect(answers.slice(0, EDGE.rateLimitPerMinute).map((r) => r.status)).toEqual(Array(EDGE.rateLimitPerMinute).fill(404));
    const limited = answers[EDGE.rateLimitPerMinute];
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ statusCode: 429, error: 'Too Many Requests', code: 'HTTP.429', message: expect.stringMatching(/at most 5 a minute/) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);

    expect((await desk.http.get('/api/streams/lead-nope').set('Authorization', token('d-calm'))).status).toBe(404);
  });
});
