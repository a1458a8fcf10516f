import fc from 'fast-check';
import type { Role } from '@app/domain';
import type { RouteAccess } from '../../../apps/api/src/http/route-access';
import { planBody } from '../../support/telesales';
import { testNow } from '../../support/clock';
import type { Department } from './department';
import { pathParams } from './routes';

/**
 * Generators for the command fuzzer: bodies that are nearly right (from the route's OpenAPI
 * schema, with the department's real ids so that requests reach the domain) and then broken in
 * every way a client can break them; raw texts that are no JSON; junk headers and path segments.
 */

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  allOf?: Schema[];
  example?: unknown;
};
export type OpenApi = {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

export interface FuzzWorld {
  dept: Department;
  /** Authorization headers of people who hold each role (real people where the role has them). */
  tokens: Record<Role, string[]>;
  openapi: OpenApi;
}

/** `arb` about once in `oneIn` cases, else undefined. */
const rarely = <T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 1, arbitrary: arb }, { weight: oneIn - 1, arbitrary: fc.constant(undefined) });

/** Percent-encodes any string, lone surrogates too (encodeURIComponent throws on them). */
function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
}

// ---- junk ----

/** Strings that have broken parsers, validators, databases and terminals. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\u200B',
  '\u202E',
  '\uD800',
  'a\uDFFFb',
  '\uFFFF',
  '😀',
  '👩‍👩‍👧‍👦',
  '电话营销员',
  'ﷺ',
  'Ⅻ',
  'İ',
  'ß',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '1e999',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  "'; DROP TABLE es_events; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '../../etc/passwd',
  '%00',
  '%2F',
  'C:\\Windows',
  '\\\\server\\share',
  'a'.repeat(64),
  'a'.repeat(65),
  'L-'.repeat(300),
  '2026-02-30T10:00:00+08:00',
  '2026-13-01T00:00:00Z',
  '2026-10-08T25:61:61+08:00',
  '2026-10-08T09:30:00',
  '2026-10-08T09:30:00+24:00',
  '2026-10-08',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999+08:00',
  '+275760-09-13T00:00:00Z',
  '1970-01-01T00:00:00Z',
  'yesterday',
  '2026-10',
  '2026-Q5',
  '2026-W99',
  '2026-00',
  '1e3',
  ' 2026-10-08T09:30:00+08:00',
  '2026-10-08T09:30:00+08:00 ',
];

const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  -0.5,
  1.0000001,
  99.999,
  100,
  101,
  255,
  256,
  1440,
  14400,
  14401,
  65535,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  2 ** 32,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  -Number.MAX_SAFE_INTEGER,
  2 ** 53 + 2,
  1e21,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
];

/** An object carrying a key as its own property, even `__proto__`, as JSON.parse would make it. */
function withOwnKey(key: string, value: unknown, base: Record<string, unknown> = {}): Record<string, unknown> {
  const copy = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString', 'valueOf', 'hasOwnProperty', '__lookupSetter__'];

const pollution = fc.constantFrom(
  ...PROTO_KEYS.map((k) => withOwnKey(k, { polluted: 'yes', isAdmin: true, roles: ['director'] })),
  withOwnKey('constructor', { prototype: { polluted: 'yes' } }),
  withOwnKey('__proto__', withOwnKey('__proto__', { polluted: 'yes' })),
);

const hugeString = fc.constantFrom('x'.repeat(10_000), 'é'.repeat(50_000), '电'.repeat(100_000), '\u0000'.repeat(1000), '😀'.repeat(20_000));

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let node = leaf;
  for (let i = 0; i < depth; i++) node = asArray ? [node] : { a: node };
  return node;
}

/** Any value a JSON body can carry, and then some. */
const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...NASTY_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], [[]], [{}], ['a', 1, null], { '': '' }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => Number(n)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 2, max: 300 }), fc.boolean()).map(([d, arr]) => nested(d, 'deep', arr)) },
  { weight: 2, arbitrary: pollution },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())) },
);

// ---- nearly right ----

