import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { createPgliteEventStore } from '@app/event-store';
import { createApp } from '../../apps/api/src/bootstrap';

const secret = 'restart-secret';
const director = `Bearer ${sign({ sub: 'd1', roles: ['director'] }, secret, { algorithm: 'HS256', expiresIn: '1h' })}`;
const dir = mkdtempSync(join(tmpdir(), 'ledger-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start() {
  const app = await createApp({
    port: 0,
    store: { kind: 'pglite', dataDir: join(dir, 'eventstore') },
    readModels: { kind: 'pglite', dataDir: join(dir, 'readmodels') },
    runProjections: true,
    jwtSecret: secret,
    devSecret: false,
  });
  await app.init();
  return app;
}

describe('the embedded store across a restart', () => {
  it('keeps what was written, and refuses a second process on the same data directory', async () => {
    const first = await start();
    const written = await request(first.getHttpServer()).post('/api/leads').set('authorization', director).send({ leadId: 'L-restart', phone: '13900001111' });
    expect(written.status).toBe(201);
    await expect(createPgliteEventStore({ dataDir: join(dir, 'eventstore') })).rejects.toThrow(/in use/);
    await first.close();

    const second = await start();
    const read = await request(second.getHttpServer()).get('/api/streams/lead-L-restart').set('authorization', director);
    expect(read.status).toBe(200);
    expect(read.body.items.map((e: { type: string; position: string }) => [e.type, e.position])).toEqual([['LeadRegistered', written.body.position]]);
    const duplicate = await request(second.getHttpServer())
      .post('/api/leads')
      .set('authorization', director)
      .send({ leadId: 'L-other', phone: '+86 139 0000 1111' });
    expect(duplicate.status).toBe(409);
    await second.close();
  });
});
