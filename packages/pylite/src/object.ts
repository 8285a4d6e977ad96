/**
 * The generic object protocol (Objects/object.c): attributes, truth, str and repr, rich
 * comparison (==, <, and the ordering checks), callable().
 */
import { F_STATIC, FUNC_CLOSURE, FUNC_DEFAULTS, FUNC_DICT, FUNC_GLOBALS, FUNC_KWDEFAULTS, FUNC_NAME, FUNC_QUALNAME, Kind, LongText, NULL_ID, type ObjectId } from '@pymm/objects';
import { contains, intOf, len } from './abstract.js';
import { compare as richCompare } from './compare.js';
import { call, enterRecursiveCall, leaveRecursiveCall } from './call.js';
import { dictGet, dictPairs } from './dictobject.js';
import { descrGet, descriptorAttr, isClassMethod, isProperty, isStaticMethod, methodWrapperRepr, propertySet } from './descrobject.js';
import { EXC_ARGS, EXC_CAUSE, EXC_CONTEXT, EXC_DICT, excClassOf, exceptionMessage, isException, raise, unsupported } from './exceptions.js';
import { bytesRepr, decimalOrLimit, floatRepr, strRepr } from './format.js';
import { hasMethod } from './methodobject.js';
import { finalizeAtexit } from './modules.js';
import { currentLine, type PyState } from './pystate.js';
import { lookupClassAttr, lookupSpecial } from './typeobject.js';

export function ref(vm: PyState, id: ObjectId): ObjectId {
  vm.heap.incref(id);
  return id;
}

export function typeName(vm: PyState, id: ObjectId): string {
  if (isException(vm, id)) return vm.excTypeName.get(excClassOf(vm, id))!;
  return vm.heap.typeName(id);
}

// --- attributes --------------------------------------------------------------------------

/** obj.name: a new reference (a bound method for functions found on the class). */
export function getAttr(vm: PyState, obj: ObjectId, name: string, line: number): ObjectId {
  const h = vm.heap;
  const k = h.kindOf(obj);
  if (k === Kind.Instance) {
    if (name === '__dict__') return ref(vm, h.instanceDict(obj));
    if (name === '__class__') return ref(vm, h.state.typeOf[obj]! as ObjectId);
    // PyObject_GenericGetAttr: a data descriptor on the class, the instance's own, then the class's
    const cls = h.state.typeOf[obj]! as ObjectId;
    const c = lookupClassAttr(vm, cls, name);
    if (c !== NULL_ID && isProperty(vm, c)) return descrGet(vm, c, obj, cls, line);
    const v = h.getAttr(obj, name);
    if (v !== NULL_ID) return ref(vm, v);
    if (c !== NULL_ID) return descrGet(vm, c, obj, cls, line);
  } else if (k === Kind.Type && (h.state.flags[obj]! & F_STATIC) === 0) {
    if (name === '__name__') return h.str(h.state.types.get(obj)!.name);
    if (name === '__qualname__') return h.str(vm.classQualnames.get(obj) ?? h.state.types.get(obj)!.name);
    if (name === '__dict__') return ref(vm, h.state.slot(obj, 0));
    if (name === '__mro__') return ref(vm, h.state.slot(obj, 1));
    if (name === '__bases__') return ref(vm, h.state.slot(obj, 2));
    if (name === '__base__') return ref(vm, h.state.slot(obj, 3));
    const c = lookupClassAttr(vm, obj, name);
    if (c !== NULL_ID) return descrGet(vm, c, NULL_ID, obj, line);
  } else if (k === Kind.Builtin) {
    const attrs = vm.moduleAttrs.get(obj);
    const a = attrs?.get(name);
    if (a !== undefined) return a();
    if (name === '__name__') return h.str(((h.value(obj) as string).split(':')[1] ?? '').replace(/^.*\./, ''));
    if (vm.excTypeName.has(obj) && name === '__name__') return h.str(vm.excTypeName.get(obj)!);
  } else if (k === Kind.Function) {
    const v = functionAttr(vm, obj, name, line);
    if (v !== NULL_ID) return v;
  } else if (k === Kind.Cell && name === 'cell_contents') {
    const v = h.state.slot(obj, 0);
    if (v === NULL_ID) raise(vm, 'ValueError', 'Cell is empty');
    return ref(vm, v);
  } else if (k === Kind.Type) {
    if (name === '__name__') return h.str(h.state.types.get(obj)!.name);
  } else if (k === Kind.Opaque && h.typeName(obj) === 'finalize') {
    if (name === 'alive') return h.bool(vm.finalizers.includes(obj));
    if (name === 'atexit') return finalizeAtexit(vm, obj);
  } else if (k === Kind.Opaque && isException(vm, obj)) {
    if (name === 'args') return ref(vm, h.state.slot(obj, EXC_ARGS));
    if (name === '__context__' || name === '__cause__') {
      const v = h.state.slot(obj, name === '__context__' ? EXC_CONTEXT : EXC_CAUSE);
      return ref(vm, v === NULL_ID ? h.noneId : v);
    }
    if (name === '__suppress_context__') return h.bool(vm.suppressContext.has(obj));
    if (name === '__traceback__' || name === 'with_traceback' || name === 'add_note' || name === '__notes__') return unsupported(`exception.${name} (pylite keeps no traceback objects)`, line);
    if (name === '__dict__') return ref(vm, exceptionDict(vm, obj));
    const v = exceptionDictGet(vm, obj, name);
    if (v !== NULL_ID) return ref(vm, v);
  } else if (k === Kind.Opaque && h.typeName(obj) === 'traceback') {
    // the traceback __exit__ is given: pylite keeps no frames or lines in it
    return unsupported(`traceback.${name} (pylite keeps no traceback objects)`, line);
  } else if (k === Kind.Opaque && (isProperty(vm, obj) || isStaticMethod(vm, obj) || isClassMethod(vm, obj))) {
    const v = descriptorAttr(vm, obj, name, line);
    if (v !== NULL_ID) return v;
  } else if (k === Kind.Method) {
    if (name === '__self__') return ref(vm, h.state.slot(obj, 1));
    if (name === '__func__') return ref(vm, h.state.slot(obj, 0));
  } else if (k === Kind.Weakref) {
    if (name === '__callback__') { const cb = h.state.slot(obj, 0); return ref(vm, cb === NULL_ID ? h.noneId : cb); }
  }
  if (hasMethod(vm, obj, name)) {
    // a builtin method object bound to obj (PyCFunction with m_self)
    const m = h.opaque('builtin_function_or_method', 72, [obj]);
    vm.boundMethods.set(m, name);
    return m;
  }
  return raise(vm, 'AttributeError', attrErrorMessage(vm, obj, name));
}

