import type { EventStore, RecordedEvent } from '@app/event-store';
import { HttpClient } from './http';
import type { Sent } from './traffic';

/** An event as GET /api/streams/:streamId shows it. */
export interface StreamItem {
  eventId: string;
  type: string;
  revision: number;
  position: string;
  metadata: { commandId?: string } & Record<string, unknown>;
}

/** The write a command's answer names: `{ streamId, revision, position }`. */
export interface WriteResult {
  streamId: string;
  revision: number;
  position: string;
}

export const resultOf = (item: StreamItem, streamId: string): WriteResult => ({ streamId, revision: item.revision, position: item.position });

/** Every event of each stream, read page by page through the audit route as `auth`; [] for a stream that does not exist. */
export async function readStreams(baseUrl: string, auth: string, streamIds: Iterable<string>, concurrency = 8): Promise<Map<string, StreamItem[]>> {
  const queue = [...new Set(streamIds)];
  const streams = new Map<string, StreamItem[]>();
  const worker = async () => {
    const http = new HttpClient(baseUrl);
    try {
      for (let streamId = queue.shift(); streamId !== undefined; streamId = queue.shift()) {
        const items: StreamItem[] = [];
        for (let from: string | undefined = '0'; from !== undefined;) {
          const res = await http.send('GET', `/api/streams/${encodeURIComponent(streamId)}?fromRevision=${from}&limit=1000`, auth);
          if (res.status === 404) break;
          if (res.status !== 200) throw new Error(`GET /api/streams/${streamId}: ${res.status} ${JSON.stringify(res.body)}`);
          items.push(...(res.body.items as StreamItem[]));
          from = res.body.nextCursor;
        }
        streams.set(streamId, items);
      }
    } finally {
      http.close();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return streams;
}

/** The copies of a command's own event in its stream: one once it has landed, never more. */
export const copiesOf = (sent: Sent, streams: Map<string, StreamItem[]>) =>
  (streams.get(sent.streamId) ?? []).filter((e) => e.metadata.commandId === sent.commandId);

/** What is wrong with an acknowledged write as the service shows it after the restart, if anything. */
export function acknowledgedProblem(sent: Sent, streams: Map<string, StreamItem[]>): string | undefined {
  const copies = copiesOf(sent, streams);
  const answer = sent.answer!.body as WriteResult;
  if (copies.length !== 1) return `${sent.kind} ${sent.commandId}: acknowledged, found ${copies.length} times in ${sent.streamId}`;
  const found = resultOf(copies[0], sent.streamId);
  if (JSON.stringify(found) !== JSON.stringify(answer))
    return `${sent.kind} ${sent.commandId}: acknowledged as ${JSON.stringify(answer)}, stored as ${JSON.stringify(found)}`;
  return undefined;
}

/** Every event in the store, in position order. */
export async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let page = await store.readAll({ limit: 1000 }); page.length > 0;) {
    all.push(...page);
    page = await store.readAll({ fromPosition: page[page.length - 1].position, limit: 1000 });
  }
  return all;
}

/** Waits until the store shows every position up to `position` (PostgreSQL shows one once older transactions of the cluster ended). */
export async function untilHeadReaches(store: EventStore, position: bigint, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await store.headPosition()) < position) {
    if (Date.now() > deadline) throw new Error(`the store's head did not reach ${position} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Checks the whole store against the ledger of commands: positions strictly increasing, event ids
 * unique, revisions gapless; each command that landed is there exactly once — its event at the
 * position its answer named, its reservation claimed once and by it — a refused one at most as a
 * claim it gave back, and no event that no command of the ledger wrote. Returns the problems found.
 */
export function storeProblems(all: RecordedEvent[], landed: Sent[], refused: Sent[]): string[] {
  const problems: string[] = [];
  const inversion = all.findIndex((e, i) => i > 0 && e.position <= all[i - 1].position);
  if (inversion >= 0) problems.push(`positions do not increase at ${inversion}: ${all[inversion - 1].position} then ${all[inversion].position}`);
  const ids = new Set(all.map((e) => e.eventId));
  if (ids.size !== all.length) problems.push(`${all.length - ids.size} event ids are stored more than once`);

  const byStream = new Map<string, RecordedEvent[]>();
  for (const e of all) {
    if (!byStream.has(e.streamId)) byStream.set(e.streamId, []);
    byStream.get(e.streamId)!.push(e);
  }
  for (const [streamId, events] of byStream) {
    const revisions = events.map((e) => Number(e.revision));
    if (revisions.some((r, i) => r !== i)) problems.push(`${streamId}: revisions in position order are ${revisions.join(',')}`);
  }

  const expected = new Map<string, Sent>();
  for (const sent of landed) {
    expected.set(sent.commandId, sent);
    const answer = sent.answer!.body as WriteResult;
    const own = (byStream.get(sent.streamId) ?? []).filter((e) => e.metadata.commandId === sent.commandId);
    if (own.length !== 1) problems.push(`${sent.kind} ${sent.commandId}: ${own.length} events in ${sent.streamId}, expected 1`);
    else if (own[0].position.toString() !== answer.position || Number(own[0].revision) !== answer.revision) {
      problems.push(`${sent.kind} ${sent.commandId}: answered ${answer.revision}@${answer.position}, stored ${own[0].revision}@${own[0].position}`);
    }
    if (sent.reservationStreamId) {
      const claims = (byStream.get(sent.reservationStreamId) ?? []).map((e) => `${e.type}:${e.metadata.commandId}`);
      if (JSON.stringify(claims) !== JSON.stringify([`IdentifierReserved:${sent.commandId}`])) {
        problems.push(`${sent.kind} ${sent.commandId}: ${sent.reservationStreamId} holds ${JSON.stringify(claims)}`);
      }
    }
  }
  const refusedById = new Map(refused.map((s) => [s.commandId, s]));
  let count = landed.reduce((n, s) => n + 1 + (s.reservationStreamId ? 1 : 0), 0);
  for (const sent of refused) {
    // A refused command gives back what it claimed on the way: a claim and its release, or nothing.
    const claims = sent.reservationStreamId ? (byStream.get(sent.reservationStreamId) ?? []).map((e) => `${e.type}:${e.metadata.commandId}`) : [];
    if (claims.length === 0) continue;
    if (JSON.stringify(claims) !== JSON.stringify([`IdentifierReserved:${sent.commandId}`, `IdentifierReleased:${sent.commandId}`])) {
      problems.push(`refused ${sent.kind} ${sent.commandId}: ${sent.reservationStreamId} holds ${JSON.stringify(claims)}`);
    }
    count += claims.length;
  }
  for (const e of all) {
    const commandId = String(e.metadata.commandId);
    const refusedBy = refusedById.get(commandId);
    if (refusedBy && e.streamId !== refusedBy.reservationStreamId)
      problems.push(`${e.type} ${e.eventId} in ${e.streamId} was written by a refused command ${commandId}`);
    else if (!refusedBy && !expected.has(commandId))
      problems.push(`${e.type} ${e.eventId} in ${e.streamId} belongs to no command that was sent (${commandId})`);
  }
  if (all.length !== count) problems.push(`the store holds ${all.length} events; the commands account for ${count}`);
  return problems;
}
