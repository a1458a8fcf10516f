/**
 * Child process of pglite-durability.int-spec: appends one event per append to the embedded store
 * in `dataDir` until killed, printing each event id only after its append has resolved.
 */
import { randomUUID } from 'node:crypto';
import { createPgliteEventStore } from '@app/event-store';

async function main(dataDir: string, streamId: string): Promise<void> {
  const store = await createPgliteEventStore({ dataDir });
  for (let revision = 0n; ; revision++) {
    const eventId = randomUUID();
    await store.append(
      streamId,
      [{ eventId, type: 'Acked', data: { revision: revision.toString() }, metadata: {} }],
      revision === 0n ? 'no_stream' : revision - 1n,
    );
    // A write to a pipe is synchronous on Linux: once the parent reads this line, the ack was given.
    process.stdout.write(`${eventId}\n`);
  }
}

const [dataDir, streamId] = process.argv.slice(2);
main(dataDir, streamId).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