/** The slots of a function object (funcobject.c's func_memberlist and func_getsetlist). */
const FUNC_SLOT: Readonly<Record<string, number>> = { __globals__: FUNC_GLOBALS, __defaults__: FUNC_DEFAULTS, __kwdefaults__: FUNC_KWDEFAULTS, __closure__: FUNC_CLOSURE };
/** Function attributes pylite does not model: refused by name, never a wrong AttributeError. */
const FUNC_UNMODELLED = new Set(['__code__', '__annotations__', '__builtins__']);

/** A function's attribute (a new reference), or NULL_ID when it has none of that name. */
function functionAttr(vm: PyState, f: ObjectId, name: string, line: number): ObjectId {
  const h = vm.heap;
  if (name === '__name__') return ref(vm, h.state.slot(f, FUNC_NAME));
  if (name === '__qualname__') return ref(vm, h.state.slot(f, FUNC_QUALNAME));
  if (name === '__module__') return h.str('__main__');
  if (Object.hasOwn(FUNC_SLOT, name)) {
    const v = h.state.slot(f, FUNC_SLOT[name]!);
    return ref(vm, v === NULL_ID ? h.noneId : v);
  }
  if (name === '__doc__') {
    // a docstring is not kept: None only when the function has none
    const body = vm.functions.get(f)?.body ?? [];
    const first = body[0];
    if (first?.k === 'Expr' && first.value.k === 'Str') return unsupported("a function's docstring (__doc__)", line);
    return h.none();
  }
  if (name === '__dict__') return ref(vm, h.functionDict(f));
  if (FUNC_UNMODELLED.has(name)) return unsupported(`function.${name}`, line);
  const d = h.state.slot(f, FUNC_DICT);
  if (d !== NULL_ID) {
    const key = h.str(name);
    const v = h.dictGetItem(d, key);
    h.decrefUnchecked(key);
    if (v !== NULL_ID) return ref(vm, v);
  }
  return NULL_ID;
}

