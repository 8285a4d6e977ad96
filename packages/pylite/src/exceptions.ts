/**
 * Raising and inspecting builtin exceptions (Objects/exceptions.c, with Python/errors.c's
 * PyErr_SetString): an exception is an 88-byte heap object holding its args tuple and its
 * class; `raise` makes one and throws it as a PyException, `dropException` releases it and
 * the frames its traceback kept.
 */
import { F_ALIVE, Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import { PyException } from './errors.js';
import { repr, str } from './object.js';
import { UnsupportedError } from './parse.js';
import type { PyState } from './pystate.js';

/** Raise a builtin exception: an exception object on the heap, thrown as PyException. */
export function raise(vm: PyState, typeName: string, message?: string | ObjectId): never {
  const h = vm.heap;
  const args: ObjectId[] = [];
  if (typeof message === 'string') args.push(h.str(message));
  else if (message !== undefined) { h.incref(message); args.push(message); }
  const exc = newException(vm, typeName, args);
  for (const a of args) h.decrefUnchecked(a);
  setContext(vm, exc);
  throw new PyException(exc, typeName, message === undefined ? '' : typeof message === 'string' ? message : str(vm, message));
}

/**
 * An exception object's references: its args, its class, __context__, __cause__ and its
 * __dict__ (NULL when unset; the dict is made when an attribute is first set or read).
 */
export const EXC_ARGS = 0, EXC_CLASS = 1, EXC_CONTEXT = 2, EXC_CAUSE = 3, EXC_DICT = 4;

export function newException(vm: PyState, typeName: string, args: ObjectId[]): ObjectId {
  const h = vm.heap;
  const tuple = h.tuple(args);
  const exc = h.opaque(typeName, 88, [tuple, vm.excTypes.get(typeName)!, NULL_ID, NULL_ID, NULL_ID]);
  h.decrefUnchecked(tuple);
  return exc;
}

/**
 * _PyErr_SetObject's implicit chaining: an exception raised while another is handled
 * gets it as __context__, unless that would make a cycle of contexts (the chain is cut
 * where it would come back to the new one).
 */
export function setContext(vm: PyState, exc: ObjectId): void {
  const top = vm.handling[vm.handling.length - 1];
  if (top === undefined) return;
  const h = vm.heap;
  const ctx = top.e.exc;
  if (ctx === exc) return;
  for (let o = ctx; ;) {
    const c = h.state.slot(o, EXC_CONTEXT);
    if (c === NULL_ID) break;
    if (c === exc) { h.opaqueSet(o, EXC_CONTEXT, NULL_ID); break; }
    o = c;
  }
  h.opaqueSet(exc, EXC_CONTEXT, ctx);
}

/** PyException_SetCause (raise ... from cause): NULL_ID for `from None`; either way the context is not shown. */
export function setCause(vm: PyState, exc: ObjectId, cause: ObjectId): void {
  vm.heap.opaqueSet(exc, EXC_CAUSE, cause);
  vm.suppressContext.add(exc);
}

export function excClassOf(vm: PyState, exc: ObjectId): ObjectId {
  return vm.heap.state.slot(exc, 1);
}

export function isException(vm: PyState, x: ObjectId): boolean {
  return vm.heap.kindOf(x) === Kind.Opaque && vm.excTypeName.has(vm.heap.state.slot(x, 1));
}

export function unsupported(what: string, line: number): never {
  throw new UnsupportedError(what, line);
}

/** str(exc) as the traceback's last line shows it. */
export function exceptionMessage(vm: PyState, exc: ObjectId): string {
  const args = vm.heap.items(vm.heap.state.slot(exc, 0));
  const name = vm.excTypeName.get(excClassOf(vm, exc)) ?? '';
  if (args.length === 0) return '';
  if (args.length === 1) return name === 'KeyError' ? repr(vm, args[0]!) : str(vm, args[0]!);
  return repr(vm, vm.heap.state.slot(exc, 0));
}

/** The exception is gone: its object, then the frames its traceback kept (innermost first). */
export function dropException(vm: PyState, e: PyException): void {
  const h = vm.heap;
  h.decrefUnchecked(e.exc);
  // its traceback is kept for printing it as a __context__ or __cause__ while it lives
  if ((h.state.flags[e.exc]! & F_ALIVE) === 0) vm.excTracebacks.delete(e.exc);
  const frames = e.frames.splice(0);
  for (const f of frames) for (const v of f) h.decrefUnchecked(v as ObjectId);
}
