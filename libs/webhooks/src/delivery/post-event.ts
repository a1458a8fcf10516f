import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { IntegrationEvent } from '@app/domain';
import { signDelivery, standardSignature } from '../signature';
import { hostOf, TargetRefused, type TargetGuard } from './target-guard';

/** What came of one POST: delivered, failed (and why, in a line), or cut short because the service is stopping. */
export type PostOutcome = { ok: true } | { ok: false; error: string } | { ok: false; stopped: true };

/**
 * POSTs one integration event, signed, to the subscriber. Only a 2xx answer counts: a redirect is
 * not followed (the subscriber registered this url, and a redirect could send the body elsewhere).
 * The connection goes only to an address the guard allows, checked on the address it connects to.
 * What the receiver answers is never read: a failure is kept as its status code or error class,
 * so the webhook's status cannot be used to read another server's replies.
 */
export async function postEvent(
  target: { webhookId: string; url: string; secret: string },
  event: IntegrationEvent,
  attempt: number,
  timeoutMs: number,
  stop: AbortSignal,
  guard: TargetGuard,
): Promise<PostOutcome> {
  const url = new URL(target.url);
  // An address literal is never looked up, so it is checked here; a name at connection time.
  const host = hostOf(url);
  const literal = isIP(host) ? guard.refusal(host, host) : undefined;
  if (literal) return { ok: false, error: `refused: ${literal.kind} address` };
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const timeout = AbortSignal.timeout(timeoutMs);
  return new Promise<PostOutcome>((resolve) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        lookup: guard.lookup,
        signal: AbortSignal.any([timeout, stop]),
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'ledger-of-every-call-webhooks/1',
          'x-webhook-id': target.webhookId,
          'x-event-id': event.eventId,
          'x-event-type': event.type,
          'x-event-position': event.id,
          'x-delivery-attempt': String(attempt),
          'x-timestamp': timestamp,
          'x-signature': signDelivery(target.secret, timestamp, body),
          // Standard Webhooks: the message id is the event's, the same on every attempt.
          'webhook-id': event.eventId,
          'webhook-timestamp': timestamp,
          'webhook-signature': standardSignature(target.secret, event.eventId, timestamp, body),
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.destroy();
        resolve(status >= 200 && status < 300 ? { ok: true } : { ok: false, error: `HTTP ${status}` });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (stop.aborted) resolve({ ok: false, stopped: true });
      else if (timeout.aborted) resolve({ ok: false, error: `no answer within ${timeoutMs} ms` });
      else if (error instanceof TargetRefused) resolve({ ok: false, error: `refused: ${error.kind} address` });
      else resolve({ ok: false, error: `could not connect: ${error.code ?? error.name}` });
    });
    request.end(body);
  });
}
