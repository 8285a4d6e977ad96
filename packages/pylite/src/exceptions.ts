/**
 * Raising and inspecting builtin exceptions (Objects/exceptions.c, with Python/errors.c's
 * PyErr_SetString): an exception is an 88-byte heap object holding its args tuple and its
 * class; `raise` makes one and throws it as a PyException, `dropException` releases it and
 * the frames its traceback kept.
 */
import { Kind, type ObjectId } from '@pymm/objects';
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
  throw new PyException(exc, typeName, message === undefined ? '' : typeof message === 'string' ? message : str(vm, message));
}

export function newException(vm: PyState, typeName: string, args: ObjectId[]): ObjectId {
  const h = vm.heap;
  const tuple = h.tuple(args);
  const exc = h.opaque(typeName, 88, [tuple, vm.excTypes.get(typeName)!]);
  h.decrefUnchecked(tuple);
  return exc;
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
  const frames = e.frames.splice(0);
  for (const f of frames) for (const v of f) h.decrefUnchecked(v as ObjectId);
}
