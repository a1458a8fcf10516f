import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type RawRequest, type Result } from 'autocannon';
import { sign } from 'jsonwebtoken';
import { Client } from 'pg';
import type { AppConfig } from '@app/platform';
import type { ServerReply, ServerRequest } from './app-server';
import { type BenchRow, dropSchema, tempDir, uniqueSchema } from './support';
import { HANDBOOK_PLAN } from '../test/support/telesales';

const SECRET = 'bench-secret';
const AGENTS = 16;
const SETUP_CONCURRENCY = 16;

export interface LogCallBenchOptions {
  /** One measurement per connection count. */
  connections: number[];
  seconds: number;
  warmUpSeconds: number;
  /** Leads the calls are spread over, round-robin, so that concurrent calls land on different streams. */
  leads: number;
  databaseUrl?: string;
}

const token = (sub: string, roles: string[]) => sign({ sub, roles }, SECRET, { algorithm: 'HS256', expiresIn: '1h' });
const OUTCOMES = ['no_answer', 'busy', 'connected', 'interested', 'appointment_set'] as const;

/** BENCH_HTTP_CPU_PROF=1: a V8 CPU profile of each service process, written when it exits. */
function cpuProfileArgs(): string[] {
  if (process.env.BENCH_HTTP_CPU_PROF !== '1') return [];
  const dir = join(tmpdir(), 'bench-http-profiles');
  console.log(`service CPU profile: ${dir}`);
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** The service, forked into its own process so that autocannon and Nest do not share an event loop. */
class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(config: AppConfig): Promise<ServerProcess> {
    const child = fork(join(__dirname, 'app-server.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', ...cpuProfileArgs()],
      env: { ...process.env, NODE_ENV: 'test', BENCH_APP_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const { port } = (await nextReply(child)) as { port: number };
    return new ServerProcess(child, port);
  }

  /** How many events of the type the service's store holds. */
  async count(type: string): Promise<number> {
    return ((await this.ask({ cmd: 'count', type })) as { count: number }).count;
  }

  /** CPU time the service process has used so far (its JavaScript, and PGlite's when embedded). */
  async cpuSeconds(): Promise<number> {
    return ((await this.ask({ cmd: 'cpu' })) as { cpuMicros: number }).cpuMicros / 1e6;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.ask({ cmd: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private ask(request: ServerRequest): Promise<ServerReply> {
    const reply = nextReply(this.child);
    this.child.send(request);
    return reply;
  }
}

function nextReply(child: ChildProcess): Promise<ServerReply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench server exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message: ServerReply) => {
      child.off('exit', onExit);
      if ('error' in message) reject(new Error(`bench server: ${message.error}`));
      else resolve(message);
    });
  });
}

async function post(base: string, path: string, bearer: string, body: unknown): Promise<void> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`POST ${path} → ${response.status}: ${await response.text()}`);
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

/** A plan, the agents and the leads every LogCall needs, through the API as a client would. */
async function seed(base: string, leads: number): Promise<{ agents: string[]; leadIds: string[] }> {
  const director = token('bench-director', ['director']);
  await post(base, '/api/plans', director, HANDBOOK_PLAN);
  const agents = Array.from({ length: AGENTS }, (_, i) => `a-bench-${i}`);
  await inParallel(agents, SETUP_CONCURRENCY, (agentId) =>
    post(base, '/api/agents', director, { agentId, name: agentId, role: 'agent', teamId: 't1', hiredOn: '2026-01-05', planId: 'standard' }),
  );
  const leadIds = Array.from({ length: leads }, (_, i) => `L-bench-${i}`);
  await inParallel(leadIds, SETUP_CONCURRENCY, (leadId, i) => post(base, '/api/leads', director, { leadId, phone: `138${String(i).padStart(8, '0')}` }));
  return { agents, leadIds };
}

/** Each request a LogCall with a callId never used before, by the agent its token names. */
function logCallRequests(run: string, agents: readonly string[], leadIds: readonly string[], firstFailure: { body?: string }) {
  const tokens = new Map(agents.map((a) => [a, `Bearer ${token(a, ['agent'])}`]));
  // An hour ago, written with an offset as a Shanghai client would.
  const startedAt = new Date(Date.now() + 8 * 3600_000 - 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
  let n = 0;
  return [
    {
      method: 'POST',
      path: '/api/calls',
      setupRequest: (request: RawRequest): RawRequest => {
        const i = n++;
        const agentId = agents[i % agents.length];
        request.headers = { 'content-type': 'application/json', authorization: tokens.get(agentId) as string };
        request.body = JSON.stringify({
          callId: `c-${run}-${i}`,
          leadId: leadIds[i % leadIds.length],
          agentId,
          startedAt,
          durationSeconds: 30 + (i % 600),
          outcome: OUTCOMES[i % OUTCOMES.length],
        });
        return request;
      },
      onResponse: (status: number, body: string) => {
        if ((status < 200 || status >= 300) && firstFailure.body === undefined) firstFailure.body = `${status} ${body}`;
      },
    },
  ];
}

const applicationNameOf = (config: AppConfig) => (config.store.kind === 'postgres' ? (config.store.schema ?? '') : '');

/** CPU ticks (10 ms) a process has used so far, from Linux /proc; 0 once it has gone. */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * CPU ticks used so far by each PostgreSQL backend serving the service, found by the
 * application_name its connections carry, so that other sessions on the server do not count.
 */
async function serviceBackendTicks(url: string, applicationName: string): Promise<Map<number, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    return new Map(rows.map(({ pid }) => [pid, processTicks(pid)]));
  } finally {
    await client.end();
  }
}

