import { DomainError } from '@app/domain';

/**
 * Keyset paging for the read models' list queries (API.md: `{ items, nextCursor? }`). A cursor is
 * the sort key of the last row served, as base64url JSON: opaque to clients, yet it means the same
 * row on every replica and after a restart, and no row is skipped or repeated while none move.
 */

/** `limit` absent: every row (for callers that compose a larger answer). */
export interface PageRequest {
  limit?: number;
  /** The previous page's `nextCursor`. */
  cursor?: string;
}

export interface Page<Item> {
  items: Item[];
  /** Present only when more rows follow. */
  nextCursor?: string;
}

/** A sort key: compared part by part, numbers as numbers, strings by code unit (as `COLLATE "C"`). */
export type CursorKey = readonly (string | number)[];
/** What each part of a key must be; a `date` (YYYY-MM-DD) is a string that SQL will cast. */
type Shape = readonly ('string' | 'number' | 'date')[];
type KeyOf<S extends Shape> = { -readonly [I in keyof S]: S[I] extends 'number' ? number : string };

const fitsPart = (part: unknown, kind: Shape[number]): boolean => {
  if (kind === 'number') return Number.isSafeInteger(part);
  if (kind === 'date') {
    const at = typeof part === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(part) ? Date.parse(`${part}T00:00:00Z`) : NaN;
    return !Number.isNaN(at) && new Date(at).toISOString().startsWith(part as string); // 02-30 rolls over: refused
  }
  return typeof part === 'string';
};

export const encodeCursor = (key: CursorKey): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** The key a cursor of this shape carries; a 400 naming `cursor` when it is not one. */
export function decodeCursor<const S extends Shape>(cursor: string, shape: S): KeyOf<S> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const fits = Array.isArray(key) && key.length === shape.length && key.every((part, i) => fitsPart(part, shape[i]));
  // base64url decoding ignores stray characters, so also insist the cursor is exactly what we issue.
  if (!fits || encodeCursor(key as CursorKey) !== cursor) {
    const problem = 'must be the nextCursor of a previous page of this query';
    throw new DomainError('VALIDATION.FAILED', 'validation', `cursor: ${problem}`, { fields: [{ field: 'cursor', problems: [problem] }] });
  }
  return key as KeyOf<S>;
}

function compareKeys(a: CursorKey, b: CursorKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * The page out of rows fetched in key order, after the cursor, with one row more than `limit`
 * asked for: that extra row only tells that another page follows.
 */
export function pageOfFetched<Item>(rows: Item[], limit: number | undefined, keyOf: (item: Item) => CursorKey): Page<Item> {
  if (limit === undefined || rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1])) };
}

/** The page after `after` of rows computed in memory and sorted ascending by `keyOf`. */
export function pageOfSorted<Item>(sorted: Item[], page: { limit?: number; after?: CursorKey }, keyOf: (item: Item) => CursorKey): Page<Item> {
  const from = page.after === undefined ? 0 : firstAfter(sorted, page.after, keyOf);
  const end = page.limit === undefined ? sorted.length : from + page.limit + 1;
  return pageOfFetched(sorted.slice(from, end), page.limit, keyOf);
}

function firstAfter<Item>(sorted: Item[], after: CursorKey, keyOf: (item: Item) => CursorKey): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKeys(keyOf(sorted[mid]), after) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
