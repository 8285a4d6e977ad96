/**
 * What the front end needs but the heap models only by size and references: the
 * interpreter's static objects (builtin functions, modules, builtin exception classes),
 * and opaque objects (iterators, bound builtin methods, range objects, getset
 * descriptors ...): a block of CPython's size holding references, with no tp_clear.
 */
import type { ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import type { HeapCore, TypeSlots } from './object.js';

export class OpaqueObjects {
  /** A GC opaque object (and a getset descriptor): untrack, release the references, PyObject_GC_Del. */
  readonly gcSlots: TypeSlots = { dealloc: (id) => this.h.deallocContainer(id) };
  /** A non-GC opaque object: release the references, PyObject_Free. */
  readonly atomSlots: TypeSlots = {
    dealloc: (id) => {
      for (const x of this.h.state.slots(id)) this.h.decref(x);
      this.h.freeObject(id);
    },
  };

  constructor(private readonly h: HeapCore) {}

  /**
   * An interpreter-owned static object (a builtin function, a module, a builtin exception
   * class): never allocated, never freed. `typeName` is what type(x).__name__ shows.
   */
  staticObject(typeName: string, name: string): ObjectId {
    const key = `o${typeName}:${name}`;
    let id = this.h.statics.get(key);
    if (id === undefined) {
      id = this.h.state.nextId as ObjectId;
      this.h.emit({ type: 'ObjectCreated', id, kind: Kind.Builtin, typeId: this.h.typeId('object'), address: 0, requestBytes: 0, value: `${typeName}:${name}`, isStatic: true });
      this.h.statics.set(key, id);
    }
    return id;
  }

  /**
   * An object CPython allocates with `requestBytes` (GC header included when `gc`) that
   * holds `refs` (new references are taken): iterators, bound builtin methods, range
   * objects… Tracked at creation when `gc`. type(x).__name__ is `typeName`.
   */
  opaque(typeName: string, requestBytes: number, refs: readonly ObjectId[], gc = true): ObjectId {
    for (const r of refs) this.h.liveOrNull(r);
    const address = gc ? this.h.gcAllocBlock(requestBytes) : this.h.malloc(requestBytes);
    const id = this.h.create(gc ? Kind.Opaque : Kind.OpaqueAtom, this.h.typeId('object'), address, requestBytes, typeName);
    for (const r of refs) this.h.incref(r);
    if (refs.length > 0) this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: refs });
    if (gc) this.h.tracked(id);
    return id;
  }

  /** Replace reference `index` of an opaque object (an iterator advancing, a result tuple swapped). */
  opaqueSet(id: ObjectId, index: number, value: ObjectId): void {
    this.h.expectKind(id, Kind.Opaque, Kind.OpaqueAtom);
    this.h.liveOrNull(value);
    const old = this.h.state.slot(id, index);
    this.h.incref(value);
    this.h.slotSet(id, index, value);
    this.h.decref(old);
  }
}
