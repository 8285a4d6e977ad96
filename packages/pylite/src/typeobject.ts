/**
 * Types (Objects/typeobject.c): `class` statements (__build_class__ then type_new),
 * calling a type (the builtin constructors, or object.__new__ then __init__), attribute
 * lookup along the mro, and isinstance.
 */
import { Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import { intOf, newInt } from './abstract.js';
import type { Stmt } from './ast.js';
import { call, callFrame, makeFunction, qualnameFor } from './call.js';
import { decorate, evalDecorators, execBlock, storeName, unpack } from './ceval.js';
import { evalExpr } from './ceval_expr.js';
import { dictUpdate } from './dictobject.js';
import { isSubclassName } from './errors.js';
import { excClassOf, isException, raise, unsupported } from './exceptions.js';
import { bytesRepr, strRepr } from './format.js';
import { floatFromString, intToDouble, longFromString } from './longobject.js';
import { getIter, next } from './iterobject.js';
import { listFrom } from './listobject.js';
import { ref, repr, str, truth, typeName } from './object.js';
import { currentLine, Frame, type PyState } from './pystate.js';
import { checkBuiltinArgs } from './getargs.js';
import { hashKey } from './pyhash.js';
import { setNames } from './descrobject.js';
import { newSet } from './setobject.js';
import { strOf } from './unicodeobject.js';

// --- class statements and calling types --------------------------------------------------

export function classDef(vm: PyState, s: Extract<Stmt, { k: 'Class' }>, f: Frame): void {
  const h = vm.heap;
  // the decorators first; LOAD_BUILD_CLASS; MAKE_FUNCTION (the body); bases; CALL __build_class__
  const decorators = evalDecorators(vm, s.decorators, f);
  let cls: ObjectId;
  try { cls = classBody(vm, s, f); } catch (e) { for (const d of decorators) h.decrefUnchecked(d); throw e; }
  storeName(vm, s.name, decorate(vm, cls, decorators, f), f);
}

/** The class a class statement makes (owned), before its decorators. */
function classBody(vm: PyState, s: Extract<Stmt, { k: 'Class' }>, f: Frame): ObjectId {
  const h = vm.heap;
  const bodyFn = makeFunction(vm, s.name, [], s.body, null, null, f, s);
  const bases = s.bases.map((b) => evalExpr(vm, b, f));
  const ns = h.dict();
  const scope = f.scope.children.get(s)!;
  const info = vm.functions.get(bodyFn)!;
  const frame = new Frame('class', scope, info, bodyFn, f.globals, ns, s.name);
  let cls: ObjectId = NULL_ID;
  try {
    // the class body sets __module__ and __qualname__ first
    const mod = h.str('__main__');
    storeName(vm, '__module__', mod, frame);
    storeName(vm, '__qualname__', h.str(qualnameFor(s.name, f)), frame);
    callFrame(vm, frame, () => execBlock(vm, s.body, frame));
    const attrs: [string, ObjectId][] = [];
    const names: [ObjectId, ObjectId][] = [];
    let slots: string[] | undefined;
    let hasDel = false;
    const entries = h.state.slots(ns);
    for (let i = 0; i < entries.length; i += 2) {
      const k = entries[i]!;
      if (k === NULL_ID) continue;
      const name = h.value(k) as string;
      const v = entries[i + 1]!;
      if (name === '__module__' || name === '__qualname__') continue;
      if (name === '__slots__') {
        const kind = h.kindOf(v);
        slots = kind === Kind.Str ? [h.value(v) as string] : h.items(v).map((x) => strOf(vm, x));
      }
      if (name === '__del__') hasDel = true;
      attrs.push([name, v]);
      names.push([k, v]);
    }
    for (const b of bases) {
      if (h.kindOf(b) !== Kind.Type || (b !== h.typeIds.get('object') && h.state.types.get(b)?.isHeap !== true)) {
        const cls = /^<class '(.*)'>$/.exec(repr(vm, b));
        unsupported(cls !== null ? `a class deriving from the built-in '${cls[1]}'` : `a class deriving from ${repr(vm, b)}, which is not a class,`, s.line);
      }
    }
    cls = h.newClass(s.name, { bases, attributes: attrs, hasDel, ...(slots ? { slots } : {}) });
    setNames(vm, names);
    vm.classQualnames.set(cls, qualnameFor(s.name, f));
  } finally {
    h.decrefUnchecked(ns);
    for (const b of bases) h.decrefUnchecked(b);
    h.decrefUnchecked(bodyFn);
  }
  return cls;
}

/** type(...) calls: builtin constructors, and classes (object.__new__ then __init__). */
export function callType(vm: PyState, t: ObjectId, args: ObjectId[], kw: [string, ObjectId][], line: number): ObjectId {
  const h = vm.heap;
  const spec = h.state.types.get(t)!;
  if (!spec.isHeap) return construct(vm, spec.name, args, kw);
  const obj = h.instance(t);
  const init = lookupClassAttr(vm, t, '__init__');
  if (init === NULL_ID) {
    if (args.length > 0 || kw.length > 0) { h.decrefUnchecked(obj); raise(vm, 'TypeError', `${spec.name}() takes no arguments`); }
    return obj;
  }
  h.incref(init);
  h.incref(obj);
  for (const a of args) h.incref(a);
  for (const [, v] of kw) h.incref(v);
  let r: ObjectId;
  try {
    r = call(vm, init, [obj, ...args], kw, line);
  } catch (e) {
    h.decrefUnchecked(obj);
    throw e;
  } finally {
    h.decrefUnchecked(init);
  }
  if (r !== h.noneId) {
    h.decrefUnchecked(r);
    h.decrefUnchecked(obj);
    raise(vm, 'TypeError', `__init__() should return None, not '${typeName(vm, r)}'`);
  }
  h.decrefUnchecked(r);
  return obj;
}

// --- builtin types' constructors ---------------------------------------------------------

export function construct(vm: PyState, name: string, args: ObjectId[], kw: [string, ObjectId][]): ObjectId {
  const h = vm.heap;
  checkBuiltinArgs(vm, name, args.length, kw, currentLine(vm));
  const a = args[0];
  switch (name) {
    case 'int': {
      if (a === undefined) return newInt(vm, 0n);
      const k = h.kindOf(a);
      if (args[1] !== undefined) {
        // long_new_impl: the base's range first, then the value's type
        const base = Number(intOf(vm, args[1]));
        if (base !== 0 && (base < 2 || base > 36)) raise(vm, 'ValueError', 'int() base must be >= 2 and <= 36, or 0');
        if (k !== Kind.Str && k !== Kind.Bytes) raise(vm, 'TypeError', "int() can't convert non-string with explicit base");
      }
      if (k === Kind.Int) return ref(vm, a);
      if (k === Kind.Bool) return newInt(vm, h.value(a) ? 1n : 0n);
      if (k === Kind.Float) {
        const v = h.value(a) as number;
        if (!Number.isFinite(v)) raise(vm, Number.isNaN(v) ? 'ValueError' : 'OverflowError', Number.isNaN(v) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
        return newInt(vm, BigInt(Math.trunc(v)));
      }
      if (k === Kind.Str || k === Kind.Bytes) {
        const base = args[1] !== undefined ? Number(intOf(vm, args[1])) : 10;
        if (base !== 0 && (base < 2 || base > 36)) raise(vm, 'ValueError', 'int() base must be >= 2 and <= 36, or 0');
        const text = h.value(a) as string;
        const parsed = longFromString(text, base, k === Kind.Bytes);
        if (parsed === null) raise(vm, 'ValueError', `invalid literal for int() with base ${base}: ${[...(k === Kind.Bytes ? bytesRepr(text) : strRepr(text))].slice(0, 200).join('')}`);
        // only bases that are not powers of two are limited (long_from_string_base)
        const b = parsed.base;
        if ((b & (b - 1)) !== 0 && vm.intMaxStrDigits > 0 && parsed.digits > vm.intMaxStrDigits) {
          raise(vm, 'ValueError', `Exceeds the limit (${vm.intMaxStrDigits} digits) for integer string conversion: value has ${parsed.digits} digits; use sys.set_int_max_str_digits() to increase the limit`);
        }
        // PyLong_FromString sizes the result from the number of digits in the text
        const alloc = Math.floor(parsed.digits * (Math.log(b) / Math.log(2 ** 30))) + 1;
        return h.int(parsed.value, alloc);
      }
      return raise(vm, 'TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${typeName(vm, a)}'`);
    }
    case 'float': {
      if (a === undefined) return h.float(0);
      const k = h.kindOf(a);
      if (k === Kind.Float) return ref(vm, a);
      if (k === Kind.Int || k === Kind.Bool) return h.float(intToDouble(vm, intOf(vm, a)));
      if (k === Kind.Str || k === Kind.Bytes) {
        const v = floatFromString(h.value(a) as string, k === Kind.Bytes);
        if (v === null) raise(vm, 'ValueError', `could not convert string to float: ${k === Kind.Bytes ? bytesRepr(h.value(a) as string) : strRepr(h.value(a) as string)}`);
        return h.float(v);
      }
      return raise(vm, 'TypeError', `float() argument must be a string or a real number, not '${typeName(vm, a)}'`);
    }
    // PyObject_Str: an exact str is itself
    case 'str': return a === undefined ? h.str('') : h.kindOf(a) === Kind.Str ? ref(vm, a) : h.str(str(vm, a));
    case 'bool': return h.bool(a === undefined ? false : truth(vm, a));
    case 'list': return a === undefined ? h.list() : listFrom(vm, a);
    case 'tuple': {
      if (a === undefined) return h.tuple([]);
      if (h.kindOf(a) === Kind.Tuple) return ref(vm, a);
      const l = listFrom(vm, a);
      const t = h.tuple(h.items(l));
      h.decrefUnchecked(l);
      return t;
    }
    case 'dict': {
      const d = h.dict();
      if (a !== undefined) {
        if (h.kindOf(a) === Kind.Dict) dictUpdate(vm, d, a);
        else {
          const it = getIter(vm, a);
          try {
            for (let x = next(vm, it); x !== null; x = next(vm, it)) {
              const [k2, v2] = unpack(vm, x, 2, 0);
              h.decrefUnchecked(x);
              try { hashKey(vm, k2!); } catch (e) { h.decrefUnchecked(k2!); h.decrefUnchecked(v2!); throw e; }
              h.dictSetItem(d, k2!, v2!);
              h.decrefUnchecked(k2!); h.decrefUnchecked(v2!);
            }
          } finally { h.decrefUnchecked(it); }
        }
      }
      for (const [k, v] of kw) { const key = h.str(k); h.dictSetItem(d, key, v); h.decrefUnchecked(key); }
      return d;
    }
    case 'set': case 'frozenset': {
      // frozenset(x) of an exact frozenset is x itself (frozenset_new)
      if (name === 'frozenset' && a !== undefined && h.kindOf(a) === Kind.FrozenSet) return ref(vm, a);
      return newSet(vm, a, name === 'frozenset');
    }
    case 'object': return h.object();
    case 'type': {
      if (args.length === 1) return ref(vm, typeOf(vm, a!));
      return unsupported('type() with three arguments', currentLine(vm));
    }
    case 'bytes': {
      if (a === undefined) return h.bytes('');
      if (h.kindOf(a) === Kind.Int) return h.bytes('\0'.repeat(Number(intOf(vm, a))), { fresh: true });
      return unsupported('bytes() of this argument', currentLine(vm));
    }
    case 'weakref': return h.weakref(args[0]!, args[1] ?? NULL_ID);
    default: return raise(vm, 'TypeError', `cannot create '${name}' instances`);
  }
}

// --- type(x), lookup along the mro, isinstance -------------------------------------------

function typeOf(vm: PyState, x: ObjectId): ObjectId {
  const h = vm.heap;
  if (isException(vm, x)) return excClassOf(vm, x);
  const k = h.kindOf(x);
  if (k === Kind.Builtin || k === Kind.Opaque || k === Kind.OpaqueAtom) return h.staticObject('type', typeName(vm, x));
  return h.state.typeOf[x]! as ObjectId;
}

/** Looks `name` up in the class's mro dicts (borrowed, or NULL_ID). */
export function lookupClassAttr(vm: PyState, cls: ObjectId, name: string): ObjectId {
  const h = vm.heap;
  const spec = h.state.types.get(cls);
  if (spec === undefined) return NULL_ID;
  for (const t of spec.mro) {
    const ts = h.state.types.get(t)!;
    if (!ts.isHeap) continue;
    const dict = h.state.slot(t, 0);
    if (dict === NULL_ID) continue;
    const v = h.dictGetStr(dict, name);
    if (v !== NULL_ID) return v;
  }
  return NULL_ID;
}

export function lookupSpecial(vm: PyState, obj: ObjectId, name: string): ObjectId {
  const h = vm.heap;
  if (h.kindOf(obj) !== Kind.Instance) return NULL_ID;
  return lookupClassAttr(vm, h.state.typeOf[obj]! as ObjectId, name);
}

export function isInstance(vm: PyState, obj: ObjectId, cls: ObjectId): boolean {
  const h = vm.heap;
  if (h.kindOf(cls) === Kind.Tuple) return h.items(cls).some((c) => isInstance(vm, obj, c));
  if (vm.excTypeName.has(cls)) return isException(vm, obj) && isSubclassName(typeName(vm, obj), vm.excTypeName.get(cls)!);
  // a builtin type pylite keeps as a name (property, range, ...): its instances say it
  if (h.kindOf(cls) === Kind.Builtin && (h.value(cls) as string).startsWith('type:')) return typeName(vm, obj) === (h.value(cls) as string).slice(5);
  if (h.kindOf(cls) !== Kind.Type) raise(vm, 'TypeError', 'isinstance() arg 2 must be a type, a tuple of types, or a union');
  const t = typeOf(vm, obj);
  if (t === cls) return true;
  if (cls === h.typeIds.get('object')) return true;
  if (cls === h.typeIds.get('int') && h.kindOf(obj) === Kind.Bool) return true;
  const spec = h.state.types.get(t);
  return spec !== undefined && spec.mro.includes(cls);
}
