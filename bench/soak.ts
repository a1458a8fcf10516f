/**
 * `npm run soak` (not in CI): SOAK_MINUTES of mixed traffic from SOAK_CLIENTS clients against the API
 * (RUN_PROJECTIONS=false) while the worker that runs the projections is SIGKILLed every
 * SOAK_KILL_EVERY_S seconds and restarted at once. At the end: every acknowledged write stored exactly
 * once, the read models equal to a clean rebuild, the API's memory within a bound. Prints its figures;
 * exits non-zero when a check fails.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { EventStore } from '@app/event-store';
import { ProjectionRunner, type ReadModelDb } from '@app/projections';
import { openEventStore, openReadModels } from '@app/platform';
import { allProjections } from '@app/read-models';
import { HttpClient } from '../test/durability/http';
import { readEverything, storeProblems, untilHeadReaches } from '../test/durability/ledger';
import { type ServiceProcess, startService, startWorker, untilProjectionsCaughtUp } from '../test/durability/service-process';
import { acknowledged, Commands, department, positionOf, runUntilStopped, SECRET, type Sent, setUp } from '../test/durability/traffic';
import { projectionDigest } from '../test/support/projection-digest';
import { DEFAULT_DATABASE_URL, describeMachine, dropSchema, fmt, uniqueSchema } from './support';

const URL = process.env.SOAK_DATABASE_URL ?? DEFAULT_DATABASE_URL;
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const KILL_EVERY_S = Number(process.env.SOAK_KILL_EVERY_S ?? 60);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 8);
/** A read with minPosition after this share of acknowledged writes. */
const READ_SHARE = Number(process.env.SOAK_READ_SHARE ?? 0.1);
const SAMPLE_EVERY_MS = 5_000;
/**
 * The API may hold at most this much more in the last window than after warm-up: a leak of one
 * KiB per request (≈ 150,000 requests in 10 minutes here) shows above it, ordinary heap swings do not.
 */
const RSS_BOUND_MIB = Number(process.env.SOAK_RSS_BOUND_MIB ?? 150);
const CATCH_UP_TIMEOUT_MS = 120_000;

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const mibOf = (kib: number) => Math.round(kib / 1024);

