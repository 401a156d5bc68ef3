/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    // pkijs, asn1js 4 and their dependencies ship ES modules only (the NCA's OCSP, pki/): jest needs them as CommonJS.
    '^.+\\.js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // jose 6 (api/oidc.ts, sign-in through OpenID Connect) too.
  transformIgnorePatterns: ['/node_modules/(?!(pkijs|asn1js|bytestreamjs|@noble/hashes|@peculiar/utils|jose)/)'],
  // Integration tests start real servers (Temporal dev server, test server, PostgreSQL).
  testTimeout: 60_000,
  // The machine (and CI) has 2 cores.
  maxWorkers: 2,
  // Longest files first, from jest's cache or, on a fresh clone, the committed durations (test/ops/sequencer.js).
  testSequencer: '<rootDir>/test/ops/sequencer.js',
  // Jest's summary, then one plain line "Tests: N passed, N failed" that CI reads.
  reporters: ['default', '<rootDir>/test/ops/summary-reporter.js'],
};
