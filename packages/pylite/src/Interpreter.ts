/**
 * The pylite interpreter: walks the AST and keeps references exactly as CPython 3.11's
 * evaluation loop does, so refcounts, deallocation order, finalizers and collections on
 * the simulated heap are CPython's.
 *
 *   CPython                                  here
 *   value stack entry                        an owned ObjectId returned by `evalExpr`
 *   LOAD_FAST / LOAD_GLOBAL (Py_INCREF)      `loadName` returns a new reference
 *   BINARY_OP (result, then DECREF operands) `binop` releases left, then right
 *   frame localsplus (varnames, cells, free) `Frame.slots`, released in index order at return
 *   f_func held by the frame                 incref at call, decref after the locals
 *   MAKE_FUNCTION / MAKE_CELL / closures      heap functions, cells and closure tuples
 *   list / dict comprehensions               a function object called with iter(first iterable)
 *   __build_class__                          a body function, a namespace dict, type_new
 *
 * Not modelled: generators, with, async, decorators other than plain calls, user
 * exception classes (builtin ones only), operator overloading beyond __eq__, __lt__ and
 * friends, __repr__ / __str__ / __len__ / __bool__; each is refused with the line.
 *
 * The class is the facade other packages use; the interpreter itself is functions over
 * its state (`PyState`, src/pystate.ts), in files named after the CPython sources they
 * mirror: ceval.ts (statements, names), ceval_expr.ts (expressions), call.ts (functions,
 * frames, calls), compile.ts (constants), pythonrun.ts (running the module), traceback.ts,
 * exceptions.ts, bltinmodule.ts, modules.ts (gc, sys, weakref), object.ts, abstract.ts,
 * typeobject.ts, iterobject.ts, methodobject.ts, listobject.ts, dictobject.ts,
 * setobject.ts, unicodeobject.ts, pyhash.ts.
 */
import { type Heap, NULL_ID, type ObjectId, type ObjectsHost } from '@pymm/objects';
import type { Collector } from '@pymm/gc';
import { binop, contains, len } from './abstract.js';
import type { Expr, Module } from './ast.js';
import { setupBuiltins } from './bltinmodule.js';
import { call, callIgnoringErrors } from './call.js';
import { evalExpr } from './ceval_expr.js';
import type { PyException } from './errors.js';
import { dropException, raise } from './exceptions.js';
import { getIter, next } from './iterobject.js';
import { eq, getAttr, isCallable, lessThan, repr, str, truth, typeName } from './object.js';
import { hash } from './pyhash.js';
import { type Frame, PyState } from './pystate.js';
import { runModule } from './pythonrun.js';
import { formatTraceback } from './traceback.js';
import { lookupClassAttr } from './typeobject.js';

export interface InterpreterOptions {
  readonly heap: Heap;
  readonly gc: Collector;
  readonly filename: string;
  /** A request for more simulated memory than this raises MemoryError (default DEFAULT_MAX_MEMORY_BYTES). */
  readonly maxMemoryBytes?: number;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Wraps each statement (for the log): default runs it. */
  readonly record?: <T>(command: Record<string, unknown>, fn: () => T) => T;
  /**
   * Told of every frame pushed (depth 1 = the module; its function, NULL_ID for the
   * module; its local slots), popped, and local slot set (NULL_ID when deleted): how a
   * heap log learns which variable held which object.
   */
  readonly tracer?: {
    frameEntered(depth: number, func: number, slots: readonly number[], code: { readonly name: string; readonly names: readonly string[] } | null): void;
    frameLeft(depth: number): void;
    localSet(depth: number, local: number, value: number): void;
  };
  /**
   * Polled before each statement: true raises KeyboardInterrupt there, as CPython does
   * when SIGINT arrives (how a caller's Ctrl-C reaches the program).
   */
  readonly interrupted?: () => boolean;
}

export class Interpreter implements ObjectsHost {
  readonly heap: Heap;
  readonly gc: Collector;
  private readonly vm: PyState;

  constructor(options: InterpreterOptions) {
    this.heap = options.heap;
    this.gc = options.gc;
    this.vm = new PyState(options);
    this.heap.host = this;
    setupBuiltins(this.vm);
  }

