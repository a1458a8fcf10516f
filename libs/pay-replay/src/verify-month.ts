import { type KeyObject, verify } from 'node:crypto';
import {
  canonicalJson,
  closedMonths,
  manifestSha256,
  type PayHistory,
  type PayMonthClosed,
  type PayMonthManifest,
  type PayStatementIssued,
  replayMonth,
  type Statement,
  statementSha256,
  streams,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import { payHistoryFromStore } from './replay-from-store';

/** The public half of the manifest key, and its raw 32 bytes as hex (as manifests name it). */
export interface VerifyingKey {
  publicKey: KeyObject;
  publicKeyHex: string;
}

/** One thing that does not hold, with the person it concerns when it concerns one. */
export interface ManifestFinding {
  check: 'statement' | 'recomputed' | 'manifest' | 'signature' | 'chain';
  agentId?: string;
  message: string;
}

export interface MonthVerification {
  month: string;
  /**
   * - verified: every check holds;
   * - failed: at least one finding;
   * - no_manifest: closed before manifests were recorded, so nothing signed to check against
   *   (the replay as issued is still compared with the issued statements, see `findings`);
   * - not_closed: the month has not been closed.
   */
  outcome: 'verified' | 'failed' | 'no_manifest' | 'not_closed';
  statements: number;
  manifestSha256: string | null;
  previousMonth: string | null;
  findings: ManifestFinding[];
}

interface ClosedMonth {
  closed: PayMonthClosed['data'] | null;
  issued: Statement[];
}

async function readClosedMonth(store: EventStore, month: string): Promise<ClosedMonth> {
  const events = await store.readStream(streams.payMonth(month));
  const closed = events.find((e) => e.type === 'PayMonthClosed');
  return {
    closed: closed ? (closed.data as PayMonthClosed['data']) : null,
    issued: events.filter((e) => e.type === 'PayStatementIssued').map((e) => (e.data as PayStatementIssued['data']).statement),
  };
}

/**
 * Checks a closed month against its manifest, from the event store alone: the manifest's own
 * digest and Ed25519 signature (with `key`, not with a key the manifest names), each issued
 * statement as stored, each statement recomputed as issued from the month's events, and the chain
 * to the previous closed month's manifest. Writes nothing.
 */
export async function verifyMonth(
  store: EventStore,
  month: string,
  key: VerifyingKey,
  onProgress?: (position: bigint, head: bigint, events: number) => void,
): Promise<MonthVerification> {
  const history = await payHistoryFromStore(store, onProgress);
  const report: MonthVerification = { month, outcome: 'not_closed', statements: 0, manifestSha256: null, previousMonth: null, findings: [] };
  const closure = history.closures.get(month);
  if (!closure) return report;
  const { closed, issued } = await readClosedMonth(store, month);
  const findings = report.findings;
  const recomputed = recomputedAsIssued(history, month, findings);
  report.statements = issued.length;

  const manifest = closed?.manifest;
  if (!closed || !manifest) {
    // A month closed before manifests: the replay can still be compared with what was issued.
    compareWithIssued(issued, recomputed, findings);
    const earlier = closedMonths(history).filter((m) => m < month);
    const signedBefore = await firstWithManifest(store, earlier);
    if (signedBefore) {
      findings.push({ check: 'manifest', message: `${month} has no manifest, though ${signedBefore} (closed before it) has one: the manifest was removed` });
    }
    report.outcome = findings.length > 0 ? 'failed' : 'no_manifest';
    return report;
  }

  const digest = manifestSha256(manifest);
  report.manifestSha256 = digest;
  report.previousMonth = manifest.previousMonth;
  checkManifest(manifest, closed, closure.upToPosition, digest, key, findings);
  checkStatements(manifest, issued, 'statement', 'as stored', findings);
  if (recomputed) checkStatements(manifest, recomputed, 'recomputed', 'recomputed from the events', findings);
  await checkChain(store, history, month, manifest, findings);
  report.outcome = findings.length > 0 ? 'failed' : 'verified';
  return report;
}

function recomputedAsIssued(history: PayHistory, month: string, findings: ManifestFinding[]): Statement[] | null {
  try {
    return replayMonth(history, month, { asOf: 'issued' }).statements;
  } catch (error) {
    findings.push({ check: 'recomputed', message: `the month cannot be recomputed as issued: ${(error as Error).message}` });
    return null;
  }
}

function checkManifest(
  manifest: PayMonthManifest,
  closed: PayMonthClosed['data'],
  upToPosition: bigint,
  digest: string,
  key: VerifyingKey,
  findings: ManifestFinding[],
): void {
  const fail = (message: string) => findings.push({ check: 'manifest', message });
  if (closed.manifestSha256 !== digest) fail(`the manifest's recorded SHA-256 ${closed.manifestSha256} is not its digest ${digest}: the manifest was altered`);
  if (manifest.month !== closed.month) fail(`the manifest is of ${manifest.month}, recorded in the close of ${closed.month}`);
  if (manifest.upToPosition !== upToPosition.toString() || manifest.upToPosition !== closed.upToPosition) {
    fail(`the manifest ends at position ${manifest.upToPosition}, the close at ${closed.upToPosition}`);
  }
  if (manifest.statementCount !== manifest.statements.length || manifest.statementCount !== closed.statementCount) {
    fail(`the manifest lists ${manifest.statements.length} statements and counts ${manifest.statementCount}; the close counts ${closed.statementCount}`);
  }
  if (manifest.totalFen !== closed.totalFen) fail(`the manifest's total is ${manifest.totalFen} fen, the close's ${closed.totalFen} fen`);
  if (manifest.publicKey !== key.publicKeyHex) {
    findings.push({ check: 'signature', message: `the manifest names the key ${manifest.publicKey}, not the configured key ${key.publicKeyHex}` });
  }
  const signed =
    typeof closed.signature === 'string' && verify(null, Buffer.from(canonicalJson(manifest), 'utf8'), key.publicKey, Buffer.from(closed.signature, 'base64'));
  if (!signed) findings.push({ check: 'signature', message: 'the Ed25519 signature does not match the manifest with the configured key' });
}

/** Each statement's digest against the manifest's, naming the person whose statement differs. */
function checkStatements(
  manifest: PayMonthManifest,
  statements: readonly Statement[],
  check: 'statement' | 'recomputed',
  as: string,
  findings: ManifestFinding[],
): void {
  const listed = new Map(manifest.statements.map((s) => [s.agentId, s.sha256]));
  const seen = new Set<string>();
  for (const statement of statements) {
    seen.add(statement.agentId);
    const expected = listed.get(statement.agentId);
    if (expected === undefined) {
      findings.push({ check, agentId: statement.agentId, message: `${statement.agentId}: a statement ${as} that the manifest does not list` });
    } else if (statementSha256(statement) !== expected) {
      findings.push({
        check,
        agentId: statement.agentId,
        message: `${statement.agentId}: the statement ${as} differs from the one issued (SHA-256 ${statementSha256(statement)}, manifest ${expected})`,
      });
    }
  }
  for (const agentId of listed.keys()) {
    if (!seen.has(agentId)) findings.push({ check, agentId, message: `${agentId}: the manifest lists a statement that is missing ${as}` });
  }
}

/** Without a manifest: the replay as issued must still equal what was issued, byte for byte. */
function compareWithIssued(issued: readonly Statement[], recomputed: readonly Statement[] | null, findings: ManifestFinding[]): void {
  if (!recomputed) return;
  const byAgent = new Map(recomputed.map((s) => [s.agentId, canonicalJson(s)]));
  for (const statement of issued) {
    const again = byAgent.get(statement.agentId);
    if (again !== canonicalJson(statement)) {
      findings.push({
        check: 'recomputed',
        agentId: statement.agentId,
        message: `${statement.agentId}: the statement as stored differs from its replay as issued`,
      });
    }
    byAgent.delete(statement.agentId);
  }
  for (const agentId of byAgent.keys())
    findings.push({ check: 'recomputed', agentId, message: `${agentId}: the replay as issued has a statement that was not issued` });
}

async function checkChain(store: EventStore, history: PayHistory, month: string, manifest: PayMonthManifest, findings: ManifestFinding[]): Promise<void> {
  const fail = (message: string) => findings.push({ check: 'chain', message });
  const before = closedMonths(history).filter((m) => m < month);
  const previous = before.length > 0 ? before[before.length - 1] : null;
  if (manifest.previousMonth !== previous) {
    fail(`the manifest follows ${manifest.previousMonth ?? 'no month'}, but the month closed before ${month} is ${previous ?? 'none'}`);
    return;
  }
  if (previous === null) {
    if (manifest.fromPosition !== '0') fail(`the first close's manifest starts at position ${manifest.fromPosition}, not 0`);
    if (manifest.previousManifestSha256 !== null) fail('the first close names a previous manifest');
    return;
  }
  const { closed } = await readClosedMonth(store, previous);
  if (closed && manifest.fromPosition !== (BigInt(closed.upToPosition) + 1n).toString()) {
    fail(`the manifest starts at position ${manifest.fromPosition}, but ${previous} was closed up to ${closed.upToPosition}`);
  }
  if (!closed?.manifest) {
    if (manifest.previousManifestSha256 !== null) fail(`the manifest chains to a manifest of ${previous}, which has none: it was removed`);
    return;
  }
  const previousDigest = manifestSha256(closed.manifest);
  if (manifest.previousManifestSha256 !== previousDigest) {
    fail(`the chain is broken: the manifest names ${previous}'s manifest as ${manifest.previousManifestSha256}, but it now digests to ${previousDigest}`);
  }
}

async function firstWithManifest(store: EventStore, months: readonly string[]): Promise<string | null> {
  for (const month of months) if ((await readClosedMonth(store, month)).closed?.manifest) return month;
  return null;
}
