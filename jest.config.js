/** Tests run from the TypeScript sources with ts-jest; the native addon comes from build/ (npm test builds it). */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // dist/ is compiled once here, before the test files run (child processes load it).
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 120000,
  // Two cores: run test files two at a time.
  maxWorkers: 2,
};
