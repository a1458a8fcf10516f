import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPgliteEventStore, type EventStore, type RecordedEvent } from '@app/event-store';

const ROOT = resolve(__dirname, '../..');
const WRITER = join(__dirname, 'support/pglite-writer.ts');
const ACKS_BEFORE_KILL = 300;
const STREAM = 'durability-1';

/** Runs the writer until it has acknowledged at least `acks` appends, then SIGKILLs it mid-stream. */
function writeUntilKilled(dataDir: string, acks: number): Promise<string[]> {
  return new Promise((done, fail) => {
    // Jest's --experimental-vm-modules is not needed by the child.
    const { NODE_OPTIONS: _, ...env } = process.env;
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', WRITER, dataDir, STREAM], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!killed && out.split('\n').length - 1 >= acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return fail(new Error(`writer exited (${code ?? signal}) before the kill:\n${err}`));
      // A line cut off by the kill was never fully acknowledged to us: only whole lines count.
      done(out.split('\n').slice(0, -1));
    });
  });
}

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let page = await store.readAll({ limit: 1000 }); page.length > 0;) {
    all.push(...page);
    page = await store.readAll({ fromPosition: page[page.length - 1].position, limit: 1000 });
  }
  return all;
}

/** The first place a sequence fails to increase, or undefined. */
function firstInversion(values: readonly bigint[]): { index: number; previous: bigint; next: bigint } | undefined {
  const index = values.findIndex((v, i) => i > 0 && v <= values[i - 1]);
  return index < 0 ? undefined : { index, previous: values[index - 1], next: values[index] };
}

describe('embedded PGlite durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pglite-durability-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged append after the writer is killed with SIGKILL', async () => {
    const acked = await writeUntilKilled(dir, ACKS_BEFORE_KILL);
    expect(acked.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

    const store = await createPgliteEventStore({ dataDir: dir });
    try {
      const all = await readEverything(store);
      // Paging by the last position is only sound if each page comes in position order.
      expect(firstInversion(all.map((e) => e.position))).toBeUndefined();
      const times = new Map<string, number>();
      for (const e of all) times.set(e.eventId, (times.get(e.eventId) ?? 0) + 1);
      expect(acked.filter((id) => times.get(id) !== 1)).toEqual([]);

      const stream = await store.readStream(STREAM);
      expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
      // The acks are a prefix of the stream; at most the append in flight at the kill is extra.
      expect(stream.slice(0, acked.length).map((e) => e.eventId)).toEqual(acked);
      expect(stream.length - acked.length).toBeLessThanOrEqual(1);
    } finally {
      await store.close();
    }
  }, 60_000);
});