/** f.name = v on a function: its __dict__ (made on first use), or a slot funcobject.c lets be set. */
function setFunctionAttr(vm: PyState, f: ObjectId, name: string, v: ObjectId | null, line: number): void {
  const h = vm.heap;
  if (name.startsWith('__') && name.endsWith('__')) return void unsupported(`${v === null ? 'deleting' : 'setting'} function.${name}`, line);
  const d = h.functionDict(f);
  const key = h.str(name);
  try {
    if (v !== null) h.dictSetItem(d, key, v);
    else if (h.dictGetItem(d, key) === NULL_ID) raise(vm, 'AttributeError', `'function' object has no attribute '${name}'`);
    else h.dictDelItem(d, key);
  } finally {
    h.decrefUnchecked(key);
  }
}

function attrErrorMessage(vm: PyState, obj: ObjectId, name: string): string {
  const h = vm.heap;
  if (h.kindOf(obj) === Kind.Type) return `type object '${h.state.types.get(obj)!.name}' has no attribute '${name}'`;
  if (h.kindOf(obj) === Kind.Builtin && vm.moduleAttrs.has(obj)) return `module '${(h.value(obj) as string).split(':')[1]}' has no attribute '${name}'`;
  return `'${typeName(vm, obj)}' object has no attribute '${name}'`;
}

export function setAttr(vm: PyState, obj: ObjectId, name: string, v: ObjectId, line: number): void {
  const h = vm.heap;
  const k = h.kindOf(obj);
  if (k === Kind.Instance) {
    const spec = h.state.types.get(h.state.typeOf[obj]!)!;
    const c = lookupClassAttr(vm, h.state.typeOf[obj]! as ObjectId, name);
    if (c !== NULL_ID && isProperty(vm, c)) { propertySet(vm, c, obj, v, line); return; }
    if (!spec.managedDict && !spec.slotNames.includes(name)) raise(vm, 'AttributeError', `'${spec.name}' object has no attribute '${name}'`);
    if (name === '__dict__' && spec.managedDict) {
      // subtype_setdict: any dict becomes the instance's attributes
      if (h.kindOf(v) !== Kind.Dict) raise(vm, 'TypeError', `__dict__ must be set to a dictionary, not a '${typeName(vm, v)}'`);
      h.setInstanceDict(obj, v);
      return;
    }
    h.setAttr(obj, name, v);
    return;
  }
  if (k === Kind.Type && (h.state.flags[obj]! & F_STATIC) === 0) { h.setClassAttr(obj, name, v); return; }
  if (k === Kind.Function) { setFunctionAttr(vm, obj, name, v, line); return; }
  if (k === Kind.Opaque && h.typeName(obj) === 'finalize' && name === 'atexit') { finalizeAtexit(vm, obj, v); return; }
  if (k === Kind.Opaque && isException(vm, obj)) { setExceptionAttr(vm, obj, name, v, line); return; }
  raise(vm, 'AttributeError', `'${typeName(vm, obj)}' object has no attribute '${name}'`);
}

/** An exception's __dict__, made on first use (PyObject_GenericGetDict). */
function exceptionDict(vm: PyState, exc: ObjectId): ObjectId {
  const h = vm.heap;
  let d = h.state.slot(exc, EXC_DICT);
  if (d === NULL_ID) {
    d = h.dict();
    h.opaqueSet(exc, EXC_DICT, d);
    h.decrefUnchecked(d);
  }
  return d;
}

/** The exception's own attribute `name` (a borrowed reference), or NULL_ID. */
function exceptionDictGet(vm: PyState, exc: ObjectId, name: string): ObjectId {
  const h = vm.heap;
  const d = h.state.slot(exc, EXC_DICT);
  if (d === NULL_ID) return NULL_ID;
  const key = h.str(name);
  const v = h.dictGetItem(d, key);
  h.decrefUnchecked(key);
  return v;
}

/**
 * exc.name = v (v null: del exc.name), as BaseException's getset descriptors and
 * PyObject_GenericSetAttr do: args, __context__, __cause__ (which also sets
 * __suppress_context__), __suppress_context__ (a bool member), else the exception's dict.
 */
