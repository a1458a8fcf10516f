import { ProjectionRunner } from '@app/projections';
import { allProjections } from '@app/read-models';
import { loadConfig, openEventStore, openReadModels } from '@app/platform';

const USAGE = `usage: npm run projections -- list
       npm run projections -- rebuild <name>     (${allProjections.map((p) => p.name).join(', ')})
       npm run projections -- prune              drops every build that is neither live nor being built`;

function bar(fraction: number, width = 30): string {
  const done = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  return `[${'#'.repeat(done)}${'.'.repeat(width - done)}]`;
}

/**
 * Rebuilds a projection beside the live one, with the store's configuration (DATABASE_URL, …):
 * queries keep reading the old build until the new one has caught up and takes over.
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (command !== 'list' && command !== 'prune' && !(command === 'rebuild' && name)) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  const store = await openEventStore(config.store);
  const db = await openReadModels(config.readModels);
  const runner = new ProjectionRunner(store, db, allProjections);
  try {
    if (command === 'list') {
      for (const p of allProjections) console.log(p.name, JSON.stringify((await runner.registry.read(p.name)) ?? 'not built yet'));
      return;
    }
    if (command === 'prune') {
      const dropped = await runner.registry.prune(allProjections);
      console.log(dropped.length ? `dropped ${dropped.join(', ')}` : 'nothing to drop: every build is live or being built');
      return;
    }
    const head = await store.headPosition();
    const started = Date.now();
    const progress = setInterval(() => {
      const status = runner.status().find((s) => s.name === name);
      if (!status) return;
      const seconds = (Date.now() - started) / 1000;
      const fraction = head > 0n ? Number(status.checkpoint) / Number(head) : 1;
      process.stderr.write(
        `\r${name} ${bar(fraction)} ${(fraction * 100).toFixed(1)}%  ${status.applied.toLocaleString('en')} events  ${Math.round(status.applied / seconds).toLocaleString('en')} events/s   `,
      );
    }, 250);
    const build = await runner.rebuild(name).finally(() => clearInterval(progress));
    const status = runner.status().find((s) => s.name === name)!;
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(
      `\n${name}: build ${build.generation} (version ${build.version}) is now live — ${status.applied.toLocaleString('en')} events in ${seconds.toFixed(1)} s (${Math.round(status.applied / seconds).toLocaleString('en')} events/s)\n`,
    );
  } finally {
    await runner.stop();
    await db.close();
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
