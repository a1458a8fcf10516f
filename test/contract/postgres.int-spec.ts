import { createPostgresEventStore } from '@app/event-store';
import { eventStoreContract } from './event-store.contract';
import { dropSchema, postgresUrlOrSkip, uniqueSchema } from '../support/postgres';

const url = postgresUrlOrSkip('PostgreSQL event store contract');
const schema = uniqueSchema('contract');

if (url) {
  afterAll(() => dropSchema(url, schema));
  eventStoreContract('PostgreSQL', () => createPostgresEventStore({ connectionString: url, schema }));
}
