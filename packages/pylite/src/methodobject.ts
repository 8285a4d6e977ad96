/**
 * Methods of builtin types (Objects/methodobject.c): the bound builtin method objects
 * `obj.meth` makes, and the dispatch of `obj.meth(...)` to the type's methods (tuple's and
 * int's few are here; list, dict, set and str have their own files).
 */
import type { ObjectId } from '@pymm/objects';
import { intOf, newInt, sequenceIndex } from './abstract.js';
import { dictMethod } from './dictobject.js';
import { raise, unsupported } from './exceptions.js';
import { listMethod } from './listobject.js';
import { eq, ref, typeName } from './object.js';
import type { PyState } from './pystate.js';
import { setMethod } from './setobject.js';
import { strMethod } from './unicodeobject.js';
import { strFormat } from './unicode_format.js';
import { propertyCopy } from './descrobject.js';
import { finalizeMethod } from './modules.js';

const METHODS: Record<string, readonly string[]> = {
  list: ['append', 'extend', 'pop', 'insert', 'remove', 'clear', 'index', 'count', 'reverse', 'sort', 'copy'],
  dict: ['get', 'keys', 'values', 'items', 'pop', 'setdefault', 'update', 'clear', 'copy', 'popitem'],
  set: ['add', 'discard', 'remove', 'clear', 'copy', 'union', 'intersection', 'difference', 'pop', 'symmetric_difference', 'issubset', 'issuperset', 'isdisjoint', 'update'],
  frozenset: ['copy', 'union', 'intersection', 'difference', 'symmetric_difference', 'issubset', 'issuperset', 'isdisjoint'],
  str: ['rfind', 'partition', 'swapcase', 'isalnum', 'join', 'split', 'strip', 'lstrip', 'rstrip', 'upper', 'lower', 'startswith', 'endswith', 'replace', 'find', 'count', 'format', 'isdigit', 'isalpha', 'title', 'capitalize', 'zfill', 'ljust', 'rjust', 'center', 'index', 'splitlines', 'isspace', 'isupper', 'islower'],
  tuple: ['index', 'count'],
  int: ['bit_length'],
  property: ['getter', 'setter', 'deleter'],
  finalize: ['peek', 'detach'],
};

export function callBoundBuiltin(vm: PyState, m: ObjectId, args: ObjectId[], kw: [string, ObjectId][], line: number): ObjectId {
  const self = vm.heap.state.slot(m, 0);
  return callMethod(vm, self, vm.boundMethods.get(m)!, args, kw, line, true);
}

export function hasMethod(vm: PyState, obj: ObjectId, name: string): boolean {
  return (METHODS[typeName(vm, obj)] ?? []).includes(name);
}

/**
 * How each method takes its arguments, as CPython 3.11 declares it (each kind words its
 * TypeError its own way; methodobject.test.ts compares them with python3's):
 *   O        METH_O: exactly one                N      METH_NOARGS: none
 *   C a b    Argument Clinic, a to b positional P a b  PyArg_ParseTuple "|...:name", a to b
 *   V        any number of positional          K      keywords too (named in KEYWORDS)
 */
