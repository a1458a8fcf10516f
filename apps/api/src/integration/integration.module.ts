import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, DEV_PSEUDONYM_KEY } from '@app/platform';
import { AsyncApiController } from './asyncapi.controller';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_MAX_STREAMS_PER_CALLER, INTEGRATION_OPTIONS, IntegrationFeed, type IntegrationOptions } from './integration-feed';
import { IntegrationController } from './integration.controller';

/** The integrators' event feed (GET /api/events, its SSE stream) and its AsyncAPI document. */
@Module({})
export class IntegrationModule {
  static forRoot(config: Pick<AppConfig, 'pseudonymKey' | 'feedHeartbeatMs' | 'feedMaxStreamsPerCaller'>): DynamicModule {
    const options: IntegrationOptions = {
      pseudonymKey: config.pseudonymKey ?? DEV_PSEUDONYM_KEY,
      devPseudonymKey: !config.pseudonymKey || config.pseudonymKey === DEV_PSEUDONYM_KEY,
      heartbeatMs: config.feedHeartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      maxStreamsPerCaller: config.feedMaxStreamsPerCaller ?? DEFAULT_MAX_STREAMS_PER_CALLER,
    };
    return {
      module: IntegrationModule,
      controllers: [IntegrationController, AsyncApiController],
      providers: [{ provide: INTEGRATION_OPTIONS, useValue: options }, IntegrationFeed],
    };
  }
}
