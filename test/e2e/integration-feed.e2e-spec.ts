import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'eventsource';
import { INTEGRATION_EVENT_TYPES, type IntegrationEvent } from '@app/domain';
import { INTEGRATION_OPTIONS, IntegrationFeed, type IntegrationOptions } from '../../apps/api/src/integration';
import { type Desk, expectInvalidField, expectRefused, type Person, startDesk } from '../support/telesales';
import { phoneLike } from '../support/phone-like';

/**
 * The integrators' feeds over HTTP (API.md "Queries": /api/events, /api/events/stream) with a
 * real SSE client: catch-up then live, resumed after every kind of disconnect without losing or
 * repeating an event, while writers keep appending.
 */

let desk: Desk;
let base: string;
let agent: Person;
const phones: string[] = [];

beforeAll(async () => {
  desk = await startDesk();
  base = `http://127.0.0.1:${(desk.app.app.getHttpServer().address() as AddressInfo).port}/api`;
  agent = await desk.hire();
  for (let i = 0; i < 5; i++) phones.push((await desk.registerLead()).phone);
  // The feed shows an event once no older transaction anywhere on the server is still open: on a
  // PostgreSQL shared with other suites, wait until these writes are readable before walking it.
  await desk.settledHead();
});

afterAll(async () => {
  await desk.app.close();
});

async function until(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An `eventsource` client with a bearer token; every request's headers are kept to look at. */
class FeedClient {
  readonly received: IntegrationEvent[] = [];
  readonly requests: Record<string, string>[] = [];
  /** The id of the last event received when each request was made. */
  readonly lastIdAtRequest: (string | undefined)[] = [];
  errors = 0;
  readonly es: EventSource;

  constructor(query: string, auth: string, headers: Record<string, string> = {}) {
    this.es = new EventSource(`${base}/events/stream${query}`, {
      fetch: (input, init) => {
        // The client's own Last-Event-ID (after a drop) wins over the one the test starts with.
        const sent = { ...headers, ...(init?.headers as Record<string, string>), Authorization: auth };
        this.requests.push(sent);
        this.lastIdAtRequest.push(this.lastId);
        return fetch(input, { ...init, headers: sent });
      },
    });
    for (const type of INTEGRATION_EVENT_TYPES) {
      this.es.addEventListener(type, (message: MessageEvent) => {
        const event = JSON.parse(message.data) as IntegrationEvent;
        expect(message.lastEventId).toBe(event.id);
        expect(event.type).toBe(type);
        this.received.push(event);
      });
    }
    this.es.addEventListener('error', () => {
      this.errors += 1;
    });
  }

  get lastId(): string | undefined {
    return this.received[this.received.length - 1]?.id;
  }

  close(): void {
    this.es.close();
  }
}

/** The whole paged feed after `from`, `limit` at a time, following nextCursor. */
async function walk(query: Record<string, string> = {}, limit = 7, from = '0'): Promise<IntegrationEvent[]> {
  const all: IntegrationEvent[] = [];
  let cursor = from;
  for (;;) {
    const res = await desk.http
      .get('/api/events')
      .query({ ...query, fromPosition: cursor, limit: String(limit) })
      .set('Authorization', desk.integrator);
    expect(res.status).toBe(200);
    const { items, nextCursor } = res.body as { items: IntegrationEvent[]; nextCursor?: string };
    expect(items.length).toBeLessThanOrEqual(limit);
    if (items.length === 0) {
      expect(nextCursor).toBeUndefined();
      return all;
    }
    all.push(...items);
    cursor = nextCursor!;
  }
}

const ids = (events: IntegrationEvent[]) => events.map((e) => BigInt(e.id));
const strictlyIncreasing = (values: bigint[]) => values.every((v, i) => i === 0 || v > values[i - 1]);

describe('the live feed, disconnected and resumed while writers keep appending', () => {
  it('delivers every event exactly once, in order, and equals the paged feed', async () => {
    const before = await walk();
    expect(before.length).toBeGreaterThan(5);

    let writing = true;
    let writes = 0;
    const writer = async (n: number) => {
      for (let round = 0; writing || round < 5; round++) {
        const { leadId, phone } = await desk.registerLead();
        phones.push(phone);
        await desk.logCall(agent, leadId, { outcome: round % 3 === 0 ? 'appointment_set' : 'busy' });
        expect((await desk.post(`/leads/${leadId}/grade`, { grade: 'B', reason: `writer ${n} call ${phone}` }, agent.auth)).status).toBe(201);
        writes += 3;
      }
    };
    const writers = Promise.all([writer(1), writer(2)]);
    const clients: FeedClient[] = [];
    let after: IntegrationEvent[];
    try {
      // 1. The client reads the catch-up and some live events, then goes away by itself.
      const first = new FeedClient('?fromPosition=0', desk.integrator);
      clients.push(first);
      await until('the first client to read past the catch-up', () => first.received.length >= before.length + 12);
      first.close();
      const resumeAfter = first.lastId!;
      expect(writes).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 150)); // writers keep going meanwhile

      // 2. A new client resumes with Last-Event-ID, which wins over the fromPosition it also sends.
      const second = new FeedClient('?fromPosition=0', desk.integrator, { 'Last-Event-ID': resumeAfter });
      clients.push(second);
      await until('the second client to read live events', () => second.received.length >= 12);
      expect(second.requests[0]['Last-Event-ID']).toBe(resumeAfter);

      // 3. The service drops the connection (as a restarting instance would): the client reconnects
      //    on its own, sending the id of the last event it saw.
      const beforeDrop = second.received.length;
      desk.app.app.get(IntegrationFeed).onModuleDestroy();
      await until('the client to reconnect by itself', () => second.requests.length >= 2, 10_000);
      expect(second.requests[1]['Last-Event-ID']).toBe(second.lastIdAtRequest[1]);
      expect(second.lastIdAtRequest[1]).toBeDefined();
      await until('events after the reconnect', () => second.received.length >= beforeDrop + 6);
      expect(second.errors).toBeGreaterThanOrEqual(1);

      writing = false;
      await writers;
      after = await walk();
      await until('the client to reach the end of the feed', () => second.lastId === after[after.length - 1].id);
    } finally {
      writing = false;
      for (const client of clients) client.close();
      await writers.catch(() => undefined);
    }
    const [first, second] = clients;
    const streamed = [...first.received, ...second.received];
    expect(strictlyIncreasing(ids(streamed))).toBe(true); // in order, none twice
    expect(streamed).toEqual(after); // none missing, and the same shapes as the pages
    expect(streamed.length).toBeGreaterThan(before.length + 30);

    const text = JSON.stringify(streamed);
    expect(phoneLike(text)).toBeUndefined();
    for (const phone of phones) expect(text).not.toContain(phone);
    expect(text).not.toContain('张先生');
    expect(text).not.toContain('writer 1 call'); // a grade's reason is free text: not published
  });
});

