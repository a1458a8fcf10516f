import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@app/event-store';
import { ProjectionRunner, type ReadModelDb } from '@app/projections';
import { openEventStore, openReadModels } from '@app/platform';
import { allProjections } from '@app/read-models';
import { dropSchema, uniqueSchema } from '../support/postgres';
import { projectionDigest } from '../support/projection-digest';
import { HttpClient } from './http';
import { acknowledgedProblem, copiesOf, readEverything, readStreams, resultOf, storeProblems, untilHeadReaches } from './ledger';
import { type ServiceProcess, startService, untilProjectionsCaughtUp } from './service-process';
import { acknowledged, Commands, department, positionOf, runUntilKilled, type Sent, send, SECRET, setUp, unanswered } from './traffic';

const CLIENTS = 8;
/** Hundreds of acknowledged writes, over at least two seconds, before the kill. */
const TRAFFIC = { clients: CLIENTS, killAfterAcks: 300, killNoSoonerThanMs: 2_000, killNoLaterThanMs: 30_000 };
/** Acknowledged writes sent again after the restart: each must answer 200 with its first result. */
const RETRIED_ACKS = 25;

/** Sends each command again, `CLIENTS` at a time; resolves with the answers in order. */
async function resend(baseUrl: string, commands: Sent[]): Promise<Sent[]> {
  const again = commands.map((s) => ({ ...s, answer: undefined, error: undefined }));
  const queue = [...again];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const http = new HttpClient(baseUrl);
      try {
        for (let next = queue.shift(); next; next = queue.shift()) await send(http, next);
      } finally {
        http.close();
      }
    }),
  );
  return again;
}

const describeAnswer = (s: Sent) => `${s.kind} ${s.commandId}: ${s.answer ? `${s.answer.status} ${JSON.stringify(s.answer.body)}` : s.error}`;

