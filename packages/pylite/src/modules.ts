/**
 * The builtin modules a program may import (Modules/gcmodule.c, Python/sysmodule.c,
 * Modules/_weakref.c): module objects and their attributes, and weakref.finalize (as
 * Lib/weakref.py implements it: a registry of pending finalizers run at exit).
 */
import { Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import { cIntOf, intOf, newInt, PY_SSIZE_T_MAX } from './abstract.js';
import { defineBuiltin, one } from './bltinmodule.js';
import { call, recursionDepth } from './call.js';
import { dictPairs } from './dictobject.js';
import { PyException } from './errors.js';
import { dropException, newException, raise } from './exceptions.js';
import { checkBuiltinArgs } from './getargs.js';
import { type Builtin, currentLine, type PyState } from './pystate.js';
import { ref, truth, typeName } from './object.js';
import { formatTraceback } from './traceback.js';

export function moduleObject(vm: PyState, name: string): ObjectId {
  let m = vm.modules.get(name);
  if (m === undefined) {
    m = vm.heap.staticObject('module', name);
    vm.modules.set(name, m);
  }
  return m;
}

/**
 * gc.is_tracked: a GC object in one of the collector's lists. Of the interpreter's own
 * objects, modules and builtin functions are GC objects CPython tracks (in the oldest
 * generation); static types (int, ValueError, property) are not GC objects.
 */
const BUILTIN_TYPES_IN_CPYTHON = new Set(['bool', 'bytearray', 'bytes', 'classmethod', 'complex', 'dict', 'enumerate', 'filter', 'float', 'frozenset', 'int', 'list', 'map', 'memoryview', 'object', 'property', 'range', 'reversed', 'set', 'slice', 'staticmethod', 'str', 'super', 'tuple', 'type', 'zip']);

function isTrackedNow(vm: PyState, x: ObjectId): boolean {
  const h = vm.heap;
  if (h.kindOf(x) === Kind.Builtin) {
    const t = typeName(vm, x);
    if (t === 'module') return true;
    // pylite's builtins that are static types in CPython (range, zip, ...) are not tracked
    const name = (h.value(x) as string).split(':')[1] ?? '';
    return t === 'builtin_function_or_method' && !BUILTIN_TYPES_IN_CPYTHON.has(name);
  }
  return h.isGc(x) && h.isTracked(x);
}

export function setupModules(vm: PyState): void {
  const h = vm.heap;
  const gc = vm.gc;
  const attrs = (mod: string, entries: Record<string, () => ObjectId>) => vm.moduleAttrs.set(moduleObject(vm, mod), new Map(Object.entries(entries)));
  const fn = (mod: string, name: string, f: Builtin) => {
    const id = defineBuiltin(vm, `${mod}.${name}`, (args, kw) => { checkBuiltinArgs(vm, `${mod}.${name}`, args.length, kw, currentLine(vm)); return f(args, kw); });
    return () => (h.incref(id), id);
  };
  const intc = (v: number) => () => newInt(vm, BigInt(v));
  const tupleOf = (vals: number[]) => { const items = vals.map((v) => newInt(vm, BigInt(v))); const t = h.tuple(items); for (const x of items) h.decrefUnchecked(x); return t; };
  const listOf = (ids: ObjectId[]) => h.list(ids);
  const gen = (args: ObjectId[], kw: [string, ObjectId][]) => {
    const g = args[0] ?? kw.find(([k]) => k === 'generation')?.[1];
    return g === undefined || g === h.noneId ? undefined : Number(intOf(vm, g));
  };
  attrs('gc', {
    collect: fn('gc', 'collect', (args, kw) => {
      const g = gen(args, kw) ?? 2;
      if (g < 0 || g > 2) raise(vm, 'ValueError', 'invalid generation');
      return newInt(vm, BigInt(gc.collect(g)));
    }),
    enable: fn('gc', 'enable', () => { gc.enable(); return h.none(); }),
    disable: fn('gc', 'disable', () => { gc.disable(); return h.none(); }),
    isenabled: fn('gc', 'isenabled', () => h.bool(gc.isEnabled())),
    get_count: fn('gc', 'get_count', () => tupleOf(gc.getCount())),
    get_threshold: fn('gc', 'get_threshold', () => tupleOf(gc.getThreshold())),
    set_threshold: fn('gc', 'set_threshold', (args) => {
      if (args.length === 0) raise(vm, 'TypeError', `set_threshold() takes at least 1 argument (0 given)`);
      const v = args.map((a) => Number(intOf(vm, a)));
      gc.setThreshold(v[0]!, v[1], v[2]);
      return h.none();
    }),
    get_objects: fn('gc', 'get_objects', (args, kw) => {
      const g = gen(args, kw);
      if (g !== undefined && g >= 3) raise(vm, 'ValueError', 'generation parameter must be less than the number of available generations (3)');
      if (g !== undefined && g < 0) raise(vm, 'ValueError', 'generation parameter cannot be negative');
      return listOf(gc.getObjects(g));
    }),
    get_referrers: fn('gc', 'get_referrers', (args) => listOf(gc.getReferrers(args))),
    get_referents: fn('gc', 'get_referents', (args) => listOf(gc.getReferents(args))),
    is_tracked: fn('gc', 'is_tracked', (args) => h.bool(isTrackedNow(vm, args[0]!))),
    is_finalized: fn('gc', 'is_finalized', (args) => h.bool(h.isFinalized(args[0]!))),
    freeze: fn('gc', 'freeze', () => { gc.freeze(); return h.none(); }),
    unfreeze: fn('gc', 'unfreeze', () => { gc.unfreeze(); return h.none(); }),
    get_freeze_count: fn('gc', 'get_freeze_count', () => newInt(vm, BigInt(gc.getFreezeCount()))),
    get_stats: fn('gc', 'get_stats', () => {
      const dicts = gc.getStats().map((st) => {
        const d = h.dict();
        for (const [k, v] of Object.entries(st)) { const key = h.internedStr(k); const val = newInt(vm, BigInt(v)); h.dictSetItem(d, key, val); h.decrefUnchecked(key); h.decrefUnchecked(val); }
        return d;
      });
      const l = h.list(dicts);
      for (const d of dicts) h.decrefUnchecked(d);
      return l;
    }),
    set_debug: fn('gc', 'set_debug', (args) => { gc.setDebug(Number(intOf(vm, args[0]!))); return h.none(); }),
    get_debug: fn('gc', 'get_debug', () => newInt(vm, BigInt(gc.getDebug()))),
    garbage: () => (h.incref(gc.garbage()), gc.garbage()),
    callbacks: () => (h.incref(gc.callbacks()), gc.callbacks()),
    DEBUG_STATS: intc(1), DEBUG_COLLECTABLE: intc(2), DEBUG_UNCOLLECTABLE: intc(4), DEBUG_SAVEALL: intc(32), DEBUG_LEAK: intc(38),
  });
  attrs('sys', {
    getrefcount: fn('sys', 'getrefcount', (args) => newInt(vm, BigInt(h.refcount(one(vm, args, 'getrefcount'))))),
    getsizeof: fn('sys', 'getsizeof', (args) => newInt(vm, BigInt(sizeof(vm, args[0]!)))),
    exit: fn('sys', 'exit', (args) => { throw new PyException(newException(vm, 'SystemExit', args), 'SystemExit', ''); }),
    maxsize: () => newInt(vm, PY_SSIZE_T_MAX),
    getrecursionlimit: fn('sys', 'getrecursionlimit', () => newInt(vm, BigInt(vm.recursionLimit))),
    setrecursionlimit: fn('sys', 'setrecursionlimit', (args) => {
      const n = cIntOf(vm, args[0]!);
      if (n < 1) raise(vm, 'ValueError', 'recursion limit must be greater or equal than 1');
      // the depth counts this call too (3.11 counts C calls with the frames)
      const depth = recursionDepth(vm);
      if (depth >= n) raise(vm, 'RecursionError', `cannot set the recursion limit to ${n} at the recursion depth ${depth}: the limit is too low`);
      vm.recursionLimit = n;
      return h.none();
    }),
    get_int_max_str_digits: fn('sys', 'get_int_max_str_digits', () => newInt(vm, BigInt(vm.intMaxStrDigits))),
    set_int_max_str_digits: fn('sys', 'set_int_max_str_digits', (args, kw) => {
      const v = args[0] ?? kw.find(([k]) => k === 'maxdigits')![1];
      const n = cIntOf(vm, v);
      if (n !== 0 && n < 640) raise(vm, 'ValueError', 'maxdigits must be 0 or larger than 640');
      vm.intMaxStrDigits = n;
      return h.none();
    }),
  });
  attrs('weakref', {
    ref: () => { const id = weakrefType(vm); h.incref(id); return id; },
    finalize: fn('weakref', 'finalize', (args, kw) => makeFinalize(vm, args, kw)),
  });
}

/**
 * weakref.finalize(obj, func, *args, **kwargs): an object holding func and its
 * arguments, registered (kept alive) until it runs, with a weakref to obj whose
 * callback is the finalize object itself.
 */
function makeFinalize(vm: PyState, args: ObjectId[], kw: [string, ObjectId][]): ObjectId {
  const h = vm.heap;
  const [obj, func, ...rest] = args;
  if (obj === undefined || func === undefined) raise(vm, 'TypeError', 'finalize expected at least 2 positional arguments');
  const tuple = h.tuple(rest);
  const kwargs = h.dict();
  for (const [k, v] of kw) { const key = h.str(k); h.dictSetItem(kwargs, key, v); h.decrefUnchecked(key); }
  const fin = h.opaque('finalize', 48, [func, tuple, kwargs, NULL_ID]);
  h.decrefUnchecked(tuple);
  h.decrefUnchecked(kwargs);
  const wr = h.weakref(obj, fin);
  h.opaqueSet(fin, 3, wr);
  h.decrefUnchecked(wr);
  h.incref(fin);
  vm.finalizers.push(fin);
  vm.finalizersDirty = true;
  return fin;
}

/** finalize.__call__: runs once (detaching it from the registry), returns func's result; later calls give None. */
export function callFinalize(vm: PyState, fin: ObjectId): ObjectId {
  const h = vm.heap;
  const i = vm.finalizers.indexOf(fin);
  if (i < 0) return h.none();
  vm.finalizers.splice(i, 1);
  const [func, tuple, kwargs] = [0, 1, 2].map((k) => h.state.slot(fin, k));
  h.incref(func!);
  const args = h.items(tuple!);
  for (const a of args) h.incref(a);
  const kw = dictPairs(vm, kwargs!).map(([k, v]): [string, ObjectId] => { h.incref(v); return [h.value(k) as string, v]; });
  try {
    return call(vm, func!, args, kw, currentLine(vm));
  } finally {
    h.decrefUnchecked(func!);
    releaseFinalizeInfo(vm, fin);
    h.decrefUnchecked(fin); // the registry's reference
  }
}

/**
 * Unregistered (run or detached), a finalizer no longer holds its weakref, func and
 * arguments: CPython keeps them in the registry's _Info, freed when it is popped. Its
 * __slots__ are sorted by name (type_new sorts them), so they are cleared as args,
 * func, kwargs, weakref.
 */
function releaseFinalizeInfo(vm: PyState, fin: ObjectId): void {
  const h = vm.heap;
  if (!h.isAlive(fin)) return;
  for (const k of [1, 0, 2, 3]) if (h.state.slot(fin, k) !== NULL_ID) h.opaqueSet(fin, k, NULL_ID);
}

/**
 * finalize.peek() and detach(): (obj, func, args, kwargs) while it is registered and obj
 * lives (kwargs a new {} when there were none), else None; detach also unregisters it.
 */
export function finalizeMethod(vm: PyState, fin: ObjectId, name: 'peek' | 'detach'): ObjectId {
  const h = vm.heap;
  const i = vm.finalizers.indexOf(fin);
  if (i < 0) return h.none();
  const obj = h.weakrefGet(h.state.slot(fin, 3));
  if (obj === h.noneId) return obj;
  const [func, args, kwargs] = [0, 1, 2].map((k) => h.state.slot(fin, k)) as [ObjectId, ObjectId, ObjectId];
  const kw = h.dictUsed(kwargs) > 0 ? ref(vm, kwargs) : h.dict();
  const t = h.tuple([obj, func, args, kw]);
  h.decrefUnchecked(obj);
  h.decrefUnchecked(kw);
  if (name === 'detach') {
    vm.finalizers.splice(i, 1);
    releaseFinalizeInfo(vm, fin);
    h.decrefUnchecked(fin); // the registry's reference
  }
  return t;
}

/** finalize.atexit: whether it runs at exit (False once it is no longer registered); set only while registered. */
export function finalizeAtexit(vm: PyState, fin: ObjectId, value?: ObjectId): ObjectId {
  const h = vm.heap;
  const registered = vm.finalizers.includes(fin);
  if (value === undefined) return h.bool(registered && !vm.finalizersNotAtExit.has(fin));
  if (registered) {
    if (truth(vm, value)) vm.finalizersNotAtExit.delete(fin);
    else vm.finalizersNotAtExit.add(fin);
  }
  return NULL_ID;
}

/**
 * weakref's atexit hook (finalize._exitfunc): with gc disabled while it runs (when it was
 * enabled), the finalizers whose atexit is true, newest first. The list is chosen once,
 * and again only after a new finalizer was made (`_dirty`): one that a callback
 * unregisters or marks atexit=False meanwhile still runs if it is still registered.
 */
export function runExitFinalizers(vm: PyState): void {
  if (vm.finalizers.length === 0) return;
  const reenable = vm.gc.isEnabled();
  if (reenable) vm.gc.disable();
  try {
    let pending: ObjectId[] | null = null;
    for (;;) {
      if (pending === null || vm.finalizersDirty) {
        pending = vm.finalizers.filter((f) => !vm.finalizersNotAtExit.has(f));
        vm.finalizersDirty = false;
      }
      const fin = pending.pop();
      if (fin === undefined) break;
      vm.heap.incref(fin);
      try {
        vm.heap.decrefUnchecked(callFinalize(vm, fin));
      } catch (e) {
        if (!(e instanceof PyException)) throw e;
        vm.err('Exception ignored in atexit callback\n' + formatTraceback(vm, e, false));
        dropException(vm, e);
      } finally {
        vm.heap.decrefUnchecked(fin);
      }
    }
  } finally {
    if (reenable) vm.gc.enable();
  }
}

function weakrefType(vm: PyState): ObjectId {
  if (vm.weakrefTypeId === NULL_ID) {
    vm.weakrefTypeId = vm.heap.typeIds.get('weakref')!;
    vm.builtinFns.set(vm.weakrefTypeId, (args) => vm.heap.weakref(args[0]!, args[1] ?? NULL_ID));
  }
  return vm.weakrefTypeId;
}

function sizeof(vm: PyState, x: ObjectId): number {
  const h = vm.heap;
  if (h.kindOf(x) === Kind.Builtin) return 72;
  return h.getsizeof(x);
}
