import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, DEV_PSEUDONYM_KEY } from '@app/platform';
import { AsyncApiController } from './asyncapi.controller';
import { DEFAULT_HEARTBEAT_MS, INTEGRATION_OPTIONS, IntegrationFeed, type IntegrationOptions } from './integration-feed';
import { IntegrationController } from './integration.controller';

/** The integrators' event feed (GET /api/events, its SSE stream) and its AsyncAPI document. */
@Module({})
export class IntegrationModule {
  static forRoot(config: Pick<AppConfig, 'pseudonymKey' | 'feedHeartbeatMs'>): DynamicModule {
    const options: IntegrationOptions = {
      pseudonymKey: config.pseudonymKey ?? DEV_PSEUDONYM_KEY,
      devPseudonymKey: !config.pseudonymKey || config.pseudonymKey === DEV_PSEUDONYM_KEY,
      heartbeatMs: config.feedHeartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    };
    return {
      module: IntegrationModule,
      controllers: [IntegrationController, AsyncApiController],
      providers: [{ provide: INTEGRATION_OPTIONS, useValue: options }, IntegrationFeed],
    };
  }
}
