/**
 * Module objects (Objects/moduleobject.c): one slot, the module's dict; module_dealloc
 * releases it, module_clear empties it.
 */
import type { ObjectId } from './ids.js';
import { clearSlot0 } from './cellobject.js';
import { Kind } from './kinds.js';
import { LAYOUT_311 } from './layout.js';
import type { HeapCore, TypeSlots } from './object.js';

export class ModuleObjects implements TypeSlots {
  constructor(private readonly h: HeapCore) {}

  /** A module object holding `dict` (tracked). */
  make(name: string, dict: ObjectId): ObjectId {
    this.h.expectKind(dict, Kind.Dict);
    const bytes = LAYOUT_311.gcHeadBytes + 56; // sizeof(PyModuleObject)
    const address = this.h.gcAllocBlock(bytes);
    const id = this.h.create(Kind.Module, this.h.typeId('module'), address, bytes, name);
    this.h.incref(dict);
    this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: [dict] });
    this.h.tracked(id);
    return id;
  }

  dealloc(id: ObjectId): void { this.h.deallocContainer(id); }

  /** tp_clear (module_clear: md_dict). */
  readonly clear = (id: ObjectId): void => clearSlot0(this.h, id);
}
