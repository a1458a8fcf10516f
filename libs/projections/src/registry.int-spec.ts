import { randomUUID } from 'node:crypto';
import { openTestReadModels } from '../../../test/support/projection';
import { Counts, counting } from './counting.testing';
import { schemaOf } from './projection';
import type { ReadModelDb } from './read-model-db';
import { ProjectionRegistry } from './registry';

describe('the registry of builds', () => {
  let db: ReadModelDb;
  let registry: ProjectionRegistry;
  beforeEach(async () => {
    db = await openTestReadModels([counting]);
    registry = new ProjectionRegistry(db);
  });
  afterEach(() => db.close());

  const put = (generation: number, n: number) =>
    db.transaction((em) => em.getRepository(Counts).save({ type: 'Tick', n }), schemaOf(counting, generation, db.baseSchema));
  /** What a BI tool sees under the fixed name, whichever build is live. */
  const throughView = async () => (await db.manager.query(`SELECT n FROM counting__counts WHERE type = 'Tick'`)).map((r: { n: number }) => r.n);
  const schemas = async () =>
    (
      await db.manager.query(`SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1) ORDER BY 1`, [
        schemaOf(counting, 0, db.baseSchema).slice(0, -1),
      ])
    ).map((r: { name: string }) => r.name);

  it('shows the live build under fixed names, switches them with the build, and prunes only builds nobody reads', async () => {
    await registry.ensure(counting);
    await put(1, 7);
    expect(await throughView()).toEqual([7]);

    const next = { ...counting, version: 2 };
    const build = await registry.startBuild(next);
    expect(build).toEqual({ generation: 2, version: 2 });
    await put(2, 9);
    // Until the switch the fixed names show the live build.
    expect(await throughView()).toEqual([7]);
    expect(await registry.prune([next])).toEqual([]);

    await registry.switchTo(next, build);
    expect(await throughView()).toEqual([9]);
    expect(await registry.read('counting')).toEqual({ active: { generation: 2, version: 2 }, building: null });

    const g1 = schemaOf(counting, 1, db.baseSchema);
    const g2 = schemaOf(counting, 2, db.baseSchema);
    expect(await schemas()).toEqual([g1, g2]);
    expect(await registry.prune([next])).toEqual([g1]);
    expect(await schemas()).toEqual([g2]);
    expect(await throughView()).toEqual([9]);
  });

  it('runs a build schema migrations once, recorded in that schema', async () => {
    await registry.ensure(counting);
    const schema = schemaOf(counting, 1, db.baseSchema);
    const ran = await db.transaction((em) => em.query(`SELECT name FROM typeorm_migrations`), schema);
    expect(ran).toEqual([{ name: 'CreateCounts1764806400100' }]);
    // A second ensure finds the build and migrates nothing again.
    await registry.ensure(counting);
    expect(await db.transaction((em) => em.query(`SELECT count(*)::int AS n FROM typeorm_migrations`), schema)).toEqual([{ n: 1 }]);
  });
});

describe('the embedded read-model database', () => {
  let db: ReadModelDb;
  beforeEach(async () => {
    const { openPgliteReadModels } = await import('./read-model-db');
    const { readModelSchema } = await import('./projection');
    db = await openPgliteReadModels(undefined, readModelSchema([counting]));
    await new ProjectionRegistry(db).ensure(counting);
  });
  afterEach(() => db.close());

  it('keeps concurrent transactions isolated: a rolled-back write is never seen, and none waits on another for ever', async () => {
    const schema = schemaOf(counting, 1);
    const seen: (number | undefined)[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writer = db
      .transaction(async (em) => {
        await em.getRepository(Counts).save({ type: 'Tick', n: 1 });
        await held;
        throw new Error('rolled back on purpose');
      }, schema)
      .catch((error: Error) => error.message);
    // Readers and writers the runner and the queries would send meanwhile, all at once.
    const others = Array.from({ length: 20 }, (_, i) =>
      db.transaction(async (em) => {
        if (i % 4 === 0) await em.getRepository(Counts).save({ type: `Other-${randomUUID()}`, n: i });
        seen.push((await em.getRepository(Counts).findOneBy({ type: 'Tick' }))?.n);
      }, schema),
    );
    setTimeout(release, 200);
    const outcome = await Promise.race([
      Promise.all([writer, ...others]).then(([message]) => message),
      new Promise((resolve) => setTimeout(() => resolve('deadlocked'), 20_000)),
    ]);
    expect(outcome).toBe('rolled back on purpose');
    expect(seen).toHaveLength(20);
    expect(seen.every((n) => n === undefined)).toBe(true);
    expect(await db.transaction((em) => em.getRepository(Counts).count(), schema)).toBe(5);
  });
});
