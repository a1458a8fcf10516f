import { randomUUID } from 'node:crypto';
import { createPgliteEventStore, type EventStore } from '@app/event-store';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { openPgliteReadModels, type ReadModelDb } from './read-model-db';

/** Counts events per type, and refuses the event whose data says `poison`. */
const counting: Projection<'counts'> = {
  name: 'counting',
  version: 1,
  eventTypes: ['Tick', 'Poison'],
  tableNames: ['counts'],
  migrate: async (sql, t) => {
    await sql.query(`CREATE TABLE IF NOT EXISTS ${t.counts} (type text PRIMARY KEY, n int NOT NULL)`);
  },
  apply: async (sql, t, events) => {
    for (const e of events) {
      if ((e.data as { poison?: boolean }).poison) throw new Error('cannot apply a poisoned event');
      await sql.query(`INSERT INTO ${t.counts} VALUES ($1, 1) ON CONFLICT (type) DO UPDATE SET n = ${t.counts}.n + 1`, [e.type]);
    }
  },
};

describe('the projection runner', () => {
  let store: EventStore;
  let db: ReadModelDb;
  beforeEach(async () => {
    store = await createPgliteEventStore({});
    db = await openPgliteReadModels();
  });
  afterEach(async () => {
    await store.close();
    await db.close();
  });

  const tick = (type = 'Tick', data: unknown = {}) => ({ eventId: randomUUID(), type, data, metadata: {} });
  const count = async () => Number((await db.query<{ n: number }>('SELECT n FROM rm_counting_g1_counts WHERE type = $1', ['Tick']))[0]?.n ?? 0);

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
    const checkpoint = async () => BigInt((await db.query<{ position: string }>('SELECT position::text AS position FROM projection_checkpoints'))[0].position);
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
    db = await openPgliteReadModels();
  });
  afterEach(async () => {
    await store.close();
    await db.close();
  });

  const tick = () => ({ eventId: randomUUID(), type: 'Tick', data: {}, metadata: {} });
  const countIn = async (table: string) => Number((await db.query<{ n: number }>(`SELECT n FROM ${table} WHERE type = 'Tick'`))[0]?.n ?? 0);

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
    expect((await v2.activeTables(counting)).counts).toBe('rm_counting_g2_counts');
    expect(await countIn('rm_counting_g2_counts')).toBe(20);
    expect(await countIn('rm_counting_g1_counts')).toBe(20);
    await v2.stop();
  });

  it('rebuilds on demand while the live build keeps answering, and the rebuilt tables equal the live ones', async () => {
    for (let i = 0; i < 300; i++) await store.append(`s-${i % 5}`, [tick()], 'any');
    const live = new ProjectionRunner(store, db, [counting], { batchSize: 10 });
    await live.start();
    expect(await live.waitFor(await store.headPosition(), 5000)).toBe(true);

    const rebuilder = new ProjectionRunner(store, db, [counting], { batchSize: 10 });
    const answers: number[] = [];
    let rebuilding = true;
    const reading = (async () => {
      while (rebuilding) {
        answers.push(await countIn((await live.activeTables(counting)).counts));
        await store.append('s-more', [tick()], 'any');
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
    // The live runner follows the new build after the switch; both builds end equal.
    expect(await live.waitFor(await store.headPosition(), 5000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await live.waitFor(await store.headPosition(), 5000)).toBe(true);
    expect(live.status()[0].generation).toBe(2);
    expect(await countIn('rm_counting_g2_counts')).toBe(await countIn('rm_counting_g1_counts'));
    await live.stop();
    await rebuilder.stop();
  });
});
