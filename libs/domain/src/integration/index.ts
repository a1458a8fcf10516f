export * from './integration-events';
export { DEFINITIONS, type Definition, type PublishedDefinition, type UnpublishedDefinition } from './definitions';
export { leadRefOf, type JsonSchema } from './fields';
