import { sign } from 'jsonwebtoken';
import { ROLES, type Role } from '@app/domain';
import { ROUTE_ACCESS, type RouteAccess, routeKey, type RouteScope } from '../../apps/api/src/http/route-access';
import { TEST_SECRET } from '../support/app';
import { type Desk, minutesFromNow, startDesk, uniqueId, uniquePhone } from '../support/telesales';
import { appendedByRefusals, buildDepartment, type Department, type Sent } from './support/department';
import { type RawAnswer, RawHttp } from './support/raw-http';
import { controllerRoutes, fillPath, servedRoutes } from './support/routes';

/**
 * Every route × every caller, generated from the table in apps/api/src/http/route-access.ts:
 * each role of DOMAIN.md, four ways of not proving who you are, and, where a row is scoped,
 * another team's supervisor and another person. A refused request answers 401/403 with a stable
 * code and appends nothing; an allowed one gets past the guard (a 400/404/422 for its dummy
 * request is fine: the point is the door).
 */

let desk: Desk;
let http: RawHttp;
let dept: Department;
let sequence = 0;

beforeAll(async () => {
  desk = await startDesk();
  http = new RawHttp(desk.app.app);
  dept = await buildDepartment(desk);
});

afterAll(async () => {
  http?.close();
  await desk?.app.close();
});

// ---- the table and the app agree ----

