/** Whole-buffer reads and writes on file descriptors (fs.readSync/writeSync may do less). */
import * as fs from 'node:fs';

/** Write all of buf; the files are opened O_APPEND, so it lands at the end. */
export function appendAll(fd: number, buf: Buffer): void {
  let done = 0;
  while (done < buf.length) done += fs.writeSync(fd, buf, done, buf.length - done);
}

/** Read up to length bytes at position; fewer only at the end of the file. */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buf : buf.subarray(0, done);
}