function setExceptionAttr(vm: PyState, exc: ObjectId, name: string, v: ObjectId | null, line: number): void {
  const h = vm.heap;
  if (name === '__context__' || name === '__cause__') {
    if (v === null) raise(vm, 'TypeError', `${name} may not be deleted`);
    if (v !== h.noneId && !isException(vm, v)) raise(vm, 'TypeError', `exception ${name === '__context__' ? 'context' : 'cause'} must be None or derive from BaseException`);
    h.opaqueSet(exc, name === '__context__' ? EXC_CONTEXT : EXC_CAUSE, v === h.noneId ? NULL_ID : v);
    if (name === '__cause__') vm.suppressContext.add(exc);
    return;
  }
  if (name === '__suppress_context__') {
    if (v === null) raise(vm, 'TypeError', "can't delete numeric/char attribute");
    if (h.kindOf(v) !== Kind.Bool) raise(vm, 'TypeError', 'attribute value type must be bool');
    if (v === h.trueId) vm.suppressContext.add(exc); else vm.suppressContext.delete(exc);
    return;
  }
  if (name === 'args') {
    if (v === null) raise(vm, 'TypeError', 'args may not be deleted');
    const k = h.kindOf(v);
    if (k !== Kind.Tuple && k !== Kind.List) return void unsupported('setting exception.args to anything but a tuple or a list', line);
    const t = h.tuple(h.items(v));
    h.opaqueSet(exc, EXC_ARGS, t);
    h.decrefUnchecked(t);
    return;
  }
  if (name === '__traceback__') return void unsupported('exception.__traceback__ (pylite keeps no traceback objects)', line);
  if (name === '__dict__') return void unsupported('setting exception.__dict__', line);
  if (v === null && exceptionDictGet(vm, exc, name) === NULL_ID) raise(vm, 'AttributeError', `'${typeName(vm, exc)}' object has no attribute '${name}'`);
  const d = exceptionDict(vm, exc);
  const key = h.str(name);
  try {
    if (v !== null) h.dictSetItem(d, key, v);
    else h.dictDelItem(d, key);
  } finally {
    h.decrefUnchecked(key);
  }
}

export function delAttr(vm: PyState, obj: ObjectId, name: string, line: number): void {
  const h = vm.heap;
  if (h.kindOf(obj) === Kind.Instance) {
    const c = lookupClassAttr(vm, h.state.typeOf[obj]! as ObjectId, name);
    if (c !== NULL_ID && isProperty(vm, c)) { propertySet(vm, c, obj, null, line); return; }
    if (name === '__dict__' && h.state.types.get(h.state.typeOf[obj]!)!.managedDict) return void unsupported('del obj.__dict__ (an instance without a dict until its next attribute)', line);
    if (h.getAttr(obj, name) === NULL_ID) raise(vm, 'AttributeError', `'${typeName(vm, obj)}' object has no attribute '${name}'`);
    h.delAttr(obj, name);
    return;
  }
  if (h.kindOf(obj) === Kind.Function) { setFunctionAttr(vm, obj, name, null, line); return; }
  if (h.kindOf(obj) === Kind.Opaque && isException(vm, obj)) { setExceptionAttr(vm, obj, name, null, line); return; }
  if (h.kindOf(obj) === Kind.Type) {
    // type_setattro with NULL: the class dict's entry goes; a static type's cannot
    if ((h.state.flags[obj]! & F_STATIC) !== 0) raise(vm, 'TypeError', `cannot set '${name}' attribute of immutable type '${h.state.types.get(obj)!.name}'`);
    if (name.startsWith('__') && name.endsWith('__')) return void unsupported(`deleting a class's ${name}`, line);
    if (h.setClassAttr(obj, name, NULL_ID)) return;
    raise(vm, 'AttributeError', attrErrorMessage(vm, obj, name));
  }
  raise(vm, 'AttributeError', `'${typeName(vm, obj)}' object has no attribute '${name}'`);
}

export function instanceAttrNames(vm: PyState, obj: ObjectId): string[] {
  const h = vm.heap;
  return dictPairs(vm, h.instanceDict(obj)).map(([k]) => h.value(k) as string);
}

// --- truth, str and repr -----------------------------------------------------------------