/** VmRSS of a process in KiB, or undefined once it is gone. */
function rssKiB(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

interface Sample {
  atMs: number;
  apiKiB?: number;
  workerKiB?: number;
}

/** A command as the soak keeps it once answered: what the ledger check needs, not the body it sent. */
const slim = (s: Sent): Sent => ({
  ...s,
  body: {},
  auth: '',
  headers: {},
  answer: s.answer && { status: s.answer.status, body: s.answer.status < 300 ? s.answer.body : { code: s.answer.body?.code } },
});

/** Resolves with the time it took until every projection has taken `position` into account (a read with minPosition answers 200). */
async function untilReadable(api: ServiceProcess, auth: string, position: bigint, timeoutMs: number): Promise<number | undefined> {
  const http = new HttpClient(api.baseUrl);
  const started = Date.now();
  try {
    while (Date.now() - started < timeoutMs) {
      const res = await http.send('GET', `/api/pipeline?limit=1&minPosition=${position}`, auth).catch(() => undefined);
      if (res?.status === 200) return Date.now() - started;
      if (res && res.status !== 503) throw new Error(`GET /api/pipeline?minPosition=${position}: ${res.status} ${JSON.stringify(res.body)}`);
      if (!res) await new Promise((r) => setTimeout(r, 100));
    }
    return undefined;
  } finally {
    http.close();
  }
}

async function main(): Promise<number> {
  const machine = await describeMachine(URL);
  const loadAtStart = loadavg();
  const schema = uniqueSchema('soak');
  const cleanSchema = uniqueSchema('soak_clean');
  const failures: string[] = [];
  const env = { DATABASE_URL: URL, DATABASE_SCHEMA: schema, AUTH_JWT_SECRET: SECRET };
  const durationMs = MINUTES * 60_000;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(
    `soak: ${MINUTES} min, ${CLIENTS} clients, worker SIGKILLed every ${KILL_EVERY_S} s, reads after ${READ_SHARE * 100} % of acknowledged writes; schema ${schema}`,
  );

  let api: ServiceProcess | undefined;
  let worker: ServiceProcess | undefined;
  let store: EventStore | undefined;
  const dbs: ReadModelDb[] = [];
  try {
    api = await startService({ ...env, RUN_PROJECTIONS: 'false' });
    worker = await startWorker(env);
    const dept = department(CLIENTS, 2, 16);
    const commands = new Commands(dept);
    const setup = (await setUp(api.baseUrl, dept, commands)).map(slim);

    // ---- the traffic, the kills and the samples, side by side ----
    const ledger: Sent[] = [];
    let highestAck = setup.map(positionOf).reduce((max, p) => (p > max ? p : max), 0n);
    const reads = { ok: 0, behind: 0, other: 0, otherExamples: [] as string[] };
    const serverErrors: string[] = [];
    const started = Date.now();
    let stopped = false;
    const traffic = runUntilStopped(api.baseUrl, dept, commands, {
      clients: CLIENTS,
      stopped: () => stopped || Date.now() - started >= durationMs,
      onSent: (sent) => {
        if (acknowledged(sent)) {
          const position = positionOf(sent);
          if (position > highestAck) highestAck = position;
        }
        if ((sent.answer?.status ?? 0) >= 500) serverErrors.push(`${sent.kind} ${sent.commandId}: ${sent.answer!.status} ${JSON.stringify(sent.answer!.body)}`);
        ledger.push(slim(sent));
      },
      // Reads that wait for the client's own write: while the worker is down they may answer 503 (READ_MODEL.BEHIND).
      afterEach: async (http, sent, client) => {
        if (!acknowledged(sent) || Math.random() >= READ_SHARE) return;
        const agent = dept.agents[client % dept.agents.length];
        const [path, auth] = Math.random() < 0.5 ? ['/api/pipeline?limit=20', dept.manager] : ['/api/follow-ups?limit=20', agent.auth];
        const res = await http
          .send('GET', `${path}&minPosition=${sent.answer!.body.position}`, auth)
          .catch((error: Error) => ({ status: 0, body: error.message }));
        if (res.status === 200) reads.ok++;
        else if (res.status === 503 && res.body?.code === 'READ_MODEL.BEHIND') reads.behind++;
        else {
          reads.other++;
          const line = `GET ${path}: ${res.status} ${JSON.stringify(res.body)}`;
          if (res.status >= 500 || res.status === 0) serverErrors.push(line);
          if (reads.other <= 5) reads.otherExamples.push(line);
        }
      },
    });

    const samples: Sample[] = [];
    const sampler = setInterval(
      () => samples.push({ atMs: Date.now() - started, apiKiB: rssKiB(api!.pid), workerKiB: worker?.running ? rssKiB(worker.pid) : undefined }),
      SAMPLE_EVERY_MS,
    );

    const restarts: { atMs: number; catchUpMs?: number }[] = [];
    const catchUps: Promise<void>[] = [];
    const killer = (async () => {
      for (let n = 1; Date.now() - started + KILL_EVERY_S * 1000 < durationMs && !stopped; n++) {
        await new Promise((r) => setTimeout(r, started + n * KILL_EVERY_S * 1000 - Date.now()));
        const behind = highestAck;
        await worker!.kill();
        worker = await startWorker(env);
        const restart = { atMs: Date.now() - started } as (typeof restarts)[number];
        restarts.push(restart);
        // How long until the read models show every write acknowledged before the kill.
        catchUps.push(untilReadable(api!, dept.manager, behind, KILL_EVERY_S * 1000).then((ms) => void (restart.catchUpMs = ms)));
      }
    })();

    await traffic;
    const trafficMs = Date.now() - started;
    stopped = true;
    await killer;
    await Promise.all(catchUps);
    clearInterval(sampler);
    log(`traffic done after ${seconds(trafficMs)} s; waiting for the worker to catch up to ${highestAck}`);
    const drainStarted = Date.now();
    await untilProjectionsCaughtUp(api, highestAck, CATCH_UP_TIMEOUT_MS);
    const finalCatchUpMs = Date.now() - drainStarted;
    const loadAtEnd = loadavg();

    // ---- the ledger against the store ----
    await worker.stop();
    await api.stop();
    const acked = ledger.filter(acknowledged);
    const unanswered = ledger.filter((s) => !s.answer);
    const refused = ledger.filter((s) => s.answer && s.answer.status !== 201);
    const unexpectedRefusals = refused.filter((s) => s.answer!.status !== 409 || s.answer!.body?.code !== 'STREAM.CONCURRENCY');
    store = await openEventStore({ kind: 'postgres', connectionString: URL, schema });
    await untilHeadReaches(store, highestAck);
    const all = await readEverything(store);
    const landed = [...setup, ...acked];
    const problems = storeProblems(all, landed, refused);
    const accountedFor = landed.reduce((n, s) => n + 1 + (s.reservationStreamId ? 1 : 0), 0);

    // ---- the read models the worker left against a clean rebuild ----
    const serviceDb = await openReadModels({ kind: 'postgres', connectionString: URL, schema });
    dbs.push(serviceDb);
    const recovered = await projectionDigest(serviceDb);
    const cleanDb = await openReadModels({ kind: 'postgres', connectionString: URL, schema: cleanSchema });
    dbs.push(cleanDb);
    const runner = new ProjectionRunner(store, cleanDb, allProjections);
    const rebuildStarted = Date.now();
    await runner.start();
    const rebuilt = await runner.waitFor(await store.headPosition(), 300_000);
    await runner.stop();
    const rebuildMs = Date.now() - rebuildStarted;
    const clean = await projectionDigest(cleanDb);
    const differing = [...new Set([...Object.keys(recovered), ...Object.keys(clean)])].filter((k) => recovered[k] !== clean[k]);

    // ---- memory: the API's RSS in the last window against the warm-up window ----
    const windowMs = Math.min(60_000, durationMs / 3);
    const apiIn = (from: number, to: number) => samples.filter((s) => s.atMs >= from && s.atMs <= to && s.apiKiB !== undefined).map((s) => s.apiKiB!);
    const warmUp = apiIn(0, windowMs);
    const last = apiIn(trafficMs - windowMs, trafficMs);
    const warmUpKiB = Math.max(...warmUp);
    const lastKiB = Math.max(...last);
    const apiAll = samples.filter((s) => s.apiKiB !== undefined).map((s) => s.apiKiB!);
    const workerAll = samples.filter((s) => s.workerKiB !== undefined).map((s) => s.workerKiB!);

    // ---- the checks ----
    if (!rebuilt) failures.push('the clean rebuild did not reach the head within 300 s');
    if (problems.length) failures.push(`ledger: ${problems.length} problems, first: ${problems.slice(0, 5).join('; ')}`);
    if (all.length !== accountedFor) failures.push(`events stored ${all.length} ≠ events the acknowledged (and refused) commands account for ${accountedFor}`);
    if (unanswered.length)
      failures.push(
        `${unanswered.length} commands had no answer, first: ${unanswered
          .slice(0, 3)
          .map((s) => `${s.kind} ${s.error}`)
          .join('; ')}`,
      );
    if (unexpectedRefusals.length)
      failures.push(
        `${unexpectedRefusals.length} refusals other than a lost race, first: ${unexpectedRefusals
          .slice(0, 3)
          .map((s) => `${s.kind} ${s.answer!.status} ${JSON.stringify(s.answer!.body)}`)
          .join('; ')}`,
      );
    if (serverErrors.length)
      failures.push(`${serverErrors.length} 5xx (or unanswered) outside READ_MODEL.BEHIND, first: ${serverErrors.slice(0, 3).join('; ')}`);
    if (reads.other) failures.push(`${reads.other} reads answered neither 200 nor 503 READ_MODEL.BEHIND: ${reads.otherExamples.join('; ')}`);
    if (differing.length || Object.keys(recovered).length < allProjections.length)
      failures.push(`read models differ from a clean rebuild in ${differing.join(', ') || 'their table count'}`);
    if (!warmUp.length || !last.length) failures.push('too few RSS samples to compare warm-up with the end');
    else if (lastKiB > warmUpKiB + RSS_BOUND_MIB * 1024)
      failures.push(`API RSS grew from ${mibOf(warmUpKiB)} MiB (warm-up) to ${mibOf(lastKiB)} MiB (last window), more than ${RSS_BOUND_MIB} MiB`);
    const missedCatchUps = restarts.filter((r) => r.catchUpMs === undefined).length;
    if (missedCatchUps) failures.push(`${missedCatchUps} restarts did not catch up before the next kill`);

    // ---- the figures ----
    const commandsPerS = ledger.length / (trafficMs / 1000);
    const readsTotal = reads.ok + reads.behind + reads.other;
    const range = (xs: number[]) =>
      xs.length
        ? `min ${mibOf(Math.min(...xs))}, median ${mibOf([...xs].sort((a, b) => a - b)[xs.length >> 1])}, max ${mibOf(Math.max(...xs))} MiB`
        : 'no samples';
    const catchUpList = restarts.map((r) => (r.catchUpMs === undefined ? 'none' : seconds(r.catchUpMs))).join(', ');
    const byKind = new Map<string, number>();
    for (const s of acked) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + 1);
    const figures = [
      `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.postgres} (${machine.postgresSettings})`,
      `load average: ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at the start, ${loadAtEnd.map((l) => l.toFixed(2)).join(' ')} at the end`,
      `config: SOAK_MINUTES=${MINUTES} SOAK_CLIENTS=${CLIENTS} SOAK_KILL_EVERY_S=${KILL_EVERY_S} SOAK_READ_SHARE=${READ_SHARE} SOAK_RSS_BOUND_MIB=${RSS_BOUND_MIB}; RSS sampled every ${SAMPLE_EVERY_MS / 1000} s`,
      `traffic: ${seconds(trafficMs)} s; ${fmt(ledger.length)} commands (${fmt(commandsPerS)}/s) + ${fmt(readsTotal)} reads = ${fmt((ledger.length + readsTotal) / (trafficMs / 1000))} requests/s`,
      `commands: ${fmt(acked.length)} acknowledged (${[...byKind].map(([k, n]) => `${k} ${fmt(n)}`).join(', ')}), ${fmt(refused.length)} refused (409 STREAM.CONCURRENCY: ${fmt(refused.length - unexpectedRefusals.length)}), ${unanswered.length} unanswered; setup ${setup.length}`,
      `reads with minPosition: ${fmt(reads.ok)} answered 200, ${fmt(reads.behind)} answered 503 READ_MODEL.BEHIND (worker down), ${reads.other} other`,
      `5xx outside READ_MODEL.BEHIND: ${serverErrors.length}`,
      `store: ${fmt(all.length)} events stored; the acknowledged commands account for ${fmt(accountedFor)} (their events and id claims, with refused claims given back); ledger problems: ${problems.length}`,
      `worker: ${restarts.length} SIGKILLs, each restarted at once; catch-up after each restart (s, until a read with the pre-kill position answers 200): ${catchUpList || '—'}; final catch-up after the traffic ${seconds(finalCatchUpMs)} s`,
      `read models: ${Object.keys(recovered).length} tables, ${differing.length} differ from a clean rebuild (rebuilt in ${seconds(rebuildMs)} s)`,
      `API RSS: ${range(apiAll)}; warm-up window (first ${seconds(windowMs)} s) max ${mibOf(warmUpKiB)} MiB, last window max ${mibOf(lastKiB)} MiB, growth ${mibOf(lastKiB - warmUpKiB)} MiB (bound ${RSS_BOUND_MIB} MiB)`,
      `worker RSS: ${range(workerAll)} (each lifetime ≤ ${KILL_EVERY_S} s)`,
      `API RSS series (MiB, every ${SAMPLE_EVERY_MS / 1000} s): ${apiAll.map(mibOf).join(' ')}`,
    ];
    log(figures.join('\n'));
    log(
      failures.length
        ? `SOAK FAILED:\n- ${failures.join('\n- ')}`
        : 'SOAK PASSED: acknowledged = stored exactly once, read models = a clean rebuild, API memory within the bound, 0 5xx',
    );
    return failures.length ? 1 : 0;
  } catch (error) {
    log(`SOAK FAILED: ${(error as Error).stack ?? error}`);
    if (worker) log(`worker output (tail):\n${worker.output().slice(-4000)}`);
    if (api) log(`API output (tail):\n${api.output().slice(-4000)}`);
    return 1;
  } finally {
    if (worker?.running) await worker.kill();
    if (api?.running) await api.kill();
    await store?.close();
    for (const db of dbs) await db.close().catch(() => undefined);
    if (!process.env.SOAK_KEEP_SCHEMA) {
      await dropSchema(URL, schema).catch(() => undefined);
      await dropSchema(URL, cleanSchema).catch(() => undefined);
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
