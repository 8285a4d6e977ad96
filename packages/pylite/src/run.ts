/**
 * Running a program: parse, then interpret on a fresh runtime (the heap, its collector
 * and pymalloc), optionally recording every statement and event as a heap log.
 */
import { HeapRecorder } from '@pymm/engine';
import { createRuntime, type GcState } from '@pymm/gc';
import { HOST_MAX_STRING, LongTextError } from '@pymm/objects';
import { isStackOverflow, PyException } from './errors.js';
import { Interpreter } from './Interpreter.js';
import { parse, PySyntaxError, UnsupportedError } from './parse.js';

export interface RunOptions {
  readonly filename?: string;
  /** Record a heap log (objects, gc, pymalloc) and write it here. */
  readonly logPath?: string;
  readonly profile?: string;
  /** Replace an existing log file (default true). */
  readonly overwriteLog?: boolean;
  /**
   * With logPath: build the log's index at this path while the program runs, on other
   * threads (where they are available: `log.indexed` says whether it was written).
   */
  readonly indexPath?: string;
  /** With indexPath: records indexed so far, while the run waits for the index at the end. */
  readonly onIndexProgress?: (indexed: number, total: number) => void;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** With logPath: called after each record with the count so far and the live heap (tests stop a run at a seq with it). */
  readonly observe?: (records: number, state: GcState) => void;
  /** Polled before each statement: true raises KeyboardInterrupt in the program (Ctrl-C). */
  readonly interrupted?: () => boolean;
  /** A request for more simulated memory than this raises MemoryError (pylite's default: 2 GiB). */
  readonly maxMemoryBytes?: number;
}

export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly log?: { readonly records: number; readonly bytes: number; readonly indexed: boolean };
  /**
   * Set when the run ended in an error that is not the program's (exit status 2, a
   * one-line message on stderr): a bug in pylite, or the JavaScript stack running out.
   */
  readonly internalError?: Error;
}

/** The one-line refusal for an error that is not the program's. */
function internalErrorMessage(e: unknown, filename: string, where: { line: number; depth: number } | null): string {
  const at = `${filename}:${where?.line ?? 0}`;
  if (e instanceof LongTextError) {
    return `pylite: ${at}: ${e.message} is outside the pylite subset: a str longer than a JavaScript string (${HOST_MAX_STRING.toLocaleString('en-US')} characters) is kept for len(), indexing, slicing, ==, !=, +, * and print() only\n`;
  }
  if (isStackOverflow(e)) {
    return `pylite: ${at}: the program recurses deeper than pylite's JavaScript stack allows here (${where?.depth ?? '?'} Python frames deep; \`pymm run\` gives it room for CPython's limit of 1000)\n`;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return `pylite: ${at}: internal error (a bug in pylite; please report it with the program): ${err.name}: ${err.message}\n`;
}

export function runSource(source: string, options: RunOptions = {}): RunResult {
  const filename = options.filename ?? '<string>';
  let stdout = '';
  let stderr = '';
  const out = options.stdout ?? ((t: string) => { stdout += t; });
  const err = options.stderr ?? ((t: string) => { stderr += t; });
  let mod;
  try {
    mod = parse(source, filename);
  } catch (e) {
    if (e instanceof PySyntaxError) {
      const caret = ' '.repeat(Math.max(0, e.col - 1 - (e.lineText.length - e.lineText.trimStart().length)));
      err(`  File "${filename}", line ${e.line}\n    ${e.lineText.trim()}\n${e.caret ? `    ${caret}^\n` : ''}${e.kind}: ${e.msg}\n`);
      return { exitCode: 1, stdout, stderr };
    }
    if (e instanceof UnsupportedError) {
      err(`pylite: ${filename}:${e.line}: ${e.construct} is outside the pylite subset\n`);
      return { exitCode: 2, stdout, stderr };
    }
    err(internalErrorMessage(e, filename, null));
    return { exitCode: 2, stdout, stderr, internalError: e instanceof Error ? e : new Error(String(e)) };
  }
  const recorder = options.logPath
    ? new HeapRecorder({ profile: options.profile ?? 'cpython-3.11', source: `pylite:${filename}`, streamTo: options.logPath, overwrite: options.overwriteLog ?? true,
      ...(options.indexPath !== undefined ? { indexTo: options.indexPath } : {}),
      ...(options.onIndexProgress ? { onIndexProgress: options.onIndexProgress } : {}),
      ...(options.observe ? { observe: options.observe } : {}) })
    : null;
  const rt = recorder ? recorder.runtime : createRuntime({ profile: options.profile ?? 'cpython-3.11' });
  const make = () => new Interpreter({
    heap: rt.heap, gc: rt.gc, filename, stdout: out, stderr: err, ...(options.interrupted ? { interrupted: options.interrupted } : {}),
    ...(options.maxMemoryBytes !== undefined ? { maxMemoryBytes: options.maxMemoryBytes } : {}),
    ...(recorder ? { record: <T>(c: Record<string, unknown>, fn: () => T) => recorder.run(c, fn), tracer: recorder.frameTracer() } : {}),
  });
  // the interpreter's start-up (builtins, exception types) is the log's first command
  const interp = recorder ? recorder.run({ line: 0, text: 'interpreter start-up' }, make) : make();
  let exitCode: number;
  try {
    exitCode = recorder ? recorder.run({ run: filename, source }, () => interp.run(mod)) : interp.run(mod);
  } catch (e) {
    // a program outside the subset (or a bug) leaves no log: a partial one would mislead
    recorder?.abort();
    // the log could not be written (a full disk): that error, as when it cannot be made at all
    if (recorder !== null && recorder.failure !== null) throw recorder.failure;
    if (e instanceof UnsupportedError) {
      err(`pylite: ${filename}:${e.line}: ${e.construct} is outside the pylite subset\n`);
      return { exitCode: 2, stdout, stderr };
    }
    if (e instanceof PyException) {
      err(interp.formatTraceback(e));
      return { exitCode: 1, stdout, stderr };
    }
    err(internalErrorMessage(e, filename, interp.internalError));
    if (e instanceof LongTextError) return { exitCode: 2, stdout, stderr };
    return { exitCode: 2, stdout, stderr, internalError: e instanceof Error ? e : new Error(String(e)) };
  }
  const log = recorder ? recorder.close() : undefined;
  return { exitCode, stdout, stderr, ...(log ? { log: { records: log.records, bytes: log.bytes, indexed: log.indexed } } : {}) };
}
