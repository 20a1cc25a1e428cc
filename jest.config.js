/** Two projects: fast unit tests (codec fixtures, log) and the client compatibility suite. */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
};

module.exports = {
  // Jest 29 reads testTimeout only here, not per project; the compat suite needs the room.
  testTimeout: 60000,
  // Jest runs one worker on 2 cores; most suites wait on sockets and timers, so two halve the run
  // (7m17s -> 4m02s on this machine, same results).
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/test'] },
    { ...common, displayName: 'compat', roots: ['<rootDir>/compat'] },
  ],
};