export function truth(vm: PyState, v: ObjectId): boolean {
  const h = vm.heap;
  switch (h.kindOf(v)) {
    case Kind.None: return false;
    case Kind.Bool: return h.value(v) === true;
    case Kind.Int: return (h.value(v) as bigint) !== 0n;
    case Kind.Float: return (h.value(v) as number) !== 0;
    case Kind.Str: case Kind.Bytes: return LongText.unitsOf(h.text(v)) > 0;
    case Kind.List: case Kind.Tuple: case Kind.Dict: case Kind.Set: case Kind.FrozenSet: return len(vm, v) > 0;
    case Kind.Instance: {
      const b = lookupSpecial(vm, v, '__bool__');
      if (b !== NULL_ID) { h.incref(b); h.incref(v); const r = call(vm, b, [v], [], currentLine(vm)); h.decrefUnchecked(b); const t = r === h.trueId; h.decrefUnchecked(r); return t; }
      const l = lookupSpecial(vm, v, '__len__');
      if (l !== NULL_ID) { h.incref(l); h.incref(v); const r = call(vm, l, [v], [], currentLine(vm)); h.decrefUnchecked(l); const t = intOf(vm, r) !== 0n; h.decrefUnchecked(r); return t; }
      return true;
    }
  }
  const t = typeName(vm, v);
  if (t === 'range' || t === 'dict_keys' || t === 'dict_values' || t === 'dict_items') return len(vm, v) > 0;
  return true;
}

export function isCallable(vm: PyState, x: ObjectId): boolean {
  const h = vm.heap;
  return vm.functions.has(x) || vm.builtinFns.has(x) || h.kindOf(x) === Kind.Type || h.kindOf(x) === Kind.Method || vm.boundMethods.has(x);
}

export function str(vm: PyState, v: ObjectId): string {
  if (vm.heap.kindOf(v) === Kind.Str) return vm.heap.value(v) as string;
  // PyObject_Str: one level of the recursion limit, as in 3.11
  enterRecursiveCall(vm, ' while getting the str of an object');
  try { return strOf(vm, v); } finally { leaveRecursiveCall(vm); }
}

function strOf(vm: PyState, v: ObjectId): string {
  const h = vm.heap;
  switch (h.kindOf(v)) {
    case Kind.Instance: {
      const m = lookupSpecial(vm, v, '__str__');
      if (m !== NULL_ID) return callStrSpecial(vm, m, v);
      return repr(vm, v);
    }
  }
  if (isException(vm, v)) return exceptionMessage(vm, v);
  return repr(vm, v);
}

function callStrSpecial(vm: PyState, m: ObjectId, v: ObjectId): string {
  const h = vm.heap;
  h.incref(m); h.incref(v);
  const r = call(vm, m, [v], [], currentLine(vm));
  h.decrefUnchecked(m);
  try {
    if (h.kindOf(r) !== Kind.Str) raise(vm, 'TypeError', `__str__ returned non-string (type ${typeName(vm, r)})`);
    return h.value(r) as string;
  } finally { h.decrefUnchecked(r); }
}

export function repr(vm: PyState, v: ObjectId): string {
  // PyObject_Repr: one level of the recursion limit (a deeply nested list raises
  // RecursionError, whatever the host's stack)
  enterRecursiveCall(vm, ' while getting the repr of an object');
  try { return reprOf(vm, v); } finally { leaveRecursiveCall(vm); }
}

