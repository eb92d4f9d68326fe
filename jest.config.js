export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
  // Some tests simulate a lot (1e6-customer queues, MLPerf bisections); a loaded CI machine must not
  // turn them into timeouts. Time targets live in `npm run bench`, not here.
  testTimeout: 120000,
};
