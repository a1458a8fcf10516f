/** A call reclassified: by which event, at which position, to what. */
export interface ReclassificationFact {
  eventId: string;
  position: bigint;
  effective: boolean;
  outcome: string;
}

/** One call as pay knows it: `CallLog.get` builds it, the log keeps its parts in columns. */
export interface CallFact {
  callId: string;
  agentId: string;
  /** The business day of `startedAt`, by the agent's plan versions known when the call was folded. */
  date: string;
  effectiveWhenLogged: boolean;
  loggedEventId: string;
  loggedPosition: bigint;
  reclassifications: readonly ReclassificationFact[];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NONE: readonly ReclassificationFact[] = Object.freeze([]);

/**
 * Every call pay has folded, kept in typed arrays rather than as objects and strings: a month of a
 * department is hundreds of thousands of calls, a replay holds every month, and what lives on the
 * JavaScript heap is what the collector walks and what it sizes the heap by (several times it).
 * A call is known by its number, its place in fold order. The first CallLogged of a callId wins:
 * a lead's stream allows no second one, and a replay must not count a call twice.
 */
export class CallLog {
  private count = 0;
  private readonly callIds = new TextColumn();
  private readonly byCallId = new HashIndex((n, callId) => this.callIds.equals(n, callId));
  private readonly loggedEventIds = new UuidColumn();
  private readonly agents = new Column((size) => new Int32Array(size));
  private readonly dates = new Column((size) => new Int32Array(size));
  private readonly effective = new Column((size) => new Uint8Array(size));
  private readonly positions = new Column((size) => new BigInt64Array(size));
  /** Positions beyond 64 bits, by call number; none from any store in use. */
  private readonly widePositions = new Map<number, bigint>();
  private readonly reclassified = new Map<number, ReclassificationFact[]>();

  /** People and days are few: each is stored once and a call refers to it by number. */
  private readonly agentIds: string[] = [];
  private readonly agentNumbers = new Map<string, number>();
  private readonly dateStrings: string[] = [];
  private readonly dateNumbers = new Map<string, number>();
  /** By date number, the calls of its month. */
  private readonly monthOfDate: IntList[] = [];
  private readonly months = new Map<string, IntList>();

  /** By logged event id, built only when asked (`positionOf`, `hasLoggedEvent`): a fold in order never needs it. */
  private byEventId: Map<string, number> | undefined;
  /** The same for one month's calls: what prior-period adjustments ask about. */
  private readonly byEventIdIn = new Map<string, Map<string, number>>();

  get size(): number {
    return this.count;
  }

  has(callId: string): boolean {
    return this.numberOf(callId) >= 0;
  }

  /** Records a call logged by event `eventId`; its callId must be new (`has`). */
  add(callId: string, agentId: string, date: string, effective: boolean, eventId: string, position: bigint): void {
    const n = this.count;
    this.byCallId.add(this.callIds.push(callId), n);
    this.loggedEventIds.push(eventId);
    this.agents.push(this.agentNumber(agentId));
    const day = this.dateNumber(date);
    this.dates.push(day);
    this.effective.push(effective ? 1 : 0);
    const inRange = position >= INT64_MIN && position <= INT64_MAX;
    this.positions.push(inRange ? position : 0n);
    if (!inRange) this.widePositions.set(n, position);
    this.monthOfDate[day].push(n);
    this.byEventId?.set(eventId, n);
    if (this.byEventIdIn.size > 0) this.byEventIdIn.clear();
    this.count = n + 1;
  }

  /** Adds a reclassification to a known call; false if the callId is unknown. */
  reclassify(callId: string, reclassification: ReclassificationFact): boolean {
    const n = this.numberOf(callId);
    if (n < 0) return false;
    const list = this.reclassified.get(n);
    if (list) list.push(reclassification);
    else this.reclassified.set(n, [reclassification]);
    return true;
  }

