import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { Statement } from './pay.engine';
import {
  canonicalJson,
  type ClosePayMonthContext,
  decideClosePayMonth,
  initialPayMonthState,
  manifestSha256,
  type PayMonthClosed,
  statementSha256,
} from './pay-month';

const statement = (agentId: string, totalFen: number): Statement => ({
  agentId,
  month: '2026-03',
  totalFen,
  lines: [
    {
      lineId: `2026-03:${agentId}:base`,
      kind: 'base',
      amountFen: totalFen,
      planId: 'standard',
      planVersion: 1,
      sourceEventIds: [`hire-${agentId}`],
      explanation: '整月底薪 1,500.00',
    },
  ],
});
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const context = (overrides: Partial<ClosePayMonthContext> = {}): ClosePayMonthContext => ({
  now: new Date('2026-04-02T09:00:00+08:00'),
  timeZones: ['Asia/Shanghai'],
  latestClosedMonth: '2026-02',
  statements: [statement('a2', 150000), statement('a1', 95161)],
  upToPosition: 1234n,
  manifest: {
    previous: { month: '2026-02', upToPosition: '999', manifestSha256: 'ab'.repeat(32) },
    publicKey: publicKeyHex,
    sign: (message) => sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64'),
  },
  ...overrides,
});
const closeOf = (events: ReturnType<typeof decideClosePayMonth>) => events.find((e): e is PayMonthClosed => e.type === 'PayMonthClosed')!.data;

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined members, keeps array order and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: '王', c: null }, 2], e: undefined })).toBe('{"a":[{"c":null,"d":"王"},2],"b":1}');
  });

  it('gives the same bytes for a statement whatever order its keys come back in (JSONB reorders them)', () => {
    const s = statement('a1', 95161);
    const reordered = JSON.parse(JSON.stringify({ totalFen: s.totalFen, lines: s.lines.map((l) => ({ ...l })).reverse(), month: s.month, agentId: s.agentId }));
    reordered.lines.reverse();
    expect(statementSha256(reordered)).toBe(statementSha256(s));
    expect(statementSha256({ ...s, totalFen: s.totalFen + 1 })).not.toBe(statementSha256(s));
  });

  it('refuses what JSON cannot carry exactly', () => {
    expect(() => canonicalJson({ amount: Number.NaN })).toThrow(RangeError);
  });
});

describe('the manifest of a close', () => {
  it("lists each issued statement's SHA-256 by agent id, the position range after the previous close, and chains to its manifest", () => {
    const close = closeOf(decideClosePayMonth({ month: '2026-03' }, initialPayMonthState, context()));
    expect(close.manifest).toEqual({
      version: 1,
      month: '2026-03',
      fromPosition: '1000',
      upToPosition: '1234',
      statementCount: 2,
      totalFen: 245161,
      statements: [
        { agentId: 'a1', sha256: sha256(canonicalJson(statement('a1', 95161))) },
        { agentId: 'a2', sha256: sha256(canonicalJson(statement('a2', 150000))) },
      ],
      previousMonth: '2026-02',
      previousManifestSha256: 'ab'.repeat(32),
      publicKey: publicKeyHex,
    });
    expect(close.manifestSha256).toBe(sha256(canonicalJson(close.manifest)));
    expect(manifestSha256(close.manifest!)).toBe(close.manifestSha256);
    expect(verify(null, Buffer.from(canonicalJson(close.manifest), 'utf8'), publicKey, Buffer.from(close.signature!, 'base64'))).toBe(true);
  });

  it('starts the chain at position 0 with no previous month on the first close, and with a null link after a month closed before manifests', () => {
    const first = closeOf(
      decideClosePayMonth(
        { month: '2026-03' },
        initialPayMonthState,
        context({ latestClosedMonth: null, manifest: { ...context().manifest!, previous: null } }),
      ),
    );
    expect(first.manifest).toMatchObject({ fromPosition: '0', previousMonth: null, previousManifestSha256: null });
    const afterLegacy = closeOf(
      decideClosePayMonth(
        { month: '2026-03' },
        initialPayMonthState,
        context({ manifest: { ...context().manifest!, previous: { month: '2026-02', upToPosition: '999', manifestSha256: null } } }),
      ),
    );
    expect(afterLegacy.manifest).toMatchObject({ fromPosition: '1000', previousMonth: '2026-02', previousManifestSha256: null });
  });

  it('without a manifest context, closes exactly as before manifests (no manifest, digest or signature member)', () => {
    const close = closeOf(decideClosePayMonth({ month: '2026-03' }, initialPayMonthState, context({ manifest: undefined })));
    expect(Object.keys(close)).toEqual(['month', 'upToPosition', 'closedAt', 'statementCount', 'totalFen']);
  });
});
