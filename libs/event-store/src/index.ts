export * from './event-store.port';
export * from './errors';
export { SqlEventStore } from './sql/sql-event-store';
export { createPostgresEventStore, createSchema } from './postgres/postgres-event-store';
export { createPgliteEventStore } from './pglite/pglite-event-store';
export * from './envelope';
export * from './upcasters';
export { createEventStoreDbEventStore, EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
export { lockDataDir } from './pglite/data-dir-lock';
