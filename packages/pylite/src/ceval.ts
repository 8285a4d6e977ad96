/**
 * Statement execution (Python/ceval.c's evaluation loop): each statement runs under the
 * log's `record`, with CPython's references on the value stack; assignment targets,
 * unpacking, `del`, loops, try/except, raise, and the name operations (LOAD_FAST /
 * STORE_NAME / DELETE_DEREF and friends) on a frame's slots, class namespace or globals.
 */
import { Kind, NULL_ID, type ObjectId, ObjectsError } from '@pymm/objects';
import { binop, delItem, getItem, setItem } from './abstract.js';
import type { ExceptHandler, Expr, Stmt } from './ast.js';
import { CPYTHON_BUILTIN_NAMES } from './builtinNames.js';
import { call, depthOf, makeFunction } from './call.js';
import { evalAll, evalExpr, truthEval } from './ceval_expr.js';
import { evalIterable } from './compile.js';
import { isSubclassName, PyException } from './errors.js';
import { dropException, excClassOf, exceptionMessage, isException, newException, raise, setCause, setContext, unsupported } from './exceptions.js';
import { getIter, next } from './iterobject.js';
import { listFrom } from './listobject.js';
import { moduleObject } from './modules.js';
import { delAttr, getAttr, ref, setAttr, truth, typeName } from './object.js';
import { BreakSignal, ContinueSignal, type Frame, type PyState, ReturnSignal } from './pystate.js';
import { classDef, lookupSpecial } from './typeobject.js';
import { noteCaught } from './traceback.js';
import { descrGet } from './descrobject.js';

/** ObjectsError codes that are Python exceptions (the others are interpreter bugs). */
const OBJECTS_ERROR_TYPES: Partial<Record<string, string>> = {
  TYPE_ERROR: 'TypeError', KEY_ERROR: 'KeyError', INDEX_ERROR: 'IndexError', ATTRIBUTE_ERROR: 'AttributeError', VALUE_ERROR: 'ValueError',
};

// --- statements --------------------------------------------------------------------------

export function execBlock(vm: PyState, body: readonly Stmt[], f: Frame): void {
  for (const s of body) exec(vm, s, f);
}

function exec(vm: PyState, s: Stmt, f: Frame): void {
  f.line = s.line;
  vm.record({ line: s.line }, () => {
    try {
      if (vm.interrupted !== null && vm.interrupted()) raise(vm, 'KeyboardInterrupt');
      execInner(vm, s, f);
    } catch (err) {
      let e = err;
      // the heap refused an operation the way CPython raises: the same exception here
      if (e instanceof ObjectsError) e = objectsErrorAsException(vm, e);
      if (e instanceof PyException && e.pos === undefined) {
        const span = (s as { span?: [number, number] }).span;
        if (span !== undefined) e.pos = { span, node: s };
      }
      throw e;
    }
  });
}

/** The Python exception for an error the heap raised as CPython would (the error itself for any other). */
export function objectsErrorAsException(vm: PyState, e: ObjectsError): unknown {
  const type = e.code === 'NO_MEMORY' ? 'MemoryError' : OBJECTS_ERROR_TYPES[e.code];
  if (type === undefined) return e;
  // a request past the simulated memory is malloc's NULL (PyErr_NoMemory); its exception
  // comes from CPython's preallocated MemoryError free list: made past the limit
  const limit = vm.heap.memoryLimitBytes;
  vm.heap.memoryLimitBytes = Infinity;
  try {
    if (e.code === 'NO_MEMORY') raise(vm, 'MemoryError');
    raise(vm, type, e.message.replace(/^KeyError: /, ''));
  } catch (converted) {
    return converted;
  } finally {
    vm.heap.memoryLimitBytes = limit;
  }
}

