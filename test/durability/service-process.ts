import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { sign } from 'jsonwebtoken';
import { DEV_JWT_SECRET } from '@app/platform';
import { allProjections } from '@app/read-models';
import { HttpClient } from './http';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'apps/api/src/main.ts');
const WORKER_MAIN = join(ROOT, 'apps/worker/src/main.ts');
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
const KEEP_OUTPUT_CHARS = 64_000;

/** The real service (apps/api/src/main.ts) in a process of its own, as it runs in production. */
export interface ServiceProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** The tail of what it printed, for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown hook runs. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the shutdown hooks close the store and the read models. Resolves once it has exited. */
  stop(): Promise<void>;
  readonly running: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the service with `env` (DATA_DIR, or DATABASE_URL and DATABASE_SCHEMA) on a free port and
 * resolves once GET /api/health answers 200. A port taken between the pick and the listen makes
 * the service exit at start; then it is tried again on another.
 */
export async function startService(env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  for (let attempt = 1; ; attempt++) {
    const service = spawnService(env, await freePort());
    try {
      await waitUntilHealthy(service);
      return service;
    } catch (error) {
      if (service.running) await service.kill();
      if (attempt < 3 && /EADDRINUSE/.test(service.output())) continue;
      throw error;
    }
  }
}

/**
 * Starts the worker (apps/worker/src/main.ts) with `env` and resolves once it is spawned. It
 * serves no HTTP (`baseUrl` is empty): its progress shows in the API's GET /api/health.
 */
export async function startWorker(env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  return spawnService(env, undefined, WORKER_MAIN);
}

function spawnService(env: NodeJS.ProcessEnv, port: number | undefined, main = MAIN): ServiceProcess & { exited: Promise<void> } {
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', main], {
    cwd: ROOT,
    // Jest's --experimental-vm-modules is not for the child; NODE_ENV=test keeps its log to warnings.
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      EVENTSTORE_CONNECTION_STRING: '',
      RUN_PROJECTIONS: 'true',
      // The load here is one test's traffic from a few callers, far above a person's rate: it tests durability, not the limit.
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
      ...(port === undefined ? {} : { PORT: String(port) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-KEEP_OUTPUT_CHARS);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let running = true;
  const exited = new Promise<void>((done) => child.once('exit', () => ((running = false), done())));
  const signal = async (name: NodeJS.Signals, timeoutMs: number) => {
    if (!running) return;
    child.kill(name);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((done) => (timer = setTimeout(() => done('late'), timeoutMs)));
    const outcome = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`the service did not exit within ${timeoutMs} ms of ${name}; its output:\n${output}`);
    }
  };
  return {
    baseUrl: port === undefined ? '' : `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    kill: () => signal('SIGKILL', STOP_TIMEOUT_MS),
    stop: () => signal('SIGTERM', STOP_TIMEOUT_MS),
    get running() {
      return running;
    },
    exited,
  };
}

async function waitUntilHealthy(service: ServiceProcess & { exited: Promise<void> }): Promise<void> {
  const http = new HttpClient(service.baseUrl);
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = 'no answer yet';
  try {
    while (Date.now() < deadline) {
      if (!service.running) throw new Error(`the service exited at start; its output:\n${service.output()}`);
      const answer = await http.send('GET', '/api/health', null).catch((error: Error) => ({ status: 0, body: error.message }));
      if (answer.status === 200) return;
      last = `${answer.status} ${JSON.stringify(answer.body)}`;
      await Promise.race([service.exited, new Promise((r) => setTimeout(r, 50))]);
    }
    throw new Error(`the service was not healthy within ${START_TIMEOUT_MS} ms (last: ${last}); its output:\n${service.output()}`);
  } finally {
    http.close();
  }
}

/** The health check's details need a director's token; the service runs on the development secret here. */
const healthReader = () => `Bearer ${sign({ sub: 'durability-check', roles: ['director'] }, DEV_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' })}`;

/** Resolves once GET /api/health shows every projection caught up with the store, at least up to `position`. */
export async function untilProjectionsCaughtUp(service: ServiceProcess, position: bigint, timeoutMs = 60_000): Promise<void> {
  const http = new HttpClient(service.baseUrl);
  const deadline = Date.now() + timeoutMs;
  let last: string;
  try {
    for (;;) {
      const res = await http.send('GET', '/api/health', healthReader());
      const projections = (res.body?.projections ?? []) as { caughtUp?: boolean }[];
      if (
        res.status === 200 &&
        BigInt(res.body.store.headPosition) >= position &&
        projections.length === allProjections.length &&
        projections.every((p) => p.caughtUp)
      )
        return;
      last = `${res.status} ${JSON.stringify(res.body)}`;
      if (Date.now() > deadline) throw new Error(`projections did not catch up within ${timeoutMs} ms: ${last}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    http.close();
  }
}
