import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { sign } from 'jsonwebtoken';
import { TEST_SECRET } from '../support/app';
import { type Desk, expectRefused, startDesk, uniquePhone } from '../support/telesales';

let desk: Desk;

beforeAll(async () => {
  desk = await startDesk();
});

afterAll(async () => {
  await desk.app.close();
});

/** Every command route of API.md that this service serves, with a role that may call it. */
const COMMAND_ROUTES: { command: string; path: string; openapi: string; allowed: string }[] = [
  { command: 'HireAgent', path: '/agents', openapi: '/api/agents', allowed: 'hr' },
  { command: 'PublishCompensationPlan', path: '/plans', openapi: '/api/plans', allowed: 'payroll' },
  { command: 'RegisterLead', path: '/leads', openapi: '/api/leads', allowed: 'agent' },
  { command: 'AssignLead', path: '/leads/L-1/assign', openapi: '/api/leads/{leadId}/assign', allowed: 'supervisor' },
  { command: 'LogCall', path: '/calls', openapi: '/api/calls', allowed: 'agent' },
  { command: 'ReclassifyCall', path: '/calls/c-1/reclassify', openapi: '/api/calls/{callId}/reclassify', allowed: 'supervisor' },
  { command: 'GradeLead', path: '/leads/L-1/grade', openapi: '/api/leads/{leadId}/grade', allowed: 'agent' },
  { command: 'BookVisit', path: '/visits', openapi: '/api/visits', allowed: 'agent' },
  { command: 'CompleteVisit', path: '/visits/v-1/complete', openapi: '/api/visits/{visitId}/complete', allowed: 'agent' },
  { command: 'MissVisit', path: '/visits/v-1/miss', openapi: '/api/visits/{visitId}/miss', allowed: 'agent' },
  { command: 'CloseDeal', path: '/deals', openapi: '/api/deals', allowed: 'specialist' },
  { command: 'CancelDeal', path: '/deals/d-1/cancel', openapi: '/api/deals/{dealId}/cancel', allowed: 'supervisor' },
];

const claims = { sub: 'a-1', roles: ['director'] };
const now = () => Math.floor(Date.now() / 1000);

/** Authorization headers that do not prove who is calling. */
const BAD_CREDENTIALS: [string, () => string | null, string][] = [
  ['no Authorization header', () => null, 'AUTH.MISSING_TOKEN'],
  ['a scheme other than Bearer', () => `Token ${sign(claims, TEST_SECRET)}`, 'AUTH.MISSING_TOKEN'],
  ['Basic credentials', () => 'Basic ZGlyZWN0b3I6c2VjcmV0', 'AUTH.MISSING_TOKEN'],
  ['Bearer with nothing after it', () => 'Bearer ', 'AUTH.MISSING_TOKEN'],
  ['a bearer value that is no JWT', () => 'Bearer not-a-jwt', 'AUTH.INVALID_TOKEN'],
  ['a token signed with another secret', () => `Bearer ${sign(claims, 'someone-elses-secret', { algorithm: 'HS256' })}`, 'AUTH.INVALID_TOKEN'],
  ['an expired token', () => `Bearer ${sign({ ...claims, exp: now() - 60 }, TEST_SECRET, { algorithm: 'HS256' })}`, 'AUTH.INVALID_TOKEN'],
  ['an unsigned token (alg none)', () => `Bearer ${sign(claims, '', { algorithm: 'none' })}`, 'AUTH.INVALID_TOKEN'],
  ['a token signed with HS512 instead of HS256', () => `Bearer ${sign(claims, TEST_SECRET, { algorithm: 'HS512' })}`, 'AUTH.INVALID_TOKEN'],
  ['a token without roles', () => `Bearer ${sign({ sub: 'a-1' }, TEST_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`, 'AUTH.INVALID_TOKEN'],
  ['a token without a subject', () => `Bearer ${sign({ roles: ['director'] }, TEST_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`, 'AUTH.INVALID_TOKEN'],
  ['a token that never expires', () => `Bearer ${sign(claims, TEST_SECRET, { algorithm: 'HS256' })}`, 'AUTH.INVALID_TOKEN'],
  ['a token valid for a year', () => `Bearer ${sign(claims, TEST_SECRET, { algorithm: 'HS256', expiresIn: '365d' })}`, 'AUTH.INVALID_TOKEN'],
];

