import { businessDay, DEFAULT_TIME_ZONE } from '../plan/calendar';
import type { CompensationPlan } from '../plan/plan';
import { localDate, utcOffsetMs } from '../time';

/** No zone changes its offset twice within a quarter hour (tzdb's changes are months apart). */
const QUARTER_HOUR_MS = 15 * 60_000;
const UNSTABLE = '';

/**
 * `businessDay(instant, versions).date`, remembered per quarter hour of UTC for each list of plan
 * versions: a replay dates hundreds of thousands of calls, and `businessDay` formats a date with
 * `Intl` for each (about 1 µs), where most calls share a quarter hour with another. A quarter hour
 * is remembered only when every zone involved keeps one offset and one date through it; any other
 * (a local midnight or a change of offset inside it), and any instant `Date.parse` cannot read,
 * is dated by `businessDay` itself.
 */
export function businessDate(instant: string, versions: readonly CompensationPlan[]): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return businessDay(instant, versions).date;
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const memo = memoFor(versions);
  let date = memo.get(quarter);
  if (date === undefined) {
    date = stableQuarter(quarter, versions) ? businessDay(new Date(quarter * QUARTER_HOUR_MS).toISOString(), versions).date : UNSTABLE;
    memo.set(quarter, date);
  }
  return date === UNSTABLE ? businessDay(instant, versions).date : date;
}

// Keyed by the list itself: the fold replaces a plan's list when a version is published.
const memos = new WeakMap<readonly CompensationPlan[], Map<number, string>>();
let lastVersions: readonly CompensationPlan[] | undefined;
let lastMemo: Map<number, string> | undefined;

function memoFor(versions: readonly CompensationPlan[]): Map<number, string> {
  if (versions === lastVersions) return lastMemo!;
  let memo = memos.get(versions);
  if (!memo) memos.set(versions, (memo = new Map()));
  lastVersions = versions;
  lastMemo = memo;
  return memo;
}

/**
 * Whether, in every zone `businessDay` may look at, the quarter hour has one UTC offset and one
 * date (offsets change on whole seconds, so its last second stands for the rest). A zone `Intl`
 * refuses is left to `businessDay`, which may not even need it.
 */
function stableQuarter(quarter: number, versions: readonly CompensationPlan[]): boolean {
  const start = quarter * QUARTER_HOUR_MS;
  const end = start + QUARTER_HOUR_MS - 1000;
  try {
    for (const zone of new Set([DEFAULT_TIME_ZONE, ...versions.map((v) => v.timezone)])) {
      const first = wallClock(start, zone);
      const last = wallClock(end, zone);
      if (first.date !== last.date || first.offset !== last.offset) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The local date and the UTC offset (ms) of a whole second in a zone. */
function wallClock(ms: number, timeZone: string): { date: string; offset: number } {
  return { date: localDate(new Date(ms), timeZone), offset: utcOffsetMs(ms, timeZone) };
}
