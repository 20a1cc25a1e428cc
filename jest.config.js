/** Two projects: fast unit tests (codec fixtures, log) and the client compatibility suite. */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
};

module.exports = {
  // Jest 29 reads testTimeout only here, not per project; the compat suite needs the room.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/test'] },
    { ...common, displayName: 'compat', roots: ['<rootDir>/compat'] },
  ],
};
