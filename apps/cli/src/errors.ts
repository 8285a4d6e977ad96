import { TraceFormatError } from '@pymm/obmalloc/trace';
import { UsageError } from './args.js';

/** Exit codes: 0 ok, 1 the model diverged from CPython, 2 bad input or usage. */
export const EXIT_OK = 0, EXIT_DIVERGED = 1, EXIT_BAD_INPUT = 2;

/** A clear one-line message for an error the user can act on; rethrows anything else. */
export function reportError(command: string, file: string | undefined, e: unknown): number {
  if (e instanceof TraceFormatError) {
    process.stderr.write(`pymm ${command}: ${file}:${e.line}: ${e.reason}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`pymm ${command}: ${e.message} (see 'pymm help ${command}')\n`);
    return EXIT_BAD_INPUT;
  }
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
    const path = (e as NodeJS.ErrnoException).path ?? file;
    const what = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'permission denied';
    process.stderr.write(`pymm ${command}: ${path}: ${what}\n`);
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
