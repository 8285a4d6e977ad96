/**
 * Closure cells (Objects/cellobject.c): one slot, its contents (NULL when empty);
 * cell_dealloc releases it, cell_clear empties it.
 */
import { NULL_ID, type ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { LAYOUT_311 } from './layout.js';
import type { HeapCore, TypeSlots } from './object.js';

export class CellObjects implements TypeSlots {
  constructor(private readonly h: HeapCore) {}

  /** A closure cell holding `contents` (or empty). */
  make(contents: ObjectId = NULL_ID): ObjectId {
    this.h.liveOrNull(contents);
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.cellBytes;
    const address = this.h.gcAllocBlock(bytes);
    const id = this.h.create(Kind.Cell, this.h.typeId('cell'), address, bytes);
    this.h.incref(contents);
    this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: [contents] });
    this.h.tracked(id);
    return id;
  }

  set(cell: ObjectId, contents: ObjectId): void {
    this.h.expectKind(cell, Kind.Cell);
    this.h.liveOrNull(contents);
    const old = this.h.state.slot(cell, 0);
    this.h.incref(contents);
    this.h.slotSet(cell, 0, contents);
    this.h.decref(old);
  }

  dealloc(id: ObjectId): void { this.h.deallocContainer(id); }

  /** tp_clear (cell_clear). */
  readonly clear = (id: ObjectId): void => clearSlot0(this.h, id);
}

/** Py_CLEAR of slot 0 (cell_clear, module_clear's md_dict). */
export function clearSlot0(h: HeapCore, id: ObjectId): void {
  const v = h.state.slot(id, 0);
  if (v !== NULL_ID) {
    h.slotSet(id, 0, NULL_ID);
    h.decref(v);
  }
}
