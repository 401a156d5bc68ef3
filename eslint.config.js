// @ts-check
/**
 * ESLint 9 flat config. Type-aware TypeScript rules everywhere, plus two import guards:
 *  - determinism, for workflow code (workflows/, every services/<family>/…workflow.ts, services/workflows.ts): a workflow file may import
 *    @temporalio/workflow, pure domain code, its service's rules and workflows/shared, and activities
 *    only as types. Node builtins, I/O libraries, config, adapters and persistence are refused, because
 *    workflow code is replayed and must do the same thing every time.
 *  - layering: the kernels (domain, workflows, adapters, persistence, register, reference-data, activities/common*,
 *    activities/payment)
 *    never import services/, and a service folder never imports another one (they share through a
 *    kernel), so adding or removing a service touches nothing below it.
 *  - no import cycles anywhere (import-x/no-cycle, resolved the way TypeScript resolves them).
 */
const fs = require('node:fs');
const importX = require('eslint-plugin-import-x');
const { createTypeScriptImportResolver } = require('eslint-import-resolver-typescript');
const path = require('node:path');
const { builtinModules } = require('node:module');
const js = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

/** Libraries that do I/O or need Node: never in workflow code. */
const ioLibraries = [
  'pg',
  'pg-*',
  'better-sqlite3',
  '@prisma/*',
  'prisma',
  'express',
  'express-*',
  'xml-crypto',
  'xmlbuilder2',
  '@xmldom/xmldom',
  'jsonwebtoken',
  'pino',
  'pino-*',
  'supertest',
  'undici',
  'axios',
  'node-fetch',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
];

/** Kernels are layers below the services. */
const KERNELS = [
  'domain/**/*.ts',
  'workflows/**/*.ts',
  'adapters/**/*.ts',
  'persistence/**/*.ts',
  'register/**/*.ts',
  'reference-data/**/*.ts',
  'pki/**/*.ts',
  'activities/common*.ts',
  'activities/payment.ts',
];
const kernelPatterns = [
  {
    // Kernels sit one to three folders deep; domain/services.ts is a kernel file, not this folder.
    group: ['../services', '../services/**', '../../services', '../../services/**', '../../../services', '../../../services/**'],
    message: 'A kernel never imports a service (services/): pass what it needs in, or move the shared part down into the kernel.',
  },
];

/** One folder per service family under services/. */
const SERVICE_FAMILIES = fs
  .readdirSync(path.join(__dirname, 'services'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const otherServicePatterns = (family) => [
  {
    group: SERVICE_FAMILIES.filter((f) => f !== family).flatMap((f) => [`**/${f}`, `**/${f}/**`]),
    message: 'A service never imports another service: share it through a kernel (domain/, workflows/shared/, …).',
  },
];

/** Workflow files of the services: the bundle entry and each family's workflows. */
const SERVICE_WORKFLOWS = ['services/workflows.ts', 'services/**/*workflow.ts'];

const workflowImportRules = (extraPatterns = []) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: nodeBuiltins.map((name) => ({
        name,
        message: 'Workflow code is replayed deterministically: no Node builtins. Do it in an activity.',
      })),
      patterns: [
        {
          group: ['node:*', ...nodeBuiltins.map((m) => `${m}/*`)],
          message: 'Workflow code is replayed deterministically: no Node builtins. Do it in an activity.',
        },
        {
          group: ioLibraries,
          message: 'No I/O libraries in workflow code: call an activity (activities/**) instead.',
        },
        {
          group: ['**/activities', '**/activities/**', '**/*activities'],
          allowTypeImports: true,
          message: 'Workflows use activities through proxyActivities: import their types only (import type …).',
        },
        {
          group: [
            '**/config',
            '**/config/**',
            '**/adapters/**',
            '**/persistence/**',
            '**/api/**',
            '**/simulators/**',
            '**/*api',
            '**/definition',
            '**/services/index',
          ],
          allowTypeImports: true,
          message: 'Workflow code must not reach config, adapters, persistence, API or simulators (types only).',
        },
        ...extraPatterns,
      ],
    },
  ],
});

const restrictImports = (patterns) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});

module.exports = tseslint.config(
  {
    ignores: ['node_modules/', '.tools/', '.data/', 'prisma/generated/', 'coverage/', 'test-artifacts/', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      // How import-x parses the files it follows (TypeScript's parser for .ts) and resolves their imports.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${__dirname}/tsconfig.json` })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Ports are async interfaces; an in-memory fake that implements one without awaiting is fine.
      '@typescript-eslint/require-await': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: KERNELS,
    rules: restrictImports(kernelPatterns),
  },
  {
    // The register (seed 004) is a kernel every service writes into: it may use the domain kernels,
    // adapters' ports, persistence and the API's HTTP plumbing (auth, errors, idempotency), and never a
    // service, a service's workflow or activities, or the API's routes and composition. Its own
    // workflow file gets the determinism guard below instead (a later block replaces this rule there).
    files: ['register/**/*.ts'],
    rules: restrictImports([
      ...kernelPatterns,
      {
        group: [
          '**/workflows',
          '**/workflows/**',
          '**/activities',
          '**/activities/**',
          '**/services/**',
          '**/simulators/**',
          '**/worker',
          '**/test/**',
        ],
        message: 'The register is a kernel: it must not depend on services, their workflows or activities, or the worker.',
      },
      {
        group: [
          '**/api/app',
          '**/api/main',
          '**/api/context',
          '**/api/routes/**',
          '**/api/services',
          '**/api/services/**',
          '**/api/service-module',
        ],
        message:
          'The register uses only the API plumbing (auth, errors, idempotency, zod); the API mounts the register, not the other way round.',
      },
      {
        group: ['**/domain/fees'],
        message: 'The register is a kernel: no service’s fee rules in it.',
      },
    ]),
  },
  ...SERVICE_FAMILIES.map((family) => ({
    files: [`services/${family}/**/*.ts`],
    rules: restrictImports(otherServicePatterns(family)),
  })),
  {
    files: ['workflows/**/*.ts', 'register/**/*.workflow.ts', 'reference-data/**/*.workflow.ts'],
    rules: workflowImportRules(kernelPatterns),
  },
  ...SERVICE_FAMILIES.map((family) => ({
    files: SERVICE_WORKFLOWS.filter((g) => g.includes('**')).map((g) => g.replace('services/**', `services/${family}/**`)),
    rules: workflowImportRules(otherServicePatterns(family)),
  })),
  {
    files: ['services/workflows.ts', 'test/**/*-workflow.ts', 'test/**/*.workflow.ts'],
    rules: workflowImportRules(),
  },
  {
    // Tests: jest's expect(obj.method) and matcher objects trip these without being bugs.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Plain CommonJS files for Node (this one, jest.config.js, reporters).
    files: ['**/*.js', '**/*.cjs'],
    ignores: ['web/**'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The browser dashboard: ES modules loaded by web/index.html.
    files: ['web/**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
);
