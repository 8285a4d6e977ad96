/**
 * Helpers the golden scenario tests share: Python statements as the heap operations
 * CPython performs for them.
 */
import type { Heap, ObjectId } from '@pymm/objects';
import type { Collector } from './index.js';

/** `gc.get_count()` as CPython runs it: read the counts, then build the result tuple
 *  (kept when the program stores it, else dropped after unpacking / indexing). */
export function getCount(h: Heap, gc: Collector, keep = false): [number, number, number] {
  const c = gc.getCount();
  const items = c.map((v) => h.int(v));
  const t = h.tuple(items);
  for (const x of items) h.decref(x);
  if (!keep) h.decref(t);
  return c;
}

/** `obj.name = value` where value is a new reference the statement drops afterwards. */
export function setAttrNew(h: Heap, obj: ObjectId, name: string, value: ObjectId): void {
  h.setAttr(obj, name, value);
  h.decref(value);
}

/** `cls(name)` for a class whose __init__ stores `self.<attr> = name`. */
export function named(h: Heap, cls: ObjectId, attr: string, name: string): ObjectId {
  const o = h.instance(cls);
  setAttrNew(h, o, attr, h.str(name));
  return o;
}

/** The str value of `obj.<attr>`. */
export function attrStr(h: Heap, obj: ObjectId, attr: string): string {
  return h.value(h.getAttr(obj, attr)) as string;
}
