/**
 * The README's test-suite examples (examples/), run as a user's project would run them: in a
 * directory of their own where `minikafka` and `kafkajs` are installed packages, with Jest and
 * with node:test.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, ROOT } from '../test/server/cliRunner';

const JEST = path.join(ROOT, 'node_modules/jest/bin/jest.js');

/** A throwaway project holding one example, with minikafka and kafkajs "installed" by symlink. */
function projectWith(example: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `minikafka-example-${example}-`));
  fs.cpSync(path.join(ROOT, 'examples', example), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules/minikafka'));
  fs.symlinkSync(path.join(ROOT, 'node_modules/kafkajs'), path.join(dir, 'node_modules/kafkajs'));
  return dir;
}

function run(dir: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 60000, env: { ...process.env, KAFKA_BROKERS: '' } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const made: string[] = [];
beforeAll(() => ensureBuilt());
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

test.each([
  ['jest', [JEST, '--ci', '--rootDir', '.']],
  ['jest-global', [JEST, '--ci', '--rootDir', '.']],
  ['node-test', ['--test', 'orders.test.js']],
])('examples/%s passes', (example, args) => {
  const dir = projectWith(example);
  made.push(dir);
  const { status, output } = run(dir, args as string[]);
  if (status !== 0) throw new Error(`examples/${example} failed (exit ${status}):\n${output}`);
  expect(output).toMatch(/pass/i);
});
