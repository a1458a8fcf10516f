import { oursOnPostgres } from './append';
import { payrollSummary, type PayrollBenchRow } from './payroll';
import type { ProjectionBenchRow } from './projections';
import { type BenchRow, fmt } from './support';

/** Issue 7's targets (LogCall on PostgreSQL; issue 3's aim for the projections), all from this run. */
const LOG_CALL_PER_SECOND = 2500;
const LOG_CALL_P99_MS = 50;
const PAYROLL_RSS_MIB = 300 / 1.048576; // 300 MB

interface TargetLine {
  figure: string;
  ours: string;
  reference: string;
  ratio?: number;
  target: string;
  met: boolean | undefined;
}

export interface TargetInput {
  rows: readonly BenchRow[];
  writers: number;
  projections: readonly ProjectionBenchRow[];
  payroll?: PayrollBenchRow;
}

const perSecond = (n: number) => `${fmt(n)}/s`;

function storeLines({ rows, writers }: TargetInput): TargetLine[] {
  const appends = oursOnPostgres(rows, 'append', writers);
  const read = oursOnPostgres(rows, 'read', 1);
  const lines: TargetLine[] = [];
  if (appends) {
    const emmett = appends.perSecond / (appends.oursPerEmmett ?? NaN);
    const raw = appends.perSecond / (appends.oursPerRaw ?? NaN);
    lines.push(
      {
        figure: `appends, ${writers} writers, 1 event each`,
        ours: perSecond(appends.perSecond),
        reference: `Emmett ${perSecond(emmett)}`,
        ratio: appends.oursPerEmmett,
        target: '≥ 2',
        met: (appends.oursPerEmmett ?? 0) >= 2,
      },
      {
        figure: `appends, ${writers} writers, 1 event each`,
        ours: perSecond(appends.perSecond),
        reference: `raw pg ${perSecond(raw)}`,
        ratio: appends.oursPerRaw,
        target: '≥ 0.7',
        met: (appends.oursPerRaw ?? 0) >= 0.7,
      },
    );
  }
  if (read) {
    const emmett = read.perSecond / (read.oursPerEmmett ?? NaN);
    lines.push({
      figure: 'global read in order',
      ours: perSecond(read.perSecond),
      reference: `Emmett ${perSecond(emmett)}`,
      ratio: read.oursPerEmmett,
      target: '≥ 2',
      met: (read.oursPerEmmett ?? 0) >= 2,
    });
  }
  return lines;
}

function logCallLines({ rows }: TargetInput): TargetLine[] {
  return rows
    .filter((r) => r.store === 'postgres' && r.bench.startsWith('HTTP POST /api/calls'))
    .map((r) => ({
      figure: `LogCall over HTTP, ${r.concurrency} connections, ${r.bench.includes('API only') ? 'API alone' : 'with the projections'}`,
      ours: `${perSecond(r.perSecond)}, p50 ${fmt(r.p50Ms)} ms, p99 ${fmt(r.p99Ms)} ms`,
      reference: `${perSecond(LOG_CALL_PER_SECOND)}, p99 ${LOG_CALL_P99_MS} ms`,
      ratio: r.perSecond / LOG_CALL_PER_SECOND,
      target: `≥ 1, p99 ≤ ${LOG_CALL_P99_MS} ms`,
      met: r.perSecond >= LOG_CALL_PER_SECOND && r.p99Ms <= LOG_CALL_P99_MS,
    }));
}

function monthLines({ projections, payroll }: TargetInput): TargetLine[] {
  const lines: TargetLine[] = projections.map((r) => {
    const rate = r.catchUp.processed / r.catchUp.seconds;
    const raw = r.read.events / r.read.seconds;
    return {
      figure: `projection catch-up, ${r.store}, ${fmt(r.events)} events (peak RSS ${fmt(r.catchUp.peakRssMiB)} MiB)`,
      ours: perSecond(rate),
      reference: `raw read ${perSecond(raw)}`,
      ratio: rate / raw,
      target: '≥ 0.5 (issue 3)',
      met: r.catchUp.caughtUp && rate / raw >= 0.5,
    };
  });
  if (payroll) {
    const { bestRead, bestReplay, ratio } = payrollSummary(payroll);
    const peak = Math.max(...payroll.rounds.map((r) => r.replay.peakRssMiB));
    lines.push(
      {
        figure: `payroll replay, ${fmt(payroll.rounds[0]?.replay.events ?? 0)} pay events (median of ${payroll.rounds.length} rounds)`,
        ours: perSecond(bestReplay),
        reference: `raw read ${perSecond(bestRead)}`,
        ratio,
        target: '≥ 0.8',
        met: ratio >= 0.8,
      },
      {
        figure: 'payroll replay, peak RSS',
        ours: `${fmt(peak)} MiB`,
        reference: `${fmt(PAYROLL_RSS_MIB)} MiB (300 MB)`,
        ratio: peak / PAYROLL_RSS_MIB,
        target: '< 1',
        met: peak < PAYROLL_RSS_MIB,
      },
    );
  }
  return lines;
}

/** One table: each target of issue 7 with this run's figure, its reference and ratio, met or missed. */
export function renderTargets(input: TargetInput): string {
  const lines = [...storeLines(input), ...logCallLines(input), ...monthLines(input)];
  if (lines.length === 0) return '';
  const header = ['figure', 'ours', 'reference, same run', 'ratio', 'target', ''];
  const cells = lines.map((l) => [
    l.figure,
    l.ours,
    l.reference,
    l.ratio === undefined || Number.isNaN(l.ratio) ? '—' : fmt(l.ratio, 2),
    l.target,
    l.met === undefined ? '' : l.met ? 'met' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const row = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(row)].join('\n');
}
