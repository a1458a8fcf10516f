import type { Role } from '@app/domain';

/**
 * Who may call every route the service serves: one row per route, as Express registers it.
 *
 * Adding a route? Add its row here. `test/security/authorization-matrix.e2e-spec.ts` reads the
 * routes from the running app and fails when a route has no row, a row has no route, or a row's
 * roles differ from the route's `@Roles`/`@Public`; it then calls every route as every role of
 * DOMAIN.md and without valid credentials, and (for a scoped row) as another team and another
 * person. `test/security/fuzz-commands.e2e-spec.ts` sends generated bodies to every command row.
 */

/**
 * Narrower than the role, decided from the resource:
 * - `self`: an agent or specialist acts on, or reads, only what is theirs (403 otherwise);
 * - `team`: a supervisor only their own team's (403 otherwise);
 * - `owner`: only the integrator who registered it; anyone else is told it does not exist (404),
 *   so that webhook ids do not leak from one integrator to another.
 */
export type RouteScope = 'self' | 'team' | 'owner';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteAccess {
  method: HttpMethod;
  /** With the global prefix and Express parameters: `/api/leads/:leadId/assign`. */
  path: string;
  /** The roles the guard lets through, or `public` for a route that needs no token. */
  roles: readonly Role[] | 'public';
  scope?: readonly RouteScope[];
}

const FRONT_LINE = ['agent', 'specialist', 'supervisor', 'manager', 'director'] as const satisfies readonly Role[];
const MANAGING_APPRAISALS = ['supervisor', 'manager', 'director', 'hr'] as const satisfies readonly Role[];

