/**
 * One broker per data dir, as Kafka's `.lock` file ensures: two brokers appending to the same
 * segments would corrupt them silently. Node has no flock, so the lock is `<dataDir>/.lock`
 * created exclusively (O_EXCL) holding the owner's pid. A lock whose pid is no longer alive
 * (a broker killed with SIGKILL never removes it) is stale and taken over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOCK_FILE = '.lock';

export interface DataDirLock {
  readonly path: string;
  /** Remove the lock (only while it is still ours); again does nothing. */
  release(): void;
}

/** Data dirs locked by brokers in this process: their lock holds our own pid, which is alive. */
const heldHere = new Set<string>();

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      pid === process.pid
        ? `minikafka: data dir ${dataDir} is in use by another broker in this process (pid ${pid}); stop it first or use another data dir`
        : `minikafka: data dir ${dataDir} is in use by another broker (pid ${pid}, lock file ${path.join(dataDir, LOCK_FILE)}); stop it first or use another data dir`,
    );
    this.name = 'DataDirInUseError';
  }
}

export function lockDataDir(dataDir: string): DataDirLock {
  const dir = fs.realpathSync(dataDir);
  const file = path.join(dir, LOCK_FILE);
  const content = `${process.pid}\n`;
  // Two rounds: a stale lock is removed once, then created again; a second loss is a live rival.
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, content);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder !== null && holderIsAlive(holder, dir)) throw new DataDirInUseError(dataDir, holder);
      if (attempt > 0) throw new DataDirInUseError(dataDir, holder ?? -1);
      removeIfUnchanged(file, holder);
    }
  }
  heldHere.add(dir);
  let released = false;
  return {
    path: file,
    release() {
      if (released) return;
      released = true;
      heldHere.delete(dir);
      // Someone may have removed a lock they thought stale and taken it; leave theirs alone.
      if (readHolder(file) === process.pid) fs.rmSync(file, { force: true });
    },
  };
}

/** The pid in a lock file, or null when it is missing, empty or not a pid (a torn write). */
function readHolder(file: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function holderIsAlive(pid: number, dir: string): boolean {
  // Our own pid: held only if a broker of this process has it (else a previous process that had
  // our pid, as in a restarted container, left it behind).
  if (pid === process.pid) return heldHere.has(dir);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove a stale lock, unless it changed since it was read (another broker took it meanwhile). */
function removeIfUnchanged(file: string, holder: number | null): void {
  if (readHolder(file) !== holder) return;
  fs.rmSync(file, { force: true });
}
