/**
 * Python exceptions inside the interpreter. An exception is a heap object (an 88-byte GC
 * object holding its args tuple, as BaseException is) whose class lives in the JS-side
 * hierarchy below; `PyException` carries it up the JS stack with its traceback.
 */
import type { ObjectId } from '@pymm/objects';

/** name -> base name (the builtin exception hierarchy pylite knows). */
export const EXCEPTION_BASES: Readonly<Record<string, string | null>> = {
  BaseException: null,
  SystemExit: 'BaseException',
  KeyboardInterrupt: 'BaseException',
  Exception: 'BaseException',
  ArithmeticError: 'Exception',
  ZeroDivisionError: 'ArithmeticError',
  OverflowError: 'ArithmeticError',
  AssertionError: 'Exception',
  AttributeError: 'Exception',
  LookupError: 'Exception',
  IndexError: 'LookupError',
  KeyError: 'LookupError',
  NameError: 'Exception',
  UnboundLocalError: 'NameError',
  RuntimeError: 'Exception',
  RecursionError: 'RuntimeError',
  NotImplementedError: 'RuntimeError',
  StopIteration: 'Exception',
  TypeError: 'Exception',
  ValueError: 'Exception',
  UnicodeError: 'ValueError',
  ReferenceError: 'Exception',
  MemoryError: 'Exception',
  ImportError: 'Exception',
  ModuleNotFoundError: 'ImportError',
  OSError: 'Exception',
};

export function isSubclassName(name: string, of: string): boolean {
  for (let n: string | null | undefined = name; n; n = EXCEPTION_BASES[n]) if (n === of) return true;
  return false;
}

export interface TracebackEntry {
  readonly filename: string;
  readonly line: number;
  readonly name: string;
  /** Source offsets of the failing instruction's expression (for the ^^^ line). */
  readonly span?: readonly [number, number];
  /** The failing expression's node (BinOp and Subscript get ~~^~~ anchors). */
  readonly node?: unknown;
}

/** A Python exception propagating through the interpreter (owns one reference to `exc`). */
export class PyException extends Error {
  readonly traceback: TracebackEntry[] = [];
  /**
   * The slots of the frames the exception unwound, innermost first: CPython's traceback
   * keeps those frames (and so their locals) alive until the exception is gone.
   */
  readonly frames: (readonly number[])[] = [];
  /** The innermost expression (or statement) of the current frame that raised, as it unwinds. */
  pos: { readonly span: readonly [number, number]; readonly node: unknown } | undefined;
  constructor(readonly exc: ObjectId, readonly typeName: string, message: string) {
    super(`${typeName}: ${message}`);
    this.name = 'PyException';
  }
}

/** V8's error when the JavaScript stack runs out. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack size/i.test(e.message);
}
