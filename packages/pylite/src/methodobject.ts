/**
 * Methods of builtin types (Objects/methodobject.c): the bound builtin method objects
 * `obj.meth` makes, and the dispatch of `obj.meth(...)` to the type's methods (tuple's and
 * int's few are here; list, dict, set and str have their own files).
 */
import type { ObjectId } from '@pymm/objects';
import { intOf, newInt } from './abstract.js';
import { dictMethod } from './dictobject.js';
import { raise } from './exceptions.js';
import { listMethod } from './listobject.js';
import { eq, typeName } from './object.js';
import type { PyState } from './pystate.js';
import { setMethod } from './setobject.js';
import { strMethod } from './unicodeobject.js';

const METHODS: Record<string, readonly string[]> = {
  list: ['append', 'extend', 'pop', 'insert', 'remove', 'clear', 'index', 'count', 'reverse', 'sort', 'copy'],
  dict: ['get', 'keys', 'values', 'items', 'pop', 'setdefault', 'update', 'clear', 'copy', 'popitem'],
  set: ['add', 'discard', 'remove', 'clear', 'copy', 'union', 'intersection', 'difference', 'pop', 'symmetric_difference', 'issubset', 'issuperset', 'isdisjoint', 'update'],
  str: ['rfind', 'partition', 'swapcase', 'isalnum', 'join', 'split', 'strip', 'lstrip', 'rstrip', 'upper', 'lower', 'startswith', 'endswith', 'replace', 'find', 'count', 'format', 'isdigit', 'isalpha', 'title', 'capitalize', 'zfill', 'ljust', 'rjust', 'center', 'index', 'splitlines', 'isspace', 'isupper', 'islower'],
  tuple: ['index', 'count'],
  int: ['bit_length'],
};

export function callBoundBuiltin(vm: PyState, m: ObjectId, args: ObjectId[], kw: [string, ObjectId][], line: number): ObjectId {
  const self = vm.heap.state.slot(m, 0);
  return callMethod(vm, self, vm.boundMethods.get(m)!, args, kw, line);
}

export function hasMethod(vm: PyState, obj: ObjectId, name: string): boolean {
  return (METHODS[typeName(vm, obj)] ?? []).includes(name);
}

/** self.name(*args): a builtin type's method (LOAD_METHOD: no bound object is made). */
export function callMethod(vm: PyState, self: ObjectId, name: string, args: ObjectId[], kw: [string, ObjectId][], line: number): ObjectId {
  const h = vm.heap;
  const t = typeName(vm, self);
  const a = args;
  let r: ObjectId | undefined;
  switch (t) {
    case 'list': r = listMethod(vm, self, name, a, kw); break;
    case 'dict': r = dictMethod(vm, self, name, a); break;
    case 'set': r = setMethod(vm, self, name, a); break;
    case 'str': return strMethod(vm, h.value(self) as string, name, a, line);
    case 'tuple':
      if (name === 'count') return newInt(vm, BigInt(h.items(self).filter((x) => eq(vm, x, a[0]!)).length));
      if (name === 'index') {
        const i = h.items(self).findIndex((x) => eq(vm, x, a[0]!));
        if (i < 0) raise(vm, 'ValueError', 'tuple.index(x): x not in tuple');
        return newInt(vm, BigInt(i));
      }
      break;
    case 'int':
      if (name === 'bit_length') { const v = intOf(vm, self); return newInt(vm, BigInt((v < 0n ? -v : v).toString(2).replace(/^0$/, '').length)); }
      break;
  }
  if (r !== undefined) return r;
  return raise(vm, 'AttributeError', `'${t}' object has no attribute '${name}'`);
}