  /** The numbers of the calls whose business day is in `month`, in fold order. */
  numbersIn(month: string): Int32Array {
    return this.months.get(month)?.view() ?? new Int32Array(0);
  }

  callId(n: number): string {
    return this.callIds.at(n);
  }

  agentId(n: number): string {
    return this.agentIds[this.agents.at(n)];
  }

  date(n: number): string {
    return this.dateStrings[this.dates.at(n)];
  }

  effectiveWhenLogged(n: number): boolean {
    return this.effective.at(n) === 1;
  }

  loggedEventId(n: number): string {
    return this.loggedEventIds.at(n);
  }

  loggedPosition(n: number): bigint {
    return this.widePositions.size > 0 ? (this.widePositions.get(n) ?? this.positions.at(n)) : this.positions.at(n);
  }

  reclassifications(n: number): readonly ReclassificationFact[] {
    return this.reclassified.get(n) ?? NONE;
  }

  get(callId: string): CallFact | undefined {
    const n = this.numberOf(callId);
    if (n < 0) return undefined;
    return {
      callId: this.callId(n),
      agentId: this.agentId(n),
      date: this.date(n),
      effectiveWhenLogged: this.effectiveWhenLogged(n),
      loggedEventId: this.loggedEventId(n),
      loggedPosition: this.loggedPosition(n),
      reclassifications: this.reclassifications(n),
    };
  }

  /** Whether a call was logged by this event. */
  hasLoggedEvent(eventId: string): boolean {
    return this.eventIndex().has(eventId);
  }

  /**
   * The position of the CallLogged event with this id, if a call was logged by it. Looked up among
   * the calls of `month` first, where the ids asked about belong, so that all calls are indexed
   * only for an id that is not there.
   */
  positionOf(eventId: string, month: string): bigint | undefined {
    let index = this.byEventIdIn.get(month);
    if (!index) {
      index = new Map();
      for (const n of this.numbersIn(month)) index.set(this.loggedEventId(n), n);
      this.byEventIdIn.set(month, index);
    }
    const n = index.get(eventId) ?? this.eventIndex().get(eventId);
    return n === undefined ? undefined : this.loggedPosition(n);
  }

  private numberOf(callId: string): number {
    return this.byCallId.find(hashOf(callId), callId);
  }

  private eventIndex(): Map<string, number> {
    if (!this.byEventId) {
      this.byEventId = new Map();
      for (let n = 0; n < this.count; n++) this.byEventId.set(this.loggedEventId(n), n);
    }
    return this.byEventId;
  }

  private lastAgentId: string | undefined;
  private lastAgentNumber = -1;

  private agentNumber(agentId: string): number {
    // Calls come in runs by the same agent (a lead's stream).
    if (agentId === this.lastAgentId) return this.lastAgentNumber;
    let number = this.agentNumbers.get(agentId);
    if (number === undefined) {
      number = this.agentIds.push(agentId) - 1;
      this.agentNumbers.set(agentId, number);
    }
    this.lastAgentId = agentId;
    this.lastAgentNumber = number;
    return number;
  }

  private dateNumber(date: string): number {
    let number = this.dateNumbers.get(date);
    if (number === undefined) {
      number = this.dateStrings.push(date) - 1;
      this.dateNumbers.set(date, number);
      const month = date.slice(0, 7);
      let list = this.months.get(month);
      if (!list) this.months.set(month, (list = new IntList()));
      this.monthOfDate.push(list);
    }
    return number;
  }
}

type NumberArray = Int32Array | Uint8Array;
type Element<A> = A extends BigInt64Array ? bigint : number;

function grown<A extends NumberArray | BigInt64Array>(array: A, size: number): A {
  const bigger = new (array.constructor as new (size: number) => A)(size);
  bigger.set(array as never);
  return bigger;
}

/** Values are kept in chunks of this many, so that growing never copies more than one chunk. */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK - 1;
/** The first chunk starts this small (a ledger's history holds a few calls) and doubles. */
const FIRST_CHUNK = 1024;

/** A growable column of numbers (or bigints), in typed arrays. */
class Column<A extends NumberArray | BigInt64Array> {
  private readonly chunks: A[] = [];
  private length = 0;