describe('the route table (apps/api/src/http/route-access.ts)', () => {
  it('has a row for every route the app serves, and a route for every row', () => {
    const served = new Set(servedRoutes(desk.app.app).map(routeKey));
    const rows = new Set(ROUTE_ACCESS.map(routeKey));
    const missingRows = [...served].filter((r) => !rows.has(r));
    const missingRoutes = [...rows].filter((r) => !served.has(r));
    if (missingRows.length || missingRoutes.length) {
      throw new Error(
        [
          missingRows.length ? `routes with no row in ROUTE_ACCESS (add one):\n  ${missingRows.join('\n  ')}` : '',
          missingRoutes.length ? `rows of ROUTE_ACCESS the app does not serve (remove or fix them):\n  ${missingRoutes.join('\n  ')}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }
  });

  it('has one row per route', () => {
    const keys = ROUTE_ACCESS.map(routeKey);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it("gives each controller route the roles of its @Roles, or 'public' for @Public", () => {
    const rows = new Map(ROUTE_ACCESS.map((r) => [routeKey(r), r]));
    const disagreements: string[] = [];
    for (const route of controllerRoutes(desk.app.app)) {
      const row = rows.get(routeKey(route));
      if (!row) continue; // reported by the first test
      // No @Roles on a guarded route lets every authenticated role through.
      const declared = route.access.public ? 'public' : [...(route.access.roles ?? ROLES)].sort().join(',');
      const tabled = row.roles === 'public' ? 'public' : [...row.roles].sort().join(',');
      if (declared !== tabled) disagreements.push(`${routeKey(route)} (${route.handler}): the code says ${declared}, the table ${tabled}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('lists as public every route served outside the controllers (the guard never sees them)', () => {
    const guarded = new Set(controllerRoutes(desk.app.app).map(routeKey));
    const outside = ROUTE_ACCESS.filter((r) => !guarded.has(routeKey(r)));
    expect(outside.filter((r) => r.roles !== 'public').map(routeKey)).toEqual([]);
  });
});

// ---- every route × every caller ----

const now = () => Math.floor(Date.now() / 1000);
const DIRECTOR = { sub: 'matrix-director', roles: ['director'] };

/** Requests that do not prove who is calling, each with the code it is refused with. */
const NOT_IDENTIFIED: { name: string; authorization: () => string | null; code: string }[] = [
  { name: 'no token', authorization: () => null, code: 'AUTH.MISSING_TOKEN' },
  {
    name: 'a forged token (another secret)',
    authorization: () => `Bearer ${sign(DIRECTOR, 'not-the-secret', { algorithm: 'HS256' })}`,
    code: 'AUTH.INVALID_TOKEN',
  },
  {
    name: 'an expired token',
    authorization: () => `Bearer ${sign({ ...DIRECTOR, exp: now() - 60 }, TEST_SECRET, { algorithm: 'HS256' })}`,
    code: 'AUTH.INVALID_TOKEN',
  },
  {
    name: 'a malformed header (scheme Token)',
    authorization: () => `Token ${sign(DIRECTOR, TEST_SECRET, { algorithm: 'HS256' })}`,
    code: 'AUTH.MISSING_TOKEN',
  },
  { name: 'a malformed header (Bearer garbage)', authorization: () => 'Bearer eyJhbGciOi.not-a-jwt', code: 'AUTH.INVALID_TOKEN' },
];

const subOf = (role: Role) => `matrix-${role}`;
const tokenOf = (role: Role) =>
  `Bearer ${sign({ sub: subOf(role), roles: [role], team: 'matrix-team' }, TEST_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`;

/** A request the route can parse, aimed at nothing that exists: ids that name nobody, a month far ahead; `:agentId` is the caller. */
function dummyRequest(row: RouteAccess, callerSub: string): { path: string; body?: string } {
  const path = fillPath(
    row.path,
    new Proxy({} as Record<string, string>, {
      has: () => true,
      get: (_, name: string) => (name === 'agentId' ? callerSub : name === 'month' ? '2999-12' : `matrix-none-${name}`),
    }),
  );
  return row.method === 'GET' || row.method === 'DELETE' ? { path } : { path, body: '{}' };
}

async function send(
  sent: Map<string, Sent>,
  label: string,
  method: string,
  request: { path: string; body?: string },
  authorization: string | null,
): Promise<RawAnswer> {
  const correlationId = `matrix-${++sequence}`;
  const headers: Record<string, string> = { 'X-Correlation-Id': correlationId };
  if (authorization !== null) headers.Authorization = authorization;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await http.send({ method, path: request.path, headers, body: request.body });
  sent.set(correlationId, { label, status: res.status });
  return res;
}

const describeAnswer = (res: RawAnswer) =>
  `${res.status} ${typeof res.body === 'object' ? JSON.stringify(res.body).slice(0, 300) : String(res.text).slice(0, 120)}`;

/** Runs `act` between two fences and adds to `problems` whatever a refused request appended. */
async function nothingAppendedByRefusals(problems: string[], act: (sent: Map<string, Sent>) => Promise<void>): Promise<void> {
  const sent = new Map<string, Sent>();
  const { appended } = await desk.appendedDuring(() => act(sent));
  problems.push(...appendedByRefusals(appended, sent));
}

describe('the watch on the event log (a check of this suite itself)', () => {
  it('traces an append to the request that made it, and would report it were that request refused', async () => {
    const sent = new Map<string, Sent>();
    const { appended } = await desk.appendedDuring(async () => {
      const res = await send(sent, 'a grade by a manager', 'POST', { path: `/api/leads/${dept.leadId}/grade`, body: '{"grade":"C"}' }, desk.manager);
      expect(res.status).toBe(201);
    });
    expect(appendedByRefusals(appended, sent)).toEqual([]);
    const asIfRefused = new Map([...sent].map(([id, s]) => [id, { ...s, status: 403 }]));
    expect(appendedByRefusals(appended, asIfRefused)).toEqual([expect.stringContaining('a grade by a manager answered 403 but appended LeadGraded')]);
    expect(appendedByRefusals(appended, new Map())).toEqual([expect.stringContaining('was appended by no request of this batch')]);
  });
});

const cellCount = ROUTE_ACCESS.length * (ROLES.length + NOT_IDENTIFIED.length);

describe(`every route × every caller (${ROUTE_ACCESS.length} routes, ${cellCount} cells)`, () => {
  it.each(ROUTE_ACCESS.map((row) => [routeKey(row), row] as const))('%s', async (key, row) => {
    const problems: string[] = [];
    await nothingAppendedByRefusals(problems, async (sent) => {
      for (const role of ROLES) {
        const res = await send(sent, `${key} as ${role}`, row.method, dummyRequest(row, subOf(role)), tokenOf(role));
        const allowed = row.roles === 'public' || row.roles.includes(role);
        if (allowed && (res.status === 401 || res.status === 403 || res.status >= 500)) {
          problems.push(`${role} may call it, but got ${describeAnswer(res)}`);
        }
        if (!allowed && (res.status !== 403 || res.body?.code !== 'AUTH.ROLE_NOT_ALLOWED')) {
          problems.push(`${role} may not call it: expected 403 AUTH.ROLE_NOT_ALLOWED, got ${describeAnswer(res)}`);
        }
      }
      for (const caller of NOT_IDENTIFIED) {
        const res = await send(sent, `${key} with ${caller.name}`, row.method, dummyRequest(row, DIRECTOR.sub), caller.authorization());
        if (row.roles === 'public') {
          if (res.status === 401 || res.status === 403 || res.status >= 500) problems.push(`public, but ${caller.name} got ${describeAnswer(res)}`);
        } else if (res.status !== 401 || res.body?.code !== caller.code) {
          problems.push(`${caller.name}: expected 401 ${caller.code}, got ${describeAnswer(res)}`);
        }
      }
    });
    expect(problems).toEqual([]);
  });
});

// ---- scoped rows: another team, another person ----

interface Probe {
  /** Who calls: the Authorization header. */
  caller: (d: Department) => string;
  /** For a read, whom the same request is for (200): the resource's owner, their supervisor, the webhook's integrator. */
  rightful?: (d: Department) => string;
  request: (d: Department) => { path: string; body?: unknown };
  status: 403 | 404;
  code: string;
}

const json = (body: unknown) => body;
const otherIntegrator = () => `Bearer ${sign({ sub: 'int-2', roles: ['integrator'] }, TEST_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`;
const anotherPerson = (d: Department) => d.colleague.auth;
const anotherTeam = (d: Department) => d.supervisorOfOther;
const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;
const NOT_SELF = { status: 403, code: 'AUTH.NOT_SELF' } as const;
const OTHER_TEAM = { status: 403, code: 'AUTH.OTHER_TEAM' } as const;
const NOT_YOURS = { status: 404, code: 'WEBHOOK.NOT_FOUND' } as const;

/** For each scoped row, a request on `owner`'s (team `mine`'s) resource by someone it is not for. */
const PROBES: Record<string, Partial<Record<RouteScope, Probe>>> = {
  'POST /api/leads': {
    self: {
      caller: anotherPerson,
      request: (d) => ({ path: '/api/leads', body: { leadId: uniqueId('L'), phone: uniquePhone(), providedBy: d.owner.agentId } }),
      ...NOT_SELF,
    },
    team: {
      caller: anotherTeam,
      request: (d) => ({ path: '/api/leads', body: { leadId: uniqueId('L'), phone: uniquePhone(), providedBy: d.owner.agentId } }),
      ...OTHER_TEAM,
    },
  },
  'POST /api/leads/:leadId/assign': {
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/leads/${d.leadId}/assign`, body: { agentId: d.owner.agentId } }), ...OTHER_TEAM },
  },
  'POST /api/leads/:leadId/grade': {
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/leads/${d.leadId}/grade`, body: { grade: 'B' } }), ...OTHER_TEAM },
  },
  'POST /api/calls': {
    self: { caller: anotherPerson, request: (d) => ({ path: '/api/calls', body: callBody(d) }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: '/api/calls', body: callBody(d) }), ...OTHER_TEAM },
  },
  'POST /api/calls/:callId/reclassify': {
    team: {
      caller: anotherTeam,
      request: (d) => ({ path: `/api/calls/${d.callId}/reclassify`, body: { outcome: 'interested', reason: 'QA review' } }),
      ...OTHER_TEAM,
    },
  },
  'POST /api/visits': {
    self: { caller: anotherPerson, request: (d) => ({ path: '/api/visits', body: visitBody(d) }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: '/api/visits', body: visitBody(d) }), ...OTHER_TEAM },
  },
  'POST /api/visits/:visitId/complete': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/visits/${d.visitId}/complete`, body: {} }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/visits/${d.visitId}/complete`, body: {} }), ...OTHER_TEAM },
  },
  'POST /api/visits/:visitId/miss': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/visits/${d.visitId}/miss`, body: {} }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/visits/${d.visitId}/miss`, body: {} }), ...OTHER_TEAM },
  },
  'POST /api/visits/:visitId/sheet': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/visits/${d.visitId}/sheet`, body: visitSheet() }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/visits/${d.visitId}/sheet`, body: visitSheet() }), ...OTHER_TEAM },
  },
  'POST /api/deals': {
    self: { caller: (d) => d.otherCloser.auth, request: (d) => ({ path: '/api/deals', body: dealBody(d) }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: '/api/deals', body: dealBody(d) }), ...OTHER_TEAM },
  },
  'POST /api/deals/:dealId/cancel': {
    team: {
      caller: anotherTeam,
      request: (d) => ({ path: `/api/deals/${d.dealId}/cancel`, body: { reason: 'refund', cancelledAt: minutesFromNow(0) } }),
      ...OTHER_TEAM,
    },
  },
  'GET /api/pipeline': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/pipeline${q({ ownerId: d.owner.agentId })}` }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/pipeline${q({ teamId: d.teams.mine })}` }), ...OTHER_TEAM },
  },
  'GET /api/follow-ups': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/follow-ups${q({ agentId: d.owner.agentId })}` }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/follow-ups${q({ agentId: d.owner.agentId })}` }), ...OTHER_TEAM },
  },
  'GET /api/quota/daily': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/quota/daily${q({ agentId: d.owner.agentId })}` }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/quota/daily${q({ teamId: d.teams.mine })}` }), ...OTHER_TEAM },
  },
  'GET /api/quota/monthly': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/quota/monthly${q({ agentId: d.owner.agentId })}` }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/quota/monthly${q({ teamId: d.teams.mine })}` }), ...OTHER_TEAM },
  },
  'GET /api/briefing': {
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/briefing${q({ teamId: d.teams.mine })}` }), ...OTHER_TEAM },
  },
  'GET /api/specialists/weekly': {
    self: {
      caller: (d) => d.otherCloser.auth,
      rightful: (d) => d.closer.auth,
      request: (d) => ({ path: `/api/specialists/weekly${q({ agentId: d.closer.agentId })}` }),
      ...NOT_SELF,
    },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/specialists/weekly${q({ teamId: d.teams.mine })}` }), ...OTHER_TEAM },
  },
  'POST /api/work-logs': {
    self: {
      caller: anotherPerson,
      request: (d) => ({ path: '/api/work-logs', body: { agentId: d.owner.agentId, date: '2026-10-12', summary: '日志' } }),
      ...NOT_SELF,
    },
  },
  'POST /api/work-plans': {
    self: {
      caller: anotherPerson,
      request: (d) => ({ path: '/api/work-plans', body: { agentId: d.owner.agentId, planDay: '2026-10-15', work: '计划', prospects: '意向客户' } }),
      ...NOT_SELF,
    },
  },
  'GET /api/discipline': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/discipline${q({ agentId: d.owner.agentId })}` }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/discipline${q({ teamId: d.teams.mine })}` }), ...OTHER_TEAM },
  },
  'GET /api/commissions/:agentId/:month': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/commissions/${d.owner.agentId}/${d.period}` }), ...NOT_SELF },
  },
  'POST /api/appraisals': {
    team: {
      caller: anotherTeam,
      request: (d) => ({ path: '/api/appraisals', body: { appraisalId: uniqueId('ap'), agentId: d.owner.agentId, period: d.period } }),
      ...OTHER_TEAM,
    },
  },
  'POST /api/appraisals/:id/score': {
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/appraisals/${d.appraisalId}/score`, body: { ability: 80, attitude: 80 } }), ...OTHER_TEAM },
  },
  'POST /api/appraisals/:id/finalize': {
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/appraisals/${d.appraisalId}/finalize` }), ...OTHER_TEAM },
  },
  'POST /api/appraisals/:id/feedback': {
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/appraisals/${d.appraisalId}/feedback`, body: { givenAt: minutesFromNow(0) } }), ...OTHER_TEAM },
  },
  'POST /api/appraisals/:id/appeals': {
    self: {
      caller: anotherPerson,
      request: (d) => ({
        path: `/api/appraisals/${d.appealedAppraisalId}/appeals`,
        body: { appealId: uniqueId('appeal'), claims: [{ text: 'not mine to appeal', eventIds: [] }] },
      }),
      status: 403,
      code: 'APPEAL.NOT_APPRAISED_AGENT',
    },
  },
  'POST /api/appeals/:appealId/resolve': {
    team: {
      caller: anotherTeam,
      request: (d) => ({ path: `/api/appeals/${d.appealId}/resolve`, body: { decision: 'rejected', reason: 'not my team' } }),
      ...OTHER_TEAM,
    },
  },
  'GET /api/appraisals/:id': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/appraisals/${d.appraisalId}` }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/appraisals/${d.appraisalId}` }), ...OTHER_TEAM },
  },
  'GET /api/appraisals/:id/evidence': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/appraisals/${d.appraisalId}/evidence` }), ...NOT_SELF },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/appraisals/${d.appraisalId}/evidence` }), ...OTHER_TEAM },
  },
  'GET /api/streams/:streamId': {
    self: { caller: anotherPerson, request: (d) => ({ path: `/api/streams/agent-${d.owner.agentId}` }), status: 403, code: 'AUTH.STREAM_NOT_YOURS' },
    team: { caller: anotherTeam, request: (d) => ({ path: `/api/streams/agent-${d.owner.agentId}` }), status: 403, code: 'AUTH.STREAM_NOT_YOURS' },
  },
  'GET /api/webhooks/:webhookId': {
    owner: { caller: otherIntegrator, request: (d) => ({ path: `/api/webhooks/${d.webhookId}` }), ...NOT_YOURS },
  },
  'POST /api/webhooks/:webhookId/redrive': {
    owner: { caller: otherIntegrator, request: (d) => ({ path: `/api/webhooks/${d.webhookId}/redrive` }), ...NOT_YOURS },
  },
  'POST /api/webhooks/:webhookId/deactivate': {
    owner: { caller: otherIntegrator, request: (d) => ({ path: `/api/webhooks/${d.webhookId}/deactivate` }), ...NOT_YOURS },
  },
  'DELETE /api/webhooks/:webhookId': {
    owner: { caller: otherIntegrator, request: (d) => ({ path: `/api/webhooks/${d.webhookId}` }), ...NOT_YOURS },
  },
};

