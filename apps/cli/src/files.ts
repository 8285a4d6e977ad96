/**
 * File safety shared by the commands that write. One rule for every output: never one of
 * the command's inputs, only a regular file, an existing one replaced only with --force,
 * and written under a temporary name beside it that is renamed onto it once complete (a
 * failed or interrupted write leaves whatever was there).
 */
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from './errors.js';

/** Whether two paths name one file (the same inode), when both exist. */
export function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a), y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Refuses an output that is the command's input: writing it would destroy what is being read. */
export function refuseOutputOntoInput(output: string, input: string, flag: string, what: string): void {
  if (sameFile(output, input)) throw new InputError(`${flag} ${output} is the ${what} itself (the output would replace it)`);
}

/**
 * Checks `path` before anything is written to it: refuses a directory, device or pipe, and
 * an existing file unless `force` ("FLAG PATH already exists; --force replaces it").
 */
export function checkOutput(path: string, flag: string, force: boolean): void {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (!st.isFile()) throw new InputError(`${flag} ${path} is not a regular file (a directory, device or pipe); pymm writes only regular files`);
  if (!force) throw new InputError(`${flag} ${path} already exists; --force replaces it`);
}

/**
 * Writes all of `data` to a file descriptor. Standard output may be a non-blocking pipe
 * (a reader slower than the export): a write that would block is tried again, not an error.
 */
export function writeAll(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let off = 0; off < buf.length;) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}

let temporaries = 0;

/**
 * Writes `path` through a temporary file beside it: `write` gets a function appending to
 * it; on success the temporary is renamed onto `path`, on any error it is removed and the
 * error rethrown (`path` as it was).
 */
export function writeAtomically(path: string, write: (append: (data: string | Uint8Array) => void) => void): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${temporaries++}.tmp`);
  let fd = openSync(tmp, 'wx');
  try {
    write((data) => writeAll(fd, data));
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (e) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}
