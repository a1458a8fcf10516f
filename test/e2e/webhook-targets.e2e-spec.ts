import { type Desk, expectCreated, expectRefused, startDesk, uniqueId } from '../support/telesales';

/**
 * A webhook cannot be turned against the service's own network (issue 14, point 4): a url whose
 * host is, or resolves to, loopback, a private range, link-local (the cloud metadata service),
 * unique-local or an IPv4-mapped address is refused at registration, and nothing is recorded.
 * (At delivery the address connected to is checked again: libs/webhooks target-guard.spec.ts.)
 */
let desk: Desk;
beforeAll(async () => {
  delete process.env.WEBHOOK_ALLOWED_HOSTS;
  desk = await startDesk();
});
afterAll(async () => {
  await desk?.app.close();
});

const register = (url: string, webhookId = uniqueId('wh')) =>
  desk.post('/webhooks', { webhookId, url, types: ['telesales.call.logged.v1'], secret: 'whsec-targets-suite-0001' }, desk.integrator);

describe('webhook targets on the service’s own network are refused at registration', () => {
  it.each([
    ['loopback', 'http://127.0.0.1:8080/hook', 'loopback'],
    ['10.x', 'http://10.0.0.5/hook', 'private'],
    ['172.16.x', 'http://172.16.3.4/hook', 'private'],
    ['192.168.x', 'https://192.168.1.1/hook', 'private'],
    ['the metadata service', 'http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['IPv6 loopback', 'http://[::1]:3000/hook', 'loopback'],
    ['an IPv4-mapped IPv6 address', 'http://[::ffff:127.0.0.1]/hook', 'ipv4-mapped'],
    ['a unique-local IPv6 address', 'http://[fd12:3456::1]/hook', 'unique-local'],
    ['a host name that resolves to 127.0.0.1', 'http://localhost:3000/hook', 'loopback'],
  ])('%s: 422 naming the url and the address class, nothing recorded', async (_what, url, addressClass) => {
    const res = await desk.refusedWithNothingAppended(() => register(url));
    expect(expectRefused(res, 422, 'WEBHOOK.TARGET_FORBIDDEN').details).toEqual({ field: 'url', addressClass });
  });

  it('a receiver on the internet is registered', async () => {
    const webhookId = uniqueId('wh');
    expectCreated(await register('https://bi.example.com/hooks', webhookId), `webhook-${webhookId}`);
  });
});