function callBody(d: Department) {
  return json({ callId: uniqueId('c'), leadId: d.leadId, agentId: d.owner.agentId, startedAt: minutesFromNow(-60), durationSeconds: 60, outcome: 'connected' });
}
function visitBody(d: Department) {
  return json({ visitId: uniqueId('v'), leadId: d.leadId, agentId: d.owner.agentId, scheduledAt: minutesFromNow(24 * 60) });
}
function visitSheet() {
  return json({ departedAt: minutesFromNow(-120), feedback: 'liked the show flat' });
}
function dealBody(d: Department) {
  return json({ dealId: uniqueId('d'), leadId: d.leadId, closedBy: d.closer.agentId, amountFen: 100_000, closedAt: minutesFromNow(-60) });
}

const SCOPED = ROUTE_ACCESS.flatMap((row) => (row.scope ?? []).map((scope) => [routeKey(row), scope, row] as const));
const RIGHTFUL: Record<RouteScope, (d: Department) => string> = {
  self: (d) => d.owner.auth,
  team: (d) => d.supervisorOfMine,
  owner: () => desk.integrator,
};
const WHO: Record<RouteScope, string> = {
  self: 'another person (an agent or specialist on someone else’s)',
  team: 'another team (a supervisor of another team)',
  owner: 'another integrator (told it does not exist)',
};