  constructor(private readonly make: (size: number) => A) {}

  push(value: Element<A>): void {
    const n = this.length;
    const c = n >>> CHUNK_BITS;
    let chunk = this.chunks[c];
    if (chunk === undefined) this.chunks.push((chunk = this.make(c === 0 ? FIRST_CHUNK : CHUNK)));
    else if ((n & IN_CHUNK) === chunk.length) this.chunks[c] = chunk = grown(chunk, chunk.length * 2);
    chunk[n & IN_CHUNK] = value;
    this.length = n + 1;
  }

  at(n: number): Element<A> {
    return this.chunks[n >>> CHUNK_BITS][n & IN_CHUNK] as Element<A>;
  }
}

/** A growable list of non-negative integers. */
class IntList {
  private items = new Int32Array(64);
  length = 0;

  push(value: number): void {
    if (this.length === this.items.length) this.items = grown(this.items, this.length * 2);
    this.items[this.length++] = value;
  }

  view(): Int32Array {
    return this.items.subarray(0, this.length);
  }
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

// Decodes ASCII as it is, into a string of its own (a slice of a longer string would keep it alive).
const decoder = new TextDecoder();

interface TextChunk {
  bytes: Uint8Array;
  /** Where the bytes of each string of the chunk end. */
  ends: Int32Array;
}

/**
 * Strings kept as bytes, those of ASCII (ids are), in chunks of CHUNK strings. Any other string is
 * kept as it is, with no bytes.
 */
class TextColumn {
  private readonly chunks: TextChunk[] = [];
  private count = 0;
  private readonly others = new Map<number, string>();

  /** Appends `text` and returns its `hashOf`. */
  push(text: string): number {
    const n = this.count;
    const i = n & IN_CHUNK;
    let chunk = this.chunks[n >>> CHUNK_BITS];
    if (chunk === undefined) {
      const previous = this.chunks[this.chunks.length - 1];
      chunk = { bytes: new Uint8Array(previous ? previous.bytes.length : 16 * FIRST_CHUNK), ends: new Int32Array(previous ? CHUNK : FIRST_CHUNK) };
      this.chunks.push(chunk);
    } else if (i === chunk.ends.length) chunk.ends = grown(chunk.ends, i * 2);
    const start = i === 0 ? 0 : chunk.ends[i - 1];
    if (start + text.length > chunk.bytes.length) chunk.bytes = grown(chunk.bytes, Math.max(chunk.bytes.length * 2, start + text.length));
    const bytes = chunk.bytes;
    let hash = 0x811c9dc5 | 0;
    let ascii = 0;
    for (let j = 0; j < text.length; j++) {
      const c = text.charCodeAt(j);
      hash = Math.imul(hash ^ c, 0x01000193);
      ascii |= c;
      bytes[start + j] = c;
    }
    if (ascii > 0x7f) {
      this.others.set(n, text);
      chunk.ends[i] = start;
    } else chunk.ends[i] = start + text.length;
    this.count = n + 1;
    return hash;
  }

  at(n: number): string {
    if (this.others.size > 0 && this.others.has(n)) return this.others.get(n)!;
    const { bytes, ends } = this.chunks[n >>> CHUNK_BITS];
    const i = n & IN_CHUNK;
    return decoder.decode(bytes.subarray(i === 0 ? 0 : ends[i - 1], ends[i]));
  }

