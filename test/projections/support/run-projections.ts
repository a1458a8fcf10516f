import { loadConfig, openEventStore, openReadModels } from '@app/platform';
import { ProjectionRunner } from '@app/projections';
import { allProjections } from '@app/read-models';

/** A projection process for the crash test: runs every projection and reports how far the busiest got, until killed. */
async function main() {
  const config = loadConfig();
  const store = await openEventStore(config.store);
  const db = await openReadModels(config.readModels);
  const runner = new ProjectionRunner(store, db, allProjections);
  await runner.start();
  setInterval(() => {
    // Each projection reads only its own event types; the busiest one reads nearly every event.
    const applied = Math.max(...runner.status().map((s) => s.applied));
    process.stdout.write(`applied ${applied}\n`);
  }, 100);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
