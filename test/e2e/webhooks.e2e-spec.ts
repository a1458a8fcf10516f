import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type IntegrationEvent, internalTypesFor, publicTypeOf, toIntegrationEvent } from '@app/domain';
import { sign } from 'jsonwebtoken';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { createApp } from '../../apps/api/src/bootstrap';
import { type AppConfig, DEV_PSEUDONYM_KEY } from '@app/platform';
import { verifyDelivery } from '@app/webhooks';
import { TEST_SECRET } from '../support/app';
import { dropSchema, postgresUrlOrSkip, uniqueSchema } from '../support/postgres';
import { Desk, expectCreated, expectInvalidField, expectRefused, type Person, startDesk, uniqueId } from '../support/telesales';

// Short timings through the service's own knobs: retries after 20, 40, 80 … ms, parked after 4 failures in a row.
process.env.WEBHOOK_RETRY_BASE_MS = '20';
process.env.WEBHOOK_RETRY_MAX_MS = '200';
process.env.WEBHOOK_PARK_AFTER = '4';
process.env.WEBHOOK_TIMEOUT_MS = '2000';
process.env.WEBHOOK_POLL_MS = '25';
// The receivers here listen on loopback, which a webhook may call only when the operator allows it.
process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';

/** One POST as the receiver saw it, and what it answered. */
interface Delivery {
  headers: IncomingHttpHeaders;
  raw: string;
  event: IntegrationEvent;
  status: number;
}