function execInner(vm: PyState, s: Stmt, f: Frame): void {
  const h = vm.heap;
  switch (s.k) {
    case 'Expr': h.decrefUnchecked(evalExpr(vm, s.value, f)); return;
    case 'Assign': {
      const v = evalExpr(vm, s.value, f);
      for (let i = 0; i < s.targets.length; i++) {
        if (i < s.targets.length - 1) h.incref(v);
        assign(vm, s.targets[i]!, v, f);
      }
      return;
    }
    case 'AugAssign': return augAssign(vm, s, f);
    case 'Del': for (const t of s.targets) del(vm, t, f); return;
    case 'Pass': return;
    case 'If': {
      if (truthEval(vm, s.test, f)) execBlock(vm, s.body, f);
      else execBlock(vm, s.orelse, f);
      return;
    }
    case 'While': {
      // the test runs again after each pass of the body: a line event of its own, as in CPython
      for (let again = false; ; again = true) {
        f.line = s.line;
        if (!(again ? vm.record({ line: s.line }, () => truthEval(vm, s.test, f)) : truthEval(vm, s.test, f))) { execBlock(vm, s.orelse, f); return; }
        try {
          execBlock(vm, s.body, f);
        } catch (e) {
          if (e instanceof BreakSignal) return;
          if (e instanceof ContinueSignal) continue;
          throw e;
        }
      }
    }
    case 'For': return forStmt(vm, s, f);
    case 'Break': throw new BreakSignal();
    case 'Continue': throw new ContinueSignal();
    case 'Return': throw new ReturnSignal(s.value ? evalExpr(vm, s.value, f) : h.none());
    case 'Def': {
      const decorators = evalDecorators(vm, s.decorators, f);
      let fn: ObjectId;
      try { fn = makeFunction(vm, s.name, s.params, s.body, null, null, f, s); } catch (e) { for (const d of decorators) h.decrefUnchecked(d); throw e; }
      storeName(vm, s.name, decorate(vm, fn, decorators, f), f);
      return;
    }
    case 'Class': return classDef(vm, s, f);
    case 'Global': case 'Nonlocal': return;
    case 'Assert': {
      if (!truthEval(vm, s.test, f)) {
        // the traceback points at the test (where the compiler puts the raise)
        const at = (e: unknown) => { if (e instanceof PyException && e.pos === undefined) e.pos = { span: (s.test as unknown as { span: [number, number] }).span, node: s.test }; return e; };
        if (s.msg) {
          const m = evalExpr(vm, s.msg, f);
          try { raise(vm, 'AssertionError', m); } catch (e) { throw at(e); } finally { h.decrefUnchecked(m); }
        }
        try { raise(vm, 'AssertionError'); } catch (e) { throw at(e); }
      }
      return;
    }
    case 'Import':
      for (const n of s.names) {
        if (!['gc', 'sys', 'weakref'].includes(n.name)) unsupported(`import of '${n.name}'`, s.line);
        storeName(vm, n.asname ?? n.name, ref(vm, moduleObject(vm, n.name)), f);
      }
      return;
    case 'ImportFrom': {
      if (!['gc', 'sys', 'weakref'].includes(s.module)) unsupported(`import from '${s.module}'`, s.line);
      const m = moduleObject(vm, s.module);
      for (const n of s.names) storeName(vm, n.asname ?? n.name, getAttr(vm, m, n.name, s.line), f);
      return;
    }
    case 'Try': return tryStmt(vm, s, f);
    case 'With': return withStmt(vm, s, f, 0);
    case 'Raise': {
      if (s.exc === null) {
        const cur = vm.handling[vm.handling.length - 1];
        if (cur === undefined) raise(vm, 'RuntimeError', 'No active exception to reraise');
        // RERAISE: the same exception with the traceback it already has (where it was first raised)
        h.incref(cur.e.exc);
        const again = new PyException(cur.e.exc, cur.e.typeName, exceptionMessage(vm, cur.e.exc));
        again.traceback.push(...cur.e.traceback);
        again.frames.push(...cur.e.frames.splice(0));
        again.pos = cur.pos;
        throw again;
      }
      // do_raise: the exception (a class is called), then its cause, then the context
      let exc = evalExpr(vm, s.exc, f);
      let cause = NULL_ID;
      try {
        if (s.cause) cause = evalExpr(vm, s.cause, f);
      } catch (e) { h.decrefUnchecked(exc); throw e; }
      try {
        if (vm.excTypeName.has(exc)) {
          const inst = newException(vm, vm.excTypeName.get(exc)!, []);
          h.decrefUnchecked(exc);
          exc = inst;
        }
        if (!isException(vm, exc)) raise(vm, 'TypeError', 'exceptions must derive from BaseException');
        if (s.cause) {
          if (vm.excTypeName.has(cause)) { const inst = newException(vm, vm.excTypeName.get(cause)!, []); h.decrefUnchecked(cause); cause = inst; }
          if (cause === h.noneId) { h.decrefUnchecked(cause); cause = NULL_ID; } else if (!isException(vm, cause)) raise(vm, 'TypeError', 'exception causes must derive from BaseException');
          setCause(vm, exc, cause);
        }
      } catch (e) {
        h.decrefUnchecked(exc);
        throw e;
      } finally {
        h.decrefUnchecked(cause);
      }
      setContext(vm, exc);
      throw new PyException(exc, typeName(vm, exc), exceptionMessage(vm, exc));
    }
  }
}