// The embedded run belongs to `npm test`, the PostgreSQL run to the DATABASE_URL run of .ci/run.
describe.each([
  ['embedded', !process.env.DATABASE_URL],
  ['PostgreSQL', Boolean(process.env.DATABASE_URL)],
])('the service killed with SIGKILL while 8 clients write (%s)', (kind, available) => {
  (available ? it : it.skip)(
    'keeps every acknowledged write exactly once, and its projections converge to a clean rebuild',
    async () => {
      const url = process.env.DATABASE_URL!;
      const dir = mkdtempSync(join(tmpdir(), 'durability-'));
      const schema = uniqueSchema('durable');
      const cleanSchema = uniqueSchema('durable_clean');
      const env =
        kind === 'embedded'
          ? { DATA_DIR: dir, DATABASE_URL: '', AUTH_JWT_SECRET: SECRET }
          : { DATABASE_URL: url, DATABASE_SCHEMA: schema, AUTH_JWT_SECRET: SECRET };
      const timings: string[] = [];
      let phaseStarted = Date.now();
      const phase = (name: string) => {
        timings.push(`${name} ${((Date.now() - phaseStarted) / 1000).toFixed(1)} s`);
        phaseStarted = Date.now();
      };
      let service: ServiceProcess | undefined;
      let store: EventStore | undefined;
      let cleanDbOpening: Promise<ReadModelDb> | undefined;
      try {
        // ---- a department, then 8 clients writing until the service is killed under them ----
        service = await startService(env);
        phase('start');
        const dept = department(CLIENTS, 2, 16);
        const commands = new Commands(dept);
        const setup = await setUp(service.baseUrl, dept, commands);
        phase('setup');
        const killed = service;
        const traffic = await runUntilKilled(service.baseUrl, dept, commands, TRAFFIC, () => killed.kill());
        phase('traffic');

        const acked = traffic.sent.filter(acknowledged);
        const unknown = traffic.sent.filter(unanswered);
        const refused = traffic.sent.filter((s) => s.answer && s.answer.status !== 201);
        expect(acked.length).toBeGreaterThanOrEqual(TRAFFIC.killAfterAcks);
        // The kill landed mid-traffic: some requests were in flight and never answered.
        expect(unknown.length).toBeGreaterThan(0);
        // Fresh ids on leads that exist: the only refusal the traffic can meet is losing a race 10 times over.
        expect(refused.filter((s) => s.answer!.status !== 409 || s.answer!.body?.code !== 'STREAM.CONCURRENCY').map(describeAnswer)).toEqual([]);
        expect(new Set(acked.map((s) => s.answer!.body.position)).size).toBe(acked.length);
        // Each client waits for an answer before it sends again, so its writes are ordered: so must their positions be.
        for (let client = 0; client < CLIENTS; client++) {
          const positions = acked.filter((s) => s.client === client).map(positionOf);
          expect(positions.filter((p, i) => i > 0 && p <= positions[i - 1])).toEqual([]);
        }

        // ---- the restart: every acknowledged write is there once, where its answer said ----
        // The clean rebuild's database is made meanwhile: an embedded one takes seconds to initialize.
        cleanDbOpening = openReadModels(kind === 'embedded' ? { kind: 'pglite' } : { kind: 'postgres', connectionString: url, schema: cleanSchema });
        service = await startService(env);
        phase('restart');
        const ledger = [...setup, ...traffic.sent];
        const before = await readStreams(service.baseUrl, dept.director, [
          ...ledger.map((s) => s.streamId),
          ...unknown.flatMap((s) => s.reservationStreamId ?? []),
        ]);
        expect([...setup, ...acked].map((s) => acknowledgedProblem(s, before)).filter(Boolean)).toEqual([]);
        expect(refused.filter((s) => copiesOf(s, before).length > 0).map(describeAnswer)).toEqual([]);
        expect(unknown.filter((s) => copiesOf(s, before).length > 1).map((s) => `${s.kind} ${s.commandId} landed ${copiesOf(s, before).length} times`)).toEqual(
          [],
        );
        // Those that died between claiming their id and writing their event: sending them again must finish them.
        const claimedOnly = unknown.filter((s) => copiesOf(s, before).length === 0 && s.reservationStreamId && before.get(s.reservationStreamId)?.length);
        const landedBefore = new Map(
          unknown.filter((s) => copiesOf(s, before).length === 1).map((s) => [s.commandId, resultOf(copiesOf(s, before)[0], s.streamId)]),
        );

        // ---- the unknowns sent again: those that landed answer their first result, the others land now ----
        const resent = await resend(service.baseUrl, unknown);
        const resentProblems = resent.flatMap((s) => {
          const first = landedBefore.get(s.commandId);
          if (first && (s.answer?.status !== 200 || JSON.stringify(s.answer.body) !== JSON.stringify(first)))
            return [`landed as ${JSON.stringify(first)}, resent: ${describeAnswer(s)}`];
          if (!first && s.answer?.status !== 201) return [`had not landed, resent: ${describeAnswer(s)}`];
          return [];
        });
        expect(resentProblems).toEqual([]);
        // … and acknowledged ones sent again answer 200 with the very result they had.
        const retried = await resend(service.baseUrl, acked.slice(0, RETRIED_ACKS));
        expect(
          retried.filter((s, i) => s.answer?.status !== 200 || JSON.stringify(s.answer.body) !== JSON.stringify(acked[i].answer!.body)).map(describeAnswer),
        ).toEqual([]);
        const after = await readStreams(
          service.baseUrl,
          dept.director,
          unknown.map((s) => s.streamId),
        );
        expect(resent.map((s) => acknowledgedProblem({ ...s, answer: { status: 201, body: s.answer!.body } }, after)).filter(Boolean)).toEqual([]);
        phase('verify over HTTP');

        // ---- the service's projections catch up; then the whole store, checked against the ledger ----
        const landed = [...setup, ...acked, ...resent];
        const highest = landed.map(positionOf).reduce((max, p) => (p > max ? p : max), 0n);
        await untilProjectionsCaughtUp(service, highest);
        phase('projections caught up');
        await service.stop();
        store = await openEventStore(
          kind === 'embedded' ? { kind: 'pglite', dataDir: join(dir, 'eventstore') } : { kind: 'postgres', connectionString: url, schema },
        );
        await untilHeadReaches(store, highest);
        const all = await readEverything(store);
        expect(storeProblems(all, landed, refused)).toEqual([]);
        phase('verify the store');

        // ---- the read models the service left equal, row for row, a clean rebuild from the same store ----
        const serviceDb = await openReadModels(
          kind === 'embedded' ? { kind: 'pglite', dataDir: join(dir, 'readmodels') } : { kind: 'postgres', connectionString: url, schema },
        );
        const recovered = await projectionDigest(serviceDb);
        await serviceDb.close();
        const cleanDb = await cleanDbOpening;
        const runner = new ProjectionRunner(store, cleanDb, allProjections);
        await runner.start();
        expect(await runner.waitFor(await store.headPosition(), 60_000)).toBe(true);
        await runner.stop();
        const clean = await projectionDigest(cleanDb);
        expect(Object.keys(recovered).length).toBeGreaterThanOrEqual(allProjections.length);
        expect(recovered).toEqual(clean);
        phase('rebuild and compare');

        process.stderr.write(
          `durability (${kind}): ${setup.length} setup writes; traffic ${traffic.sent.length} requests, ${acked.length} acknowledged, ` +
            `${refused.length} refused, ${unknown.length} unanswered (${landedBefore.size} had landed, ${claimedOnly.length} had only claimed their id); killed after ${(traffic.killedAfterMs / 1000).toFixed(1)} s ` +
            `with ${traffic.inFlightAtKill} in flight; ${all.length} events in the store; ${timings.join(', ')}\n`,
        );
      } finally {
        if (service?.running) await service.kill();
        await store?.close();
        await (await cleanDbOpening?.catch(() => undefined))?.close();
        rmSync(dir, { recursive: true, force: true });
        if (kind === 'PostgreSQL') {
          await dropSchema(url, schema);
          await dropSchema(url, cleanSchema);
        }
      }
    },
    300_000,
  );
});
