import { openEventStore } from '@app/platform';
import { eventStoreContract } from './event-store.contract';

// The service's store is an adapter read through the upcasters: the decorator must keep every promise of the port.
eventStoreContract('embedded PGlite (in memory) as the service opens it, through the upcasters', () => openEventStore({ kind: 'pglite' }));
