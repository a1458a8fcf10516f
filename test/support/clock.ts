/**
 * Business time in the tests. The service under test reads its `Clock`, which the test setup
 * pins here: it starts at `TEST_NOW` (default below) and advances with real time, so no test
 * depends on the machine's date. CI runs the e2e suites a second time with `TEST_NOW` in another
 * year; a test that needs a particular "now" (a month not yet ended) pins its own.
 */
const DEFAULT_TEST_NOW = '2026-11-20T10:00:00+08:00';

function parseInstant(text: string, name: string): number {
  const ms = Date.parse(text);
  if (!/[Zz]|[+-]\d\d:\d\d$/.test(text) || Number.isNaN(ms)) throw new Error(`${name} must be an ISO-8601 instant with an offset, got ${JSON.stringify(text)}`);
  return ms;
}

const startedAt = performance.now();

/** A clock that reads `start` now and advances with real time. */
export function clockFrom(start: string): () => Date {
  const base = parseInstant(start, 'the test clock') - (performance.now() - startedAt);
  return () => new Date(base + (performance.now() - startedAt));
}

/** The test run's "now": TEST_NOW, or the default, advancing with real time. */
export const testNow = clockFrom(process.env.TEST_NOW ?? DEFAULT_TEST_NOW);