type Sig = 'O' | 'N' | 'V' | 'K' | readonly ['C' | 'P', number, number];
export const METHOD_SIGNATURES: Record<string, Sig> = {
  'list.append': 'O', 'list.extend': 'O', 'list.pop': ['C', 0, 1], 'list.insert': ['C', 2, 2], 'list.remove': 'O', 'list.clear': 'N',
  'list.index': ['C', 1, 3], 'list.count': 'O', 'list.reverse': 'N', 'list.sort': 'K', 'list.copy': 'N',
  'dict.get': ['C', 1, 2], 'dict.keys': 'N', 'dict.values': 'N', 'dict.items': 'N', 'dict.pop': ['C', 1, 2], 'dict.setdefault': ['C', 1, 2],
  'dict.update': 'K', 'dict.clear': 'N', 'dict.copy': 'N', 'dict.popitem': 'N',
  'set.add': 'O', 'set.discard': 'O', 'set.remove': 'O', 'set.clear': 'N', 'set.copy': 'N', 'set.union': 'V', 'set.intersection': 'V',
  'set.difference': 'V', 'set.pop': 'N', 'set.symmetric_difference': 'O', 'set.issubset': 'O', 'set.issuperset': 'O', 'set.isdisjoint': 'O', 'set.update': 'V',
  'str.rfind': ['P', 1, 3], 'str.partition': 'O', 'str.swapcase': 'N', 'str.isalnum': 'N', 'str.join': 'O', 'str.split': 'K', 'str.strip': ['C', 0, 1],
  'str.lstrip': ['C', 0, 1], 'str.rstrip': ['C', 0, 1], 'str.upper': 'N', 'str.lower': 'N', 'str.startswith': ['P', 1, 3], 'str.endswith': ['P', 1, 3],
  'str.replace': ['C', 2, 3], 'str.find': ['P', 1, 3], 'str.count': ['P', 1, 3], 'str.format': 'K', 'str.isdigit': 'N', 'str.isalpha': 'N', 'str.title': 'N',
  'str.capitalize': 'N', 'str.zfill': 'O', 'str.ljust': ['C', 1, 2], 'str.rjust': ['C', 1, 2], 'str.center': ['C', 1, 2], 'str.index': ['P', 1, 3],
  'str.splitlines': 'K', 'str.isspace': 'N', 'str.isupper': 'N', 'str.islower': 'N',
  'frozenset.copy': 'N', 'frozenset.union': 'V', 'frozenset.intersection': 'V', 'frozenset.difference': 'V', 'frozenset.symmetric_difference': 'O',
  'frozenset.issubset': 'O', 'frozenset.issuperset': 'O', 'frozenset.isdisjoint': 'O',
  'tuple.index': ['C', 1, 3], 'tuple.count': 'O', 'int.bit_length': 'N', 'property.getter': 'O', 'property.setter': 'O', 'property.deleter': 'O',
};
/** The methods that take keywords in CPython and pylite's handling of them: the names it implements. */
const KEYWORDS: Record<string, readonly string[]> = { 'list.sort': ['key', 'reverse'] };
/** Positional limits of the K methods: [max positional, max in all] as CPython words them. */
const K_LIMITS: Record<string, readonly [number, number]> = { 'list.sort': [0, 2], 'str.split': [2, 2], 'str.splitlines': [1, 1] };

const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');

/**
 * The TypeError CPython raises for a call with the wrong number of arguments or a
 * keyword the method does not take (checked before any argument is looked at). A keyword
 * CPython accepts but pylite does not implement is refused: never silently dropped.
 */
