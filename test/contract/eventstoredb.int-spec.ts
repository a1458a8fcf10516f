import { createEventStoreDbEventStore } from '@app/event-store';
import { eventStoreContract } from './event-store.contract';
import { envOrSkip } from '../support/postgres';

const connectionString = envOrSkip(
  'EVENTSTORE_CONNECTION_STRING',
  'EventStoreDB event store contract',
  'an EventStoreDB 22.10+ node, e.g. esdb://admin:changeit@localhost:2113?tls=false',
);

if (connectionString) {
  eventStoreContract('EventStoreDB', () => createEventStoreDbEventStore({ connectionString }), {
    eventIdsUniqueAcrossStreams: false,
  });
}
