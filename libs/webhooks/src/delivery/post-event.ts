import type { IntegrationEvent } from '@app/domain';
import { signDelivery } from '../signature';

/** What came of one POST: delivered, failed (and why, in a line), or cut short because the service is stopping. */
export type PostOutcome = { ok: true } | { ok: false; error: string } | { ok: false; stopped: true };

const EXCERPT_CHARS = 120;

/**
 * POSTs one integration event, signed, to the subscriber. Only a 2xx answer counts: a redirect is
 * not followed (the subscriber registered this url, and a redirect could send the body elsewhere).
 */
export async function postEvent(
  target: { webhookId: string; url: string; secret: string },
  event: IntegrationEvent,
  attempt: number,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<PostOutcome> {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ledger-of-every-call-webhooks/1',
        'x-webhook-id': target.webhookId,
        'x-event-id': event.eventId,
        'x-event-type': event.type,
        'x-event-position': event.id,
        'x-delivery-attempt': String(attempt),
        'x-timestamp': timestamp,
        'x-signature': signDelivery(target.secret, timestamp, body),
      },
      body,
    });
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: true };
    }
    const text = await excerpt(response);
    return { ok: false, error: `HTTP ${response.status}${text ? `: ${text}` : ''}` };
  } catch (error) {
    if (stop.aborted) return { ok: false, stopped: true };
    return { ok: false, error: describe(error, timeoutMs) };
  }
}

/** The start of an error answer, enough to say what went wrong without keeping whatever the receiver sent. */
async function excerpt(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < EXCERPT_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // the answer broke off: what arrived is enough
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, EXCERPT_CHARS);
}

function describe(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause;
  if (cause?.code) return `could not connect: ${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return e?.message ?? String(error);
}
