/**
 * Descriptors found on a class: property (Objects/descrobject.c), staticmethod and
 * classmethod (Objects/funcobject.c), and what getting, setting or deleting an attribute
 * through one does (PyObject_GenericGetAttr / GenericSetAttr's descriptor steps).
 *
 *   object         heap object (GC, getsizeof)   slots
 *   property       80 bytes                      fget, fset, fdel, doc, name (NULL when absent)
 *   staticmethod   48 bytes                      the callable
 *   classmethod    48 bytes                      the callable
 *
 *   found on the class   instance.x              Class.x
 *   property             fget(instance)          the property
 *   staticmethod         the callable            the callable
 *   classmethod          bound to the class      bound to the class
 *   function             bound to the instance   the function
 *
 * A property is a data descriptor: it wins over the instance's __dict__ for get, set and
 * delete; the others only when the instance has no attribute of that name. type_new gives
 * each property its name (__set_name__), which its errors say.
 */
import { Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import { call } from './call.js';
import { raise, unsupported } from './exceptions.js';
import { ref, repr, typeName } from './object.js';
import type { PyState } from './pystate.js';

export const PROP_GET = 0, PROP_SET = 1, PROP_DEL = 2, PROP_DOC = 3, PROP_NAME = 4;
const PROPERTY_BYTES = 80;
const METHOD_WRAPPER_BYTES = 48;

const isOpaque = (vm: PyState, x: ObjectId, t: string) => vm.heap.kindOf(x) === Kind.Opaque && vm.heap.typeName(x) === t;
export const isProperty = (vm: PyState, x: ObjectId) => isOpaque(vm, x, 'property');
export const isStaticMethod = (vm: PyState, x: ObjectId) => isOpaque(vm, x, 'staticmethod');
export const isClassMethod = (vm: PyState, x: ObjectId) => isOpaque(vm, x, 'classmethod');

/** property(fget=None, fset=None, fdel=None, doc=None) (property_init: None is kept as NULL). */
export function newProperty(vm: PyState, args: readonly ObjectId[], kw: readonly [string, ObjectId][]): ObjectId {
  const h = vm.heap;
  const names = ['fget', 'fset', 'fdel', 'doc'];
  const v = [NULL_ID, NULL_ID, NULL_ID, NULL_ID];
  args.forEach((a, i) => { v[i] = a; });
  for (const [k, x] of kw) {
    const i = names.indexOf(k);
    if (i < args.length) raise(vm, 'TypeError', `argument for property() given by name ('${k}') and position (${i + 1})`);
    v[i] = x;
  }
  const slots = v.map((x) => (x === h.noneId ? NULL_ID : x));
  // no doc given: the getter's __doc__, which pylite does not keep when it is a docstring
  if (slots[PROP_DOC] === NULL_ID && slots[PROP_GET] !== NULL_ID && hasDocstring(vm, slots[PROP_GET]!)) {
    unsupported("a property whose getter has a docstring (property copies it as its __doc__)", vm.stack[vm.stack.length - 1]?.line ?? 0);
  }
  return h.opaque('property', PROPERTY_BYTES, [...slots, NULL_ID]);
}

function hasDocstring(vm: PyState, fn: ObjectId): boolean {
  const first = vm.functions.get(fn)?.body?.[0];
  return first?.k === 'Expr' && first.value.k === 'Str';
}

/** staticmethod(f) / classmethod(f). */
export function newMethodWrapper(vm: PyState, type: 'staticmethod' | 'classmethod', f: ObjectId): ObjectId {
  return vm.heap.opaque(type, METHOD_WRAPPER_BYTES, [f]);
}

/** What `attr`, found on class `cls`, gives for `obj` (NULL_ID: looked up on the class itself). Owned. */
export function descrGet(vm: PyState, attr: ObjectId, obj: ObjectId, cls: ObjectId, line: number): ObjectId {
  const h = vm.heap;
  if (vm.functions.has(attr)) return obj === NULL_ID ? ref(vm, attr) : h.method(attr, obj);
  if (h.kindOf(attr) !== Kind.Opaque) return ref(vm, attr);
  switch (h.typeName(attr)) {
    case 'property': {
      if (obj === NULL_ID) return ref(vm, attr);
      const fget = h.state.slot(attr, PROP_GET);
      if (fget === NULL_ID) raise(vm, 'AttributeError', `${propertyName(vm, attr)} of '${typeName(vm, obj)}' object has no getter`);
      h.incref(fget);
      h.incref(obj);
      try { return call(vm, fget, [obj], [], line); } finally { h.decrefUnchecked(fget); }
    }
    case 'staticmethod': return ref(vm, h.state.slot(attr, 0));
    case 'classmethod': {
      const f = h.state.slot(attr, 0);
      if (!vm.functions.has(f)) return unsupported(`a classmethod of a ${typeName(vm, f)}`, line);
      return h.method(f, cls);
    }
  }
  return ref(vm, attr);
}

/** Sets (value) or deletes (null) through property `prop` on `obj`. */
export function propertySet(vm: PyState, prop: ObjectId, obj: ObjectId, value: ObjectId | null, line: number): void {
  const h = vm.heap;
  const fn = h.state.slot(prop, value === null ? PROP_DEL : PROP_SET);
  if (fn === NULL_ID) raise(vm, 'AttributeError', `${propertyName(vm, prop)} of '${typeName(vm, obj)}' object has no ${value === null ? 'deleter' : 'setter'}`);
  h.incref(fn);
  h.incref(obj);
  if (value !== null) h.incref(value);
  let r: ObjectId;
  try { r = call(vm, fn, value === null ? [obj] : [obj, value], [], line); } finally { h.decrefUnchecked(fn); }
  h.decrefUnchecked(r);
}

/** "property 'x'" once type_new named it, else "property". */
function propertyName(vm: PyState, prop: ObjectId): string {
  const name = vm.heap.state.slot(prop, PROP_NAME);
  return name === NULL_ID ? 'property' : `property ${repr(vm, name)}`;
}

/** type_new_set_names: each property of a new class learns the name it is bound to. */
export function setNames(vm: PyState, entries: readonly (readonly [ObjectId, ObjectId])[]): void {
  for (const [key, value] of entries) if (isProperty(vm, value)) vm.heap.opaqueSet(value, PROP_NAME, key);
}

/** An attribute of a property, staticmethod or classmethod object (owned), or NULL_ID. */
export function descriptorAttr(vm: PyState, d: ObjectId, name: string, line: number): ObjectId {
  const h = vm.heap;
  const slotOrNone = (i: number) => { const v = h.state.slot(d, i); return ref(vm, v === NULL_ID ? h.noneId : v); };
  if (isProperty(vm, d)) {
    if (name === 'fget') return slotOrNone(PROP_GET);
    if (name === 'fset') return slotOrNone(PROP_SET);
    if (name === 'fdel') return slotOrNone(PROP_DEL);
    if (name === '__doc__') return slotOrNone(PROP_DOC);
    if (name === '__get__' || name === '__set__' || name === '__delete__' || name === '__isabstractmethod__' || name === '__set_name__') return unsupported(`property.${name}`, line);
    return NULL_ID;
  }
  if (name === '__func__' || name === '__wrapped__') return slotOrNone(0);
  if (name === '__get__' || name === '__isabstractmethod__' || name === '__dict__') return unsupported(`${h.typeName(d)}.${name}`, line);
  return NULL_ID;
}

/** property.getter / setter / deleter (property_copy): a new property with that function, its name kept. */
export function propertyCopy(vm: PyState, prop: ObjectId, which: 'getter' | 'setter' | 'deleter', fn: ObjectId): ObjectId {
  const h = vm.heap;
  const slots = [PROP_GET, PROP_SET, PROP_DEL, PROP_DOC].map((i) => h.state.slot(prop, i));
  slots[which === 'getter' ? PROP_GET : which === 'setter' ? PROP_SET : PROP_DEL] = fn === h.noneId ? NULL_ID : fn;
  const made = newProperty(vm, slots.map((x) => (x === NULL_ID ? h.noneId : x)), []);
  const name = h.state.slot(prop, PROP_NAME);
  if (name !== NULL_ID) h.opaqueSet(made, PROP_NAME, name);
  return made;
}

/** repr of a staticmethod or classmethod: <staticmethod(<function f at 0x...>)>. */
export function methodWrapperRepr(vm: PyState, d: ObjectId): string {
  return `<${vm.heap.typeName(d)}(${repr(vm, vm.heap.state.slot(d, 0))})>`;
}
