import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

export interface RawRequest {
  method: string;
  /** Sent as given: already encoded, so that a test can send `%2F`, `%FF` or a bare `%`. */
  path: string;
  headers?: Record<string, string>;
  /** Sent byte for byte: a broken JSON text stays broken. */
  body?: string | Buffer;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed when the answer is JSON, else the text (null for a stream that was cut off). */
  body: any;
  text: string;
}

/**
 * Requests over one keep-alive connection, one at a time, with nothing done to them on the way
 * (supertest would encode the path and serialise the body). An event stream is answered as soon
 * as its headers arrive, and then cut off.
 */
export class RawHttp {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly port: number;

  constructor(app: INestApplication) {
    this.port = (app.getHttpServer().address() as AddressInfo).port;
  }

  send(req: RawRequest): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers['Content-Length'] = Buffer.byteLength(req.body);
      const outgoing = request({ host: '127.0.0.1', port: this.port, method: req.method, path: req.path, headers, agent: this.agent }, (res) => {
        const status = res.statusCode ?? 0;
        if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          res.destroy();
          resolve({ status, headers: res.headers, body: null, text: '' });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if (String(res.headers['content-type'] ?? '').includes('json')) {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          }
          resolve({ status, headers: res.headers, body, text });
        });
      });
      outgoing.setTimeout(30_000, () => outgoing.destroy(new Error(`no answer within 30 s to ${req.method} ${req.path.slice(0, 200)}`)));
      outgoing.on('error', reject);
      if (req.body !== undefined) outgoing.write(req.body);
      outgoing.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