/** The decorators of a def or class, evaluated top to bottom before what they decorate is made (owned). */
export function evalDecorators(vm: PyState, decorators: readonly Expr[], f: Frame): ObjectId[] {
  return evalAll(vm, decorators, f);
}

/** Applies evaluated decorators, innermost first (CALL each), releasing them: the result (owned). */
export function decorate(vm: PyState, fn: ObjectId, decorators: ObjectId[], f: Frame): ObjectId {
  let v = fn;
  let i = decorators.length - 1;
  try {
    for (; i >= 0; i--) {
      const dec = decorators[i]!;
      try { v = call(vm, dec, [v], [], f.line); } finally { vm.heap.decrefUnchecked(dec); }
    }
  } finally {
    for (let j = i - 1; j >= 0; j--) vm.heap.decrefUnchecked(decorators[j]!);
  }
  return v;
}

function forStmt(vm: PyState, s: Extract<Stmt, { k: 'For' }>, f: Frame): void {
  const h = vm.heap;
  // GET_ITER: the iterator takes its own reference, then the iterable is released
  const src = evalIterable(vm, s.iter, f);
  let it: ObjectId;
  try { it = getIter(vm, src); } finally { h.decrefUnchecked(src); }
  // FOR_ITER after each pass of the body (and the last one, which ends the loop) is a line
  // event of the for statement, as CPython's tracing reports it
  const step = (): boolean => {
    const v = next(vm, it);
    if (v === null) return false;
    assign(vm, s.target, v, f);
    return true;
  };
  try {
    for (let again = false; ; again = true) {
      f.line = s.line;
      if (!(again ? vm.record({ line: s.line }, step) : step())) break;
      try {
        execBlock(vm, s.body, f);
      } catch (e) {
        if (e instanceof BreakSignal) return;
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
    execBlock(vm, s.orelse, f);
  } finally {
    h.decrefUnchecked(it);
  }
}

/**
 * `with` (compiler_with, BEFORE_WITH, WITH_EXCEPT_START): __enter__ and __exit__ are looked
 * up on the manager's type and bound (the bound __exit__ is held for the block); the
 * block's exception goes to __exit__(type, value, traceback), and a true result suppresses
 * it; any other way out calls __exit__(None, None, None). Items nest left to right.
 */
function withStmt(vm: PyState, s: Extract<Stmt, { k: 'With' }>, f: Frame, item: number): void {
  const h = vm.heap;
  if (item === s.items.length) { execBlock(vm, s.body, f); return; }
  const { ctx, target } = s.items[item]!;
  const mgr = evalExpr(vm, ctx, f);
  let exit: ObjectId;
  let res: ObjectId;
  try {
    const type = typeName(vm, mgr);
    const enterFn = lookupSpecial(vm, mgr, '__enter__');
    if (enterFn === NULL_ID) raise(vm, 'TypeError', `'${type}' object does not support the context manager protocol`);
    const enter = boundSpecial(vm, enterFn, mgr, s.line);
    const exitFn = lookupSpecial(vm, mgr, '__exit__');
    if (exitFn === NULL_ID) { h.decrefUnchecked(enter); raise(vm, 'TypeError', `'${type}' object does not support the context manager protocol (missed __exit__ method)`); }
    exit = boundSpecial(vm, exitFn, mgr, s.line);
    try { res = call(vm, enter, [], [], s.line); } catch (e) { h.decrefUnchecked(exit); throw e; } finally { h.decrefUnchecked(enter); }
  } finally {
    h.decrefUnchecked(mgr);
  }
  try {
    try {
      if (target !== null) assign(vm, target, res, f);
      else h.decrefUnchecked(res);
      withStmt(vm, s, f, item + 1);
    } catch (e) {
      if (!(e instanceof PyException)) {
        // break, continue and return leave through __exit__(None, None, None) too
        if (e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof ReturnSignal) {
          try { exitWith(vm, exit, null, s.line); } catch (other) { releasePending(vm, e); throw other; }
        }
        throw e;
      }
      noteCaught(vm, e, e.pos, f);
      vm.handling.push({ e, pos: e.pos });
      let suppress: boolean;
      try {
        suppress = exitWith(vm, exit, e, s.line);
      } catch (other) {
        // __exit__ raised: its exception holds this one as __context__
        dropException(vm, e);
        throw other;
      } finally {
        vm.handling.pop();
      }
      if (!suppress) throw e;
      dropException(vm, e);
      return;
    }
    exitWith(vm, exit, null, s.line);
  } finally {
    h.decrefUnchecked(exit);
  }
}

/** _PyObject_LookupSpecial's result: what was found on the type, through its descriptor (a function bound to the manager). Owned. */
function boundSpecial(vm: PyState, fn: ObjectId, self: ObjectId, line: number): ObjectId {
  return descrGet(vm, fn, self, vm.heap.state.typeOf[self]! as ObjectId, line);
}

/** Calls the bound __exit__ with the exception's (type, value, traceback), or three Nones; whether it said to suppress. */
function exitWith(vm: PyState, exit: ObjectId, e: PyException | null, line: number): boolean {
  const h = vm.heap;
  h.incref(exit);
  let args: ObjectId[];
  if (e === null) args = [h.none(), h.none(), h.none()];
  else {
    // the traceback: pylite keeps none, so __exit__ gets an object that refuses to be read
    const tb = h.opaque('traceback', 56, []);
    args = [ref(vm, excClassOf(vm, e.exc)), ref(vm, e.exc), tb];
  }
  let r: ObjectId;
  try { r = call(vm, exit, args, [], line); } finally { h.decrefUnchecked(exit); }
  try { return e !== null && truth(vm, r); } finally { h.decrefUnchecked(r); }
}

function tryStmt(vm: PyState, s: Extract<Stmt, { k: 'Try' }>, f: Frame): void {
  const h = vm.heap;
  try {
    let handled = false;
    try {
      execBlock(vm, s.body, f);
    } catch (e) {
      if (!(e instanceof PyException) || s.handlers.length === 0) throw e;
      const handler = matchHandler(vm, s.handlers, e, f);
      if (handler === null) throw e;
      handled = true;
      noteCaught(vm, e, e.pos, f);
      vm.handling.push({ e, pos: e.pos });
      e.pos = undefined;
      try {
        if (handler.name) { h.incref(e.exc); storeName(vm, handler.name, e.exc, f); }
        execBlock(vm, handler.body, f);
      } finally {
        vm.handling.pop();
        if (handler.name) deleteName(vm, handler.name, f, true);
        dropException(vm, e);
      }
    }
    if (!handled) execBlock(vm, s.orelse, f);
  } catch (e) {
    if (s.finalbody.length === 0) throw e;
    finallyBlock(vm, s.finalbody, f, e);
  }
  if (s.finalbody.length > 0) execBlock(vm, s.finalbody, f);
}

/**
 * A finally block run on the way out of its try by `pending` (an exception, or a return,
 * break or continue), then `pending` goes on. During it an exception is being handled
 * (PUSH_EXC_INFO): one raised there gets it as __context__. If the block leaves another
 * way (raise, return, break), what was pending is released.
 */
function finallyBlock(vm: PyState, body: readonly Stmt[], f: Frame, pending: unknown): never {
  const exc = pending instanceof PyException ? pending : null;
  if (exc !== null) {
    noteCaught(vm, exc, exc.pos, f);
    vm.handling.push({ e: exc, pos: exc.pos });
  }
  try {
    execBlock(vm, body, f);
  } catch (other) {
    releasePending(vm, pending);
    throw other;
  } finally {
    if (exc !== null) vm.handling.pop();
  }
  throw pending;
}

/** What was on its way out and will not go on: an exception (and the frames it kept), or a return's value. */
function releasePending(vm: PyState, pending: unknown): void {
  if (pending instanceof PyException) dropException(vm, pending);
  else if (pending instanceof ReturnSignal) vm.heap.decrefUnchecked(pending.value);
}

function matchHandler(vm: PyState, handlers: readonly ExceptHandler[], e: PyException, f: Frame): ExceptHandler | null {
  for (const hd of handlers) {
    if (hd.type === null) return hd;
    const t = evalExpr(vm, hd.type, f);
    try {
      const types = vm.heap.kindOf(t) === Kind.Tuple ? vm.heap.items(t) : [t];
      for (const ty of types) {
        const name = vm.excTypeName.get(ty);
        if (name === undefined) raise(vm, 'TypeError', 'catching classes that do not inherit from BaseException is not allowed');
        if (isSubclassName(e.typeName, name)) return hd;
      }
    } finally {
      vm.heap.decrefUnchecked(t);
    }
  }
  return null;
}

// --- assignment --------------------------------------------------------------------------

/** Stores the owned value `v` into `target`. */
export function assign(vm: PyState, target: Expr, v: ObjectId, f: Frame): void {
  const h = vm.heap;
  switch (target.k) {
    case 'Name': storeName(vm, target.id, v, f); return;
    case 'Attr': {
      const obj = evalExpr(vm, target.obj, f);
      try { setAttr(vm, obj, target.name, v, target.line); } catch (e) { throw at(e, target); } finally { h.decrefUnchecked(v); h.decrefUnchecked(obj); }
      return;
    }
    case 'Subscript': {
      const obj = evalExpr(vm, target.obj, f);
      const idx = evalExpr(vm, target.index, f);
      try { setItem(vm, obj, idx, v, target.line); } catch (e) { throw at(e, target); } finally { h.decrefUnchecked(v); h.decrefUnchecked(obj); h.decrefUnchecked(idx); }
      return;
    }
    case 'Tuple': case 'List': {
      // UNPACK_SEQUENCE: the items get new references, then the sequence is released
      const items = unpack(vm, v, target.elts.length, target.line);
      h.decrefUnchecked(v);
      target.elts.forEach((t, i) => assign(vm, t, items[i]!, f));
      return;
    }
    default: unsupported(`assignment to ${target.k}`, target.line);
  }
}

/** Marks a Python exception as raised at `node` (a store / delete target) in this frame. */
function at(e: unknown, node: Expr): unknown {
  if (e instanceof PyException && e.pos === undefined) {
    const span = (node as { span?: [number, number] }).span;
    if (span !== undefined) e.pos = { span, node };
  }
  return e;
}

export function unpack(vm: PyState, v: ObjectId, n: number, line: number): ObjectId[] {
  const h = vm.heap;
  const k = h.kindOf(v);
  let items: ObjectId[];
  if (k === Kind.Tuple || k === Kind.List) items = h.items(v);
  else {
    const l = listFrom(vm, v);
    items = h.items(l);
    for (const x of items) h.incref(x);
    h.decrefUnchecked(l);
    if (items.length !== n) { for (const x of items) h.decrefUnchecked(x); unpackError(vm, items.length, n); }
    return items;
  }
  if (items.length !== n) unpackError(vm, items.length, n);
  for (const x of items) h.incref(x);
  void line;
  return items;
}

function unpackError(vm: PyState, got: number, want: number): never {
  if (got > want) raise(vm, 'ValueError', `too many values to unpack (expected ${want})`);
  return raise(vm, 'ValueError', `not enough values to unpack (expected ${want}, got ${got})`);
}

function augAssign(vm: PyState, s: Extract<Stmt, { k: 'AugAssign' }>, f: Frame): void {
  const h = vm.heap;
  const t = s.target;
  if (t.k === 'Name') {
    const cur = loadName(vm, t.id, f, t.line);
    const v = evalExpr(vm, s.value, f);
    storeName(vm, t.id, binop(vm, s.op, cur, v, s.line, true), f);
    return;
  }
  if (t.k === 'Attr') {
    const obj = evalExpr(vm, t.obj, f);
    try {
      const cur = getAttr(vm, obj, t.name, t.line);
      const v = evalExpr(vm, s.value, f);
      const r = binop(vm, s.op, cur, v, s.line, true);
      try { setAttr(vm, obj, t.name, r, t.line); } finally { h.decrefUnchecked(r); }
    } finally { h.decrefUnchecked(obj); }
    return;
  }
  if (t.k === 'Subscript') {
    const obj = evalExpr(vm, t.obj, f);
    const idx = evalExpr(vm, t.index, f);
    try {
      const cur = getItem(vm, obj, idx, t.line);
      const v = evalExpr(vm, s.value, f);
      const r = binop(vm, s.op, cur, v, s.line, true);
      try { setItem(vm, obj, idx, r, t.line); } finally { h.decrefUnchecked(r); }
    } finally { h.decrefUnchecked(obj); h.decrefUnchecked(idx); }
    return;
  }
  unsupported('this augmented assignment target', s.line);
}

function del(vm: PyState, t: Expr, f: Frame): void {
  const h = vm.heap;
  switch (t.k) {
    case 'Name': deleteName(vm, t.id, f, false); return;
    case 'Attr': {
      const obj = evalExpr(vm, t.obj, f);
      try { delAttr(vm, obj, t.name, t.line); } finally { h.decrefUnchecked(obj); }
      return;
    }
    case 'Subscript': {
      const obj = evalExpr(vm, t.obj, f);
      const idx = evalExpr(vm, t.index, f);
      try { delItem(vm, obj, idx, t.line); } finally { h.decrefUnchecked(obj); h.decrefUnchecked(idx); }
      return;
    }
    case 'Tuple': case 'List': for (const e of t.elts) del(vm, e, f); return;
    default: unsupported(`del of ${t.k}`, t.line);
  }
}

// --- names -------------------------------------------------------------------------------

export function slotOf(name: string, f: Frame): number {
  return f.info?.index.get(name) ?? -1;
}

function isGlobalIn(name: string, f: Frame): boolean {
  if (f.kind === 'module') return true;
  return f.scope.globals.has(name);
}

export function storeName(vm: PyState, name: string, v: ObjectId, f: Frame): void {
  const h = vm.heap;
  if (f.kind === 'function' && !f.scope.globals.has(name)) {
    const i = slotOf(name, f);
    if (i >= 0) {
      const kind = f.info!.kinds[i]!;
      if (kind === 'local') {
        const old = f.slots[i]!;
        f.slots[i] = v;
        vm.tracer?.localSet(depthOf(vm, f), i, v);
        if (old !== NULL_ID) h.decrefUnchecked(old);
      } else {
        h.cellSet(f.slots[i]!, v);
        h.decrefUnchecked(v);
      }
      return;
    }
  }
  const target = f.kind === 'class' && !f.scope.globals.has(name) ? f.ns : f.globals;
  const key = h.internedStr(name);
  try { h.dictSetItem(target, key, v); } finally { h.decrefUnchecked(key); h.decrefUnchecked(v); }
}

function deleteName(vm: PyState, name: string, f: Frame, silent: boolean): void {
  const h = vm.heap;
  if (f.kind === 'function' && !f.scope.globals.has(name)) {
    const i = slotOf(name, f);
    if (i >= 0) {
      if (f.info!.kinds[i] === 'local') {
        const old = f.slots[i]!;
        if (old === NULL_ID) { if (silent) return; raise(vm, 'UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`); }
        f.slots[i] = NULL_ID;
        vm.tracer?.localSet(depthOf(vm, f), i, NULL_ID);
        h.decrefUnchecked(old);
      } else {
        h.cellSet(f.slots[i]!, NULL_ID);
      }
      return;
    }
  }
  const target = f.kind === 'class' && !f.scope.globals.has(name) ? f.ns : f.globals;
  const key = h.internedStr(name);
  try {
    if (h.dictGetItem(target, key) === NULL_ID) { if (silent) return; raise(vm, 'NameError', `name '${name}' is not defined`); }
    h.dictDelItem(target, key);
  } finally { h.decrefUnchecked(key); }
}

/** LOAD_FAST / LOAD_DEREF / LOAD_NAME / LOAD_GLOBAL: a new reference. */
export function loadName(vm: PyState, name: string, f: Frame, line: number): ObjectId {
  const h = vm.heap;
  if (f.kind !== 'module' && !isGlobalIn(name, f)) {
    const i = slotOf(name, f);
    if (i >= 0) {
      const kind = f.info!.kinds[i]!;
      const v = kind === 'local' ? f.slots[i]! : h.state.slot(f.slots[i]!, 0);
      if (v === NULL_ID) {
        if (kind === 'local') raise(vm, 'UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`);
        raise(vm, 'NameError', `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`);
      }
      h.incref(v);
      return v;
    }
  }
  if (f.kind === 'class') {
    const v = h.dictGetStr(f.ns, name);
    if (v !== NULL_ID) return ref(vm, v);
  }
  const g = h.dictGetStr(f.globals, name);
  if (g !== NULL_ID) return ref(vm, g);
  const b = vm.builtins.get(name);
  if (b !== undefined) return ref(vm, b);
  // a builtin CPython has and pylite does not: outside the subset, not a NameError
  if (CPYTHON_BUILTIN_NAMES.has(name)) unsupported(`the built-in '${name}'`, line);
  return raise(vm, 'NameError', `name '${name}' is not defined`);
}
