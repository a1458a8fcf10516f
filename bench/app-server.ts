/**
 * The HTTP service in a process of its own, as in production: the load generator must not share
 * its event loop. Forked by log-call-http.ts; talks over the IPC channel.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { createApp } from '../apps/api/src/bootstrap';
import type { AppConfig } from '@app/platform';

export type ServerRequest = { cmd: 'count'; type: string } | { cmd: 'cpu' } | { cmd: 'close' };
export type ServerReply = { port: number } | { count: number } | { cpuMicros: number } | { closed: true } | { error: string };

const send = (reply: ServerReply) => process.send?.(reply);

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_APP_CONFIG ?? '') as AppConfig;
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const store = app.get<EventStore>(EVENT_STORE);

  process.on('message', (message: ServerRequest) => {
    void (async () => {
      try {
        if (message.cmd === 'count') {
          let count = 0;
          let fromPosition = 0n;
          for (;;) {
            const page = await store.readAll({ fromPosition, types: [message.type], limit: 5000 });
            if (page.length === 0) break;
            count += page.length;
            fromPosition = page[page.length - 1].position;
          }
          send({ count });
        } else if (message.cmd === 'cpu') {
          const { user, system } = process.cpuUsage();
          send({ cpuMicros: user + system });
        } else {
          await app.close();
          send({ closed: true });
          process.disconnect();
        }
      } catch (error) {
        send({ error: (error as Error).stack ?? String(error) });
      }
    })();
  });
  send({ port: (app.getHttpServer().address() as AddressInfo).port });
}

main().catch((error: unknown) => {
  send({ error: (error as Error).stack ?? String(error) });
  process.exit(1);
});
