export { IntegrationModule } from './integration.module';
export { INTEGRATION_OPTIONS, IntegrationFeed, type IntegrationOptions } from './integration-feed';
