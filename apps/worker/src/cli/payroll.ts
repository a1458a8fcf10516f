import { writeFileSync } from 'node:fs';
import { DomainError, LINE_KINDS, type MonthReplay, formatYuan, type Statement } from '@app/domain';
import { createPublicKey } from 'node:crypto';
import { loadConfig, openEventStore, payrollSigningKeyFrom } from '@app/platform';
import { type MonthVerification, replayFromStore, verifyMonth, type VerifyingKey } from '@app/pay-replay';

const USAGE = [
  'usage: npm run payroll -- replay <YYYY-MM> [--as-of issued|now] [--plan-version N] [--out statements.csv|statements.json]',
  '       npm run payroll -- verify <YYYY-MM> [--public-key <64 hex digits>]',
].join('\n');

interface Args {
  month: string;
  asOf: 'issued' | 'now';
  planVersion?: number;
  out?: string;
}

interface VerifyArgs {
  month: string;
  /** The manifest key's public half; default: derived from PAYROLL_SIGNING_KEY (or the development key). */
  publicKey?: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function parseVerifyArgs(argv: string[]): VerifyArgs {
  const [command, month, ...rest] = argv;
  if (command !== 'verify' || !month) throw new UsageError();
  if (!MONTH.test(month)) throw new UsageError(`${month}: the month must be YYYY-MM`);
  const args: VerifyArgs = { month };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--public-key' && /^[0-9a-fA-F]{64}$/.test(value)) args.publicKey = value.toLowerCase();
    else throw new UsageError(`${flag} ${value}: not understood`);
  }
  return args;
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo, before the raw 32-byte key (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The key to check signatures with: the one given, else the public half of the configured signing key. */
export function verifyingKey(publicKeyHex: string | undefined, signingKey: string | undefined): VerifyingKey {
  if (publicKeyHex) {
    const publicKey = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
    return { publicKey, publicKeyHex };
  }
  const { publicKey, publicKeyHex: hex } = payrollSigningKeyFrom(signingKey ?? '');
  return { publicKey, publicKeyHex: hex };
}

/** Exit codes of `verify`: every check holds; something does not (or the month is open); closed before manifests. */
export const VERIFY_EXIT = { verified: 0, failed: 1, not_closed: 1, no_manifest: 3 } as const;

/** What `verify` prints: the outcome in a sentence, then one line per finding, naming the person when it concerns one. */
export function verificationReport(v: MonthVerification): string {
  const head = {
    verified: `${v.month}: verified — ${v.statements} statements match the signed manifest ${v.manifestSha256}, recomputed from the store; the chain to ${v.previousMonth ?? '(first close)'} holds`,
    failed: `${v.month}: FAILED — ${v.findings.length} finding${v.findings.length === 1 ? '' : 's'}`,
    no_manifest: `${v.month}: no manifest — the month was closed before manifests were recorded, so there is no signature or digest to check; its ${v.statements} issued statements equal their replay as issued`,
    not_closed: `${v.month}: FAILED — the month is not closed, so nothing was issued to verify`,
  }[v.outcome];
  const people = [...new Set(v.findings.flatMap((f) => (f.agentId ? [f.agentId] : [])))];
  return [head, ...v.findings.map((f) => `  [${f.check}] ${f.message}`), ...(people.length > 0 ? [`  statements that differ: ${people.join(', ')}`] : [])].join(
    '\n',
  );
}

function parseArgs(argv: string[]): Args {
  const [command, month, ...rest] = argv;
  if (command !== 'replay' || !month) throw new UsageError();
  const args: Args = { month, asOf: 'now' };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--as-of' && (value === 'issued' || value === 'now')) args.asOf = value;
    else if (flag === '--plan-version' && /^\d+$/.test(value)) args.planVersion = Number(value);
    else if (flag === '--out' && /\.(csv|json)$/.test(value)) args.out = value;
    else throw new UsageError(`${flag} ${value}: not understood`);
  }
  return args;
}

class UsageError extends Error {}

/** One row per person, one column per kind of line (the sum of its lines, in fen): what payroll systems import. */
export function statementsCsv(statements: readonly Statement[]): string {
  const header = ['agentId', 'month', ...LINE_KINDS.map((k) => `${k}_fen`), 'total_fen'];
  const rows = statements.map((s) => {
    const byKind = new Map<string, number>();
    for (const line of s.lines) byKind.set(line.kind, (byKind.get(line.kind) ?? 0) + line.amountFen);
    return [s.agentId, s.month, ...LINE_KINDS.map((k) => String(byKind.get(k) ?? 0)), String(s.totalFen)];
  });
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

function summary(replay: MonthReplay): string {
  const deltas = new Map(replay.diff.map((d) => [d.agentId, d.deltaFen]));
  const width = Math.max(8, ...replay.statements.map((s) => s.agentId.length));
  const lines = [`${'person'.padEnd(width)}  ${'lines'.padStart(5)}  ${'total'.padStart(14)}  ${'vs issued'.padStart(12)}`];
  for (const s of replay.statements) {
    const delta = deltas.get(s.agentId);
    lines.push(
      `${s.agentId.padEnd(width)}  ${String(s.lines.length).padStart(5)}  ${formatYuan(s.totalFen).padStart(14)}  ${(delta ? formatYuan(delta) : '').padStart(12)}`,
    );
  }
  const total = replay.statements.reduce((sum, s) => sum + s.totalFen, 0);
  lines.push(
    `${'total'.padEnd(width)}  ${''.padStart(5)}  ${formatYuan(total).padStart(14)}  ${formatYuan(replay.diff.reduce((sum, d) => sum + d.deltaFen, 0)).padStart(12)}`,
  );
  return lines.join('\n');
}

function bar(fraction: number, width = 30): string {
  const done = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  return `[${'#'.repeat(done)}${'.'.repeat(width - done)}]`;
}

/** Checks a closed month against its signed manifest, recomputing every statement from the store; sets the exit code. */
async function verify(argv: string[]): Promise<void> {
  const args = parseVerifyArgs(argv);
  const config = loadConfig();
  const key = verifyingKey(args.publicKey, config.payrollSigningKey);
  if (!args.publicKey && config.devPayrollSigningKey) process.stderr.write('PAYROLL_SIGNING_KEY is not set: checking signatures with the development key\n');
  const store = await openEventStore(config.store);
  try {
    const verification = await verifyMonth(store, args.month, key, (position, head) => {
      const fraction = head > 0n ? Number(position) / Number(head) : 1;
      process.stderr.write(`\rverify ${args.month} ${bar(fraction)} ${(fraction * 100).toFixed(1)}%   `);
    });
    process.stderr.write('\n');
    console.log(verificationReport(verification));
    process.exitCode = VERIFY_EXIT[verification.outcome];
  } finally {
    await store.close();
  }
}

/** Recomputes a pay month from the event store with the store's configuration (DATABASE_URL, …); writes nothing to it. */
async function main(): Promise<void> {
  if (process.argv[2] === 'verify') return verify(process.argv.slice(2));
  const args = parseArgs(process.argv.slice(2));
  const store = await openEventStore(loadConfig().store);
  const started = Date.now();
  try {
    const replay = await replayFromStore(store, args.month, { asOf: args.asOf, planVersion: args.planVersion }, (position, head, events) => {
      const fraction = head > 0n ? Number(position) / Number(head) : 1;
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write(
        `\rreplay ${args.month} ${bar(fraction)} ${(fraction * 100).toFixed(1)}%  ${events.toLocaleString('en')} events  ${Math.round(events / seconds).toLocaleString('en')} events/s   `,
      );
    });
    process.stderr.write(
      `\nreplayed ${args.month} as ${args.asOf}${args.planVersion ? ` priced by plan version ${args.planVersion}` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s (${replay.state})\n`,
    );
    console.log(summary(replay));
    if (args.out) {
      writeFileSync(args.out, args.out.endsWith('.csv') ? statementsCsv(replay.statements) : `${JSON.stringify(replay, null, 2)}\n`);
      process.stderr.write(`wrote ${replay.statements.length} statements to ${args.out}\n`);
    }
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message ? `${error.message}\n` : ''}${USAGE}`);
      process.exit(2);
    }
    console.error(error instanceof DomainError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
