import { get, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Desk, expectCreated, expectRefused, startDesk, uniqueId } from '../support/telesales';

/**
 * What one integrator may hold at once (issue 14, point 4): event streams (FEED_MAX_STREAMS_PER_CALLER,
 * default 5) and webhooks not deactivated (WEBHOOK_MAX_PER_INTEGRATOR, here 2).
 */
process.env.WEBHOOK_MAX_PER_INTEGRATOR = '2';

let desk: Desk;
beforeAll(async () => {
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.app.close();
});

/** Opens the SSE feed as `auth` and answers once its status is known; the stream stays open until destroyed. */
function openStream(auth: string): Promise<{ res: IncomingMessage; req: ClientRequest; body: () => Promise<string> }> {
  const { port } = desk.app.app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/api/events/stream?fromPosition=0', headers: { authorization: auth } }, (res) => {
      const body = () =>
        new Promise<string>((done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => done(text));
        });
      resolve({ res, req, body });
    });
    req.on('error', reject);
  });
}

describe('event streams per integrator', () => {
  it('a sixth open stream is 429 with Retry-After in the error shape; another integrator still connects; closing one frees a slot', async () => {
    const integrator = desk.bearer('int-streams', ['integrator']);
    const open = [];
    for (let i = 0; i < 5; i++) open.push(await openStream(integrator));
    expect(open.map((s) => s.res.statusCode)).toEqual([200, 200, 200, 200, 200]);

    const sixth = await openStream(integrator);
    expect(sixth.res.statusCode).toBe(429);
    expect(Number(sixth.res.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(await sixth.body())).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'INTEGRATION.TOO_MANY_STREAMS',
      details: { maxStreams: 5 },
    });

    const other = await openStream(desk.bearer('int-other', ['integrator']));
    expect(other.res.statusCode).toBe(200);

    open.pop()!.req.destroy();
    let again = await openStream(integrator);
    for (let tries = 0; again.res.statusCode === 429 && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 20));
      again = await openStream(integrator);
    }
    expect(again.res.statusCode).toBe(200);
    for (const s of [...open, other, again]) s.req.destroy();
  });
});

describe('webhooks per integrator', () => {
  const register = (auth: string, webhookId = uniqueId('wh')) =>
    desk.post('/webhooks', { webhookId, url: 'https://bi.example.com/hooks', types: ['telesales.call.logged.v1'], secret: 'whsec-caps-suite-00001' }, auth);

  it('past the cap a registration is 422 naming the rule and records nothing; a retry of a held one and a deactivation make room', async () => {
    const integrator = desk.bearer('int-hooks', ['integrator']);
    const first = uniqueId('wh');
    expectCreated(await register(integrator, first), `webhook-${first}`);
    const second = uniqueId('wh');
    expectCreated(await register(integrator, second), `webhook-${second}`);

    const refused = await desk.refusedWithNothingAppended(() => register(integrator));
    expect(expectRefused(refused, 422, 'WEBHOOK.TOO_MANY').details).toEqual({ maxWebhooks: 2 });
    // Registering a held one again is its retry, answered with the first result.
    expect((await register(integrator, first)).status).toBe(200);
    // Another integrator has caps of its own.
    expect((await register(desk.bearer('int-hooks-2', ['integrator']))).status).toBe(201);

    expect((await desk.post(`/webhooks/${first}/deactivate`, undefined, integrator)).status).toBeLessThan(300);
    expect((await register(integrator)).status).toBe(201);
  });
});
