import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPgliteEventStore, type RecordedEvent } from '@app/event-store';

const ROOT = resolve(__dirname, '../..');
const WRITER = join(__dirname, 'support/pglite-writer.ts');
const ACKS_BEFORE_KILL = 300;

/** Runs the writer until it has acknowledged at least `acks` appends, then SIGKILLs it. */
function writeUntilKilled(dataDir: string, streamId: string, acks: number): Promise<string[]> {
  return new Promise((done, fail) => {
    const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', WRITER, dataDir, streamId],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
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
      // A line cut off by the kill was never fully acknowledged to us; only whole lines count.
      done(out.split('\n').slice(0, -1));
    });
  });
}

describe('embedded PGlite durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pglite-durability-'));
  afterAll(() => (process.env.KEEP ? console.log("KEEP", dir) : rmSync(dir, { recursive: true, force: true })));

  it('keeps every acknowledged append after the writer is killed with SIGKILL', async () => {
    const streamId = 'durability-1';
    const acked = await writeUntilKilled(dir, streamId, ACKS_BEFORE_KILL);
    expect(acked.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);

    const store = await createPgliteEventStore({ dataDir: dir });
    try {
      const all: RecordedEvent[] = [];
      for (let page = await store.readAll({ limit: 10_000 }); page.length > 0; ) {
        all.push(...page);
        page = await store.readAll({ fromPosition: page[page.length - 1].position, limit: 10_000 });
      }
      const count = new Map<string, number>();
      for (const e of all) count.set(e.eventId, (count.get(e.eventId) ?? 0) + 1);
      const missing = acked.filter((id) => !count.has(id));
      expect(missing).toEqual([]);
      { const s = await store.readStream(streamId); const p1 = await store.readAll({ limit: 10_000 }); const p2 = await store.readAll({ fromPosition: p1[p1.length - 1].position, limit: 10_000 }); console.log("DBG", acked.length, all.length, s.length, new Set(s.map((e) => e.eventId)).size, p1.length, p2.length, p1.at(-1)?.position, p2[0]?.position, p2.at(-1)?.position); }
      expect(acked.filter((id) => count.get(id) !== 1)).toEqual([]);

      const stream = await store.readStream(streamId);
      expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
      // The acks are a prefix of the stream: at most the one append in flight at the kill is extra.
      expect(stream.slice(0, acked.length).map((e) => e.eventId)).toEqual(acked);
      expect(stream.length - acked.length).toBeLessThanOrEqual(1);
    } finally {
      await store.close();
    }
  }, 60_000);
});
