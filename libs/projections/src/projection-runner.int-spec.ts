import { randomUUID } from 'node:crypto';
import { createPgliteEventStore, type EventStore } from '@app/event-store';
import { type Projection, schemaOf } from './projection';
import { ProjectionRunner } from './projection-runner';
import { Counts, counting } from './counting.testing';
import type { ReadModelDb } from './read-model-db';
import { openTestReadModels } from '../../../test/support/projection';

const openDb = () => openTestReadModels([counting]);
/** The count of Tick events in one build's schema (1 = the first build). */
const countIn = async (db: ReadModelDb, generation: number) =>
  (await db.transaction((em) => em.getRepository(Counts).findOneBy({ type: 'Tick' }), schemaOf(counting, generation, db.baseSchema)))?.n ?? 0;

describe('the projection runner', () => {
  let store: EventStore;
  let db: ReadModelDb;
  beforeEach(async () => {
    store = await createPgliteEventStore({});
    db = await openDb();
  });
  afterEach(async () => {
    await store.close();
    await db.close();
  });

  const tick = (type = 'Tick', data: unknown = {}) => ({ eventId: randomUUID(), type, data, metadata: {} });
  const count = () => countIn(db, 1);

  it('applies every event once, reads only its own types, and answers a reader waiting for a position past them', async () => {
    for (let i = 0; i < 30; i++) await store.append(`s-${i % 3}`, [tick()], 'any');
    const other = await store.append('other', [tick('Unrelated')], 'any');
    const runner = new ProjectionRunner(store, db, [counting], { batchSize: 7 });
    await runner.start();
    expect(await runner.waitFor(other.position, 5000)).toBe(true);
    expect(await count()).toBe(30);
    const live = await store.append('s-0', [tick()], 'any');
    expect(await runner.waitFor(live.position, 5000)).toBe(true);
    expect(await count()).toBe(31);
    const checkpoint = async () => (await runner.registry.checkpoint('counting', 1)).position;
    expect(await checkpoint()).toBe(live.position);
    // An event of a type it does not read is answered at once, and leaves the checkpoint where it was.
    const ignored = await store.append('other', [tick('Unrelated')], 'any');
    expect(await runner.waitFor(ignored.position, 1000)).toBe(true);
    expect(await checkpoint()).toBe(live.position);
    expect(await runner.lag('counting')).toEqual({ events: 0, capped: false, seconds: 0 });
    await runner.stop();
  });

  it('tells its lag in events and seconds: the events of its types it has not applied yet', async () => {
    for (let i = 0; i < 12; i++) await store.append('s', [tick()], 'any');
    await store.append('other', [tick('Unrelated')], 'any');
    const runner = new ProjectionRunner(store, db, [counting]);
    await new Promise((r) => setTimeout(r, 50));
    const before = await runner.lag('counting');
    expect(before).toMatchObject({ events: 12, capped: false });
    expect(before.seconds).toBeGreaterThanOrEqual(0.05);
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 5000)).toBe(true);
    const [report] = await runner.report();
    expect(report).toMatchObject({ name: 'counting', state: 'running', lag: { events: 0, seconds: 0 } });
    await runner.stop();
  });

  it('resumes from its checkpoint after a stop without counting anything twice', async () => {
    for (let i = 0; i < 10; i++) await store.append('s', [tick()], 'any');
    const first = new ProjectionRunner(store, db, [counting]);
    await first.start();
    expect(await first.waitFor(await store.headPosition(), 5000)).toBe(true);
    await first.stop();
    for (let i = 0; i < 5; i++) await store.append('s', [tick()], 'any');
    const second = new ProjectionRunner(store, db, [counting]);
    await second.start();
    expect(await second.waitFor(await store.headPosition(), 5000)).toBe(true);
    expect(await count()).toBe(15);
    await second.stop();
  });

  it('stops at an event it cannot apply, names it, and applies nothing of its batch or after it', async () => {
    await store.append('s', [tick(), tick()], 'any');
    const poisoned = tick('Poison', { poison: true });
    await store.append('s', [poisoned], 'any');
    await store.append('s', [tick()], 'any');
    const runner = new ProjectionRunner(store, db, [counting], { batchSize: 100 });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 3000)).toBe(false);
    const [status] = runner.status();
    expect(status.state).toBe('failed');
    expect(status.failure).toMatchObject({ eventId: poisoned.eventId, type: 'Poison', message: 'cannot apply a poisoned event' });
    // The whole batch rolled back: the checkpoint did not pass the poisoned event.
    expect(await count()).toBe(0);
    expect(status.checkpoint < BigInt(status.failure!.position)).toBe(true);
    await runner.stop();
  });
});

