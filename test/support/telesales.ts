import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { RecordedEvent } from '@app/event-store';
import { Clock } from '@app/application';
import { startTestApp, type TestApp } from './app';
import { testNow } from './clock';
import { HANDBOOK_PLAN } from './handbook-plan';

/**
 * A telesales department over HTTP, for the e2e suites: the people who act (each with a token),
 * the handbook plan, and builders that hire, register, call, book and close through the public
 * API only. Every builder asserts its own success, so a test fails where the setup broke.
 */

export { HANDBOOK_PLAN };

export type Body = Record<string, unknown>;

/** A deep copy of the handbook plan with the given top-level fields replaced. */
export function planBody(overrides: Body = {}): Body {
  return { ...structuredClone(HANDBOOK_PLAN), ...overrides };
}

/** `body` with the value at a dotted path set (or removed when `value` is `undefined`). */
export function withPath(body: Body, path: string, value: unknown): Body {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

let sequence = 0;
const run = randomBytes(3).toString('hex');
/** An id no other test of this run uses. */
export const uniqueId = (prefix: string) => `${prefix}-${run}-${++sequence}`;
/** A mobile number (11 digits, 1xx…) no other test of this run uses. */
export const uniquePhone = () => `139${String(Date.now() % 1e4).padStart(4, '0')}${String(++sequence).padStart(4, '0')}`;

const HOUR_MS = 3_600_000;
/** The instant in Asia/Shanghai notation (+08:00), as the department's clients send it. */
export function inShanghai(date: Date): string {
  return new Date(date.getTime() + 8 * HOUR_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}
/** An instant `minutes` after the test clock's now (before it when negative). */
export const minutesFromNow = (minutes: number) => inShanghai(new Date(testNow().getTime() + minutes * 60_000));
export const hoursAgo = (hours: number) => minutesFromNow(-60 * hours);

export interface Person {
  agentId: string;
  name: string;
  role: 'agent' | 'specialist';
  teamId: string;
  /** `Authorization` header value for this person acting as themself. */
  auth: string;
}

export interface StreamItem {
  eventId: string;
  type: string;
  revision: number;
  position: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: Record<string, unknown> & { fields?: { field: string; problems: string[] }[] };
}

export interface HttpAnswer {
  status: number;
  body: any;
}

export class Desk {
  /** Department-wide roles; supervisors are per team (see `supervisorOf`). */
  readonly director: string;
  readonly manager: string;
  readonly hr: string;
  readonly payroll: string;
  readonly assistant: string;
  readonly integrator: string;
  /** A call-quality reviewer: scores the calls a draw chose. */
  readonly qa: string;
  private planPublished = false;

  constructor(readonly app: TestApp) {
    this.director = this.bearer('dir-1', ['director']);
    this.manager = this.bearer('mgr-1', ['manager']);
    this.hr = this.bearer('hr-1', ['hr']);
    this.payroll = this.bearer('pay-1', ['payroll']);
    this.assistant = this.bearer('asst-1', ['assistant']);
    this.integrator = this.bearer('int-1', ['integrator']);
    this.qa = this.bearer('qa-1', ['qa']);
  }

  get http() {
    return this.app.http;
  }

  get store() {
    return this.app.store;
  }

  bearer(sub: string, roles: string[], team?: string): string {
    return `Bearer ${this.app.token(sub, roles, team)}`;
  }

  supervisorOf(teamId: string): string {
    return this.bearer(`sup-${teamId}`, ['supervisor'], teamId);
  }

  /** POST /api<path> as `auth` (no Authorization header when null). */
  post(path: string, body: unknown, auth: string | null, headers: Record<string, string> = {}) {
    const req = this.http.post(`/api${path}`).set(headers);
    if (auth !== null) req.set('Authorization', auth);
    return body === undefined ? req : req.send(body as object);
  }

  /** The stream as GET /api/streams/:id shows it to a director; [] when it does not exist. */
  async events(streamId: string): Promise<StreamItem[]> {
    const res = await this.http.get(`/api/streams/${encodeURIComponent(streamId)}`).set('Authorization', this.director);
    if (res.status === 404) return [];
    expect(res.status).toBe(200);
    return res.body.items as StreamItem[];
  }

  async eventTypes(streamId: string): Promise<string[]> {
    return (await this.events(streamId)).map((e) => e.type);
  }

  /** Runs `act` and returns it with every event the store accepted meanwhile, in any stream. */
  async appendedDuring<T>(act: () => Promise<T>): Promise<{ result: T; appended: RecordedEvent[] }> {
    const from = await this.fence();
    const result = await act();
    const to = await this.fence();
    const appended = await this.store.readAll({ fromPosition: from, limit: 10_000 });
    return { result, appended: appended.filter((e) => e.position < to && e.streamId !== `lead-${this.fenceLeadId}`) };
  }

  private fenceLeadId?: string;

  /**
   * Writes a marker (a grade on a lead kept for the purpose) and waits until the global feed shows
   * it. PostgreSQL shows a position only once every older transaction has ended, in any schema of
   * the cluster, so without this an event written before `act` could surface after it.
   */
  /** A position that includes every write made so far (as `minPosition`): the store's head may lag behind other transactions. */
  settledHead(): Promise<bigint> {
    return this.fence();
  }

  private async fence(): Promise<bigint> {
    this.fenceLeadId ??= (await this.registerLead({ name: 'fence' })).leadId;
    const res = await this.post(`/leads/${this.fenceLeadId}/grade`, { grade: 'D', reason: 'test fence' }, this.manager);
    const position = BigInt(expectCreated(res, `lead-${this.fenceLeadId}`).position);
    const deadline = Date.now() + 10_000;
    while ((await this.store.headPosition()) < position) {
      if (Date.now() > deadline) throw new Error(`the event feed did not reach position ${position} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return position;
  }

  /** Runs a command that must be refused and asserts that no stream, reservations included, grew. */
  async refusedWithNothingAppended<T>(act: () => Promise<T>): Promise<T> {
    const { result, appended } = await this.appendedDuring(act);
    expect(appended.map((e) => `${e.streamId}:${e.type}`)).toEqual([]);
    return result;
  }

  // ---- builders: each goes through the API and asserts it was accepted ----

  async publishHandbookPlan(): Promise<void> {
    if (this.planPublished) return;
    const res = await this.post('/plans', planBody(), this.payroll);
    expect([200, 201]).toContain(res.status);
    this.planPublished = true;
  }

  async hire(overrides: Partial<Omit<Person, 'auth'>> & { hiredOn?: string; planId?: string } = {}): Promise<Person> {
    await this.publishHandbookPlan();
    const role = overrides.role ?? 'agent';
    const person = {
      agentId: overrides.agentId ?? uniqueId(role === 'agent' ? 'a' : 's'),
      name: overrides.name ?? (role === 'agent' ? '王芳' : '李强'),
      role,
      teamId: overrides.teamId ?? 't1',
    };
    const res = await this.post('/agents', { ...person, hiredOn: overrides.hiredOn ?? '2026-01-05', planId: overrides.planId ?? 'standard' }, this.hr);
    expectCreated(res, `agent-${person.agentId}`);
    return { ...person, auth: this.bearer(person.agentId, [role], person.teamId) };
  }

  async registerLead(overrides: Body = {}, auth: string = this.manager): Promise<{ leadId: string; phone: string }> {
    const body = { leadId: uniqueId('L'), phone: uniquePhone(), name: '张先生', source: 'list', ...overrides };
    const res = await this.post('/leads', body, auth);
    expectCreated(res, `lead-${body.leadId}`);
    return { leadId: body.leadId as string, phone: body.phone as string };
  }

  async assign(leadId: string, agent: Person, auth: string = this.manager): Promise<void> {
    expectCreated(await this.post(`/leads/${leadId}/assign`, { agentId: agent.agentId }, auth), `lead-${leadId}`);
  }

  callBody(agent: Person, leadId: string, overrides: Body = {}): Body {
    return {
      callId: uniqueId('c'),
      leadId,
      agentId: agent.agentId,
      startedAt: hoursAgo(2),
      durationSeconds: 95,
      outcome: 'connected',
      ...overrides,
    };
  }

  async logCall(agent: Person, leadId: string, overrides: Body = {}): Promise<Body> {
    const body = this.callBody(agent, leadId, overrides);
    expectCreated(await this.post('/calls', body, agent.auth), `lead-${leadId}`);
    return body;
  }

  visitBody(agent: Person, leadId: string, overrides: Body = {}): Body {
    return { visitId: uniqueId('v'), leadId, agentId: agent.agentId, scheduledAt: minutesFromNow(3 * 24 * 60), ...overrides };
  }

  async bookVisit(agent: Person, leadId: string, overrides: Body = {}): Promise<Body> {
    const body = this.visitBody(agent, leadId, overrides);
    expectCreated(await this.post('/visits', body, agent.auth), `lead-${leadId}`);
    return body;
  }

  dealBody(closer: Person, leadId: string, overrides: Body = {}): Body {
    return { dealId: uniqueId('d'), leadId, closedBy: closer.agentId, amountFen: 1_250_000_00, closedAt: hoursAgo(5), ...overrides };
  }

  async closeDeal(closer: Person, leadId: string, overrides: Body = {}): Promise<Body> {
    const body = this.dealBody(closer, leadId, overrides);
    expectCreated(await this.post('/deals', body, closer.auth), `lead-${leadId}`);
    return body;
  }
}

/** One service per test file, listening on a port of its own so that requests can run at once. */
export async function startDesk(on?: 'postgres' | 'pglite', options: Parameters<typeof startTestApp>[1] = {}): Promise<Desk> {
  const app = await startTestApp(on, options);
  await app.app.listen(0, '127.0.0.1');
  expect((app.app.getHttpServer().address() as AddressInfo).port).toBeGreaterThan(0);
  return new Desk(app);
}

/** API.md "Write result": 201 `{ streamId, revision, position }`, position a numeric string. */
export function expectCreated(res: HttpAnswer, streamId: string): { streamId: string; revision: number; position: string } {
  if (res.status !== 201) throw new Error(`expected 201 for ${streamId}, got ${res.status}: ${JSON.stringify(res.body)}`);
  expect(res.body).toEqual({ streamId, revision: expect.any(Number), position: expect.stringMatching(/^\d+$/) });
  expect(Number.isInteger(res.body.revision) && res.body.revision >= 0).toBe(true);
  return res.body;
}

/** A refusal in the error shape of API.md, with its stable code. */
export function expectRefused(res: HttpAnswer, status: number, code: string): ErrorBody {
  if (res.status !== status || res.body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
  expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String), code, message: expect.any(String) });
  expect(res.body.message.length).toBeGreaterThan(0);
  return res.body as ErrorBody;
}

/** A 400 that names `field` among the bad fields. */
export function expectInvalidField(res: HttpAnswer, field: string): ErrorBody {
  const body = expectRefused(res, 400, 'VALIDATION.FAILED');
  const named = body.details?.fields ?? [];
  const entry = named.find((f) => f.field === field);
  if (!entry) throw new Error(`expected field ${field} to be named, got ${JSON.stringify(named)}`);
  expect(entry.problems.length).toBeGreaterThan(0);
  expect(body.message).toContain(field);
  return body;
}

// ---- appraisals (issue 5) ----

/** Runs `act` with the service's clock standing at `instant`, then gives it back the test clock. */
export async function atTime<T>(desk: Desk, instant: string, act: () => Promise<T>): Promise<T> {
  const spy = jest.spyOn(desk.app.app.get(Clock), 'now').mockReturnValue(new Date(instant));
  try {
    return await act();
  } finally {
    spy.mockRestore();
  }
}

/** The steps of an appraisal's life, in order, as `appraisalAt` takes them. */
export const APPRAISAL_STEPS = ['opened', 'scored', 'finalized', 'feedback_given', 'under_appeal', 'resolved', 'archived'] as const;
export type AppraisalStep = (typeof APPRAISAL_STEPS)[number];

/**
 * An appraisal of `agent` taken through the API up to `step` inclusive, at the test clock's time:
 * hr opens, finalizes and archives, the team's supervisor scores, gives feedback and rejects the
 * appeal the agent files.
 */
export async function appraisalAt(
  desk: Desk,
  agent: Person,
  step: AppraisalStep,
  options: { period?: string; appraisalId?: string } = {},
): Promise<{ appraisalId: string; appealId: string; position: string }> {
  const appraisalId = options.appraisalId ?? uniqueId('ap');
  const appealId = uniqueId('appeal');
  const supervisor = desk.supervisorOf(agent.teamId);
  const requests: Record<AppraisalStep, () => Promise<HttpAnswer>> = {
    opened: () => desk.post('/appraisals', { appraisalId, agentId: agent.agentId, period: options.period ?? '2026-10' }, desk.hr),
    scored: () => desk.post(`/appraisals/${appraisalId}/score`, { ability: 80, attitude: 90 }, supervisor),
    finalized: () => desk.post(`/appraisals/${appraisalId}/finalize`, undefined, desk.hr),
    feedback_given: () => desk.post(`/appraisals/${appraisalId}/feedback`, { givenAt: minutesFromNow(1) }, supervisor),
    under_appeal: () => desk.post(`/appraisals/${appraisalId}/appeals`, { appealId, claims: [{ text: 'the figures are wrong', eventIds: [] }] }, agent.auth),
    resolved: () => desk.post(`/appeals/${appealId}/resolve`, { decision: 'rejected', reason: 'the record is right' }, supervisor),
    archived: () => desk.post(`/appraisals/${appraisalId}/archive`, undefined, desk.hr),
  };
  let position = '';
  for (const each of APPRAISAL_STEPS.slice(0, APPRAISAL_STEPS.indexOf(step) + 1)) {
    position = expectCreated(await requests[each](), `appraisal-${appraisalId}`).position;
  }
  return { appraisalId, appealId, position };
}

/** GET /api/appraisals/:id (or `/evidence` with `part`) as `auth`. */
export function readAppraisal(desk: Desk, appraisalId: string, auth: string, query: Record<string, string> = {}, part: '' | '/evidence' = '') {
  return desk.http.get(`/api/appraisals/${appraisalId}${part}`).query(query).set('Authorization', auth);
}
