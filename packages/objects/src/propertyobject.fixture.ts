/**
 * An example of adding a type (README, "Adding a type"): `property`, which the package
 * does not ship, in a file of its own as Objects/descrobject.c has it, plus one line of
 * a type table. newtype.test.ts uses it and compares what it does with python3.
 *
 *   field      prop_get  prop_set  prop_del  prop_doc  prop_name   (slots 0..4)
 *   traverse   property_traverse visits them in that order: the default traverse
 *   sizeof     sizeof(propertyobject) = 64, with the GC header 80: the default (the
 *              request bytes)
 *   tp_clear   property_clear clears prop_doc only
 *   dealloc    property_dealloc: untrack, release the five in order, PyObject_GC_Del
 *              (no trashcan)
 */
import { NULL_ID, TYPE_TABLE, type HeapCore, type ObjectId, type TypeDef, type TypeSlots } from './index.js';

/** Its kind: the first number after the builtin kinds. */
export const KIND_PROPERTY = TYPE_TABLE.length;
const PROP_DOC = 3;
/** PyObject_HEAD, five pointers and the getter_doc int, padded. */
const PROPERTY_BYTES = 64;
const GC_HEAD_BYTES = 16;

export class PropertyObjects implements TypeSlots {
  constructor(private readonly h: HeapCore) {}

  /** property(fget, fset, fdel, doc): NULL_ID where None would be passed. */
  make(fget: ObjectId, fset: ObjectId, fdel: ObjectId, doc: ObjectId): ObjectId {
    const fields = [fget, fset, fdel, doc];
    for (const x of fields) this.h.liveOrNull(x);
    const type = this.h.staticType('property', KIND_PROPERTY, PROPERTY_BYTES);
    const bytes = GC_HEAD_BYTES + PROPERTY_BYTES;
    const id = this.h.create(KIND_PROPERTY, type, this.h.gcAllocBlock(bytes), bytes);
    for (const x of fields) this.h.incref(x);
    this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: [...fields, NULL_ID] });
    this.h.tracked(id);
    return id;
  }

  /** property_dealloc */
  dealloc(id: ObjectId): void { this.h.deallocContainer(id); }

  /** property_clear: Py_CLEAR(prop_doc). */
  readonly clear = (id: ObjectId): void => {
    const doc = this.h.state.slot(id, PROP_DOC);
    if (doc === NULL_ID) return;
    this.h.slotSet(id, PROP_DOC, NULL_ID);
    this.h.decref(doc);
  };
}

/** Its line of the type table. */
export const PROPERTY_TYPE: TypeDef = { name: 'property', gc: true, slots: (h) => h.file(PropertyObjects) };
