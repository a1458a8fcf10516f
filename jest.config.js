/** One runner for unit (*.spec), database (*.int-spec) and whole-service (*.e2e-spec) tests. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/domain$': '<rootDir>/libs/domain/src',
    '^@app/application$': '<rootDir>/libs/application/src',
    '^@app/event-store$': '<rootDir>/libs/event-store/src',
    '^@app/pay-replay$': '<rootDir>/libs/pay-replay/src',
    '^@app/platform$': '<rootDir>/libs/platform/src',
    '^@app/projections$': '<rootDir>/libs/projections/src',
    '^@app/webhooks$': '<rootDir>/libs/webhooks/src',
    '^@app/read-models$': '<rootDir>/projections',
  },
  testTimeout: 120000,
  maxWorkers: 2,
  // Every test by name, so a skipped suite (no DATABASE_URL, no EventStoreDB) shows why in the log.
  verbose: true,
};