const HOUR = 3_600_000;
/** An instant within the last 90 days or the next 3, with an offset (+08:00 or Z), sometimes with fractions. */
const instant = fc
  .tuple(fc.integer({ min: -90 * 24, max: 3 * 24 }), fc.integer({ min: 0, max: 3599 }), fc.constantFrom('+08:00', 'Z', '-05:00'), fc.boolean())
  .map(([hours, seconds, offset, fraction]) => {
    const at = new Date(testNow().getTime() + hours * HOUR + seconds * 1000);
    const shift = offset === '+08:00' ? 8 : offset === '-05:00' ? -5 : 0;
    const local = new Date(at.getTime() + shift * HOUR).toISOString();
    return `${fraction ? local.slice(0, 23) : local.slice(0, 19)}${offset}`;
  });
const localDate = fc
  .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const month = fc.oneof(
  fc.constantFrom('2026-10', '2026-11', '2026-09', '2999-12', '2020-01', '2025-12'),
  fc.tuple(fc.integer({ min: 2024, max: 2027 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
);
const period = fc.oneof(month, fc.constantFrom('2026-Q3', '2026-Q4', '2026', '2025', '2027-Q1'));
const phone = fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), fc.stringMatching(/^\+86 1[3-9]\d-\d{4}-\d{4}$/), fc.stringMatching(/^0\d{2,3}-\d{7,8}$/));
const fresh = (prefix: string) => fc.nat({ max: 99_999 }).map((n) => `${prefix}-fz${n}`);

/** Ids of the department by the field that names them; fresh ones beside them. */
function idPool(name: string, w: FuzzWorld): fc.Arbitrary<string> | undefined {
  const d = w.dept;
  const people = [d.owner, d.colleague, d.closer, d.otherCloser, d.stranger].map((p) => p.agentId);
  const pools: Record<string, string[]> = {
    agentId: [...people, 'nobody-1'],
    closedBy: people,
    providedBy: people,
    leadId: [d.leadId],
    callId: [d.callId],
    visitId: [d.visitId],
    dealId: [d.dealId],
    appraisalId: [d.appraisalId, d.appealedAppraisalId],
    id: [d.appraisalId, d.appealedAppraisalId],
    appealId: [d.appealId],
    requestId: [],
    webhookId: [d.webhookId],
    planId: ['standard'],
    teamId: [d.teams.mine, d.teams.other],
  };
  if (!(name in pools)) return undefined;
  const known = pools[name];
  return known.length ? fc.oneof(fc.constantFrom(...known), fresh(name.replace(/Id$|By$/, ''))) : fresh(name);
}

/** A value of the right shape for a field, by its name and schema. */
function plausibleField(name: string, schema: Schema, w: FuzzWorld, depth: number): fc.Arbitrary<unknown> {
  const ids = idPool(name, w);
  if (ids) return ids;
  if (/At$/.test(name)) return instant;
  if (/On$|^effectiveFrom$|^date$/.test(name)) return localDate;
  if (name === 'phone') return phone;
  if (name === 'period') return period;
  if (name === 'month') return month;
  if (name === 'url') return fc.constantFrom('http://127.0.0.1:9/hook', 'https://127.0.0.1:9/a?b=c', 'http://localhost:9/');
  if (name === 'secret') return fc.string({ minLength: 16, maxLength: 40 });
  if (name === 'fromPosition') return fc.oneof(fc.constant('0'), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String));
  if (name === 'timezone') return fc.constantFrom('Asia/Shanghai', 'UTC', 'Pacific/Kiritimati', 'America/St_Johns');
  return plausible(schema, w, depth + 1);
}

