/**
 * Functions, frames and calls (Objects/funcobject.c, Python/frame.c, Objects/call.c):
 * MAKE_FUNCTION with its defaults and closure, argument binding, a frame's slots released in
 * index order at return (or kept by a traceback), and calling any callable.
 */
import { Kind, NULL_ID, type ObjectId, ObjectsError } from '@pymm/objects';
import type { Expr, Param, Stmt } from './ast.js';
import { execBlock, objectsErrorAsException, slotOf } from './ceval.js';
import { evalExpr, runComprehension } from './ceval_expr.js';
import { PyException } from './errors.js';
import { dropException, raise } from './exceptions.js';
import { callBoundBuiltin } from './methodobject.js';
import { callFinalize } from './modules.js';
import { typeName } from './object.js';
import { currentLine, Frame, type FuncInfo, noteInternalError, type PyState, ReturnSignal, type SlotKind } from './pystate.js';
import type { Scope } from './scope.js';
import { formatTraceback, frameName, tracebackEntry } from './traceback.js';
import { callType, lookupSpecial } from './typeobject.js';


// --- functions ---------------------------------------------------------------------------

function funcInfo(name: string, qualname: string, scope: Scope, params: readonly Param[], body: readonly Stmt[] | null, expr: Expr | null, comp: FuncInfo['comp']): FuncInfo {
  const names: string[] = [];
  const kinds: SlotKind[] = [];
  for (const v of scope.varnames) { names.push(v); kinds.push(scope.cellvars.includes(v) ? 'cell' : 'local'); }
  for (const c of scope.cellvars) if (!names.includes(c)) { names.push(c); kinds.push('cell'); }
  for (const fv of scope.freevars) { names.push(fv); kinds.push('free'); }
  return { name, qualname, scope, params, body, expr, comp, names, kinds, index: new Map(names.map((n, i) => [n, i])) };
}

export function qualnameFor(name: string, f: Frame): string {
  if (f.kind === 'module') return name;
  if (f.kind === 'class') return `${f.name}.${name}`;
  return `${f.info?.qualname ?? f.name}.<locals>.${name}`;
}

/** MAKE_FUNCTION: defaults tuple, closure tuple (the cells of the free variables), the function object. */
export function makeFunction(vm: PyState, name: string, params: readonly Param[], body: readonly Stmt[] | null, expr: Expr | null, comp: FuncInfo['comp'], f: Frame, node: object): ObjectId {
  const h = vm.heap;
  const scope = f.scope.children.get(node)!;
  const defaults = params.filter((p) => p.default !== null);
  let defaultsTuple = NULL_ID;
  if (defaults.length > 0) {
    const vals = defaults.map((p) => evalExpr(vm, p.default!, f));
    defaultsTuple = h.tuple(vals);
    for (const v of vals) h.decrefUnchecked(v);
  }
  let closure = NULL_ID;
  if (scope.freevars.length > 0) {
    const cells = scope.freevars.map((n) => {
      const i = slotOf(n, f);
      if (i < 0) throw new Error(`pylite: no cell for free variable ${n}`);
      return f.slots[i]!;
    });
    closure = h.tuple(cells);
  }
  const qualname = qualnameFor(name, f);
  const fn = h.func({ name, qualname, globals: f.globals, defaults: defaultsTuple, closure });
  if (defaultsTuple !== NULL_ID) h.decrefUnchecked(defaultsTuple);
  if (closure !== NULL_ID) h.decrefUnchecked(closure);
  vm.functions.set(fn, funcInfo(name, qualname, scope, params, body, expr, comp));
  return fn;
}

// --- frames ------------------------------------------------------------------------------

/** Pushes a frame, runs `body`, then releases the frame's slots in index order and its function. */
export function callFrame<T>(vm: PyState, frame: Frame, body: () => T): T {
  const h = vm.heap;
  if (recursionDepth(vm) >= vm.recursionLimit) raise(vm, 'RecursionError', 'maximum recursion depth exceeded');
  if (frame.func !== NULL_ID) h.incref(frame.func);
  vm.stack.push(frame);
  const depth = vm.stack.length;
  vm.tracer?.frameEntered(depth, frame.func, frame.slots, frame.info !== null ? { name: frame.info.qualname, names: frame.info.names } : null);
  let result: T;
  try {
    result = body();
  } catch (err) {
    // a frame of expressions only (a comprehension): the heap's refusals become its exceptions here
    const e = err instanceof ObjectsError ? objectsErrorAsException(vm, err) : err;
    if (e instanceof PyException) {
      e.traceback.push(tracebackEntry(vm, e, frame, frameName(frame)));
      // the traceback holds the frame: its locals (and its function) live as long as the exception
      e.frames.push([...frame.slots.filter((v) => v !== NULL_ID), ...(frame.func !== NULL_ID ? [frame.func] : [])]);
      frame.slots.fill(NULL_ID);
      vm.tracer?.frameLeft(depth);
      vm.stack.pop();
      throw e;
    }
    noteInternalError(vm, frame, depth);
    vm.tracer?.frameLeft(depth);
    vm.stack.pop();
    releaseFrame(vm, frame);
    throw e;
  }
  vm.tracer?.frameLeft(depth);
  vm.stack.pop();
  releaseFrame(vm, frame);
  return result;
}