describe(`scoped routes: another team, another person (${SCOPED.length} cells)`, () => {
  it('every scope of the table has its probe here, and every probe a scoped row', () => {
    const tabled = new Set(SCOPED.map(([key, scope]) => `${key} ${scope}`));
    const probed = new Set(Object.entries(PROBES).flatMap(([key, probes]) => Object.keys(probes).map((scope) => `${key} ${scope}`)));
    expect({ withoutProbe: [...tabled].filter((k) => !probed.has(k)), withoutRow: [...probed].filter((k) => !tabled.has(k)) }).toEqual({
      withoutProbe: [],
      withoutRow: [],
    });
  });

  it.each(SCOPED.map(([key, scope, row]) => [key, WHO[scope], scope, row] as const))('%s by %s', async (key, _who, scope, row) => {
    const probe = PROBES[key]?.[scope];
    if (!probe) throw new Error(`no probe for ${key} ${scope}: add one to PROBES`);
    const problems: string[] = [];
    await nothingAppendedByRefusals(problems, async (sent) => {
      const { path, body } = probe.request(dept);
      const res = await send(
        sent,
        `${key} by ${scope}`,
        row.method,
        { path, body: body === undefined ? (row.method === 'POST' ? '{}' : undefined) : JSON.stringify(body) },
        probe.caller(dept),
      );
      if (res.status !== probe.status || res.body?.code !== probe.code) problems.push(`expected ${probe.status} ${probe.code}, got ${describeAnswer(res)}`);
      // A read changes nothing, so the same request by whom it is for shows the refusal is the scope's, not the request's.
      if (row.method === 'GET') {
        const own = await send(sent, `${key} by its rightful reader`, row.method, { path }, (probe.rightful ?? RIGHTFUL[scope])(dept));
        if (own.status !== 200) problems.push(`the same request by whom it is for: expected 200, got ${describeAnswer(own)}`);
      }
    });
    expect(problems).toEqual([]);
  });
});

