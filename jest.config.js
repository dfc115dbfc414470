// Three tiers, one jest project each, so the fast tier runs alone:
//   unit (no I/O), int (real Kafka + PostgreSQL), e2e (running services, real browser).
const { pathsToModuleNameMapper } = require('./tools/jest/paths');

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

// hyparquet, hyparquet-writer and @seriousme/openapi-schema-validator ship ES modules only: swc turns them into CommonJS for jest's module system.
const esmOnly = ['hyparquet', 'hyparquet-writer', '@seriousme/openapi-schema-validator'];

const common = {
  rootDir: __dirname,
  transform: { ...transform, [`/node_modules/(?:${esmOnly.join('|')})/.+\\.js$`]: transform['^.+\\.ts$'] },
  transformIgnorePatterns: [`/node_modules/(?!(?:${esmOnly.join('|')})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(),
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.hindsight/'],
};

module.exports = {
  // A global option (jest ignores it per project): integration tests wait on a real broker and database.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.js',
      globalTeardown: '<rootDir>/test/global-teardown.js',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.js',
      globalTeardown: '<rootDir>/test/global-teardown.js',
    },
  ],
};
