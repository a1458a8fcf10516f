import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteEventStore, createPostgresEventStore, type EventStore, WrongExpectedStateError } from '@app/event-store';
import { dropSchema, postgresUrlOrSkip, uniqueSchema } from '../support/postgres';

/** The SQL stores' group commit: appends that wait for each other share a transaction, and still each get their own answer. */
function groupCommit(name: string, open: () => Promise<EventStore>) {
  describe(`group commit: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store?.close());

    const event = (n: number) => ({ eventId: randomUUID(), type: 'Grouped', data: { n }, metadata: {} });
    /** The transaction id in a position: (txid << 20) + index. */
    const transactionOf = (position: bigint) => position >> 20n;

    it('30 appends sent at once land in fewer transactions than appends, refusals excepted', async () => {
      const ids = Array.from({ length: 30 }, () => `group-${randomUUID()}`);
      await store.append(ids[0], [event(-1)], 'no_stream');
      // Every tenth one asks for a stream that is not there yet, at revision 0: refused.
      const results = await Promise.allSettled(ids.map((id, i) => store.append(id, [event(i)], i % 10 === 0 ? 5n : 'no_stream')));
      const landed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.position] : []));
      expect(landed).toHaveLength(27);
      results.forEach((r, i) => expect(r.status === 'rejected' ? r.reason instanceof WrongExpectedStateError : i % 10 !== 0).toBe(true));
      expect(new Set(landed.map(transactionOf)).size).toBeLessThan(landed.length);
      // The refused ones left nothing behind, not even the stream they named.
      for (const i of [10, 20]) expect(await store.readStream(ids[i])).toEqual([]);
      expect((await store.readStream(ids[0])).map((e) => e.data)).toEqual([{ n: -1 }]);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
groupCommit('embedded PGlite', () => createPgliteEventStore({ dataDir: dir }));

const url = postgresUrlOrSkip('PostgreSQL group commit');
if (url) {
  const schema = uniqueSchema('group_commit');
  afterAll(() => dropSchema(url, schema));
  groupCommit('PostgreSQL', () => createPostgresEventStore({ connectionString: url, schema }));
}
