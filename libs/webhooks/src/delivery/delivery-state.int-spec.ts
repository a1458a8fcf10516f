import type { ReadModelDb } from '@app/projections';
import { openTestReadModels } from '../../../../test/support/projection';
import { CheckpointMoved, DeliveryStates } from './delivery-state';
import { CreateWebhookDeliveries1764806400500, WebhookDelivery } from './webhook-delivery.entity';

/** A read-model database of its own, with the delivery table in its base schema: PostgreSQL at DATABASE_URL, else embedded. */
const openDb = () => openTestReadModels([], { entities: [WebhookDelivery], migrations: [CreateWebhookDeliveries1764806400500] });

let db: ReadModelDb;
let deliveries: DeliveryStates;
beforeAll(async () => {
  db = await openDb();
  deliveries = new DeliveryStates(db);
});
beforeEach(() => db.manager.clear(WebhookDelivery));
afterAll(() => db.close());

describe("a subscriber's delivery state", () => {
  it('starts at the registration position the first time, and a second open keeps it', async () => {
    expect(await deliveries.open('wh-1', 40n)).toEqual({
      webhookId: 'wh-1',
      position: 40n,
      delivered: 0,
      attempts: 0,
      lastError: null,
      lastAttemptAt: null,
      lastDeliveredAt: null,
      nextAttemptAt: null,
      redrives: 0,
    });
    expect((await deliveries.open('wh-1', 99n)).position).toBe(40n);
    expect(await deliveries.read('wh-unknown')).toBeUndefined();
  });

  it('moves only from the position it was read at: a writer that lost its lease changes nothing', async () => {
    await deliveries.open('wh-1', 40n);
    await deliveries.failed('wh-1', 40n, 1, 'HTTP 500', new Date('2030-01-01T00:00:00Z'));
    await deliveries.passed('wh-1', 40n, 45n);
    await deliveries.delivered('wh-1', 45n, 50n);
    await deliveries.delivered('wh-1', 50n, 60n);
    const state = (await deliveries.read('wh-1'))!;
    expect(state).toMatchObject({ position: 60n, delivered: 2, attempts: 0, lastError: null, nextAttemptAt: null, redrives: 0 });
    expect(state.lastDeliveredAt).toBeInstanceOf(Date);

    await expect(deliveries.delivered('wh-1', 50n, 70n)).rejects.toBeInstanceOf(CheckpointMoved);
    await expect(deliveries.passed('wh-1', 45n, 70n)).rejects.toBeInstanceOf(CheckpointMoved);
    await expect(deliveries.failed('wh-1', 50n, 1, 'timeout', null)).rejects.toBeInstanceOf(CheckpointMoved);
    expect(await deliveries.read('wh-1')).toEqual(state);
  });

  it('counts failed attempts with their backoff; a passed-over event leaves them, a delivery starts them over', async () => {
    await deliveries.open('wh-1', 0n);
    const next = new Date('2030-01-01T00:00:05Z');
    await deliveries.failed('wh-1', 0n, 1, 'HTTP 500', null);
    await deliveries.failed('wh-1', 0n, 2, 'HTTP 503', next);
    expect(await deliveries.read('wh-1')).toMatchObject({ position: 0n, attempts: 2, lastError: 'HTTP 503', nextAttemptAt: next, delivered: 0 });
    expect((await deliveries.read('wh-1'))!.lastAttemptAt).toBeInstanceOf(Date);

    await deliveries.passed('wh-1', 0n, 7n);
    expect(await deliveries.read('wh-1')).toMatchObject({ position: 7n, attempts: 2, lastError: 'HTTP 503', nextAttemptAt: next, lastDeliveredAt: null });
    await deliveries.delivered('wh-1', 7n, 9n);
    expect(await deliveries.read('wh-1')).toMatchObject({ position: 9n, attempts: 0, lastError: null, nextAttemptAt: null, delivered: 1 });
  });

  it('starts the attempts over once per re-drive', async () => {
    await deliveries.open('wh-1', 0n);
    await deliveries.failed('wh-1', 0n, 5, 'HTTP 500', null);
    await deliveries.redriven('wh-1', 1);
    expect(await deliveries.read('wh-1')).toMatchObject({ attempts: 0, nextAttemptAt: null, redrives: 1, lastError: 'HTTP 500' });

    // The same re-drive again (another process, a retry) does not clear newer failures.
    await deliveries.failed('wh-1', 0n, 1, 'HTTP 502', new Date('2030-01-01T00:00:00Z'));
    await deliveries.redriven('wh-1', 1);
    expect(await deliveries.read('wh-1')).toMatchObject({ attempts: 1, redrives: 1 });
  });

  it('reads many subscribers at once, leaving out those never opened', async () => {
    await deliveries.open('wh-1', 1n);
    await deliveries.open('wh-2', 2n);
    const states = await deliveries.readMany(['wh-2', 'wh-1', 'wh-3']);
    expect([...states.keys()].sort()).toEqual(['wh-1', 'wh-2']);
    expect(states.get('wh-2')?.position).toBe(2n);
    expect(await deliveries.readMany([])).toEqual(new Map());
  });
});