function checkArgs(vm: PyState, t: string, name: string, n: number, kw: [string, ObjectId][], line: number, bound: boolean): void {
  const q = `${t}.${name}`;
  const sig = METHOD_SIGNATURES[q];
  if (sig === undefined) return;
  if (sig === 'K') {
    // str.format(*args, **kwargs): any names
    if (q === 'str.format') return;
    const [maxPos, maxAll] = K_LIMITS[q] ?? [Infinity, Infinity];
    if (n + kw.length > maxAll) raise(vm, 'TypeError', `${name}() takes at most ${maxAll} ${plural(maxAll)} (${n + kw.length} given)`);
    if (n > maxPos) raise(vm, 'TypeError', maxPos === 0 ? `${name}() takes no positional arguments` : `${name}() takes at most ${maxPos} ${plural(maxPos)} (${n} given)`);
    const known = KEYWORDS[q] ?? [];
    for (const [k] of kw) if (!known.includes(k)) {
      if (q === 'list.sort') raise(vm, 'TypeError', `'${k}' is an invalid keyword argument for sort()`);
      unsupported(`keyword arguments to ${q}()`, line);
    }
    return;
  }
  // METH_VARARGS methods name themselves with their type when called as obj.meth(...)
  // (the method descriptor's vectorcall), by name alone through a bound method object
  if (kw.length > 0) raise(vm, 'TypeError', bound && (sig === 'V' || (Array.isArray(sig) && sig[0] === 'P')) ? `${name}() takes no keyword arguments` : `${q}() takes no keyword arguments`);
  if (sig === 'O' && n !== 1) raise(vm, 'TypeError', `${q}() takes exactly one argument (${n} given)`);
  if (sig === 'N' && n !== 0) raise(vm, 'TypeError', `${q}() takes no arguments (${n} given)`);
  if (Array.isArray(sig)) {
    const [how, min, max] = sig;
    if (how === 'C' && n < min) raise(vm, 'TypeError', min === max ? `${name} expected ${min} ${plural(min)}, got ${n}` : `${name} expected at least ${min} ${plural(min)}, got ${n}`);
    if (how === 'C' && n > max) raise(vm, 'TypeError', min === max ? `${name} expected ${max} ${plural(max)}, got ${n}` : `${name} expected at most ${max} ${plural(max)}, got ${n}`);
    if (how === 'P' && n < min) raise(vm, 'TypeError', `${name}() takes at least ${min} ${plural(min)} (${n} given)`);
    if (how === 'P' && n > max) raise(vm, 'TypeError', `${name}() takes at most ${max} ${plural(max)} (${n} given)`);
  }
}

/** self.name(*args): a builtin type's method (LOAD_METHOD: no bound object is made). */
export function callMethod(vm: PyState, self: ObjectId, name: string, args: ObjectId[], kw: [string, ObjectId][], line: number, bound = false): ObjectId {
  const h = vm.heap;
  const t = typeName(vm, self);
  const a = args;
  let r: ObjectId | undefined;
  checkArgs(vm, t, name, args.length, kw, line, bound);
  switch (t) {
    case 'list': r = listMethod(vm, self, name, a, kw); break;
    case 'dict': r = dictMethod(vm, self, name, a); break;
    case 'set': r = setMethod(vm, self, name, a); break;
    // frozenset's methods are set's read-only ones (their results frozensets); copy is the frozenset itself
    case 'frozenset': r = name === 'copy' ? ref(vm, self) : setMethod(vm, self, name, a); break;
    case 'str': return name === 'format' ? strFormat(vm, self, a, kw, line) : strMethod(vm, h.value(self) as string, name, a, line, self);
    case 'tuple':
      if (name === 'count') return newInt(vm, BigInt(h.items(self).filter((x) => eq(vm, x, a[0]!)).length));
      if (name === 'index') {
        const i = sequenceIndex(vm, h.items(self), a[0]!, a[1], a[2]);
        if (i < 0) raise(vm, 'ValueError', 'tuple.index(x): x not in tuple');
        return newInt(vm, BigInt(i));
      }
      break;
    case 'property': return propertyCopy(vm, self, name as 'getter' | 'setter' | 'deleter', a[0]!);
    case 'finalize': {
      // Python methods of Lib/weakref.py: a function's own argument errors
      if (kw.length > 0) raise(vm, 'TypeError', `finalize.${name}() got an unexpected keyword argument '${kw[0]![0]}'`);
      if (a.length > 0) raise(vm, 'TypeError', `finalize.${name}() takes 1 positional argument but ${a.length + 1} were given`);
      return finalizeMethod(vm, self, name as 'peek' | 'detach');
    }
    case 'int':
      if (name === 'bit_length') { const v = intOf(vm, self); return newInt(vm, BigInt((v < 0n ? -v : v).toString(2).replace(/^0$/, '').length)); }
      break;
  }
  if (r !== undefined) return r;
  return raise(vm, 'AttributeError', `'${t}' object has no attribute '${name}'`);
}