/** A value the schema describes (nearly always valid where the schema says enough). */
function plausible(schema: Schema | undefined, w: FuzzWorld, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return junkValue;
  if (schema.$ref) {
    const target = w.openapi.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
    return target ? plausible(target, w, depth + 1) : fc.constant({});
  }
  if (schema.allOf?.length) {
    const inner = plausible(schema.allOf[0], w, depth + 1);
    return schema.nullable ? fc.oneof(inner, fc.constant(null)) : inner;
  }
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.type === 'array') return fc.array(plausibleField('', schema.items ?? {}, w, depth), { minLength: 1, maxLength: 3 });
  if (schema.type === 'number' || schema.type === 'integer') {
    const min = Math.max(schema.minimum ?? 0, -Number.MAX_SAFE_INTEGER);
    const max = Math.min(schema.maximum ?? Math.max(min, 1) * 1_000_000, Number.MAX_SAFE_INTEGER);
    return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  }
  if (schema.type === 'boolean') return fc.boolean();
  if (schema.type === 'string')
    return schema.example !== undefined ? fc.oneof(fc.constant(schema.example), fc.string({ maxLength: 30 })) : fc.string({ maxLength: 30 });
  if (schema.properties) {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, property] of Object.entries(schema.properties)) model[key] = plausibleField(key, property, w, depth);
    return fc.record(model, { requiredKeys: schema.required ?? [] });
  }
  return fc.constant({});
}

/** The body schema of a route in the OpenAPI document, if it has one. */
function bodySchema(row: RouteAccess, openapi: OpenApi): Schema | undefined {
  const path = row.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  return openapi.paths[path]?.[row.method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
}

/**
 * Where the document cannot say what is valid (the plan's nested parts have no schema of their
 * own), a valid body to start from.
 */
function validStart(row: RouteAccess, _w: FuzzWorld): fc.Arbitrary<unknown> | undefined {
  if (row.path === '/api/plans') {
    return fc
      .tuple(fc.constantFrom('standard', 'fz-plan'), fc.integer({ min: 1, max: 6 }), localDate)
      .map(([planId, version, effectiveFrom]) => planBody({ planId, version, effectiveFrom }));
  }
  return undefined;
}

// ---- breaking it ----

type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'setNested'; at: number; inner: number; value: unknown }
  | { kind: 'add'; key: string; value: unknown }
  | { kind: 'spice'; at: number; inner: number; text: string }
  | { kind: 'replace'; value: unknown };

const extraKey = fc.oneof(
  fc.constantFrom(...PROTO_KEYS, 'id', 'role', 'roles', 'actor', 'sub', 'position', 'revision', 'metadata', 'eventId', 'isAdmin', '$where', 'a.b', ''),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constant('k'.repeat(1000)),
);

/** Put into otherwise good text: what databases, encoders and terminals trip over. */
const spice = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\uD800',
      '\uDFFF',
      '\uDBFF\uDBFF',
      '\u202E',
      '\uFEFF',
      '😀',
      'é',
      "'",
      '"',
      '\\',
      '%',
      '\n',
      '\r\n',
      '$1',
      '%s',
      '\u0085',
      '\u2028',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.nat(), fc.nat(), spice).map(([at, inner, text]) => ({ kind: 'spice' as const, at, inner, text })) },
  { weight: 3, arbitrary: fc.nat().map((at) => ({ kind: 'drop' as const, at })) },
  { weight: 6, arbitrary: fc.tuple(fc.nat(), junkValue).map(([at, value]) => ({ kind: 'set' as const, at, value })) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(), fc.nat(), junkValue).map(([at, inner, value]) => ({ kind: 'setNested' as const, at, inner, value })) },
  { weight: 3, arbitrary: fc.tuple(extraKey, junkValue).map(([key, value]) => ({ kind: 'add' as const, key, value })) },
  { weight: 1, arbitrary: junkValue.map((value) => ({ kind: 'replace' as const, value })) },
);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function applyMutation(body: unknown, m: Mutation): unknown {
  if (m.kind === 'replace' || !isRecord(body)) return m.kind === 'replace' ? m.value : body;
  const keys = Object.keys(body);
  const copy: Record<string, unknown> = { ...body };
  if (m.kind === 'add') return withOwnKey(m.key, m.value, copy);
  if (keys.length === 0) return copy;
  const key = keys[m.at % keys.length];
  if (m.kind === 'spice') {
    const inner = copy[key];
    const spiced = (text: string) => text.slice(0, m.inner % (text.length + 1)) + m.text + text.slice(m.inner % (text.length + 1));
    if (typeof inner === 'string') copy[key] = spiced(inner);
    else if (Array.isArray(inner) && inner.length && isRecord(inner[0])) {
      copy[key] = inner.map((item) =>
        isRecord(item) ? Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v === 'string' ? spiced(v) : v])) : item,
      );
    } else {
      // Nothing to season here: season the first text field there is.
      const textKey = keys.find((k) => typeof copy[k] === 'string');
      if (textKey) copy[textKey] = spiced(copy[textKey] as string);
    }
  } else if (m.kind === 'drop') delete copy[key];
  else if (m.kind === 'set') copy[key] = m.value;
  else {
    const inner = copy[key];
    if (Array.isArray(inner) && inner.length) copy[key] = inner.map((v, i) => (i === m.inner % inner.length ? m.value : v));
    else if (isRecord(inner) && Object.keys(inner).length) {
      const innerKeys = Object.keys(inner);
      copy[key] = { ...inner, [innerKeys[m.inner % innerKeys.length]]: m.value };
    } else copy[key] = m.value;
  }
  return copy;
}

