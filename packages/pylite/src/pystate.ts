/**
 * The interpreter's state (Python/pystate.c's interpreter and thread state in one): the
 * heap and its collector, the output streams, the builtins, modules, functions and
 * iterators the interpreter keeps beside the heap, and the frame stack. Every part of the
 * interpreter is a function taking this state (`vm`) first; `Interpreter` is the facade.
 * Also the shapes they share: frames, code information (FuncInfo), iterator state.
 */
import { type Heap, NULL_ID, type ObjectId } from '@pymm/objects';
import type { Collector } from '@pymm/gc';
import type { Comprehension, Expr, Param, Stmt } from './ast.js';
import type { PyException } from './errors.js';
import type { TracebackEntry } from './errors.js';
import type { InterpreterOptions } from './Interpreter.js';
import type { Scope } from './scope.js';

export type SlotKind = 'local' | 'cell' | 'free';

export interface FuncInfo {
  readonly name: string;
  readonly qualname: string;
  readonly scope: Scope;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[] | null;
  readonly expr: Expr | null;
  /** A comprehension's function: a list (elt), set (elt, set) or dict (key, value) is built. */
  readonly comp: { readonly gens: readonly Comprehension[]; readonly elt: Expr | null; readonly set: boolean; readonly key: Expr | null; readonly value: Expr | null } | null;
  readonly names: string[];
  readonly kinds: SlotKind[];
  readonly index: Map<string, number>;
}

export class Frame {
  line = 0;
  readonly slots: ObjectId[];
  constructor(
    readonly kind: 'module' | 'function' | 'class',
    readonly scope: Scope,
    readonly info: FuncInfo | null,
    readonly func: ObjectId,
    readonly globals: ObjectId,
    /** The class namespace (class bodies) or the globals (module). */
    readonly ns: ObjectId,
    readonly name: string,
  ) {
    this.slots = info ? new Array<ObjectId>(info.names.length).fill(NULL_ID) : [];
  }
}

export class ReturnSignal { constructor(readonly value: ObjectId) {} }
export class BreakSignal {}
export class ContinueSignal {}

export type Builtin = (args: ObjectId[], kw: [string, ObjectId][]) => ObjectId;

export interface IterState {
  kind: 'seq' | 'str' | 'bytes' | 'dict' | 'range' | 'enumerate' | 'zip' | 'set';
  seq: ObjectId;
  index: number;
  /** range: current, stop, step; dict: size at start, mode. */
  a: bigint; b: bigint; c: bigint;
  mode?: 'keys' | 'values' | 'items';
  size?: number;
  parts?: ObjectId[];
}

/** The default of --max-memory: a request for more simulated memory raises MemoryError (2 GiB). */
export const DEFAULT_MAX_MEMORY_BYTES = 2 ** 31;

export class PyState {
  readonly heap: Heap;
  readonly gc: Collector;
  readonly filename: string;
  readonly out: InterpreterOptions['stdout'];
  readonly err: InterpreterOptions['stderr'];
  readonly record: NonNullable<InterpreterOptions['record']>;
  readonly tracer: NonNullable<InterpreterOptions['tracer']> | null;
  readonly builtins = new Map<string, ObjectId>();
  readonly builtinFns = new Map<ObjectId, Builtin>();
  readonly functions = new Map<ObjectId, FuncInfo>();
  readonly excTypes = new Map<string, ObjectId>();
  readonly excTypeName = new Map<ObjectId, string>();
  readonly modules = new Map<string, ObjectId>();
  readonly moduleAttrs = new Map<ObjectId, Map<string, () => ObjectId>>();
  readonly iters = new Map<ObjectId, IterState>();
  readonly constants = new Map<Expr, ObjectId>();
  /** The module's constants by value (the compiler's c_const_cache): equal constants are one object. */
  readonly constantsByValue = new Map<string, ObjectId>();
  readonly stack: Frame[] = [];
  readonly lines: string[] = [];
  globals: ObjectId = NULL_ID;
  /** The exceptions being handled (innermost last), with where each was raised in its handler's frame. */
  handling: { e: PyException; pos: PyException['pos'] }[] = [];
  /** The traceback of each exception caught (to the frame that caught it), while its object lives: how a chain prints it. */
  readonly excTracebacks = new Map<ObjectId, readonly TracebackEntry[]>();
  /** Exceptions raised `from` a cause (or None): __suppress_context__ is true. */
  readonly suppressContext = new Set<ObjectId>();
  reprDepth = new Set<ObjectId>();
  /** sys.getrecursionlimit(): frames a call may reach (RecursionError at the limit). */
  recursionLimit = 1000;
  /** The simulated memory a single request may take: beyond it, MemoryError (as a malloc that fails), before the host allocates. */
  readonly maxMemoryBytes: number;
  /** Nested C-level calls now running (builtin calls, PyObject_Repr/Str levels): 3.11 counts them with the frames against the limit. */
  cDepth = 0;
  /** sys.get_int_max_str_digits(): the most decimal digits an int converts to or from (0: no limit; PEP 651's CVE-2020-10735 fix, 3.11). */
  intMaxStrDigits = 4300;
  /** Where each source line starts (made when a traceback first needs it). */
  lineStarts: number[] | null = null;
  /** weakref.finalize objects still pending, in creation order (weakref._registry). */
  readonly finalizers: ObjectId[] = [];
  /** Registered finalizers whose atexit was set false. */
  readonly finalizersNotAtExit = new Set<ObjectId>();
  /** A finalizer was made since the exit hook last chose its list (finalize._dirty). */
  finalizersDirty = false;
  weakrefTypeId: ObjectId = NULL_ID;
  readonly classQualnames = new Map<ObjectId, string>();
  /** Builtin method objects (`obj.meth` of a builtin type) and the method each is bound to. */
  readonly boundMethods = new Map<ObjectId, string>();
  /** range objects: start, stop, step. */
  readonly rangeParts = new Map<ObjectId, [bigint, bigint, bigint]>();
  readonly interrupted: (() => boolean) | null;
  /** Where an error that is not a Python exception first left a frame (noteInternalError). */
  internalError: { line: number; depth: number } | null = null;

  constructor(options: InterpreterOptions) {
    this.heap = options.heap;
    this.gc = options.gc;
    this.filename = options.filename;
    this.out = options.stdout;
    this.err = options.stderr;
    this.record = options.record ?? (<T>(_c: Record<string, unknown>, fn: () => T) => fn());
    this.tracer = options.tracer ?? null;
    this.interrupted = options.interrupted ?? null;
    this.maxMemoryBytes = options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
    // every request the heap makes is held to it too (a list that grows by appends)
    this.heap.memoryLimitBytes = this.maxMemoryBytes;
  }
}

/**
 * An error that is not a Python exception is leaving frame f: the innermost frame it
 * leaves is where it happened (by the time the run ends, the stack has unwound).
 */
export function noteInternalError(vm: PyState, f: Frame, depth: number): void {
  vm.internalError ??= { line: f.line, depth };
}

export function currentLine(vm: PyState): number {
  return vm.stack[vm.stack.length - 1]?.line ?? 0;
}