/** A local webhook receiver on a port of its own; `answer` decides each status (500 = a failure). */
class Receiver {
  readonly deliveries: Delivery[] = [];
  private server!: Server;
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    public answer: (n: number) => number,
    private readonly delayMs = 0,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const status = this.answer(this.deliveries.length);
        this.deliveries.push({ headers: req.headers, raw, event: JSON.parse(raw), status });
        setTimeout(() => {
          this.inFlight--;
          res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'receiver broke');
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** The events it answered 2xx to, in order. */
  accepted(): IntegrationEvent[] {
    return this.deliveries.filter((d) => d.status < 300).map((d) => d.event);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const TYPES = ['LeadRegistered', 'LeadAssigned', 'CallLogged'].map((t) => publicTypeOf(t)!);

/** What the subscriber must get: the store's events of its types in global order, in their public shape. */
async function expectedEvents(store: EventStore, types: string[], upTo?: bigint): Promise<IntegrationEvent[]> {
  const internal = internalTypesFor(types);
  const all: IntegrationEvent[] = [];
  for (let from = 0n; ;) {
    const page = await store.readAll({ fromPosition: from, types: internal, limit: 500 });
    for (const e of page) {
      const mapped = toIntegrationEvent(e, { pseudonymKey: DEV_PSEUDONYM_KEY });
      if (mapped && types.includes(mapped.type) && (upTo === undefined || e.position <= upTo)) all.push(mapped);
    }
    if (page.length < 500) return all;
    from = page[page.length - 1].position;
  }
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every POST is signed over its timestamp and raw body with the subscriber's secret, and names itself in its headers. */
function expectSigned(deliveries: Delivery[], webhookId: string, secret: string): void {
  for (const d of deliveries) {
    expect(verifyDelivery(secret, { timestamp: d.headers['x-timestamp'] as string, signature: d.headers['x-signature'] as string }, d.raw)).toBe(true);
    expect(d.headers['x-webhook-id']).toBe(webhookId);
    expect(d.headers['x-event-id']).toBe(d.event.eventId);
    expect(d.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(d.headers['x-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    // The Standard Webhooks headers pass its own verifier, given the secret as base64; a tampered body does not.
    const standard = new Webhook(Buffer.from(secret, 'utf8').toString('base64'));
    const headers = {
      'webhook-id': d.headers['webhook-id'],
      'webhook-timestamp': d.headers['webhook-timestamp'],
      'webhook-signature': d.headers['webhook-signature'],
    };
    expect(d.headers['webhook-id']).toBe(d.event.eventId);
    expect(standard.verify(d.raw, headers as Record<string, string>)).toEqual(JSON.parse(d.raw));
    expect(() => standard.verify(d.raw.replace('}', ',"forged":true}'), headers as Record<string, string>)).toThrow();
  }
}

/** At least once and in order: the accepted events are exactly the expected ones, and a repeat only ever follows a failed attempt at the same event. */
function expectInOrderOnce(receiver: Receiver, expected: IntegrationEvent[]): void {
  expect(receiver.accepted()).toEqual(expected);
  receiver.deliveries.forEach((d, i) => {
    const before = receiver.deliveries[i - 1];
    if (receiver.deliveries.slice(0, i).some((p) => p.event.eventId === d.event.eventId)) {
      expect(before.event.eventId).toBe(d.event.eventId);
      expect(before.status).toBeGreaterThanOrEqual(300);
    }
  });
}

async function someSales(desk: Desk, agent: Person, leads = 2): Promise<void> {
  for (let i = 0; i < leads; i++) {
    const { leadId } = await desk.registerLead();
    await desk.assign(leadId, agent);
    await desk.logCall(agent, leadId);
  }
}

const stores: ('pglite' | 'postgres')[] = ['pglite'];
if (process.env.DATABASE_URL) stores.push('postgres');
else postgresUrlOrSkip('webhooks on PostgreSQL');

describe.each(stores)('webhooks on the %s store', (on) => {
  let desk: Desk;
  let agent: Person;
  const receivers: Receiver[] = [];
  const integrator = (sub: string) => desk.bearer(sub, ['integrator']);
  const receiver = async (answer: (n: number) => number, delayMs = 0) => {
    const r = new Receiver(answer, delayMs);
    receivers.push(r);
    return { receiver: r, url: await r.start() };
  };
  const status = async (webhookId: string, auth = integrator('int-1')) => {
    const res = await desk.http.get(`/api/webhooks/${webhookId}`).set('Authorization', auth);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Every response body of the test, to prove that no secret ever comes back. */
  const answers: string[] = [];
  const seen = <T extends { text: string }>(res: T): T => {
    answers.push(res.text);
    return res;
  };

  beforeAll(async () => {
    desk = await startDesk(on);
    agent = await desk.hire();
  });
  afterAll(async () => {
    await desk?.app.close();
    await Promise.all(receivers.map((r) => r.stop()));
  });

  it('delivers every event in order after a receiver fails the first three, each POST signed', async () => {
    await someSales(desk, agent);
    const { receiver: r, url } = await receiver((n) => (n < 3 ? 500 : 200));
    const webhookId = uniqueId('wh');
    const secret = 'whsec-first-three-fail-0001';
    const body = { webhookId, url, types: TYPES, secret };
    const registered = expectCreated(seen(await desk.post('/webhooks', body, integrator('int-1'))), `webhook-${webhookId}`);
    // The same command again answers the first result; the same id with another body is refused.
    const again = seen(await desk.post('/webhooks', body, integrator('int-1')));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(registered);
    expectRefused(seen(await desk.post('/webhooks', { ...body, url: `${url}/other` }, integrator('int-1'))), 409, 'COMMAND.ID_REUSED');
    expectRefused(seen(await desk.post('/webhooks', body, integrator('int-2'))), 409, 'COMMAND.ID_REUSED');

    // Writers keep writing while the subscriber catches up.
    await someSales(desk, agent, 3);
    const head = await desk.store.headPosition();
    const expected = await expectedEvents(desk.store, TYPES, head);
    expect(expected.length).toBeGreaterThanOrEqual(15);
    await eventually('every event to arrive', () => (r.accepted().length >= expected.length ? true : undefined));

    expect(r.deliveries.slice(0, 4).map((d) => [d.status, d.event.id])).toEqual([
      [500, expected[0].id],
      [500, expected[0].id],
      [500, expected[0].id],
      [200, expected[0].id],
    ]);
    expect(r.deliveries.slice(0, 4).map((d) => d.headers['x-delivery-attempt'])).toEqual(['1', '2', '3', '4']);
    expectInOrderOnce(r, expected);
    expectSigned(r.deliveries, webhookId, secret);

    const view = await eventually('the checkpoint to reach the last event', async () => {
      const s = seen(await desk.http.get(`/api/webhooks/${webhookId}`).set('Authorization', integrator('int-1'))).body;
      return s.checkpoint === expected[expected.length - 1].id ? s : undefined;
    });
    expect(view).toMatchObject({
      webhookId,
      ownerId: 'int-1',
      url,
      types: TYPES,
      state: 'active',
      delivered: expected.length,
      attempts: 0,
      lastError: null,
      parked: null,
    });
    expect(view).not.toHaveProperty('secret');

    // Nothing holds the secret in clear: not the answers, not the audit trail of its stream, not the event feed.
    seen(await desk.http.get(`/api/streams/webhook-${webhookId}`).set('Authorization', desk.director));
    seen(await desk.http.get('/api/webhooks').set('Authorization', desk.manager));
    seen(await desk.http.get('/api/events').query({ limit: 1000 }).set('Authorization', integrator('int-1')));
    expect(answers.join('\n')).not.toContain(secret);
    expect(answers.join('\n')).not.toContain('whsec-');
  });

  it('parks a receiver that never recovers, visibly, and a re-drive resumes with the undelivered event', async () => {
    const { receiver: r, url } = await receiver(() => 500);
    const webhookId = uniqueId('wh');
    const secret = 'whsec-never-recovers-00002';
    expectCreated(seen(await desk.post('/webhooks', { webhookId, url, types: TYPES, secret }, integrator('int-1'))), `webhook-${webhookId}`);
    const expectedAtPark = await expectedEvents(desk.store, TYPES);

    const parked = await eventually('the webhook to be parked', async () => {
      const s = await status(webhookId);
      return s.state === 'parked' ? s : undefined;
    });
    expect(parked).toMatchObject({
      state: 'parked',
      checkpoint: '0',
      delivered: 0,
      attempts: 4,
      // The status only: what the receiver answered ('receiver broke') is never kept.
      lastError: 'HTTP 500',
      parked: { position: expectedAtPark[0].id, eventId: expectedAtPark[0].eventId, attempts: 4, lastError: 'HTTP 500' },
    });
    expect(r.deliveries.map((d) => d.event.id)).toEqual([expectedAtPark[0].id, expectedAtPark[0].id, expectedAtPark[0].id, expectedAtPark[0].id]);
    // Parked means parked: no more attempts, whatever is written meanwhile.
    await someSales(desk, agent, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.deliveries).toHaveLength(4);
    expect(await desk.eventTypes(`webhook-${webhookId}`)).toEqual(['WebhookRegistered', 'WebhookParked']);

    // Only its owner re-drives it; nobody else learns it exists.
    expectRefused(seen(await desk.post(`/webhooks/${webhookId}/redrive`, undefined, integrator('int-2'))), 404, 'WEBHOOK.NOT_FOUND');
    expectRefused(seen(await desk.post(`/webhooks/${webhookId}/redrive`, undefined, desk.manager)), 403, 'AUTH.ROLE_NOT_ALLOWED');

    r.answer = () => 204;
    const redriven = expectCreated(seen(await desk.post(`/webhooks/${webhookId}/redrive`, undefined, integrator('int-1'))), `webhook-${webhookId}`);
    const again = seen(await desk.post(`/webhooks/${webhookId}/redrive`, undefined, integrator('int-1')));
    expect([again.status, again.body]).toEqual([200, redriven]);

    const expected = await expectedEvents(desk.store, TYPES, await desk.store.headPosition());
    await eventually('every event to arrive after the re-drive', () => (r.accepted().length >= expected.length ? true : undefined));
    expectInOrderOnce(r, expected);
    expectSigned(r.deliveries, webhookId, secret);
    const view = await eventually('the checkpoint to reach the last event', async () => {
      const s = await status(webhookId);
      return s.checkpoint === expected[expected.length - 1].id ? s : undefined;
    });
    expect(view).toMatchObject({ state: 'active', delivered: expected.length, attempts: 0, lastError: null, parked: null, redrives: 1 });
    expect(await desk.eventTypes(`webhook-${webhookId}`)).toEqual(['WebhookRegistered', 'WebhookParked', 'WebhookRedriven']);
    expect(answers.join('\n')).not.toContain(secret);
  });

  it('lets integrators manage only their own webhooks, managers and directors read them all, and no one else register', async () => {
    const { url } = await receiver(() => 200);
    const mine = uniqueId('wh');
    const theirs = uniqueId('wh');
    const body = (webhookId: string) => ({ webhookId, url, types: [TYPES[0]], secret: 'whsec-access-rules-000003' });
    expectCreated(seen(await desk.post('/webhooks', body(mine), integrator('int-1'))), `webhook-${mine}`);
    const last = expectCreated(seen(await desk.post('/webhooks', body(theirs), integrator('int-2'))), `webhook-${theirs}`);

    for (const auth of [agent.auth, desk.manager, desk.director, desk.hr, desk.payroll, desk.supervisorOf('t1')]) {
      expectRefused(seen(await desk.post('/webhooks', body(uniqueId('wh')), auth)), 403, 'AUTH.ROLE_NOT_ALLOWED');
    }
    expectRefused(seen(await desk.http.get('/api/webhooks').set('Authorization', agent.auth)), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectRefused(seen(await desk.http.get(`/api/webhooks/${theirs}`).set('Authorization', integrator('int-1'))), 404, 'WEBHOOK.NOT_FOUND');
    expectRefused(seen(await desk.http.get(`/api/webhooks/${theirs}`).set('Authorization', desk.hr)), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectRefused(seen(await desk.post(`/webhooks/${theirs}/deactivate`, undefined, integrator('int-1'))), 404, 'WEBHOOK.NOT_FOUND');
    expectRefused(seen(await desk.http.delete(`/api/webhooks/${theirs}`).set('Authorization', integrator('int-1'))), 404, 'WEBHOOK.NOT_FOUND');
    expectRefused(seen(await desk.post(`/webhooks/${mine}/redrive`, undefined, integrator('int-1'))), 409, 'WEBHOOK.NOT_PARKED');

    const listOf = async (auth: string) => {
      const res = seen(await desk.http.get('/api/webhooks').query({ minPosition: last.position }).set('Authorization', auth));
      expect(res.status).toBe(200);
      return (res.body.items as { webhookId: string; ownerId: string }[]).map((w) => w.webhookId);
    };
    const own = await listOf(integrator('int-1'));
    expect(own).toContain(mine);
    expect(own).not.toContain(theirs);
    for (const auth of [desk.manager, desk.director]) expect(await listOf(auth)).toEqual(expect.arrayContaining([mine, theirs]));
    expect((await status(theirs, desk.director)).ownerId).toBe('int-2');

    // Deactivation is the owner's, answered again with the first result; the webhook stays visible as deactivated.
    const gone = seen(await desk.http.delete(`/api/webhooks/${theirs}`).set('Authorization', integrator('int-2')));
    expect(gone.status).toBe(200);
    const goneAgain = seen(await desk.post(`/webhooks/${theirs}/deactivate`, undefined, integrator('int-2')));
    expect([goneAgain.status, goneAgain.body]).toEqual([200, gone.body]);
    expect(await status(theirs, integrator('int-2'))).toMatchObject({ state: 'deactivated', deactivatedAt: expect.any(String) });
    expect(answers.join('\n')).not.toContain('whsec-');
  });

  it('refuses a bad registration naming the field', async () => {
    const good = { webhookId: uniqueId('wh'), url: 'https://bi.example.com/hooks', types: [TYPES[0]], secret: 'whsec-validation-000004' };
    const bad = (patch: Record<string, unknown>) => desk.post('/webhooks', { ...good, ...patch }, integrator('int-1'));
    expectInvalidField(await bad({ url: 'ftp://bi.example.com/hooks' }), 'url');
    expectInvalidField(await bad({ url: 'not a url' }), 'url');
    expectInvalidField(await bad({ types: ['telesales.nothing.v1'] }), 'types');
    expectInvalidField(await bad({ types: [] }), 'types');
    expectInvalidField(await bad({ types: [TYPES[0], TYPES[0]] }), 'types');
    expectInvalidField(await bad({ secret: 'too-short' }), 'secret');
    expectInvalidField(await bad({ webhookId: 'no spaces' }), 'webhookId');
    expectInvalidField(await bad({ fromPosition: '-1' }), 'fromPosition');
    expectRefused(await bad({ extra: true }), 400, 'VALIDATION.FAILED');
    expect(await desk.eventTypes(`webhook-${good.webhookId}`)).toEqual([]);
  });
});

(process.env.DATABASE_URL ? describe : describe.skip)('webhooks with two services on one PostgreSQL', () => {
  it('never delivers to one subscriber from both at once, keeps the order, and goes on when one stops', async () => {
    const url = process.env.DATABASE_URL!;
    const schema = uniqueSchema('wh2');
    const config: AppConfig = {
      port: 0,
      store: { kind: 'postgres', connectionString: url, schema },
      readModels: { kind: 'postgres', connectionString: url, schema },
      runProjections: true,
      jwtSecret: TEST_SECRET,
      devSecret: false,
    };
    // Two whole services over one database, each running projections and deliveries.
    const one = await createApp(config);
    await one.init();
    const two = await createApp(config);
    await two.init();
    let oneOpen = true;
    const r = new Receiver(() => 200, 20);
    try {
      const hookUrl = await r.start();
      const desk = new Desk({
        app: one,
        http: request(one.getHttpServer()),
        store: one.get<EventStore>(EVENT_STORE),
        storeKind: 'postgres',
        token: (sub, roles) => sign({ sub, roles }, TEST_SECRET, { algorithm: 'HS256', expiresIn: '1h' }),
        close: async () => undefined,
      });
      const agent = await desk.hire();
      await someSales(desk, agent, 6);
      const webhookId = uniqueId('wh');
      expectCreated(
        await desk.post('/webhooks', { webhookId, url: hookUrl, types: TYPES, secret: 'whsec-two-services-000005' }, desk.integrator),
        `webhook-${webhookId}`,
      );
      const expected = await expectedEvents(desk.store, TYPES, await desk.store.headPosition());
      await eventually('some events to arrive', () => (r.accepted().length >= 5 ? true : undefined));
      // One service stops mid-stream: whichever held the lease, the other finishes, from the checkpoint.
      await one.close();
      oneOpen = false;
      // A POST cut off by the stop may arrive again: at least once, never out of order.
      const collapsed = () => r.accepted().filter((e, i, all) => i === 0 || all[i - 1].eventId !== e.eventId);
      await eventually('every event to arrive', () => (collapsed().length >= expected.length ? true : undefined));
      expect(r.maxInFlight).toBe(1);
      expect(collapsed()).toEqual(expected);
    } finally {
      await r.stop();
      if (oneOpen) await one.close();
      await two.close();
      await dropSchema(url, schema);
    }
  });
});
