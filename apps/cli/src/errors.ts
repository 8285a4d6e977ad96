import { ReplayDivergence, TraceFormatError } from '@pymm/obmalloc/trace';
import { UsageError } from './args.js';

/**
 * Exit codes: 0 ok, 1 the model diverged from CPython, 2 bad input or usage, 3 the answer
 * came from the intact prefix of a damaged log (said on stderr, where it ends).
 */
export const EXIT_OK = 0, EXIT_DIVERGED = 1, EXIT_BAD_INPUT = 2, EXIT_DAMAGED = 3;

/** Set when a command answered from the intact prefix of a damaged log: it then exits 3, not 0. */
export const damage = { answeredFromPrefix: false };

/** The exit code once the command is done: 0 becomes 3 when the answer came from a damaged log's prefix. */
export function finalExit(code: number): number {
  return code === EXIT_OK && damage.answeredFromPrefix ? EXIT_DAMAGED : code;
}

const WRITE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file would be too large',
  EROFS: 'a read-only file system',
  EIO: 'an input/output error',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a path component is not a directory',
  ENAMETOOLONG: 'the name is too long',
  EINVAL: 'the file does not support this write (not a regular file?)',
};

/** What a write error says: 'no space left on the device', ... */
export function writeErrorText(e: unknown): string {
  return WRITE_ERRORS[(e as NodeJS.ErrnoException).code ?? ''] ?? String(e);
}

/** An error writing a file (a full disk, a quota, a read-only file system, ...). */
export function isWriteError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && Object.hasOwn(WRITE_ERRORS, code);
}

/** A clear one-line message for an error the user can act on; rethrows anything else. */
export function reportError(command: string, file: string | undefined, e: unknown): number {
  if (e instanceof TraceFormatError) {
    process.stderr.write(`pymm ${command}: ${file}:${e.line}: ${e.reason}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof ReplayDivergence) {
    const d = e.divergence;
    process.stderr.write(`pymm ${command}: ${file}:${d.line}: the model diverged from CPython (${d.kind}) at '${d.event}'\n`);
    process.stderr.write(`  expected (CPython): ${d.expected}\n  actual   (pymm):    ${d.actual}\n`);
    return EXIT_DIVERGED;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`pymm ${command}: ${e.message} (see 'pymm help ${command}')\n`);
    return EXIT_BAD_INPUT;
  }
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && Object.hasOwn(WRITE_ERRORS, code)) {
    const path = (e as NodeJS.ErrnoException).path ?? file;
    process.stderr.write(`pymm ${command}: ${path !== undefined ? `${path}: ` : ''}${WRITE_ERRORS[code]}; nothing was written\n`);
    return EXIT_BAD_INPUT;
  }
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
    const path = (e as NodeJS.ErrnoException).path ?? file;
    const what = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'permission denied';
    process.stderr.write(`pymm ${command}: ${path}: ${what}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof RangeError && e.message.startsWith('unknown profile ')) {
    process.stderr.write(`pymm ${command}: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof InputError) {
    process.stderr.write(`pymm ${command}: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  throw e;
}

/** Bad input that is not a trace line (a missing stats file, an unknown checkpoint). */
export class InputError extends Error {
  override readonly name = 'InputError';
}