// ---- on the wire ----

export interface WireBody {
  body?: string | Buffer;
  contentType?: string;
  /** What kind of body it was, for the report. */
  kind: string;
}

const RAW_TEXTS = [
  '',
  ' ',
  '{',
  '}',
  '[',
  '{"',
  '{"a":',
  '{"a":1,}',
  '{a:1}',
  "{'a':1}",
  '{"a":1}}',
  '{"a":1}x',
  'x{"a":1}',
  '{"a":undefined}',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":1e99999}',
  '{"a":-1e99999}',
  '{"a":0x10}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":"\\x41"}',
  '{"a":"\\ud800"}',
  '{"a":"\\udfff\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":"unterminated}',
  '{"a":"\u0001"}',
  'null',
  'true',
  '1',
  '"text"',
  '[]',
  '[{}]',
  '\uFEFF{}',
  '{}\u0000',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":null}',
  '{"a":1,"a":2}',
  '{"grade":"A","grade":{"__proto__":{"x":1}}}',
  '['.repeat(100_000) + ']'.repeat(100_000),
  '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000),
  '['.repeat(5_000) + ']'.repeat(5_000),
  `{"reason":"${'x'.repeat(1_100_000)}"}`,
  `{"${'k'.repeat(500_000)}":1}`,
  `[${'1,'.repeat(200_000)}1]`,
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=nonsense',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'text/json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/*',
  '*/*',
  'json',
  ';',
  'application/json; boundary=',
  `application/json; ${'p=1;'.repeat(500)}`,
  '\u00e9/\u00e8',
];

/** Header values Node will put on the wire: tab, visible ASCII, and the bytes 0x80–0xff. */
const headerChar = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)).map((c) => String.fromCharCode(c));
const headerJunk = fc.oneof(
  fc.string({ unit: headerChar, maxLength: 60 }),
  fc.uuid(),
  fc.constantFrom('', ' ', 'x'.repeat(8_000), '\t\t', '"quoted"', 'a,b', 'null', '0', '-1', '../', '%00', '\u00ff\u00fe'),
);

/** Form encoding the way a browser would send the value (nested keys in brackets). */
function formEncode(value: unknown, prefix = ''): string[] {
  if (isRecord(value) || Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => formEncode(v, prefix ? `${prefix}[${k}]` : k));
  }
  return [`${encodeSegment(prefix || 'value')}=${encodeSegment(String(value))}`];
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return 'null';
  }
}

const asJson = (value: fc.Arbitrary<unknown>, kind = 'json'): fc.Arbitrary<WireBody> =>
  value.map((v) => ({ body: safeStringify(v), contentType: 'application/json', kind }));

