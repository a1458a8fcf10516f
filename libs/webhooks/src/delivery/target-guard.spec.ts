import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IntegrationEvent } from '@app/domain';
import { postEvent } from './post-event';
import { forbiddenClassOf, TargetGuard } from './target-guard';

describe('the addresses a webhook may not call', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.3.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'ipv4-mapped'],
    ['::ffff:7f00:1', 'ipv4-mapped'],
    ['::ffff:8.8.8.8', 'ipv4-mapped'],
    ['fd00::1', 'unique-local'],
    ['fe80::1', 'link-local'],
  ])('%s is %s', (address, kind) => {
    expect(forbiddenClassOf(address)).toBe(kind);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111'])('%s is on the internet', (address) => {
    expect(forbiddenClassOf(address)).toBeUndefined();
  });

  it('lets through what the operator allows: a host name, an address, a network', () => {
    const guard = new TargetGuard(['hooks.internal', '127.0.0.1', '10.1.0.0/16']);
    expect(guard.refusal('hooks.internal', '10.9.9.9')).toBeUndefined();
    expect(guard.refusal('127.0.0.1', '127.0.0.1')).toBeUndefined();
    expect(guard.refusal('bi.corp', '10.1.2.3')).toBeUndefined();
    expect(guard.refusal('bi.corp', '10.2.0.1')?.kind).toBe('private');
    expect(guard.refusal('127.0.0.2', '127.0.0.2')?.kind).toBe('loopback');
  });
});

describe('a delivery connects only where the guard allows, checked on the address it connects to', () => {
  const event = { id: '1', eventId: 'e-1', type: 'telesales.call.logged.v1' } as unknown as IntegrationEvent;
  let server: Server;
  let port: number;
  const received: string[] = [];
  let status = 204;
  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.url ?? '');
      res.writeHead(status, { 'content-type': 'text/plain' }).end('internal admin page: root password is hunter2');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
    status = 204;
  });

  const post = (url: string, guard: TargetGuard) =>
    postEvent({ webhookId: 'w1', url, secret: 's'.repeat(16) }, event, 1, 2000, new AbortController().signal, guard);

  it('a name that resolved to the internet when registered and to loopback when called (DNS rebinding) is refused at connection', async () => {
    let lookups = 0;
    const guard = new TargetGuard([], async () => [{ address: lookups++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }]);
    await expect(guard.check(new URL(`http://rebind.example/hook`))).resolves.toBeUndefined();

    expect(await post(`http://rebind.example:${port}/hook`, guard)).toEqual({ ok: false, error: 'refused: loopback address' });
    expect(received).toEqual([]);
  });

  it('an address literal on loopback is refused without connecting', async () => {
    expect(await post(`http://127.0.0.1:${port}/hook`, new TargetGuard())).toEqual({ ok: false, error: 'refused: loopback address' });
    expect(await post(`http://[::ffff:127.0.0.1]:${port}/hook`, new TargetGuard())).toEqual({ ok: false, error: 'refused: ipv4-mapped address' });
    expect(received).toEqual([]);
  });

  it('an allowed receiver is called; a failure keeps the status, never what the receiver wrote', async () => {
    const allowed = new TargetGuard(['127.0.0.1']);
    expect(await post(`http://127.0.0.1:${port}/ok`, allowed)).toEqual({ ok: true });
    status = 500;
    const failed = await post(`http://127.0.0.1:${port}/broken`, allowed);
    expect(failed).toEqual({ ok: false, error: 'HTTP 500' });
    expect(received).toEqual(['/ok', '/broken']);
  });

  it('a name resolving to loopback is refused at registration', async () => {
    const guard = new TargetGuard([], async () => [{ address: '127.0.0.1', family: 4 }]);
    await expect(guard.check(new URL('http://looks-public.example/hook'))).rejects.toMatchObject({ kind: 'loopback' });
  });
});
