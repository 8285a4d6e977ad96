/**
 * Bound methods (Objects/classobject.c): PyMethod_New(func, self), no free list in 3.11;
 * method_dealloc clears weak references, then releases func and self. No tp_clear.
 */
import type { ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { LAYOUT_311 } from './layout.js';
import type { HeapCore, TypeSlots } from './object.js';
import { WeakrefObjects } from './weakrefobject.js';

export class MethodObjects implements TypeSlots {
  private readonly weakrefs: WeakrefObjects;

  constructor(private readonly h: HeapCore) {
    this.weakrefs = h.file(WeakrefObjects);
  }

  /** PyMethod_New(func, self): a bound method (no free list in 3.11). */
  make(func: ObjectId, self: ObjectId): ObjectId {
    this.h.live(func);
    this.h.live(self);
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.methodBytes;
    const address = this.h.gcAllocBlock(bytes);
    const id = this.h.create(Kind.Method, this.h.typeId('method'), address, bytes);
    this.h.incref(func);
    this.h.incref(self);
    this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: [func, self] });
    this.h.tracked(id);
    return id;
  }

  /** method_dealloc */
  dealloc(id: ObjectId): void {
    const s = this.h.state;
    this.h.untrack(id);
    if (s.weaklists.has(id)) this.weakrefs.clearWeakRefs(id);
    this.h.decref(s.slot(id, 0));
    this.h.decref(s.slot(id, 1));
    this.h.gcDel(id);
  }
}