describe('who is calling: every command route refuses a caller it cannot identify with 401', () => {
  const cases = COMMAND_ROUTES.flatMap((route) => BAD_CREDENTIALS.map(([why, header, code]) => [route.command, why, route.path, header, code] as const));

  it.each(cases)('%s with %s', async (_command, _why, path, header, code) => {
    const res = await desk.refusedWithNothingAppended(() => desk.post(path, {}, header()));
    expectRefused(res, 401, code);
  });

  it('the expired token is refused for being expired', async () => {
    const expired = `Bearer ${sign({ ...claims, exp: now() - 60 }, TEST_SECRET, { algorithm: 'HS256' })}`;
    const res = await desk.post('/calls', {}, expired);
    expect(expectRefused(res, 401, 'AUTH.INVALID_TOKEN').message).toMatch(/expired/);
  });

  it.each(COMMAND_ROUTES.map((r) => [r.command, r.path, r.allowed] as const))(
    '%s: the same request with a valid token of an allowed role gets past the door (400 for its empty body)',
    async (_command, path, role) => {
      const res = await desk.post(path, { unexpected: true }, desk.bearer('someone-1', [role], 't1'));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
    },
  );
});

describe('what the caller may do: a role that may not run a command gets 403', () => {
  it.each(COMMAND_ROUTES.map((r) => [r.command, r.path] as const))('%s refuses an integrator', async (_command, path) => {
    const res = await desk.refusedWithNothingAppended(() => desk.post(path, {}, desk.integrator));
    expect(expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED').details).toMatchObject({ allowed: expect.any(Array) });
  });

  it.each(COMMAND_ROUTES.map((r) => [r.command, r.path] as const))('%s refuses a token with no roles at all', async (_command, path) => {
    const res = await desk.refusedWithNothingAppended(() => desk.post(path, {}, desk.bearer('nobody-1', [])));
    expectRefused(res, 403, 'AUTH.ROLE_NOT_ALLOWED');
  });

  it('a role is only as good as the token: claiming roles in a forged token does not help', async () => {
    const forged = `Bearer ${sign({ sub: 'mallory', roles: ['director'] }, 'guessed-secret', { algorithm: 'HS256' })}`;
    const res = await desk.refusedWithNothingAppended(() => desk.post('/plans', {}, forged));
    expectRefused(res, 401, 'AUTH.INVALID_TOKEN');
  });
});

describe('the audit read and personal data', () => {
  it('GET /api/streams/:id is 404 for a stream that does not exist, and 401 without a token', async () => {
    expectRefused(await desk.http.get('/api/streams/lead-nope').set('Authorization', desk.director), 404, 'STREAM.NOT_FOUND');
    expectRefused(await desk.http.get('/api/streams/lead-nope'), 401, 'AUTH.MISSING_TOKEN');
  });

  it('a role that does not work leads sees the phone masked; one that does sees it whole', async () => {
    const phone = uniquePhone();
    const { leadId } = await desk.registerLead({ phone });

    const asHr = await desk.http.get(`/api/streams/lead-${leadId}`).set('Authorization', desk.hr);
    const asDirector = await desk.http.get(`/api/streams/lead-${leadId}`).set('Authorization', desk.director);

    expect(asHr.status).toBe(200);
    expect(asHr.body.items[0].data.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(JSON.stringify(asHr.body)).not.toContain(phone);
    expect(asDirector.body.items[0].data.phone).toBe(phone);
  });
});

describe('health and documentation need no token', () => {
  it('GET /api/health answers anyone only up or down; a director or manager sees the details', async () => {
    for (const auth of [null, desk.integrator, desk.bearer('agent-1', ['agent']), 'Bearer not-a-jwt']) {
      const bare = auth ? await desk.http.get('/api/health').set('Authorization', auth) : await desk.http.get('/api/health');
      expect([bare.status, bare.body]).toEqual([200, { status: 'ok' }]);
    }
    const res = await desk.http.get('/api/health').set('Authorization', desk.director);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', store: { kind: desk.app.storeKind, status: 'up', headPosition: expect.stringMatching(/^\d+$/) } });
    expect(res.body.readModels).toEqual({ status: 'up', latencyMs: expect.any(Number) });
  });

  it('GET /api/health answers 503 when the read-model database (the TypeORM DataSource) does not answer', async () => {
    const readModels = desk.app.app.get<DataSource>(getDataSourceToken());
    // Only the health check's own query fails: the projections keep writing through the same DataSource.
    const query = readModels.query.bind(readModels);
    const failing = jest
      .spyOn(readModels, 'query')
      .mockImplementation((sql: string, ...rest: unknown[]) =>
        sql === 'SELECT 1' ? Promise.reject(new Error('connection terminated')) : query(sql, ...(rest as [])),
      );
    try {
      expect((await desk.http.get('/api/health')).body).toEqual({ status: 'degraded' });
      const res = await desk.http.get('/api/health').set('Authorization', desk.manager);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', readModels: { status: 'down', error: 'connection terminated' } });
    } finally {
      failing.mockRestore();
    }
    expect((await desk.http.get('/api/health')).status).toBe(200);
  });

  it('GET /api/openapi.json documents every command route as a POST answering 201', async () => {
    const res = await desk.http.get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = res.body.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    const missing = COMMAND_ROUTES.filter((r) => !paths[r.openapi]?.post).map((r) => `${r.command} ${r.openapi}`);
    expect(missing).toEqual([]);
    for (const route of COMMAND_ROUTES) expect(Object.keys(paths[route.openapi].post.responses ?? {})).toContain('201');
    expect(res.body.components?.securitySchemes).toBeDefined();
  });

  it("GET /api/openapi.json describes the read models' rows, field by field", async () => {
    const res = await desk.http.get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    // Follows a `$ref` into components.schemas (Swagger wraps a described one in a lone `allOf`).
    const resolve = (schema: any): any =>
      schema?.$ref
        ? resolve(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')])
        : schema?.allOf?.length === 1
          ? resolve(schema.allOf[0])
          : schema;
    const rowsOf = (path: string) => {
      const answer = resolve(doc.paths[path]?.get?.responses?.['200']?.content?.['application/json']?.schema);
      expect(answer?.properties?.items?.type).toBe('array');
      const row = resolve(answer.properties.items.items);
      expect(row?.type).toBe('object');
      return Object.fromEntries(Object.entries(row.properties ?? {}).map(([name, schema]) => [name, resolve(schema)]));
    };

    const lead = rowsOf('/api/pipeline');
    expect(Object.keys(lead)).toEqual(expect.arrayContaining(['leadId', 'stage', 'grade', 'ownerId', 'lastContactAt', 'nextFollowUpDue']));
    expect(lead.stage.enum).toEqual(['new', 'contacted', 'graded', 'visit_booked', 'visited', 'won', 'lost']);
    expect(lead.grade).toMatchObject({ type: 'string', nullable: true }); // a category of the plan: A–D, or its own
    expect(lead.lastContactAt).toMatchObject({ type: 'string', format: 'date-time', nullable: true });
    expect(lead.nextFollowUpDue).toMatchObject({ type: 'string', format: 'date', nullable: true });

    const day = rowsOf('/api/quota/daily');
    expect(day).toMatchObject({
      dials: { type: 'integer' },
      effectiveCalls: { type: 'integer' },
      talkSeconds: { type: 'integer' },
      met: { type: 'boolean' },
      makeUpOwed: { type: 'boolean' },
    });
  });

  it('GET /api/docs serves the HTML documentation', async () => {
    const res = await desk.http.get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/swagger/i);
  });
});
