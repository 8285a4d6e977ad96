/**
 * Shared by the gc_cases golden test and its case files: packages/gc/golden/gc_cases.json (made by tools/cpython-oracle from CPython's
 * Lib/test/test_gc.py plus extra cases) against the heap and collector. Each program is
 * replayed as the heap operations CPython performs for it — module globals, locals and the
 * evaluation stack are references the test holds, dropped where Python drops them — and the
 * printed values must equal the golden ones. Cases that need interpreter internals the heap
 * does not model are listed in `notModelled` with the reason; a last test checks that every
 * case id is either replayed or listed.
 */
import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { ClosureHost, Kind, ObjectsError, type Body, type Heap, type NewClassOptions, type NewFunctionOptions, type ObjectId } from '@pymm/objects';
import { createRuntime } from './index.js';
import { setAttrNew } from './scenario.fixture.js';

interface Case {
  id: string;
  origin: string;
  tags: string[];
  program: string;
  stdout: string[];
  values: Record<string, unknown>;
  requires?: string[];
  skipped?: unknown;
}
export const golden = JSON.parse(readFileSync(new URL('../golden/gc_cases.json', import.meta.url), 'utf8')) as { prelude: string; cases: Case[] };
export const byId = new Map(golden.cases.map((c) => [c.id, c]));
export function expected(id: string): Record<string, unknown> {
  const c = byId.get(id);
  if (c === undefined) throw new Error(`no golden case ${id}`);
  return c.values;
}
/** The golden values of `id` without the named keys (they are compared separately or not at all). */
export function expectedWithout(id: string, ...keys: string[]): Record<string, unknown> {
  const out = { ...expected(id) };
  for (const k of keys) delete out[k];
  return out;
}

/** Cases not replayed, and why. */
export const notModelled: readonly { id: string; why: string }[] = [
  { id: 'newinstance', why: '`class B(list)`: newClass accepts only user classes and object as bases (subclasses of builtin types are not modelled)' },
  { id: 'function_tp_clear_leaves_consistent_state', why: '`class Cyclic(tuple)` and tuple.__new__: a subclass of a builtin type; also func.__module__ assignment and __qualname__/__name__ reads after func_clear' },
  { id: 'frame', why: 'sys._getframe(): frame objects are interpreter internals the heap does not model' },
  { id: 'gc_main_module_at_shutdown', why: 'prints from the collection at interpreter shutdown (module teardown, _PyGC_CollectNoFail)' },
  { id: 'global_del_SystemExit', why: 'prints from the collection at interpreter shutdown after SystemExit' },
];

// ---------------------------------------------------------------------------------------

/** ClosureHost plus functions made with full PyFunction_New options (defaults, closure). */
export class Host extends ClosureHost {
  private readonly extra = new Map<number, Body>();

  fnWith(h: Heap, options: NewFunctionOptions, body: Body): ObjectId {
    const id = h.func(options);
    this.extra.set(id, body);
    return id;
  }

  override call(heap: Heap, callable: ObjectId, args: readonly ObjectId[]): void {
    const body = this.extra.get(callable);
    if (body !== undefined) body(heap, args);
    else super.call(heap, callable, args);
  }
}

/** The prelude (import gc; gc.disable(); gc.collect()). `compile` runs first: objects the
 *  compiler makes (code constants) exist before the program starts, so the prelude's
 *  collection already sees them. */
export function setup(compile?: (h: Heap) => void) {
  const host = new Host();
  const rt = createRuntime({ host });
  compile?.(rt.heap);
  rt.gc.disable();
  rt.gc.collect();
  return { h: rt.heap, gc: rt.gc, host };
}

/** A class whose body defines the functions `methods` (function objects in the class dict). */
export function defClass(h: Heap, name: string, options: NewClassOptions & { methods?: readonly string[] } = {}): ObjectId {
  const fns = (options.methods ?? []).map((m) => [m, h.func({ name: m, qualname: `${name}.${m}` })] as const);
  const cls = h.newClass(name, { ...options, attributes: [...fns, ...(options.attributes ?? [])] });
  for (const [, f] of fns) h.decref(f);
  return cls;
}

/** obj.name = <new reference> (the temporary is dropped after the store). */
/** A Python value as the golden file prints it (ints as numbers, None as null, sequences as arrays). */
export function py(h: Heap, id: ObjectId): unknown {
  switch (h.kindOf(id)) {
    case Kind.None: return null;
    case Kind.Bool: return h.value(id);
    case Kind.Int: return Number(h.value(id));
    case Kind.Float: case Kind.Str: return h.value(id);
    case Kind.List: case Kind.Tuple: return h.items(id).map((x) => py(h, x));
    default: return `<${h.typeName(id)} object>`;
  }
}

/** `lst[:] = items` (list_ass_slice over the whole list): the new items in, the old ones released. */
export function sliceAssign(h: Heap, lst: ObjectId, items: readonly ObjectId[]): void {
  const old = [...h.items(lst)];
  for (const x of old) h.incref(x);
  h.listClear(lst);
  for (const x of items) h.listAppend(lst, x);
  for (const x of old) h.decref(x);
}

/** `lst.remove(x)` (by identity). */
export function listRemove(h: Heap, lst: ObjectId, x: ObjectId): void {
  const i = h.items(lst).indexOf(x);
  if (i < 0) throw new Error('list.remove(x): x not in list');
  h.listDelItem(lst, i);
}

/** `dict(info)` of a gc.callbacks info dict. */
export function infoDict(h: Heap, info: ObjectId): Record<string, number> {
  const d: Record<string, number> = {};
  for (const key of ['generation', 'collected', 'uncollectable']) {
    const k = h.internedStr(key);
    d[key] = Number(h.value(h.dictGetItem(info, k)));
    h.decref(k);
  }
  return d;
}

/** The Python exception class an ObjectsError stands for. */
export function pyExc(err: unknown): string {
  if (!(err instanceof ObjectsError)) throw err;
  const names: Record<string, string> = { VALUE_ERROR: 'ValueError', TYPE_ERROR: 'TypeError', KEY_ERROR: 'KeyError', INDEX_ERROR: 'IndexError', ATTRIBUTE_ERROR: 'AttributeError' };
  return names[err.code] ?? err.code;
}

/** The C1055820 class of test_gc: __init__ sets self.i = i, self.loop = self. */
export function c1055820(h: Heap, cls: ObjectId, i: number): ObjectId {
  const o = h.instance(cls);
  setAttrNew(h, o, 'i', h.int(i));
  h.setAttr(o, 'loop', o);
  return o;
}

// ---------------------------------------------------------------------------------------

export const modelled = new Set<string>();
export function replay(id: string, title: string, body: () => void): void {
  modelled.add(id);
  it(`${id}: ${title}`, body);
}