describe('rebuilding a projection', () => {
  let store: EventStore;
  let db: ReadModelDb;
  beforeEach(async () => {
    store = await createPgliteEventStore({});
    db = await openDb();
  });
  afterEach(async () => {
    await store.close();
    await db.close();
  });

  const tick = () => ({ eventId: randomUUID(), type: 'Tick', data: {}, metadata: {} });

  it('builds a new version beside the old tables at start and switches queries to it once caught up', async () => {
    for (let i = 0; i < 20; i++) await store.append('s', [tick()], 'any');
    const v1 = new ProjectionRunner(store, db, [counting]);
    await v1.start();
    expect(await v1.waitFor(await store.headPosition(), 5000)).toBe(true);
    await v1.stop();

    const v2 = new ProjectionRunner(store, db, [{ ...counting, version: 2 }]);
    await v2.start();
    const deadline = Date.now() + 10_000;
    while ((await v2.registry.read('counting'))?.active.version !== 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await v2.registry.read('counting')).toEqual({ active: { generation: 2, version: 2 }, building: null });
    expect(await v2.activeSchema(counting)).toBe(schemaOf(counting, 2, db.baseSchema));
    expect(await countIn(db, 2)).toBe(20);
    expect(await countIn(db, 1)).toBe(20);
    await v2.stop();
  });

  it('rebuilds on demand while the live build keeps answering, and the rebuilt tables hold every event written', async () => {
    for (let i = 0; i < 300; i++) await store.append(`s-${i % 5}`, [tick()], 'any');
    const live = new ProjectionRunner(store, db, [counting], { batchSize: 10 });
    await live.start();
    expect(await live.waitFor(await store.headPosition(), 5000)).toBe(true);

    const rebuilder = new ProjectionRunner(store, db, [counting], { batchSize: 10 });
    const answers: number[] = [];
    let rebuilding = true;
    let written = 300;
    const reading = (async () => {
      while (rebuilding) {
        answers.push((await live.read(counting, (em) => em.getRepository(Counts).findOneBy({ type: 'Tick' })))?.n ?? 0);
        await store.append('s-more', [tick()], 'any');
        written++;
        // Writers keep writing during the rebuild, at a pace a build can catch up with.
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const build = await rebuilder.rebuild('counting');
    rebuilding = false;
    await reading;

    expect(build.generation).toBe(2);
    // Queries answered throughout, from the old build, and never went backwards.
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((n, i) => n >= 300 && (i === 0 || n >= answers[i - 1]))).toBe(true);
    // The live runner follows the new build after the switch, which holds every event once. (The
    // old build stops where the switch found it: an event written as it happened is the new one's.)
    expect(await live.waitFor(await store.headPosition(), 5000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await live.waitFor(await store.headPosition(), 5000)).toBe(true);
    expect(live.status()[0].generation).toBe(2);
    expect(await countIn(db, 2)).toBe(written);
    expect(await countIn(db, 1)).toBeGreaterThanOrEqual(answers[answers.length - 1]);
    await live.stop();
    await rebuilder.stop();
  });
});

describe('the shared read of the log', () => {
  let store: EventStore;
  let db: ReadModelDb;
  /** Another projection on the same table name: each build has its own schema. */
  const tocking: Projection = { ...counting, name: 'tocking', eventTypes: ['Tock'] };
  beforeEach(async () => {
    store = await createPgliteEventStore({});
    db = await openTestReadModels([counting, tocking]);
  });
  afterEach(async () => {
    await store.close();
    await db.close();
  });

  const event = (type: string, data: unknown = {}) => ({ eventId: randomUUID(), type, data, metadata: {} });
  const countOf = async (projection: Projection, type: string) =>
    (await db.transaction((em) => em.getRepository(Counts).findOneBy({ type }), schemaOf(projection, 1, db.baseSchema)))?.n ?? 0;

  it('subscribes once for every live projection, and an event one cannot apply stops only that one', async () => {
    let subscriptions = 0;
    const counted: EventStore = { ...store, kind: store.kind, subscribe: (options) => (subscriptions++, store.subscribe(options)) };
    await store.append('s', [event('Tick'), event('Tock')], 'any');
    const poisoned = event('Poison', { poison: true });
    await store.append('s', [poisoned], 'any');
    await store.append('s', [event('Tock'), event('Tock'), event('Tick')], 'any');
    const runner = new ProjectionRunner(counted, db, [counting, tocking], { batchSize: 2 });
    await runner.start();
    const deadline = Date.now() + 5000;
    while ((await countOf(tocking, 'Tock')) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await countOf(tocking, 'Tock')).toBe(3);
    const states = Object.fromEntries(runner.status().map((s) => [s.name, s.state]));
    expect(states).toEqual({ counting: 'failed', tocking: 'running' });
    expect(runner.status().find((s) => s.name === 'counting')!.failure).toMatchObject({ eventId: poisoned.eventId });
    expect(subscriptions).toBe(1);
    // Live appends reach the projection still running, through the same subscription.
    const live = await store.append('s', [event('Tock')], 'any');
    const caughtUp = Date.now() + 5000;
    while (runner.status().find((s) => s.name === 'tocking')!.checkpoint < live.position && Date.now() < caughtUp) await new Promise((r) => setTimeout(r, 20));
    expect(await countOf(tocking, 'Tock')).toBe(4);
    expect(subscriptions).toBe(1);
    await runner.stop();
  });

  it('takes a projection that is behind from its own checkpoint, without applying anything twice to the others', async () => {
    for (let i = 0; i < 20; i++) await store.append('s', [event('Tick'), event('Tock')], 'any');
    const first = new ProjectionRunner(store, db, [counting]);
    await first.start();
    expect(await first.waitFor(await store.headPosition(), 5000)).toBe(true);
    await first.stop();
    // tocking is new: it starts from the beginning of the log, counting from where it stopped.
    const both = new ProjectionRunner(store, db, [counting, tocking], { batchSize: 5 });
    await both.start();
    expect(await both.waitFor(await store.headPosition(), 10_000)).toBe(true);
    expect(await countOf(counting, 'Tick')).toBe(20);
    expect(await countOf(tocking, 'Tock')).toBe(20);
    await both.stop();
  });
});
