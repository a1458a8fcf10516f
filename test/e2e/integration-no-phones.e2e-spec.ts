import { ConsoleLogger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { EventSource } from 'eventsource';
import { INTEGRATION_EVENT_TYPES, type IntegrationEvent, toIntegrationEvent } from '@app/domain';
import { INTEGRATION_OPTIONS, type IntegrationOptions } from '../../apps/api/src/integration';
import { appendMonth } from '../support/month-generator';
import { type Desk, startDesk } from '../support/telesales';
import { phoneLike } from '../support/phone-like';

/**
 * DOMAIN.md "Personal data": an integrator's feed carries no raw phone number. A generated month
 * of more than 10,000 events goes through the mapping, the paged feed and the live feed, and the
 * service's own log of the run is read too: no phone number anywhere.
 */

let desk: Desk;
const log: string[] = [];
const restore: (() => void)[] = [];

/** Everything the process writes to stdout/stderr (the Nest logger's sink) from here on, still shown. */
function captureOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      log.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return write(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = write as typeof stream.write;
    });
  }
}

beforeAll(async () => {
  captureOutput();
  desk = await startDesk();
  // Every level, not just the warnings and errors tests usually print.
  desk.app.app.useLogger(new ConsoleLogger('', { logLevels: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] }));
}, 300_000);

afterAll(async () => {
  await desk.app.close();
  for (const undo of restore) undo();
});

/** The raw phones the store holds, and a finder for any of them inside a text. */
async function storedPhones(): Promise<{ phones: Set<string>; find: (text: string) => string | undefined }> {
  const phones = new Set<string>();
  let from = 0n;
  for (;;) {
    const page = await desk.store.readAll({ fromPosition: from, types: ['LeadRegistered'], limit: 5000 });
    if (page.length === 0) break;
    for (const e of page) phones.add((e.data as { phone: string }).phone);
    from = page[page.length - 1].position;
  }
  // Any run of digits in the text that contains a stored phone (+86 and all).
  const find = (text: string) => {
    for (const run of text.match(/\d{11,}/g) ?? []) {
      for (let i = 0; i + 11 <= run.length; i++) if (phones.has(run.slice(i, i + 11))) return run;
    }
    return undefined;
  };
  return { phones, find };
}

function expectNoPhone(where: string, text: string, find: (text: string) => string | undefined): void {
  const mobile = phoneLike(text);
  if (mobile) throw new Error(`${where} carries a phone-like number: ${mobile}`);
  const stored = find(text);
  if (stored) throw new Error(`${where} carries a stored phone: ${stored}`);
}

describe('no phone number in 10,000 integration events or in the service log', () => {
  let total = 0;
  let scan: Awaited<ReturnType<typeof storedPhones>>;

  beforeAll(async () => {
    total = await appendMonth(desk.store, { agents: 10, days: 20, callsPerAgentPerDay: 50, leadsPerAgent: 60, seed: 11 });
    // A few through HTTP too, so the commands' own logging is part of the run.
    // The generated month published the plan already: hire straight onto it.
    const agent = { agentId: 'a-http', name: '王芳', role: 'agent' as const, teamId: 't1', auth: desk.bearer('a-http', ['agent'], 't1') };
    const hired = await desk.post('/agents', { ...agent, auth: undefined, hiredOn: '2026-01-05', planId: 'standard' }, desk.hr);
    expect(hired.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const { leadId } = await desk.registerLead({ name: '陈先生' });
      await desk.logCall(agent, leadId);
    }
    scan = await storedPhones();
  }, 600_000);

  it('the store does hold the raw phones (the scan has something to find)', () => {
    expect(total).toBeGreaterThanOrEqual(10_000);
    expect(desk.app.storeKind).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
    expect(scan.phones.size).toBeGreaterThanOrEqual(600);
    expect(scan.find(`lead +86${[...scan.phones][0]}`)).toBeDefined();
  });

  it('maps every stored event and none of the ≥ 10,000 integration events carries a phone', async () => {
    const { pseudonymKey } = desk.app.app.get<IntegrationOptions>(INTEGRATION_OPTIONS);
    let mapped = 0;
    let from = 0n;
    for (;;) {
      const page = await desk.store.readAll({ fromPosition: from, limit: 5000 });
      if (page.length === 0) break;
      for (const e of page) {
        const event = toIntegrationEvent(e, { pseudonymKey });
        if (event) {
          mapped += 1;
          expectNoPhone(`${event.type} ${event.id}`, JSON.stringify(event), scan.find);
        }
      }
      from = page[page.length - 1].position;
    }
    expect(mapped).toBeGreaterThanOrEqual(10_000);
  });

  it('the paged feed, walked 1000 at a time, carries none', async () => {
    let cursor = '0';
    let items = 0;
    for (;;) {
      const res = await desk.http.get('/api/events').query({ fromPosition: cursor, limit: '1000' }).set('Authorization', desk.integrator);
      expect(res.status).toBe(200);
      expectNoPhone(`the page after ${cursor}`, res.text, scan.find);
      if (res.body.items.length === 0) break;
      items += res.body.items.length;
      cursor = res.body.nextCursor;
    }
    expect(items).toBeGreaterThanOrEqual(10_000);
  });

  it('the live feed, read to the end by an SSE client, carries none', async () => {
    let lastPublished = '0';
    for (;;) {
      const res = await desk.http.get('/api/events').query({ fromPosition: lastPublished, limit: '1000' }).set('Authorization', desk.integrator);
      if (res.body.items.length === 0) break;
      lastPublished = res.body.nextCursor;
    }
    const base = `http://127.0.0.1:${(desk.app.app.getHttpServer().address() as AddressInfo).port}/api`;
    const received: IntegrationEvent[] = [];
    let raw = '';
    const es = new EventSource(`${base}/events/stream`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: desk.integrator } }),
    });
    for (const type of INTEGRATION_EVENT_TYPES) {
      es.addEventListener(type, (message: MessageEvent) => {
        raw += message.data;
        received.push(JSON.parse(message.data) as IntegrationEvent);
        if (raw.length > 1_000_000) {
          expectNoPhone('the live feed', raw, scan.find);
          raw = '';
        }
      });
    }
    try {
      const deadline = Date.now() + 120_000;
      while (received[received.length - 1]?.id !== lastPublished) {
        if (Date.now() > deadline) throw new Error(`the live feed reached ${received[received.length - 1]?.id}, not ${lastPublished}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      es.close();
    }
    expectNoPhone('the live feed', raw, scan.find);
    expect(received.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
  });

  it('the service log of the whole run carries none', () => {
    const text = log.join('');
    expect(text).toContain('[IntegrationFeed]'); // the feed did log, at every level
    expectNoPhone('the service log', text, scan.find);
  });
});
