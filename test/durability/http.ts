import { Agent, request } from 'node:http';

/** What the service answered: the status and the parsed body (text when it is not JSON). */
export interface Answer {
  status: number;
  body: any;
}

/**
 * One HTTP client on a keep-alive connection of its own. Plain node:http rather than fetch, so
 * that nothing between the test and the service retries a POST behind the test's back: a request
 * either has an answer, read to its last byte, or it has none.
 */
export class HttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly baseUrl: string) {}

  send(method: 'GET' | 'POST', path: string, auth: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.baseUrl}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            ...headers,
            ...(auth ? { authorization: auth } : {}),
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('aborted', () => reject(new Error('the answer was cut off')));
          res.on('end', () => {
            if (!res.complete) return reject(new Error('the answer was cut off'));
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text for the failure message
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      // Far longer than any answer takes; only a service that hangs would reach it.
      req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
