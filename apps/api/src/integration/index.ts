import type { Provider } from '@nestjs/common';
import { type AppConfig, DEV_PSEUDONYM_KEY } from '@app/platform';
import { AsyncApiController } from './asyncapi.controller';
import { DEFAULT_HEARTBEAT_MS, INTEGRATION_OPTIONS, IntegrationFeed, type IntegrationOptions } from './integration-feed';
import { IntegrationController } from './integration.controller';

export { INTEGRATION_OPTIONS, IntegrationFeed, type IntegrationOptions } from './integration-feed';

export const integrationControllers = [IntegrationController, AsyncApiController];

/** The feed and its options; the webhooks inject INTEGRATION_OPTIONS for the same pseudonym key. */
export function integrationProviders(config: Pick<AppConfig, 'pseudonymKey' | 'feedHeartbeatMs'>): Provider[] {
  const options: IntegrationOptions = {
    pseudonymKey: config.pseudonymKey ?? DEV_PSEUDONYM_KEY,
    devPseudonymKey: !config.pseudonymKey || config.pseudonymKey === DEV_PSEUDONYM_KEY,
    heartbeatMs: config.feedHeartbeatMs ?? DEFAULT_HEARTBEAT_MS,
  };
  return [{ provide: INTEGRATION_OPTIONS, useValue: options }, IntegrationFeed];
}
