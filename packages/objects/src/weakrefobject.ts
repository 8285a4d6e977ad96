/**
 * Weak references (Objects/weakrefobject.c): weakref.ref with the shared basic ref and
 * callback refs in the referent's list, PyObject_ClearWeakRefs (callbacks called with
 * the refs cleared first), handle_callback, and weakref_dealloc / gc_clear.
 */
import { ObjectsError } from './errors.js';
import { NULL_ID, type ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { LAYOUT_311 } from './layout.js';
import { errorText, isUnraisable, type HeapCore, type TypeSlots } from './object.js';
import { TupleObjects } from './tupleobject.js';

export class WeakrefObjects implements TypeSlots {
  private readonly tuples: TupleObjects;

  constructor(private readonly h: HeapCore) {
    this.tuples = h.file(TupleObjects);
  }

  /**
   * weakref.ref(referent[, callback]): without a callback the existing basic ref is
   * returned; a new basic ref goes to the head of the referent's list, a callback ref
   * right after the basic ref (so newer callback refs come first).
   */
  make(referent: ObjectId, callback: ObjectId = NULL_ID): ObjectId {
    this.h.live(referent);
    this.h.liveOrNull(callback);
    const s = this.h.state;
    if (!this.supportsWeakrefs(referent)) throw new ObjectsError('TYPE_ERROR', `cannot create weak reference to '${this.h.typeName(referent)}' object`);
    if (callback === this.h.noneId) callback = NULL_ID;
    const list = s.weaklists.get(referent) ?? [];
    const basic = list.length > 0 && s.slot(list[0]! as ObjectId, 0) === NULL_ID ? (list[0]! as ObjectId) : NULL_ID;
    if (callback === NULL_ID && basic !== NULL_ID) {
      this.h.incref(basic);
      return basic;
    }
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.weakrefBytes;
    const address = this.h.gcAllocBlock(bytes);
    const id = this.h.create(Kind.Weakref, this.h.typeId('weakref'), address, bytes);
    this.h.incref(callback);
    this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: [callback] });
    const index = callback === NULL_ID || basic === NULL_ID ? 0 : 1;
    // the referent may have died during gcAllocBlock's collection? It is referenced by the caller, so no.
    this.h.emit({ type: 'WeakrefLinked', wr: id, referent, index });
    this.h.tracked(id);
    return id;
  }

  /** wr(): a new reference to the referent, or None once it is gone. */
  get(wr: ObjectId): ObjectId {
    this.h.expectKind(wr, Kind.Weakref);
    const r = this.h.state.aux[wr]! as ObjectId;
    const out = r === NULL_ID ? this.h.noneId : r;
    this.h.incref(out);
    return out;
  }

  supportsWeakrefs(id: ObjectId): boolean {
    const spec = this.h.state.types.get(this.h.state.typeOf[id]!);
    if (this.h.state.kind[id] === Kind.Type) return true;
    return spec !== undefined && spec.weakrefable;
  }

  /** Borrowed: the weakrefs to `id`, head first. */
  refsOf(id: ObjectId): readonly ObjectId[] {
    return (this.h.state.weaklists.get(id) ?? []) as ObjectId[];
  }

  /** _PyWeakref_ClearRef: detach from the referent, keep the callback (the collector's step). */
  clearRef(wr: ObjectId): void {
    if (this.h.state.aux[wr] !== NULL_ID) this.h.emit({ type: 'WeakrefUnlinked', wr });
  }

  /** clear_weakref: detach and drop the callback. */
  private clearWeakref(wr: ObjectId): void {
    this.clearRef(wr);
    const cb = this.h.state.slot(wr, 0);
    if (cb !== NULL_ID) {
      this.h.slotSet(wr, 0, NULL_ID);
      this.h.decref(cb);
    }
  }

  /**
   * PyObject_ClearWeakRefs: the callback-less basic refs at the head are cleared; one
   * remaining ref is cleared and its callback called; several are collected in a
   * 2·n tuple (a GC allocation), all cleared, then called in list order.
   */
  clearWeakRefs(obj: ObjectId): void {
    const s = this.h.state;
    const list = () => s.weaklists.get(obj) ?? [];
    for (let k = 0; k < 2; k++) {
      const l = list();
      if (l.length > 0 && s.slot(l[0]! as ObjectId, 0) === NULL_ID) this.clearWeakref(l[0]! as ObjectId);
    }
    const refs = [...list()] as ObjectId[];
    if (refs.length === 0) return;
    if (refs.length === 1) {
      const wr = refs[0]!;
      const cb = s.slot(wr, 0);
      this.h.slotSet(wr, 0, NULL_ID);
      this.clearRef(wr);
      if (cb !== NULL_ID) {
        if (s.refcnt[wr]! > 0) this.handleCallback(wr, cb);
        this.h.decref(cb);
      }
      return;
    }
    const items: ObjectId[] = [];
    for (const wr of refs) {
      const cb = s.slot(wr, 0);
      if (s.refcnt[wr]! > 0) {
        items.push(wr, cb);
      } else {
        items.push(NULL_ID, NULL_ID);
        this.h.decref(cb);
      }
      this.h.slotSet(wr, 0, NULL_ID);
      this.clearRef(wr);
    }
    // PyTuple_New(count * 2): the refs take a new reference, the callbacks move into it
    const tuple = this.tuples.raw(items.length);
    for (let i = 0; i < items.length; i += 2) {
      if (items[i] !== NULL_ID) this.h.incref(items[i]!);
      this.h.slotSet(tuple, i, items[i]!);
      this.h.slotSet(tuple, i + 1, items[i + 1]!);
    }
    for (let i = 0; i < items.length; i += 2) {
      const cb = items[i + 1]!;
      if (cb !== NULL_ID) this.handleCallback(items[i]!, cb);
    }
    this.h.decref(tuple);
  }

  /** handle_callback: callback(wr); errors are unraisable. */
  handleCallback(wr: ObjectId, callback: ObjectId): void {
    this.h.emit({ type: 'WeakrefCallbackCalled', wr, callback });
    if (this.h.host !== null) {
      try {
        this.h.host.callWeakrefCallback(this.h.facade, callback, wr);
      } catch (err) {
        this.h.emit({ type: 'UnraisableReported', id: callback, message: errorText(err) });
        if (!isUnraisable(err)) throw err;
      }
    }
    this.h.emit({ type: 'HostCallReturned', id: wr });
  }

  /** weakref_dealloc: clear_weakref (callback dropped), then PyObject_GC_Del. */
  dealloc(id: ObjectId): void {
    this.h.untrack(id);
    this.clearWeakref(id);
    this.h.gcDel(id);
  }

  /** tp_clear (gc_clear: clear_weakref). */
  readonly clear = (wr: ObjectId): void => this.clearWeakref(wr);
}