/** Bodies that are no JSON object: a valid one corrupted, texts that break parsers, bytes, a form, nothing. */
function malformed(value: fc.Arbitrary<unknown>): fc.Arbitrary<WireBody> {
  const corrupted = fc
    .tuple(value, fc.nat(), fc.constantFrom('cut', 'insert', 'delete', 'swap quotes', 'trailing'), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }))
    .map(([v, at, how, junk]): WireBody => {
      const text = safeStringify(v);
      const i = text.length ? at % text.length : 0;
      const broken =
        how === 'cut'
          ? text.slice(0, i)
          : how === 'insert'
            ? text.slice(0, i) + junk + text.slice(i)
            : how === 'delete'
              ? text.slice(0, i) + text.slice(i + 1)
              : how === 'swap quotes'
                ? text.replace(/"/g, "'")
                : `${text}${junk}`;
      return { body: broken, contentType: 'application/json', kind: 'json, corrupted' };
    });
  const raw = fc.constantFrom(...RAW_TEXTS).map((text): WireBody => ({ body: text, contentType: 'application/json', kind: 'raw text' }));
  const bytes = fc.uint8Array({ maxLength: 64 }).map((b): WireBody => ({ body: Buffer.from(b), contentType: 'application/json', kind: 'bytes' }));
  const form = value.map((v): WireBody => ({ body: formEncode(v).join('&'), contentType: 'application/x-www-form-urlencoded', kind: 'form' }));
  const none = fc.constantFrom<WireBody>({ kind: 'no body' }, { kind: 'no body, JSON type', contentType: 'application/json' });
  return fc.oneof(
    { weight: 4, arbitrary: corrupted },
    { weight: 3, arbitrary: raw },
    { weight: 1, arbitrary: bytes },
    { weight: 1, arbitrary: form },
    { weight: 1, arbitrary: none },
  );
}

/** The body as sent, anything at all: JSON (sometimes under a content type that is not JSON) or malformed. */
function wireBody(value: fc.Arbitrary<unknown>): fc.Arbitrary<WireBody> {
  const json = fc
    .tuple(value, rarely(fc.constantFrom(...CONTENT_TYPES), 6))
    .map(([v, type]): WireBody => ({ body: safeStringify(v), contentType: type ?? 'application/json', kind: type ? 'json, content type junk' : 'json' }));
  return fc.oneof({ weight: 3, arbitrary: json }, { weight: 1, arbitrary: malformed(value) });
}

export interface Extras {
  idempotencyKey?: string;
  contentEncoding?: string;
  accept?: string;
  query?: string;
}

const QUERIES = fc.oneof(
  fc.constantFrom(
    'asOf=issued',
    'asOf=nonsense',
    'planVersion=-1',
    'planVersion=1e9',
    'planVersion=abc',
    '__proto__[polluted]=yes',
    'constructor[prototype][polluted]=yes',
    'a[b][c][d][e][f][g]=1',
    'a=1&a=2&a=3',
    '%',
    '%FF',
    'x'.repeat(4000),
  ),
  fc.string({ unit: 'binary', maxLength: 20 }).map((s) => `asOf=${encodeSegment(s)}`),
);

/** Headers and query of a request, each junk about once in `oneIn` cases. */
const extrasEvery = (oneIn: number): fc.Arbitrary<Extras> =>
  fc.record(
    {
      idempotencyKey: rarely(headerJunk, oneIn),
      contentEncoding: rarely(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-nonsense', 'gzip, gzip'), oneIn * 2),
      accept: rarely(fc.constantFrom('text/html', 'application/xml', '*/*', 'text/event-stream', 'nonsense'), oneIn * 2),
      query: rarely(QUERIES, oneIn),
    },
    { requiredKeys: [] },
  );

// ---- path parameters ----

/** Already encoded: slashes, dots, bad percent escapes, bytes that are no UTF-8, very long. */
const RAW_SEGMENTS = [
  'a%2Fb',
  'a/b',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '%',
  '%Z1',
  '%FF%FE',
  '%C0%AF',
  '%00',
  '%0A',
  '%20',
  '+',
  '-L1',
  '_x',
  'x;y',
  'x%3Fy=1',
  '%23',
  '%252F',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(4_000),
  'x'.repeat(20_000),
  encodeURIComponent('电话营销员'),
  encodeURIComponent('😀'),
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('<script>'),
  encodeURIComponent('__proto__'),
  'constructor',
  '%E2%80%AE',
  '%ED%A0%80',
  '2026-1',
  '2026-13',
  '2026-00',
  '26-10',
  '2026-10-01',
  '20261',
  encodeURIComponent('２０２６-１０'),
];

function pathSegment(name: string, w: FuzzWorld, junk: boolean): fc.Arbitrary<string> {
  const good = name === 'month' ? month : (idPool(name, w) ?? fresh(name));
  if (!junk) return good;
  return fc.oneof(
    { weight: 1, arbitrary: good },
    { weight: 3, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map(encodeSegment) },
  );
}

function pathSegments(row: RouteAccess, w: FuzzWorld, junk: boolean): fc.Arbitrary<Record<string, string>> {
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const name of pathParams(row.path)) model[name] = pathSegment(name, w, junk);
  return fc.record(model);
}

