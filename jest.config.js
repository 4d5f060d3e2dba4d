/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  // cookie 2 ships only as an ES module: swc turns it into CommonJS for jest (node 20 has no require(esm) under jest).
  transform: { '^.+\\.ts$': swc, '/node_modules/cookie/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
  // Builds the migrated index template the test services copy (test/helpers/index-template.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // Fails a test file when any answer it received broke the OpenAPI contract (test/helpers/contract.ts).
  setupFilesAfterEnv: ['<rootDir>/test/contract-setup.ts'],
};