export const ROUTE_ACCESS: readonly RouteAccess[] = [
  // ---- public: liveness, and the documents integrators code against ----
  { method: 'GET', path: '/api/health', roles: 'public' },
  { method: 'GET', path: '/api/openapi.json', roles: 'public' },
  { method: 'GET', path: '/api/asyncapi.json', roles: 'public' },
  // Swagger UI (registered by SwaggerModule.setup, outside the guard).
  { method: 'GET', path: '/api/docs', roles: 'public' },
  { method: 'GET', path: '/api/docs/', roles: 'public' },
  { method: 'GET', path: '/api/docs/index.html', roles: 'public' },
  { method: 'GET', path: '/api/docs/swagger-ui-init.js', roles: 'public' },
  { method: 'GET', path: '/api/docs/docs/swagger-ui-init.js', roles: 'public' },
  { method: 'GET', path: '/api/docs/LICENSE', roles: 'public' },
  { method: 'GET', path: '/api/docs-yaml', roles: 'public' },

  // ---- staff and plans ----
  { method: 'POST', path: '/api/agents', roles: ['hr', 'manager', 'director'] },
  { method: 'POST', path: '/api/agents/:agentId/leave', roles: ['hr', 'manager', 'director'] },
  { method: 'POST', path: '/api/agents/:agentId/rehire', roles: ['hr', 'manager', 'director'] },
  { method: 'POST', path: '/api/agents/:agentId/transfer', roles: ['hr', 'manager', 'director'] },
  { method: 'POST', path: '/api/agents/:agentId/plan', roles: ['hr', 'manager', 'director'] },
  { method: 'POST', path: '/api/agents/:agentId/role', roles: ['hr', 'manager', 'director'] },
  { method: 'POST', path: '/api/plans', roles: ['payroll', 'director'] },

  // ---- leads, calls, visits, deals ----
  { method: 'POST', path: '/api/leads', roles: FRONT_LINE, scope: ['self', 'team'] },
  { method: 'POST', path: '/api/leads/:leadId/assign', roles: ['supervisor', 'manager', 'director'], scope: ['team'] },
  { method: 'POST', path: '/api/leads/:leadId/grade', roles: ['agent', 'supervisor', 'manager', 'director'], scope: ['team'] },
  { method: 'POST', path: '/api/calls', roles: ['agent', 'supervisor', 'manager', 'director'], scope: ['self', 'team'] },
  // qa: only calls a call-quality draw chose (422 CALL_QUALITY.CALL_NOT_DRAWN otherwise).
  { method: 'POST', path: '/api/calls/:callId/reclassify', roles: ['supervisor', 'manager', 'director', 'qa'], scope: ['team'] },
  { method: 'POST', path: '/api/visits', roles: ['agent', 'supervisor', 'manager', 'director'], scope: ['self', 'team'] },
  { method: 'POST', path: '/api/visits/:visitId/complete', roles: FRONT_LINE, scope: ['self', 'team'] },
  { method: 'POST', path: '/api/visits/:visitId/miss', roles: FRONT_LINE, scope: ['self', 'team'] },
  { method: 'POST', path: '/api/visits/:visitId/sheet', roles: ['agent', 'specialist', 'supervisor'], scope: ['self', 'team'] },
  { method: 'POST', path: '/api/deals', roles: ['specialist', 'supervisor', 'manager', 'director'], scope: ['self', 'team'] },
  { method: 'POST', path: '/api/deals/:dealId/cancel', roles: ['supervisor', 'manager', 'director'], scope: ['team'] },

  // ---- read models ----
  { method: 'GET', path: '/api/pipeline', roles: FRONT_LINE, scope: ['self', 'team'] },
  { method: 'GET', path: '/api/follow-ups', roles: FRONT_LINE, scope: ['self', 'team'] },
  { method: 'GET', path: '/api/quota/daily', roles: FRONT_LINE, scope: ['self', 'team'] },
  { method: 'GET', path: '/api/quota/monthly', roles: FRONT_LINE, scope: ['self', 'team'] },
  { method: 'GET', path: '/api/leaderboard', roles: FRONT_LINE },
  { method: 'GET', path: '/api/briefing', roles: ['supervisor', 'manager', 'director'], scope: ['team'] },
  { method: 'GET', path: '/api/specialists/weekly', roles: ['specialist', 'supervisor', 'manager', 'director'], scope: ['self', 'team'] },

  // ---- daily discipline: the work log, the plans of the 15th and 30th, who is late ----
  { method: 'POST', path: '/api/work-logs', roles: ['agent'], scope: ['self'] },
  { method: 'POST', path: '/api/work-plans', roles: ['agent'], scope: ['self'] },
  { method: 'GET', path: '/api/discipline', roles: ['agent', 'supervisor', 'manager', 'director'], scope: ['self', 'team'] },

  // ---- pay ----
  { method: 'GET', path: '/api/commissions/:agentId/:month', roles: ['agent', 'specialist', 'payroll', 'director'], scope: ['self'] },
  { method: 'GET', path: '/api/payroll/:month', roles: ['payroll', 'director'] },
  { method: 'GET', path: '/api/payroll/:month/manifest', roles: ['payroll', 'director'] },
  { method: 'POST', path: '/api/payroll/:month/replay', roles: ['payroll', 'director'] },
  { method: 'POST', path: '/api/payroll/:month/close', roles: ['payroll'] },

  // ---- appraisals ----
  { method: 'POST', path: '/api/appraisals', roles: MANAGING_APPRAISALS, scope: ['team'] },
  { method: 'POST', path: '/api/appraisals/:id/score', roles: ['supervisor', 'manager', 'director'], scope: ['team'] },
  { method: 'POST', path: '/api/appraisals/:id/finalize', roles: MANAGING_APPRAISALS, scope: ['team'] },
  { method: 'POST', path: '/api/appraisals/:id/feedback', roles: MANAGING_APPRAISALS, scope: ['team'] },
  { method: 'POST', path: '/api/appraisals/:id/appeals', roles: ['agent', 'specialist'], scope: ['self'] },
  { method: 'POST', path: '/api/appeals/:appealId/resolve', roles: MANAGING_APPRAISALS, scope: ['team'] },
  { method: 'POST', path: '/api/appraisals/:id/archive', roles: ['hr', 'manager', 'director'] },
  { method: 'GET', path: '/api/appraisals/:id', roles: ['agent', 'specialist', ...MANAGING_APPRAISALS], scope: ['self', 'team'] },
  { method: 'GET', path: '/api/appraisals/:id/evidence', roles: ['agent', 'specialist', ...MANAGING_APPRAISALS], scope: ['self', 'team'] },
  { method: 'POST', path: '/api/archive-access', roles: MANAGING_APPRAISALS },
  { method: 'POST', path: '/api/archive-access/:id/approve', roles: ['assistant'] },

  // ---- call quality (「随机抽查电话录音,考核通话质量」): the appraisal team draws, reviewers score what was drawn ----
  { method: 'POST', path: '/api/call-quality/draws', roles: ['payroll', 'hr'] },
  { method: 'POST', path: '/api/call-quality/:agentId/:period/scores', roles: ['qa'] },
  { method: 'GET', path: '/api/call-quality/:agentId/:period', roles: ['qa', 'hr', 'payroll', 'manager', 'director'] },

  // ---- audit and integrators ----
  { method: 'GET', path: '/api/streams/:streamId', roles: [...FRONT_LINE, 'hr', 'payroll'], scope: ['self', 'team'] },
  { method: 'GET', path: '/api/events', roles: ['integrator', 'manager', 'director'] },
  { method: 'GET', path: '/api/events/stream', roles: ['integrator', 'manager', 'director'] },
  { method: 'POST', path: '/api/webhooks', roles: ['integrator'] },
  { method: 'GET', path: '/api/webhooks', roles: ['integrator', 'manager', 'director'] },
  { method: 'GET', path: '/api/webhooks/:webhookId', roles: ['integrator', 'manager', 'director'], scope: ['owner'] },
  { method: 'POST', path: '/api/webhooks/:webhookId/redrive', roles: ['integrator'], scope: ['owner'] },
  { method: 'POST', path: '/api/webhooks/:webhookId/deactivate', roles: ['integrator'], scope: ['owner'] },
  { method: 'DELETE', path: '/api/webhooks/:webhookId', roles: ['integrator'], scope: ['owner'] },
];

/** `POST /api/calls`: how rows and routes are named in messages. */
export const routeKey = (route: Pick<RouteAccess, 'method' | 'path'>) => `${route.method} ${route.path}`;