/** A caller the route lets in: one of its roles, as a real person of the department where there is one. */
function caller(row: RouteAccess, w: FuzzWorld): fc.Arbitrary<{ role: Role | 'anyone'; authorization?: string }> {
  if (row.roles === 'public') return fc.constant({ role: 'anyone' as const });
  return fc.constantFrom(...row.roles.flatMap((role) => w.tokens[role].map((authorization) => ({ role, authorization }))));
}

// ---- a request ----

export interface Case {
  /** What this case gets wrong, for the report. */
  focus: string;
  caller: { role: Role | 'anyone'; authorization?: string };
  segments: Record<string, string>;
  body: WireBody;
  extras: Extras;
}

/**
 * A request to the route. Most get one thing wrong and the rest right, so that each fault reaches
 * as deep as it can (a bad character in an otherwise valid command reaches the store); a few are
 * wrong everywhere at once.
 */
export function requestCase(row: RouteAccess, w: FuzzWorld): fc.Arbitrary<Case> {
  const valid = validStart(row, w) ?? plausible(bodySchema(row, w.openapi), w);
  const oneWrong = fc.tuple(valid, mutation).map(([body, m]) => applyMutation(body, m));
  const severalWrong = fc.tuple(valid, fc.array(mutation, { minLength: 2, maxLength: 3 })).map(([body, ms]) => ms.reduce(applyMutation, body));
  const goodPath = pathSegments(row, w, false);
  const clean = fc.constant<Extras>({});
  const junkTyped = fc
    .tuple(valid, fc.constantFrom(...CONTENT_TYPES))
    .map(([v, contentType]): WireBody => ({ body: safeStringify(v), contentType, kind: 'json, content type junk' }));
  const request = (focus: string, segments: fc.Arbitrary<Record<string, string>>, body: fc.Arbitrary<WireBody>, extras: fc.Arbitrary<Extras>) =>
    fc.record({ caller: caller(row, w), segments, body, extras }).map((c): Case => ({ focus, ...c }));
  return fc.oneof(
    { weight: 2, arbitrary: request('valid', goodPath, asJson(valid), clean) },
    { weight: 6, arbitrary: request('one field wrong', goodPath, asJson(oneWrong), clean) },
    { weight: 2, arbitrary: request('several fields wrong', goodPath, asJson(severalWrong), clean) },
    { weight: 1, arbitrary: request('body junk', goodPath, asJson(junkValue), clean) },
    { weight: 3, arbitrary: request('body malformed', goodPath, malformed(valid), clean) },
    { weight: 2, arbitrary: request('headers junk', goodPath, fc.oneof(asJson(valid), junkTyped), extrasEvery(2)) },
    { weight: pathParams(row.path).length ? 2 : 0, arbitrary: request('path junk', pathSegments(row, w, true), asJson(valid), clean) },
    {
      weight: 1,
      arbitrary: request('everything junk', pathSegments(row, w, true), wireBody(fc.oneof(valid, severalWrong, junkValue)), extrasEvery(4)),
    },
  );
}