/** Cores the service's backends used between two readings (a backend that ended between them is lost). */
function backendCores(before: Map<number, number>, after: Map<number, number>, seconds: number): number {
  let ticks = 0;
  for (const [pid, now] of after) ticks += now - (before.get(pid) ?? 0);
  return ticks / 100 / seconds;
}

async function load(port: number, seconds: number, connections: number, run: string, seeded: { agents: string[]; leadIds: string[] }) {
  const firstFailure: { body?: string } = {};
  const result: Result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: 30,
    requests: logCallRequests(run, seeded.agents, seeded.leadIds, firstFailure),
  });
  return { result, firstFailure: firstFailure.body };
}

async function benchStore(kind: 'pglite' | 'postgres', config: AppConfig, options: LogCallBenchOptions, connections: number): Promise<BenchRow> {
  const server = await ServerProcess.start(config);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const seeded = await seed(base, options.leads);
    const warm = await load(server.port, options.warmUpSeconds, connections, 'warm', seeded);
    const cpuBefore = await server.cpuSeconds();
    const backends = kind === 'postgres' ? { url: options.databaseUrl as string, name: applicationNameOf(config) } : undefined;
    const backendsBefore = backends && (await serviceBackendTicks(backends.url, backends.name));
    const benchBefore = process.cpuUsage();
    const { result, firstFailure } = await load(server.port, options.seconds, connections, 'main', seeded);
    // Near 1 core means the service's single event loop is what caps the figure.
    const serverCores = ((await server.cpuSeconds()) - cpuBefore) / result.duration;
    const backendsAfter = backends && (await serviceBackendTicks(backends.url, backends.name));
    const postgresCores = backendsBefore && backendsAfter ? backendCores(backendsBefore, backendsAfter, result.duration) : 0;
    const bench = process.cpuUsage(benchBefore);
    const loadGeneratorCores = (bench.user + bench.system) / 1e6 / result.duration;
    // Every 2xx must be a stored call; a request cut off when the clock ran out may have landed too.
    const stored = await server.count('CallLogged');
    const answered = warm.result['2xx'] + result['2xx'];
    const unanswered = stored - answered;
    const cores = `cores used: service ${serverCores.toFixed(2)}, ${kind === 'postgres' ? `its PostgreSQL backends ${postgresCores.toFixed(2)}, ` : ''}autocannon ${loadGeneratorCores.toFixed(2)}`;
    const notes = [cores, `${stored.toLocaleString('en-US')} calls stored`];
    if (unanswered < 0 || unanswered > connections * 2) notes.push(`MISMATCH: ${answered} answered 2xx`);
    if (firstFailure) notes.push(`first failure: ${firstFailure.slice(0, 200)}`);
    if (result.errors) notes.push(`${result.errors} socket errors (${result.timeouts} timeouts)`);
    const warmFailures = warm.result.non2xx + warm.result.errors;
    if (warmFailures) notes.push(`${warmFailures} failures during warm-up: ${warm.firstFailure?.slice(0, 200) ?? ''}`);
    return {
      bench: `HTTP POST /api/calls (LogCall), ${config.runProjections ? 'projections in the same process' : 'API only (RUN_PROJECTIONS=false)'}`,
      store: kind,
      concurrency: connections,
      operations: result['2xx'],
      seconds: result.duration,
      perSecond: result['2xx'] / result.duration,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      failures: result.non2xx + result.errors + warmFailures,
      note: notes.join('; '),
    };
  } finally {
    await server.stop();
  }
}

/**
 * LogCall commands/s through the whole HTTP service, at each connection count: on the embedded
 * PGlite and on PostgreSQL as `npm start` runs it (projections in the same process), and on
 * PostgreSQL as an API process alone (RUN_PROJECTIONS=false, the worker elsewhere).
 */
export async function runLogCallBenches(options: LogCallBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const base = { port: 0, jwtSecret: SECRET, devSecret: false };
  for (const connections of options.connections) {
    const dir = tempDir('bench-http-pglite');
    try {
      const embedded = { kind: 'pglite' as const, dataDir: dir.path };
      rows.push(
        await benchStore(
          'pglite',
          {
            ...base,
            store: { ...embedded, dataDir: `${dir.path}/eventstore` },
            readModels: { ...embedded, dataDir: `${dir.path}/readmodels` },
            runProjections: true,
          },
          options,
          connections,
        ),
      );
    } finally {
      dir.remove();
    }
    const url = options.databaseUrl;
    if (!url) continue;
    for (const runProjections of [true, false]) {
      const schema = uniqueSchema('http');
      try {
        const named = new URL(url);
        named.searchParams.set('application_name', schema);
        const postgres = { kind: 'postgres' as const, connectionString: named.toString(), schema };
        rows.push(await benchStore('postgres', { ...base, store: postgres, readModels: postgres, runProjections }, options, connections));
      } finally {
        await dropSchema(url, schema);
      }
    }
  }
  return rows;
}
