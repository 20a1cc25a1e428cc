/** Two projects: fast unit tests (codec fixtures, log) and the client compatibility suite. */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/test'] },
    { ...common, displayName: 'compat', roots: ['<rootDir>/compat'], testTimeout: 60000 },
  ],
};
