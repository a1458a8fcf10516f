import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteEventStore, createPostgresEventStore, type EventStore } from '@app/event-store';
import { ProjectionRunner, type ReadModelDb } from '@app/projections';
import { openReadModels } from '@app/platform';
import { allProjections } from '@app/read-models';
import { appendMonth } from '../support/month-generator';
import { dropSchema, uniqueSchema } from '../support/postgres';
import { projectionDigest } from '../support/projection-digest';

/** 40 agents × 20 days × 125 calls, with grades, visits and deals: about 134,000 events. */
const MONTH = { agents: 40, days: 20, callsPerAgentPerDay: 125, leadsPerAgent: 40 };

async function catchUp(store: EventStore, db: ReadModelDb): Promise<Record<string, string>> {
  const runner = new ProjectionRunner(store, db, allProjections, { batchSize: 1000 });
  await runner.start();
  expect(await runner.waitFor(await store.headPosition(), 600_000)).toBe(true);
  await runner.stop();
  return projectionDigest(db);
}

/** Starts the projection process and kills it with SIGKILL once it is well into catching up. */
async function killMidway(env: NodeJS.ProcessEnv, total: number): Promise<number> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'support/run-projections.ts')],
    { env: { ...process.env, ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let last = 0;
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const applied = Number(/^applied (\d+)/.exec(line)?.[1] ?? NaN);
        if (Number.isNaN(applied)) continue;
        last = applied;
        if (applied >= total * 0.3 && applied < total * 0.9 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(last) : reject(new Error(`projection process ended (${code}) before it could be killed midway; it had applied ${last}`)),
    );
  });
}

// The embedded run belongs to `npm test`, the PostgreSQL run to the DATABASE_URL run of .ci/run.
describe.each([
  ['embedded', !process.env.DATABASE_URL],
  ['PostgreSQL', Boolean(process.env.DATABASE_URL)],
])('projections killed with SIGKILL mid catch-up (%s)', (kind, available) => {
  (available ? it : it.skip)(
    'recover to tables identical, row for row, to a clean rebuild',
    async () => {
      const url = process.env.DATABASE_URL!;
      const dir = mkdtempSync(join(tmpdir(), 'crash-'));
      const schema = uniqueSchema('crash');
      const cleanSchema = uniqueSchema('clean');
      try {
        const env = kind === 'embedded' ? { DATA_DIR: dir, DATABASE_URL: '' } : { DATABASE_URL: url, DATABASE_SCHEMA: schema };
        const openStore = () =>
          kind === 'embedded' ? createPgliteEventStore({ dataDir: join(dir, 'eventstore') }) : createPostgresEventStore({ connectionString: url, schema });
        let store = await openStore();
        const total = await appendMonth(store, MONTH);
        expect(total).toBeGreaterThanOrEqual(100_000);
        await store.close();

        const killedAt = await killMidway(env, total);
        expect(killedAt).toBeGreaterThan(0);

        store = await openStore();
        const recoveredDb = await openReadModels(
          kind === 'embedded' ? { kind: 'pglite', dataDir: join(dir, 'readmodels') } : { kind: 'postgres', connectionString: url, schema },
        );
        const recovered = await catchUp(store, recoveredDb);
        await recoveredDb.close();
        const cleanDb = await openReadModels(kind === 'embedded' ? { kind: 'pglite' } : { kind: 'postgres', connectionString: url, schema: cleanSchema });
        const clean = await catchUp(store, cleanDb);
        await cleanDb.close();
        await store.close();

        expect(Object.keys(recovered).length).toBeGreaterThanOrEqual(10);
        expect(recovered).toEqual(clean);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        if (kind === 'PostgreSQL') {
          await dropSchema(url, schema);
          await dropSchema(url, cleanSchema);
        }
      }
    },
    900_000,
  );
});
