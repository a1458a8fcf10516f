import { INTEGRATION_EVENT_TYPES, INTEGRATION_SCHEMAS, UNPUBLISHED_EVENT_TYPES } from '@app/domain';

export interface AsyncApiOptions {
  /** `host[:port]` the document names as its server (the request's Host when served). */
  host?: string;
  protocol?: 'http' | 'https';
}

/** `telesales.call.logged.v1` → `telesales_call_logged_v1`: a component key that needs no escaping in a $ref. */
const keyOf = (publicType: string) => publicType.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * The AsyncAPI 3 document of what integrators receive: one message per public integration event
 * type, its payload the JSON Schema the mapping is built from (INTEGRATION_SCHEMAS), sent on the
 * SSE feed and to webhook subscribers.
 */
export function buildAsyncApiDocument(options: AsyncApiOptions = {}): Record<string, unknown> {
  const keys = INTEGRATION_EVENT_TYPES.map((type) => [type, keyOf(type)] as const);
  const messages = Object.fromEntries(
    keys.map(([type, key]) => {
      const schema = INTEGRATION_SCHEMAS[type];
      return [
        key,
        {
          name: type,
          title: type,
          summary: String(schema.description ?? type),
          contentType: 'application/json',
          payload: { $ref: `#/components/schemas/${key}` },
        },
      ];
    }),
  );
  const channelMessages = Object.fromEntries(keys.map(([, key]) => [key, { $ref: `#/components/messages/${key}` }]));
  const operationMessages = (channel: string) => keys.map(([, key]) => ({ $ref: `#/channels/${channel}/messages/${key}` }));
  const unpublished = Object.keys(UNPUBLISHED_EVENT_TYPES).join(', ');

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'The ledger of every call — integration events',
      version: '1.0.0',
      description: [
        'Every business fact of the telesales service, as public, versioned integration events in global order.',
        'The public shape is the contract, not the stored event: customer phone numbers and names never appear;',
        'a lead is its `leadId` and a stable pseudonym `leadRef`. Free text users type (notes, reasons, comments,',
        'claims) is not published. Corrections (call.reclassified, deal.cancelled, appeal.resolved,',
        'appraisal.revised, prior_period_adjustment lines in pay.statement_issued) are events like any other.',
        `Never published: ${unpublished}.`,
        'Each event `id` is its global position: resume the stream with Last-Event-ID (or page with fromPosition) after it.',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    servers: {
      api: {
        host: options.host ?? 'localhost:3000',
        protocol: options.protocol ?? 'http',
        pathname: '/api',
        description: 'The service. Feeds need a bearer token with role integrator (or manager, director).',
        security: [{ $ref: '#/components/securitySchemes/bearer' }],
      },
    },
    channels: {
      eventStream: {
        address: '/events/stream',
        title: 'Live feed (Server-Sent Events)',
        description:
          'GET /api/events/stream?fromPosition&types — catch-up then live. Each SSE frame has `id` = global position, ' +
          '`event` = the public type and `data` = the integration event as JSON. Reconnect with `Last-Event-ID` to resume ' +
          'right after the last event received; comments (`: heartbeat`) arrive every 15 s. The same events page through ' +
          'GET /api/events?fromPosition&types&limit as `{ items, nextCursor }`.',
        servers: [{ $ref: '#/servers/api' }],
        messages: channelMessages,
      },
      webhook: {
        address: null,
        title: 'Webhook deliveries',
        description:
          'POSTed to the `url` a subscriber registered with POST /api/webhooks { url, types, secret }: at least once, in ' +
          'order per subscriber, signed with `X-Signature: sha256=<hex HMAC-SHA256 of "<X-Timestamp>.<raw body>">`.',
        messages: channelMessages,
      },
    },
    operations: {
      streamEvents: {
        action: 'send',
        title: 'The service sends each integration event on the live feed',
        channel: { $ref: '#/channels/eventStream' },
        messages: operationMessages('eventStream'),
      },
      deliverWebhook: {
        action: 'send',
        title: 'The service delivers each integration event to webhook subscribers',
        channel: { $ref: '#/channels/webhook' },
        messages: operationMessages('webhook'),
      },
    },
    components: {
      schemas: Object.fromEntries(keys.map(([type, key]) => [key, INTEGRATION_SCHEMAS[type]])),
      messages,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256, claims sub and roles (API.md "Auth")' },
      },
    },
  };
}