  equals(n: number, text: string): boolean {
    if (this.others.size > 0 && this.others.has(n)) return this.others.get(n) === text;
    const { bytes, ends } = this.chunks[n >>> CHUNK_BITS];
    const i = n & IN_CHUNK;
    const start = i === 0 ? 0 : ends[i - 1];
    if (ends[i] - start !== text.length) return false;
    for (let j = 0; j < text.length; j++) if (bytes[start + j] !== text.charCodeAt(j)) return false;
    return true;
  }
}

const HEX = Array.from({ length: 128 }, (_, c) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1));
const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Where the dashes of a UUID's text are, and where its 32 hex digits. */
const DASHES = [8, 13, 18, 23];
const DIGITS = Array.from({ length: 36 }, (_, i) => i).filter((i) => !DASHES.includes(i));
const UUID_BYTES = 16;

/**
 * Event ids, as the 16 bytes of their UUID: those in the canonical lowercase text (a store's ids
 * are) come back as the same text. Any other id is kept as it is.
 */
class UuidColumn {
  private readonly chunks: Uint8Array[] = [];
  private count = 0;
  private readonly others = new Map<number, string>();
  private readonly text = new Uint8Array(36).fill(45); // '-' where the dashes go

  push(id: string): void {
    const n = this.count;
    const c = n >>> CHUNK_BITS;
    let chunk = this.chunks[c];
    if (chunk === undefined) this.chunks.push((chunk = new Uint8Array((c === 0 ? FIRST_CHUNK : CHUNK) * UUID_BYTES)));
    else if ((n & IN_CHUNK) * UUID_BYTES === chunk.length) this.chunks[c] = chunk = grown(chunk, chunk.length * 2);
    if (!this.write(id, chunk, (n & IN_CHUNK) * UUID_BYTES)) this.others.set(n, id);
    this.count = n + 1;
  }

  at(n: number): string {
    if (this.others.size > 0 && this.others.has(n)) return this.others.get(n)!;
    const chunk = this.chunks[n >>> CHUNK_BITS];
    const at = (n & IN_CHUNK) * UUID_BYTES;
    const text = this.text;
    for (let i = 0; i < UUID_BYTES; i++) {
      const byte = chunk[at + i];
      text[DIGITS[2 * i]] = HEX_DIGITS[byte >>> 4];
      text[DIGITS[2 * i + 1]] = HEX_DIGITS[byte & 15];
    }
    return decoder.decode(text);
  }

  /** Writes the bytes of a canonical lowercase UUID; false, writing nothing that counts, for any other id. */
  private write(id: string, bytes: Uint8Array, at: number): boolean {
    if (id.length !== 36) return false;
    for (const i of DASHES) if (id.charCodeAt(i) !== 45) return false;
    for (let i = 0; i < UUID_BYTES; i++) {
      const high = HEX[id.charCodeAt(DIGITS[2 * i])] ?? -1;
      const low = HEX[id.charCodeAt(DIGITS[2 * i + 1])] ?? -1;
      if (high < 0 || low < 0) return false;
      bytes[at + i] = (high << 4) | low;
    }
    return true;
  }
}

/**
 * An index of numbers by a key's 32-bit hash, open addressing: a probe reads one array rather than
 * following a Map's chain to its keys. `matches` tells apart the keys whose hashes clash.
 */
class HashIndex {
  /** Pairs of (hash, number + 1); 0 marks a free slot. */
  private slots = new Int32Array(2 * 4096);
  private count = 0;

  constructor(private readonly matches: (n: number, key: string) => boolean) {}

  /** The number of `key`, -1 if it has none. */
  find(hash: number, key: string): number {
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    for (let i = hash & mask; slots[2 * i + 1] !== 0; i = (i + 1) & mask) {
      if (slots[2 * i] === hash && this.matches(slots[2 * i + 1] - 1, key)) return slots[2 * i + 1] - 1;
    }
    return -1;
  }

  add(hash: number, n: number): void {
    if (2 * (this.count + 1) > this.slots.length / 2) this.resize();
    this.place(this.slots, hash, n + 1);
    this.count++;
  }

  private place(slots: Int32Array, hash: number, value: number): void {
    const mask = slots.length / 2 - 1;
    let i = hash & mask;
    while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
    slots[2 * i] = hash;
    slots[2 * i + 1] = value;
  }

  private resize(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.place(this.slots, old[i], old[i + 1]);
  }
}
