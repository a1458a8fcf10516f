import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EVENT_STORE, type EventStore, lockDataDir } from '@app/event-store';
import { openPgliteReadModels, openPostgresReadModels, ProjectionRunner, READ_MODELS, type ReadModelDb, readModelSchema } from '@app/projections';
import { allProjections } from '@app/read-models';
import { CreateWebhookDeliveries1764806400500, WebhookDelivery } from '@app/webhooks';
import type { ReadModelConfig } from './config';

/** Every table of the read-model database: each projection's, and the webhook deliveries' in the base schema. */
const READ_MODEL_SCHEMA = readModelSchema(allProjections, { entities: [WebhookDelivery], migrations: [CreateWebhookDeliveries1764806400500] });

export async function openReadModels(config: ReadModelConfig): Promise<ReadModelDb> {
  if (config.kind === 'postgres') return openPostgresReadModels(config.connectionString, config.schema, READ_MODEL_SCHEMA);
  const unlock = config.dataDir ? lockDataDir(config.dataDir) : () => undefined;
  const db = await openPgliteReadModels(config.dataDir, READ_MODEL_SCHEMA);
  return {
    ...db,
    close: async () => {
      await db.close();
      unlock();
    },
  };
}

/** The read-model database and the runner that keeps every projection in step with the store. */
@Global()
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(READ_MODELS) private readonly db: ReadModelDb,
    @Inject('RUN_PROJECTIONS') private readonly runHere: boolean,
  ) {}

  static forRoot(config: ReadModelConfig, runHere: boolean): DynamicModule {
    // Opened once: the TypeORM module publishes its DataSource (@InjectDataSource), READ_MODELS the rest.
    let opening: Promise<ReadModelDb> | undefined;
    const open = () => (opening ??= openReadModels(config));
    return {
      module: ProjectionsModule,
      imports: [TypeOrmModule.forRootAsync({ useFactory: () => ({ type: 'postgres' }), dataSourceFactory: async () => (await open()).dataSource })],
      providers: [
        { provide: READ_MODELS, useFactory: open },
        { provide: 'RUN_PROJECTIONS', useValue: runHere },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, READ_MODELS],
          useFactory: (store: EventStore, db: ReadModelDb) => {
            const logger = new Logger('Projections');
            return new ProjectionRunner(store, db, allProjections, { log: (m) => logger.warn(m) });
          },
        },
      ],
      exports: [READ_MODELS, ProjectionRunner],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.runHere) await this.runner.start();
  }

  /** Before any module closes what the runner writes to. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