describe('the paged feed', () => {
  it('pages in global order, nextCursor being the last position of the page', async () => {
    const res = await desk.http.get('/api/events').query({ limit: '3' }).set('Authorization', desk.integrator);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.nextCursor).toBe(res.body.items[2].id);
    const next = await desk.http.get('/api/events').query({ limit: '3', fromPosition: res.body.nextCursor }).set('Authorization', desk.integrator);
    expect(BigInt(next.body.items[0].id)).toBeGreaterThan(BigInt(res.body.nextCursor));
  });

  it('filters by public type, the same in pages and on the stream', async () => {
    const types = 'telesales.call.logged.v1,telesales.lead.graded.v1';
    const paged = await walk({ types }, 50);
    expect(paged.length).toBeGreaterThan(0);
    expect(new Set(paged.map((e) => e.type))).toEqual(new Set(types.split(',')));
    const client = new FeedClient(`?types=${encodeURIComponent(types)}`, desk.manager);
    try {
      await until('the filtered stream to catch up', () => client.lastId === paged[paged.length - 1].id);
      expect(client.received).toEqual(paged);
    } finally {
      client.close();
    }
  });

  it('defaults to 100 a page and takes at most 1000', async () => {
    const res = await desk.http.get('/api/events').set('Authorization', desk.director);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(100);
    expectInvalidField(await desk.http.get('/api/events').query({ limit: '1001' }).set('Authorization', desk.integrator), 'limit');
    expectInvalidField(await desk.http.get('/api/events').query({ limit: '0' }).set('Authorization', desk.integrator), 'limit');
    expectInvalidField(await desk.http.get('/api/events').query({ fromPosition: '-1' }).set('Authorization', desk.integrator), 'fromPosition');
  });

  it('refuses a type that is not public, naming it', async () => {
    const res = await desk.http.get('/api/events').query({ types: 'CallLogged' }).set('Authorization', desk.integrator);
    expect(expectRefused(res, 400, 'INTEGRATION.UNKNOWN_TYPE').details).toMatchObject({ unknown: ['CallLogged'] });
    const reservation = await desk.http.get('/api/events/stream').query({ types: 'IdentifierReserved' }).set('Authorization', desk.integrator);
    expectRefused(reservation, 400, 'INTEGRATION.UNKNOWN_TYPE');
    const badId = await desk.http.get('/api/events/stream').set('Last-Event-ID', 'yesterday').set('Authorization', desk.integrator);
    expectInvalidField(badId, 'Last-Event-ID');
  });

  it('never carries a reservation or an archive-access audit event', async () => {
    const all = await walk({}, 1000);
    const stored = await desk.store.readAll({ limit: 100_000 });
    expect(stored.some((e) => e.type === 'IdentifierReserved')).toBe(true);
    const published = new Set(all.map((e) => e.eventId));
    for (const e of stored) {
      if (['IdentifierReserved', 'IdentifierReleased', 'ArchiveAccessRequested', 'ArchiveAccessGranted', 'ArchivedAppraisalRead'].includes(e.type)) {
        expect(published.has(e.eventId)).toBe(false);
      }
    }
  });
});