/** The stack depth of frame f (1 = the module). */
export function depthOf(vm: PyState, f: Frame): number {
  const n = vm.stack.length;
  return vm.stack[n - 1] === f ? n : vm.stack.lastIndexOf(f) + 1;
}

/** _PyFrame_Clear: the slots in index order, then the function. */
function releaseFrame(vm: PyState, frame: Frame): void {
  const h = vm.heap;
  for (let i = 0; i < frame.slots.length; i++) {
    const v = frame.slots[i]!;
    if (v !== NULL_ID) { frame.slots[i] = NULL_ID; h.decrefUnchecked(v); }
  }
  if (frame.func !== NULL_ID) h.decrefUnchecked(frame.func);
}

// --- calls -------------------------------------------------------------------------------

/** Calls a Python function with owned positional args and keyword args. */
export function callFunction(vm: PyState, fn: ObjectId, args: ObjectId[], kw: [string, ObjectId][]): ObjectId {
  const h = vm.heap;
  const info = vm.functions.get(fn)!;
  const globals = h.state.slot(fn, 1);
  const frame = new Frame('function', info.scope, info, fn, globals, globals, info.name);
  frame.line = currentLine(vm);
  const release = (ids: ObjectId[]) => { for (const x of ids) h.decrefUnchecked(x); };
  // bind parameters (references move into the frame)
  const positional = info.params.filter((p) => p.star === '');
  const varargs = info.params.find((p) => p.star === '*');
  const varkw = info.params.find((p) => p.star === '**');
  const defaultsTuple = h.state.slot(fn, 3);
  const defaults = defaultsTuple === NULL_ID ? [] : h.items(defaultsTuple);
  const firstDefault = positional.length - defaults.length;
  if (args.length > positional.length && !varargs) {
    release(args); release(kw.map(([, v]) => v));
    raise(vm, 'TypeError', `${info.qualname}() takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
  }
  positional.forEach((p, i) => { if (i < args.length) frame.slots[info.index.get(p.name)!] = args[i]!; });
  const extra: [string, ObjectId][] = [];
  for (const [k, v] of kw) {
    const p = positional.find((q) => q.name === k);
    if (p === undefined) {
      if (varkw) { extra.push([k, v]); continue; }
      release([v]);
      discardFrameSlots(vm, frame);
      raise(vm, 'TypeError', `${info.qualname}() got an unexpected keyword argument '${k}'`);
    }
    const i = info.index.get(k)!;
    if (frame.slots[i] !== NULL_ID) { release([v]); discardFrameSlots(vm, frame); raise(vm, 'TypeError', `${info.qualname}() got multiple values for argument '${k}'`); }
    frame.slots[i] = v;
  }
  const missing: string[] = [];
  positional.forEach((p, i) => {
    const slot = info.index.get(p.name)!;
    if (frame.slots[slot] !== NULL_ID) return;
    if (i >= firstDefault) { const d = defaults[i - firstDefault]!; h.incref(d); frame.slots[slot] = d; } else missing.push(p.name);
  });
  if (missing.length > 0) {
    discardFrameSlots(vm, frame);
    raise(vm, 'TypeError', `${info.qualname}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${missing.map((m) => `'${m}'`).join(missing.length === 2 ? ' and ' : ', ')}`);
  }
  if (varargs) {
    const rest = args.slice(positional.length);
    const t = h.tuple(rest);
    release(rest);
    frame.slots[info.index.get(varargs.name)!] = t;
  }
  if (varkw) {
    const d = h.dict();
    for (const [k, v] of extra) { const key = h.str(k); h.dictSetItem(d, key, v); h.decrefUnchecked(key); h.decrefUnchecked(v); }
    frame.slots[info.index.get(varkw.name)!] = d;
  }
  // MAKE_CELL for cell variables, COPY_FREE_VARS from the closure
  info.kinds.forEach((kind, i) => {
    if (kind === 'cell') {
      const c = h.cell(frame.slots[i]!);
      if (frame.slots[i] !== NULL_ID) h.decrefUnchecked(frame.slots[i]!);
      frame.slots[i] = c;
    }
  });
  const closure = h.state.slot(fn, 8);
  if (closure !== NULL_ID) {
    const cells = h.items(closure);
    let k = 0;
    info.kinds.forEach((kind, i) => { if (kind === 'free') { h.incref(cells[k]!); frame.slots[i] = cells[k++]!; } });
  }
  return callFrame(vm, frame, () => {
    if (info.expr !== null) return evalExpr(vm, info.expr, frame);
    if (info.comp !== null) return runComprehension(vm, info, frame);
    try {
      execBlock(vm, info.body!, frame);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    }
    return h.none();
  });
}

function discardFrameSlots(vm: PyState, frame: Frame): void {
  for (let i = 0; i < frame.slots.length; i++) {
    if (frame.slots[i] !== NULL_ID) { vm.heap.decrefUnchecked(frame.slots[i]!); frame.slots[i] = NULL_ID; }
  }
}

/** What 3.11 counts against the recursion limit: the frames, and the C-level calls running. */
export function recursionDepth(vm: PyState): number {
  return vm.stack.length + vm.cDepth;
}

/**
 * _Py_EnterRecursiveCall: a C-level call (a builtin, a repr or str of an object) counts
 * against the recursion limit together with the frames, as in 3.11; past it, RecursionError
 * with `where` ("while getting the repr of an object"). Pair with leaveRecursiveCall.
 */
export function enterRecursiveCall(vm: PyState, where: string): void {
  if (recursionDepth(vm) >= vm.recursionLimit) raise(vm, 'RecursionError', `maximum recursion depth exceeded${where}`);
  vm.cDepth += 1;
}

export function leaveRecursiveCall(vm: PyState): void {
  vm.cDepth -= 1;
}

/** Calls any callable with owned args; returns an owned result. */
export function call(vm: PyState, fn: ObjectId, args: ObjectId[], kw: [string, ObjectId][], line: number): ObjectId {
  const h = vm.heap;
  if (vm.functions.has(fn)) return callFunction(vm, fn, args, kw);
  try {
    const k = h.kindOf(fn);
    const builtin = vm.builtinFns.get(fn);
    if (builtin !== undefined) {
      enterRecursiveCall(vm, ' while calling a Python object');
      try { return builtin(args, kw); } finally { leaveRecursiveCall(vm); }
    }
    if (k === Kind.Method) {
      const func = h.state.slot(fn, 0);
      const self = h.state.slot(fn, 1);
      h.incref(func);
      h.incref(self);
      try { return call(vm, func, [self, ...args], kw, line); } finally { h.decrefUnchecked(func); args = []; kw = []; }
    }
    if (k === Kind.Type) return callType(vm, fn, args, kw, line);
    if (k === Kind.Weakref) return h.weakrefGet(fn);
    if (k === Kind.Opaque && h.typeName(fn) === 'builtin_function_or_method') return callBoundBuiltin(vm, fn, args, kw, line);
    if (k === Kind.Opaque && h.typeName(fn) === 'finalize') return callFinalize(vm, fn);
    // a staticmethod calls its callable (3.10's staticmethod.__call__)
    if (k === Kind.Opaque && h.typeName(fn) === 'staticmethod') {
      const f = h.state.slot(fn, 0);
      h.incref(f);
      try { return call(vm, f, args, kw, line); } finally { h.decrefUnchecked(f); args = []; kw = []; }
    }
    if (k === Kind.Instance) {
      const m = lookupSpecial(vm, fn, '__call__');
      if (m !== NULL_ID) { h.incref(fn); h.incref(m); try { return call(vm, m, [fn, ...args], kw, line); } finally { h.decrefUnchecked(m); args = []; kw = []; } }
    }
    return raise(vm, 'TypeError', `'${typeName(vm, fn)}' object is not callable`);
  } finally {
    for (const a of args) h.decrefUnchecked(a);
    for (const [, v] of kw) h.decrefUnchecked(v);
  }
}

/** PyErr_WriteUnraisable: the exception goes to stderr with its traceback; execution goes on. */
export function callIgnoringErrors(vm: PyState, fn: ObjectId, args: ObjectId[], header: string): void {
  const h = vm.heap;
  h.incref(fn);
  for (const a of args) h.incref(a);
  try {
    h.decrefUnchecked(call(vm, fn, args, [], currentLine(vm)));
  } catch (e) {
    if (!(e instanceof PyException)) throw e;
    vm.err(header + '\n' + formatTraceback(vm, e, false));
    dropException(vm, e);
  } finally {
    h.decrefUnchecked(fn);
  }
}