function reprOf(vm: PyState, v: ObjectId): string {
  const h = vm.heap;
  const k = h.kindOf(v);
  const addr = () => '0x' + h.addressOf(v).toString(16);
  switch (k) {
    case Kind.None: return 'None';
    case Kind.Bool: return h.value(v) ? 'True' : 'False';
    case Kind.Int: {
      const d = decimalOrLimit(h.value(v) as bigint, vm.intMaxStrDigits);
      return 'error' in d ? raise(vm, 'ValueError', d.error) : d.text;
    }
    case Kind.Float: return floatRepr(h.value(v) as number);
    case Kind.Str: return strRepr(h.value(v) as string);
    case Kind.Bytes: return bytesRepr(h.value(v) as string);
    case Kind.List: case Kind.Tuple: case Kind.Dict: case Kind.Set: case Kind.FrozenSet: {
      if (vm.reprDepth.has(v)) return k === Kind.List ? '[...]' : k === Kind.Dict ? '{...}' : '(...)';
      vm.reprDepth.add(v);
      try {
        if (k === Kind.List) return '[' + h.items(v).map((x) => repr(vm, x)).join(', ') + ']';
        if (k === Kind.Tuple) { const it = h.items(v); return '(' + it.map((x) => repr(vm, x)).join(', ') + (it.length === 1 ? ',)' : ')'); }
        if (k === Kind.Dict) return '{' + dictPairs(vm, v).map(([a, b]) => `${repr(vm, a)}: ${repr(vm, b)}`).join(', ') + '}';
        const items = h.items(v).filter((x) => x !== NULL_ID);
        if (k === Kind.FrozenSet) return items.length ? 'frozenset({' + items.map((x) => repr(vm, x)).join(', ') + '})' : 'frozenset()';
        return items.length ? '{' + items.map((x) => repr(vm, x)).join(', ') + '}' : 'set()';
      } finally { vm.reprDepth.delete(v); }
    }
    case Kind.Instance: {
      const m = lookupSpecial(vm, v, '__repr__');
      if (m !== NULL_ID) return callStrSpecial(vm, m, v);
      return `<__main__.${vm.classQualnames.get(h.state.typeOf[v]! as ObjectId) ?? typeName(vm, v)} object at ${addr()}>`;
    }
    case Kind.Type: {
      if ((h.state.flags[v]! & F_STATIC) !== 0) return `<class '${h.state.types.get(v)!.name}'>`;
      return `<class '__main__.${vm.classQualnames.get(v) ?? h.state.types.get(v)!.name}'>`;
    }
    case Kind.Function: return `<function ${h.value(h.state.slot(v, 10))} at ${addr()}>`;
    case Kind.Method: return `<bound method ${h.value(h.state.slot(h.state.slot(v, 0), 10))} of ${repr(vm, h.state.slot(v, 1))}>`;
    case Kind.Weakref: {
      const r = h.state.aux[v]!;
      return r === NULL_ID ? `<weakref at ${addr()}; dead>` : `<weakref at ${addr()}; to '${typeName(vm, r as ObjectId)}' at 0x${h.addressOf(r as ObjectId).toString(16)}>`;
    }
    case Kind.Builtin: {
      const [type, name] = (h.value(v) as string).split(':') as [string, string];
      if (type === 'module') return `<module '${name}' (built-in)>`;
      if (type === 'type') return `<class '${name}'>`;
      return `<built-in function ${name.replace(/^.*\./, '')}>`;
    }
    case Kind.Object: return `<object object at ${addr()}>`;
    case Kind.Cell: return `<cell at ${addr()}>`;
  }
  if (isException(vm, v)) {
    const args = h.state.slot(v, 0);
    const items = h.items(args);
    return `${typeName(vm, v)}(${items.map((x) => repr(vm, x)).join(', ')})`;
  }
  const t = typeName(vm, v);
  if (t === 'range') {
    const [a, b, c] = vm.rangeParts.get(v)!;
    return c === 1n ? `range(${a}, ${b})` : `range(${a}, ${b}, ${c})`;
  }
  if (t === 'staticmethod' || t === 'classmethod') return methodWrapperRepr(vm, v);
  if (t.startsWith('dict_')) return `${t}([${dictPairs(vm, h.state.slot(v, 0)).map(([a, b]) => (t === 'dict_keys' ? repr(vm, a) : t === 'dict_values' ? repr(vm, b) : `(${repr(vm, a)}, ${repr(vm, b)})`)).join(', ')}])`;
  return `<${t} object at ${addr()}>`;
}

// --- comparison --------------------------------------------------------------------------

/** A comparison operator of a Compare expression: identity and membership here, the rest rich comparisons (compare.ts). */
export function compare(vm: PyState, op: string, l: ObjectId, r: ObjectId): boolean {
  switch (op) {
    case 'is': return l === r;
    case 'is not': return l !== r;
    case 'in': return contains(vm, r, l);
    case 'not in': return !contains(vm, r, l);
    case '<': case '<=': case '==': case '!=': case '>': case '>=': return richCompare(vm, op, l, r);
  }
  return unsupported(`comparison ${op}`, currentLine(vm));
}

export { eq, lessThan } from './compare.js';