describe('who may read the feeds', () => {
  // Every row has all three arguments: jest-each would take a missing one for a `done` callback.
  const OTHERS: [string, string[], string | undefined][] = [
    ['an agent', ['agent'], undefined],
    ['a specialist', ['specialist'], undefined],
    ['a supervisor', ['supervisor'], 't1'],
    ['hr', ['hr'], undefined],
    ['payroll', ['payroll'], undefined],
    ['the assistant', ['assistant'], undefined],
  ];

  it.each(OTHERS)('%s is refused with 403, on both feeds', async (_who, roles, team) => {
    const auth = desk.bearer('someone', roles, team);
    expectRefused(await desk.http.get('/api/events').set('Authorization', auth), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectRefused(await desk.http.get('/api/events/stream').set('Authorization', auth), 403, 'AUTH.ROLE_NOT_ALLOWED');
  });

  it('no token is 401', async () => {
    expectRefused(await desk.http.get('/api/events'), 401, 'AUTH.MISSING_TOKEN');
    expectRefused(await desk.http.get('/api/events/stream'), 401, 'AUTH.MISSING_TOKEN');
  });

  it.each([['integrator'], ['manager'], ['director']])('%s reads both', async (role) => {
    const auth = desk.bearer(`${role}-x`, [role]);
    expect((await desk.http.get('/api/events').query({ limit: '1' }).set('Authorization', auth)).status).toBe(200);
    const head = await rawStream('/events/stream', auth, 100);
    expect(head.status).toBe(200);
    expect(head.contentType).toMatch(/^text\/event-stream/);
  });

  it('an integrator reads the feeds and nothing else', async () => {
    expectRefused(await desk.http.get('/api/pipeline').set('Authorization', desk.integrator), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectRefused(await desk.http.get(`/api/streams/agent-${agent.agentId}`).set('Authorization', desk.integrator), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectRefused(await desk.post('/calls', desk.callBody(agent, 'L-x'), desk.integrator), 403, 'AUTH.ROLE_NOT_ALLOWED');
  });
});

describe('heartbeats', () => {
  it('an idle stream carries a comment at the configured interval', async () => {
    const options = desk.app.app.get<IntegrationOptions>(INTEGRATION_OPTIONS);
    const heartbeatMs = options.heartbeatMs;
    options.heartbeatMs = 40;
    try {
      const head = (await walk({}, 1000)).pop()!.id;
      const { body } = await rawStream(`/events/stream?fromPosition=${head}`, desk.integrator, 300);
      expect(body).toContain('retry: ');
      expect(body.match(/^: heartbeat$/gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
      expect(body).not.toContain('id: '); // nothing after the head
    } finally {
      options.heartbeatMs = heartbeatMs;
    }
  });
});

/** GET a stream with a plain HTTP client for `ms`, then hang up: what it said meanwhile. */
function rawStream(path: string, auth: string, ms: number): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers: { Authorization: auth, Accept: 'text/event-stream' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      setTimeout(() => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body });
      }, ms);
    });
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    req.end();
  });
}
