import { writeFileSync } from 'node:fs';
import { DomainError, LINE_KINDS, type MonthReplay, formatYuan, type Statement } from '@app/domain';
import { loadConfig, openEventStore } from '@app/platform';
import { replayFromStore } from '@app/pay-replay';

const USAGE = 'usage: npm run payroll -- replay <YYYY-MM> [--as-of issued|now] [--plan-version N] [--out statements.csv|statements.json]';

interface Args {
  month: string;
  asOf: 'issued' | 'now';
  planVersion?: number;
  out?: string;
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

/** Recomputes a pay month from the event store with the store's configuration (DATABASE_URL, …); writes nothing to it. */
async function main(): Promise<void> {
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
