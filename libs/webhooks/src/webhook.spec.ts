import { specification } from '../../domain/src/testing/given-when-then';
import { signDelivery, verifyDelivery } from './signature';
import {
  decideDeactivateWebhook,
  decideParkWebhook,
  decideRedriveWebhook,
  decideRegisterWebhook,
  evolveWebhook,
  initialWebhookState,
  type ParkWebhook,
  type RegisterWebhook,
  type WebhookEvent,
  type WebhookState,
} from './webhook';
import { loadWebhookConfig, retryDelayMs } from './webhook-config';
import { WebhookSecrets } from './webhook-secrets';

const now = new Date('2026-10-08T01:00:00Z');
const owner = { sub: 'int-1', roles: ['integrator'] };
const other = { sub: 'int-2', roles: ['integrator'] };
const sealedSecret = { alg: 'aes-256-gcm' as const, keyId: 'k', iv: 'i', tag: 't', ciphertext: 'c' };
const register: RegisterWebhook = {
  type: 'RegisterWebhook',
  data: { webhookId: 'w1', url: 'https://bi.example.com/h', types: ['telesales.call.logged.v1'], fromPosition: '0', sealedSecret },
};
const registered: WebhookEvent = { type: 'WebhookRegistered', data: { ...register.data, ownerId: 'int-1', registeredAt: now.toISOString() } };
const park: ParkWebhook = { type: 'ParkWebhook', data: { webhookId: 'w1', position: '42', eventId: 'e42', attempts: 8, lastError: 'HTTP 500' } };
const parked: WebhookEvent = { type: 'WebhookParked', data: { ...park.data, parkedAt: now.toISOString() } };
const redriven: WebhookEvent = { type: 'WebhookRedriven', data: { webhookId: 'w1', redrivenBy: 'int-1', redrivenAt: now.toISOString(), resumesAt: '42' } };

type Command = { kind: 'register'; command: RegisterWebhook } | { kind: 'park'; command: ParkWebhook } | { kind: 'redrive' } | { kind: 'deactivate' };
const decide = (c: Command, state: WebhookState, ctx: { actor: typeof owner; now: Date }): WebhookEvent[] => {
  switch (c.kind) {
    case 'register':
      return decideRegisterWebhook(c.command, state, ctx);
    case 'park':
      return decideParkWebhook(c.command, state, ctx);
    case 'redrive':
      return decideRedriveWebhook('w1', state, ctx);
    case 'deactivate':
      return decideDeactivateWebhook('w1', state, ctx);
  }
};
const given = specification(initialWebhookState, evolveWebhook, decide);

describe('a webhook subscriber', () => {
  it('is registered by its owner, once', () => {
    given([]).when({ kind: 'register', command: register }, { actor: owner, now }).then([registered]);
    given([registered]).when({ kind: 'register', command: register }, { actor: owner, now }).thenRefused('WEBHOOK.EXISTS', 'conflict');
  });

  it('is parked only while active, and re-driven only while parked, by its owner', () => {
    given([registered]).when({ kind: 'park', command: park }, { actor: owner, now }).then([parked]);
    given([registered, parked]).when({ kind: 'park', command: park }, { actor: owner, now }).thenRefused('WEBHOOK.NOT_ACTIVE', 'conflict');
    given([registered]).when({ kind: 'redrive' }, { actor: owner, now }).thenRefused('WEBHOOK.NOT_PARKED', 'conflict');
    given([registered, parked]).when({ kind: 'redrive' }, { actor: owner, now }).then([redriven]);
    given([registered, parked]).when({ kind: 'redrive' }, { actor: other, now }).thenRefused('WEBHOOK.NOT_FOUND', 'not_found');
  });

  it('counts its parkings and re-drives, which name the commands that record them', () => {
    const state = [registered, parked, redriven, parked].reduce(evolveWebhook, initialWebhookState);
    expect(state).toMatchObject({ status: 'parked', parks: 2, redrives: 1, parked: park.data });
  });

  it('is deactivated by its owner only, and then not parked', () => {
    const deactivated: WebhookEvent = { type: 'WebhookDeactivated', data: { webhookId: 'w1', deactivatedBy: 'int-1', deactivatedAt: now.toISOString() } };
    given([registered, parked]).when({ kind: 'deactivate' }, { actor: owner, now }).then([deactivated]);
    given([registered]).when({ kind: 'deactivate' }, { actor: other, now }).thenRefused('WEBHOOK.NOT_FOUND');
    given([registered, deactivated]).when({ kind: 'park', command: park }, { actor: owner, now }).thenRefused('WEBHOOK.NOT_ACTIVE');
  });
});

describe('delivery signatures', () => {
  const secret = 'whsec-0123456789abcdef';
  const body = '{"id":"1","type":"telesales.call.logged.v1"}';
  const at = new Date('2026-10-08T01:00:00Z');
  const timestamp = String(at.getTime() / 1000);

  it('verify over the timestamp and the raw body, within the tolerance only', () => {
    const signature = signDelivery(secret, timestamp, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyDelivery(secret, { timestamp, signature }, body, { now: at })).toBe(true);
    expect(verifyDelivery(secret, { timestamp, signature }, `${body} `, { now: at })).toBe(false);
    expect(verifyDelivery('another-secret-0123', { timestamp, signature }, body, { now: at })).toBe(false);
    expect(verifyDelivery(secret, { timestamp, signature }, body, { now: new Date(at.getTime() + 301_000) })).toBe(false);
    expect(verifyDelivery(secret, { timestamp: String(Number(timestamp) + 1), signature }, body, { now: at })).toBe(false);
  });
});

describe('sealed secrets', () => {
  it('open with the same key and webhook only, and digest without revealing', () => {
    const secrets = new WebhookSecrets('a-key-of-at-least-16');
    const sealed = secrets.seal('w1', 'whsec-0123456789abcdef');
    expect(JSON.stringify(sealed)).not.toContain('whsec');
    expect(secrets.open('w1', sealed)).toBe('whsec-0123456789abcdef');
    expect(() => secrets.open('w2', sealed)).toThrow();
    expect(() => new WebhookSecrets('another-key-of-16+').open('w1', sealed)).toThrow(/another WEBHOOK_SECRET_KEY/);
    expect(secrets.digest('w1', 'whsec-0123456789abcdef')).toBe(secrets.digest('w1', 'whsec-0123456789abcdef'));
    expect(secrets.digest('w1', 'whsec-0123456789abcdef')).not.toContain('whsec');
  });
});

describe('retry delays', () => {
  it('double from the base up to the cap', () => {
    const config = { retryBaseMs: 100, retryMaxMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(config, n, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(retryDelayMs(config, 1, () => 1)).toBe(110);
  });

  it('by default keep retrying for at least 24 hours before a subscriber is parked', () => {
    const config = loadWebhookConfig('secret', {});
    // The waits between the first failure and the one that parks, at their shortest (no jitter).
    const waits = Array.from({ length: config.parkAfter - 1 }, (_, i) => retryDelayMs(config, i + 1, () => 0));
    const hours = waits.reduce((a, b) => a + b, 0) / 3_600_000;
    expect(hours).toBeGreaterThanOrEqual(24);
    expect(hours).toBeLessThan(26);
  });
});
