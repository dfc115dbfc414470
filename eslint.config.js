// Lint is mainly here for architecture: @nx/enforce-module-boundaries makes
// "libs never import apps" and "pure code imports only pure code" a lint error.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
  { sourceTag: 'kind:pure', onlyDependOnLibsWithTags: ['kind:pure'] },
];

// Only libs/store imports TypeORM and only libs/kafka imports kafkajs (README, after the table of projects), so
// either client can be swapped in one place: libs/store re-exports its DataSource handle, libs/kafka its Kafka type.
const TYPEORM = {
  name: 'typeorm',
  message: 'Only libs/store imports typeorm: use @hindsight/store (it re-exports DataSource).',
};
const KAFKAJS = {
  name: 'kafkajs',
  message: 'Only libs/kafka imports kafkajs: use @hindsight/kafka (it re-exports the Kafka type).',
};

module.exports = [
  { ignores: ['**/node_modules/**', '**/dist/**', '.hindsight/**', '.nx/**', 'libs/feedback-widget/dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', { allow: [], enforceBuildableLibDependency: false, depConstraints }],
    },
  },
  { files: ['**/*.ts', '**/*.tsx'], rules: { 'no-restricted-imports': ['error', { paths: [TYPEORM, KAFKAJS] }] } },
  { files: ['libs/store/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [KAFKAJS] }] } },
  { files: ['libs/kafka/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [TYPEORM] }] } },
  {
    // Tests and tools may reach under the libs (a spec fetches raw messages, a fault scenario drives a broker).
    files: ['**/*.int.spec.ts', '**/*.e2e.spec.ts', 'test/**/*.ts', 'tools/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Integration tests may run several services in one process: they alone (and the int fixtures they share, named
    // *-int-fixture.ts) may import the services' definitions.
    files: ['**/*.int.spec.ts', '**/*-int-fixture.ts', '**/*.e2e.spec.ts', 'bench/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [
            '@hindsight/api-service',
            '@hindsight/projector-service',
            '@hindsight/trainer-service',
            '@hindsight/scheduler-service',
          ],
          enforceBuildableLibDependency: false,
          depConstraints,
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
