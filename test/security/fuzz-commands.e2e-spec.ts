import fc from 'fast-check';
import type { Role } from '@app/domain';
import { ROUTE_ACCESS, type RouteAccess, routeKey } from '../../apps/api/src/http/route-access';
import { type Desk, startDesk } from '../support/telesales';
import { appendedByRefusals, buildDepartment, type Sent } from './support/department';
import { type Case, type FuzzWorld, type OpenApi, requestCase } from './support/fuzz';
import { type RawAnswer, RawHttp } from './support/raw-http';
import { fillPath } from './support/routes';

/**
 * Property-based fuzzing of every command route of the table (every row that is not a GET), with
 * a token the route lets in. Most cases get one thing wrong and the rest right, so that each fault
 * reaches as deep as it can: a field (wrong type, missing, extra, huge, out of range, an invalid
 * date or instant, U+0000 or a lone surrogate inside good text, `__proto__`/`constructor` keys),
 * the body's syntax (cut, corrupted, deeply nested, too large, no JSON at all, a form), a header
 * (content type, charset, Content-Encoding, Idempotency-Key) or a path segment (slashes, bad
 * escapes, bytes that are no UTF-8, very long); a few get everything wrong at once.
 * Properties: no answer is a 5xx, and a refused request (4xx) appends nothing. Requests run one
 * at a time; after each refusal no event carrying its X-Correlation-Id may have appeared, and each
 * route's run is fenced so that every event appended meanwhile is traced to its request.
 *
 * Deterministic: FUZZ_SEED (printed) seeds route i with FUZZ_SEED + i; FUZZ_CASES sets the total.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const MIN_CASES = Number(process.env.FUZZ_CASES ?? 5000);
const COMMAND_ROWS = ROUTE_ACCESS.filter((row) => row.method !== 'GET');
const RUNS = Math.ceil(MIN_CASES / COMMAND_ROWS.length);

let desk: Desk;
let http: RawHttp;
let world: FuzzWorld;
let head = 0n;
let sequence = 0;
const prototypesBefore = prototypeKeys();
const tally = {
  cases: 0,
  byStatus: new Map<number, number>(),
  byKind: new Map<string, number>(),
  notErrorShape: new Map<string, number>(),
  slowest: { ms: 0, label: '' },
};

beforeAll(async () => {
  process.stdout.write(
    `fuzz-commands: seed ${SEED} (FUZZ_SEED=${SEED} replays it; route i runs seed ${SEED}+i), ${RUNS} cases × ${COMMAND_ROWS.length} routes\n`,
  );
  desk = await startDesk();
  http = new RawHttp(desk.app.app);
  const dept = await buildDepartment(desk);
  const openapi = (await http.send({ method: 'GET', path: '/api/openapi.json' })).body as OpenApi;
  const tokens: Record<Role, string[]> = {
    agent: [dept.owner.auth, dept.colleague.auth, dept.stranger.auth],
    specialist: [dept.closer.auth, dept.otherCloser.auth],
    supervisor: [dept.supervisorOfMine, dept.supervisorOfOther],
    manager: [desk.manager],
    director: [desk.director],
    hr: [desk.hr],
    payroll: [desk.payroll],
    assistant: [desk.assistant],
    integrator: [desk.integrator],
    qa: [desk.qa],
  };
  world = { dept, tokens, openapi };
});

afterAll(async () => {
  const sorted = (m: Map<string | number, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
  process.stdout.write(
    `fuzz-commands: ${tally.cases} cases; answers ${sorted(tally.byStatus)}\n` +
      `  cases: ${sorted(tally.byKind)}\n` +
      (tally.notErrorShape.size ? `  4xx not in the API.md error shape: ${sorted(tally.notErrorShape)}\n` : '') +
      `  slowest answer: ${tally.slowest.ms} ms, ${tally.slowest.label}\n`,
  );
  http?.close();
  await desk?.app.close();
});

const clip = (text: string, n = 300) => (text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text);

function describeCase(row: RouteAccess, path: string, c: Case, headers: Record<string, string>): string {
  const body = c.body.body === undefined ? '(none)' : clip(typeof c.body.body === 'string' ? c.body.body : `bytes ${c.body.body.toString('hex')}`);
  const { Authorization: _, 'X-Correlation-Id': __, ...shown } = headers;
  return `${row.method} ${clip(path, 200)} as ${c.caller.role} (${c.focus}), ${c.body.kind} ${body}, headers ${clip(JSON.stringify(shown), 200)}`;
}

async function send(row: RouteAccess, c: Case, sent: Map<string, Sent>): Promise<void> {
  const correlationId = `fz-${++sequence}`;
  const path = fillPath(row.path, c.segments) + (c.extras.query !== undefined ? `?${c.extras.query}` : '');
  const headers: Record<string, string> = { 'X-Correlation-Id': correlationId };
  if (c.caller.authorization) headers.Authorization = c.caller.authorization;
  if (c.body.contentType !== undefined) headers['Content-Type'] = c.body.contentType;
  if (c.extras.idempotencyKey !== undefined) headers['Idempotency-Key'] = c.extras.idempotencyKey;
  if (c.extras.contentEncoding !== undefined) headers['Content-Encoding'] = c.extras.contentEncoding;
  if (c.extras.accept !== undefined) headers.Accept = c.extras.accept;
  const label = describeCase(row, path, c, headers);

  let res: RawAnswer;
  const t = Date.now();
  try {
    res = await http.send({ method: row.method, path, headers, body: c.body.body });
    const ms = Date.now() - t;
    if (ms > tally.slowest.ms) tally.slowest = { ms, label: `${res.status} for ${clip(label, 160)}` };
  } catch (error) {
    throw new Error(`no answer (${(error as Error).message}) to ${label}`, { cause: error });
  }
  sent.set(correlationId, { label, status: res.status });
  tally.cases++;
  tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
  tally.byKind.set(c.focus, (tally.byKind.get(c.focus) ?? 0) + 1);
  if (res.status >= 400 && res.status < 500 && !(typeof res.body === 'object' && res.body?.statusCode === res.status && typeof res.body?.code === 'string')) {
    const key = `${res.status} ${clip(res.text.replace(/\s+/g, ' '), 60)}`;
    tally.notErrorShape.set(key, (tally.notErrorShape.get(key) ?? 0) + 1);
  }
  if (res.status >= 500) throw new Error(`${res.status} ${clip(res.text)} for ${label}`);

  // A refusal must leave the log as it found it.
  const now = await desk.store.headPosition();
  if (now !== head) {
    if (res.status >= 400) {
      const appended = (await desk.store.readAll({ fromPosition: head, limit: 1000 })).filter((e) => e.metadata.correlationId === correlationId);
      if (appended.length)
        throw new Error(`${res.status} ${clip(res.text)} for ${label}, yet it appended ${appended.map((e) => `${e.type} to ${e.streamId}`).join(', ')}`);
    }
    head = now;
  }
}

describe(`fuzzing every command route (${COMMAND_ROWS.length} routes × ${RUNS} cases, seed ${SEED})`, () => {
  it.each(COMMAND_ROWS.map((row, i) => [routeKey(row), i, row] as const))('%s: no 5xx, and no refusal appends', async (_key, i, row) => {
    const sent = new Map<string, Sent>();
    const cases = requestCase(row, world);
    const { appended } = await desk.appendedDuring(async () => {
      head = await desk.store.headPosition();
      await fc.assert(
        fc.asyncProperty(cases, (c) => send(row, c, sent)),
        { seed: SEED + i, numRuns: RUNS },
      );
    });
    expect(appendedByRefusals(appended, sent)).toEqual([]);
  });

  it(`sent at least ${MIN_CASES} cases`, () => {
    expect(tally.cases).toBeGreaterThanOrEqual(MIN_CASES);
  });

  it('left the service healthy: every projection running, no prototype polluted', async () => {
    const health = await http.send({ method: 'GET', path: '/api/health' });
    expect(health.status).toBe(200);
    expect(health.body.projections.filter((p: { state: string }) => p.state === 'failed')).toEqual([]);
    expect(prototypeKeys()).toEqual(prototypesBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

function prototypeKeys(): Record<string, string[]> {
  const of = (o: object) => Object.getOwnPropertyNames(o).sort();
  return { object: of(Object.prototype), array: of(Array.prototype), function: of(Function.prototype), string: of(String.prototype) };
}
