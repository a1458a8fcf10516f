import { type DynamicModule, Global, Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { domainUpcasters } from '@app/domain';
import { EVENT_STORE, type EventStore, lockDataDir, UpcasterRegistry } from '@app/event-store';
import { openPgliteReadModels, openPostgresReadModels, ProjectionRunner, type ReadModelDb } from '@app/projections';
import { allProjections } from '../../../../projections';
import type { ReadModelConfig } from '../config';

export const READ_MODELS = Symbol('READ_MODELS');

export async function openReadModels(config: ReadModelConfig): Promise<ReadModelDb> {
  if (config.kind === 'postgres') return openPostgresReadModels(config.connectionString, config.schema);
  const unlock = config.dataDir ? lockDataDir(config.dataDir) : () => undefined;
  const db = await openPgliteReadModels(config.dataDir);
  return { ...db, close: async () => { await db.close(); unlock(); } };
}

/** The read-model database and the runner that keeps every projection in step with the store. */
@Global()
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(READ_MODELS) private readonly db: ReadModelDb,
    @Inject('RUN_PROJECTIONS') private readonly runHere: boolean,
  ) {}

  static forRoot(config: ReadModelConfig, runHere: boolean): DynamicModule {
    return {
      module: ProjectionsModule,
      providers: [
        { provide: READ_MODELS, useFactory: () => openReadModels(config) },
        { provide: 'RUN_PROJECTIONS', useValue: runHere },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, READ_MODELS],
          useFactory: (store: EventStore, db: ReadModelDb) => {
            const logger = new Logger('Projections');
            const upcasters = new UpcasterRegistry(domainUpcasters);
            return new ProjectionRunner(store, db, allProjections, { log: (m) => logger.warn(m), upcast: (e) => upcasters.upcast(e) });
          },
        },
      ],
      exports: [READ_MODELS, ProjectionRunner],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.runHere) await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.db.close();
  }
}