describe('a supervisor naming another team’s person on a read filtered by team', () => {
  // Not a scope of its own: the team filter alone would answer these with an empty 200.
  const NAMED: [string, (d: Department) => string][] = [
    ['GET /api/pipeline?ownerId', (d) => `/api/pipeline${q({ ownerId: d.owner.agentId })}`],
    ['GET /api/quota/daily?agentId', (d) => `/api/quota/daily${q({ agentId: d.owner.agentId })}`],
    ['GET /api/quota/monthly?agentId', (d) => `/api/quota/monthly${q({ agentId: d.owner.agentId })}`],
    ['GET /api/briefing?agentId', (d) => `/api/briefing${q({ agentId: d.owner.agentId })}`],
    ['GET /api/discipline?agentId', (d) => `/api/discipline${q({ agentId: d.owner.agentId })}`],
    ['GET /api/specialists/weekly?agentId', (d) => `/api/specialists/weekly${q({ agentId: d.closer.agentId })}`],
  ];

  it.each(NAMED)('%s: 403 for another team’s supervisor, 200 for the person’s own', async (label, path) => {
    const sent = new Map<string, Sent>();
    const refused = await send(sent, label, 'GET', { path: path(dept) }, anotherTeam(dept));
    expect([refused.status, refused.body?.code]).toEqual([403, 'AUTH.OTHER_TEAM']);
    const own = await send(sent, label, 'GET', { path: path(dept) }, dept.supervisorOfMine);
    expect(own.status).toBe(200);
  });
});
