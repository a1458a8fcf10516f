import { Parser } from '@asyncapi/parser';
import { INTEGRATION_EVENT_TYPES, INTEGRATION_SCHEMAS } from '@app/domain';
import { type Desk, startDesk } from '../support/telesales';

/** API.md "Queries": /api/asyncapi.json, public like /api/openapi.json, valid AsyncAPI 3. */

let desk: Desk;

beforeAll(async () => {
  desk = await startDesk();
});

afterAll(async () => {
  await desk.app.close();
});

describe('the AsyncAPI document', () => {
  it('is served without a token and validates with @asyncapi/parser: no errors, no warnings', async () => {
    const res = await desk.http.get('/api/asyncapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.asyncapi).toMatch(/^3\./);

    const { document, diagnostics } = await new Parser().parse(res.text);
    // Severity 0 is an error, 1 a warning; 2 and 3 are hints (e.g. "a newer 3.x exists").
    const problems = diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} ${d.message} at ${d.path.join('.')}`);
    expect(problems).toEqual([]);
    expect(document).toBeDefined();

    const messages = document!.allMessages().all();
    expect(messages.map((m) => m.name()).sort()).toEqual([...INTEGRATION_EVENT_TYPES].sort());
    expect(
      document!
        .channels()
        .all()
        .map((c) => c.id())
        .sort(),
    ).toEqual(['eventStream', 'webhook']);

    // The same parser does refuse a broken document, so the check above is not vacuous.
    const broken = { ...res.body, operations: { streamEvents: { action: 'send', channel: { $ref: '#/channels/nowhere' } } } };
    const refused = await new Parser().parse(JSON.stringify(broken));
    expect(refused.diagnostics.filter((d) => d.severity === 0).length).toBeGreaterThan(0);
  });

  it('has one message per public type, whose payload is the schema the mapping is built from', async () => {
    const doc = (await desk.http.get('/api/asyncapi.json')).body;
    for (const type of INTEGRATION_EVENT_TYPES) {
      const message = Object.values(doc.components.messages as Record<string, { name: string; payload: { $ref: string } }>).find((m) => m.name === type);
      expect(message).toBeDefined();
      const schemaKey = message!.payload.$ref.replace('#/components/schemas/', '');
      expect(doc.components.schemas[schemaKey]).toEqual(INTEGRATION_SCHEMAS[type]);
    }
  });

  it('names the server the request came to', async () => {
    const doc = (await desk.http.get('/api/asyncapi.json').set('Host', 'telesales.example:8443')).body;
    expect(doc.servers.api.host).toBe('telesales.example:8443');
  });
});