  /** Runs the module; returns the exit status (0, or 1 after an uncaught exception's traceback). */
  run(mod: Module): number {
    return runModule(this.vm, mod);
  }

  /**
   * Where an error that is not a Python exception (a bug in pylite, or the JavaScript
   * stack running out) first left a frame: its line and the Python call depth, or null.
   */
  get internalError(): { readonly line: number; readonly depth: number } | null {
    return this.vm.internalError;
  }

  formatTraceback(e: PyException): string {
    return formatTraceback(this.vm, e);
  }

  /** Raise a builtin exception: an exception object on the heap, thrown as PyException. */
  raise(typeName: string, message?: string | ObjectId): never {
    return raise(this.vm, typeName, message);
  }

  typeName(id: ObjectId): string {
    return typeName(this.vm, id);
  }

  /** The exception is gone: its object, then the frames its traceback kept (innermost first). */
  dropException(e: PyException): void {
    dropException(this.vm, e);
  }

  /** Calls any callable with owned args; returns an owned result. */
  call(fn: ObjectId, args: ObjectId[], kw: [string, ObjectId][], line: number): ObjectId {
    return call(this.vm, fn, args, kw, line);
  }

  /** obj.name: a new reference (a bound method for functions found on the class). */
  getAttr(obj: ObjectId, name: string, line: number): ObjectId {
    return getAttr(this.vm, obj, name, line);
  }

  /** GET_ITER: a new iterator object (the heap object CPython allocates for it). */
  getIter(obj: ObjectId): ObjectId {
    return getIter(this.vm, obj);
  }

  /** FOR_ITER: the next item (owned), or null when exhausted. */
  next(it: ObjectId): ObjectId | null {
    return next(this.vm, it);
  }

  eval(e: Expr, f: Frame): ObjectId {
    return evalExpr(this.vm, e, f);
  }

  /** BINARY_OP: the result, then the operands released (left, then right). */
  binop(op: string, l: ObjectId, r: ObjectId, line: number, inplace = false): ObjectId {
    return binop(this.vm, op, l, r, line, inplace);
  }

  eq(l: ObjectId, r: ObjectId): boolean {
    return eq(this.vm, l, r);
  }

  lessThan(l: ObjectId, r: ObjectId): boolean {
    return lessThan(this.vm, l, r);
  }

  contains(container: ObjectId, x: ObjectId): boolean {
    return contains(this.vm, container, x);
  }

  truth(v: ObjectId): boolean {
    return truth(this.vm, v);
  }

  len(v: ObjectId): number {
    return len(this.vm, v);
  }

  /** hash(): long_hash, _Py_HashDouble, tuplehash (xxHash lanes); identity for the rest. */
  hash(v: ObjectId): bigint {
    return hash(this.vm, v);
  }

  isCallable(x: ObjectId): boolean {
    return isCallable(this.vm, x);
  }

  str(v: ObjectId): string {
    return str(this.vm, v);
  }

  repr(v: ObjectId): string {
    return repr(this.vm, v);
  }

  // --- the heap's host ----------------------------------------------------------------------

  callFinalizer(heap: Heap, self: ObjectId, legacy: boolean): void {
    const m = lookupClassAttr(this.vm, heap.state.typeOf[self]! as ObjectId, legacy ? '__tp_del__' : '__del__');
    if (m === NULL_ID) return;
    callIgnoringErrors(this.vm, m, [self], `Exception ignored in: ${repr(this.vm, m)}`);
  }

  callWeakrefCallback(heap: Heap, callback: ObjectId, wr: ObjectId): void {
    void heap;
    callIgnoringErrors(this.vm, callback, [wr], `Exception ignored in: ${repr(this.vm, callback)}`);
  }

  callGcCallback(heap: Heap, callback: ObjectId, phase: 'start' | 'stop', info: ObjectId): void {
    const p = heap.str(phase);
    try { callIgnoringErrors(this.vm, callback, [p, info], `Exception ignored in: ${repr(this.vm, callback)}`); } finally { heap.decrefUnchecked(p); }
  }
}
