import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClockModule } from '@app/application';
import { DEV_PSEUDONYM_KEY, EventStoreModule, loadConfig, ProjectionsModule } from '@app/platform';
import { WebhookDeliveryModule } from '@app/webhooks';

/**
 * The worker: runs the projections (and webhook deliveries) on their own, so that API processes can set
 * RUN_PROJECTIONS=false and scale apart. Several workers may run; each projection's lease lets
 * one of them apply it while the others stand by.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const webhooks = WebhookDeliveryModule.forRoot({ deliver: true, jwtSecret: config.jwtSecret, pseudonymKey: config.pseudonymKey ?? DEV_PSEUDONYM_KEY });
  @Module({ imports: [ClockModule, EventStoreModule.forRootAsync(config.store), ProjectionsModule.forRoot(config.readModels, true), webhooks] })
  class WorkerModule {}
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
  new Logger('Worker').log('projections and webhook deliveries running; stop with SIGTERM');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
