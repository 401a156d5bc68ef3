/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  // Integration tests start real servers (Temporal dev server, test server, PostgreSQL).
  testTimeout: 60_000,
  // The machine (and CI) has 2 cores.
  maxWorkers: 2,
  // Jest's summary, then one plain line "Tests: N passed, N failed" that CI reads.
  reporters: ['default', '<rootDir>/test/ops/summary-reporter.js'],
};
