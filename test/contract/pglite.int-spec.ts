import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteEventStore } from '@app/event-store';
import { eventStoreContract } from './event-store.contract';

const dir = mkdtempSync(join(tmpdir(), 'pglite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('embedded PGlite (on disk)', () => createPgliteEventStore({ dataDir: dir }));
