/**
 * Functions (Objects/funcobject.c): PyFunction_New, the function's __dict__ made on
 * first use, func_dealloc and func_clear. A function's slots are its fields in
 * func_traverse order (FUNC_*).
 */
import { AtomObjects } from './atoms.js';
import { DictObjects } from './dictobject.js';
import { NULL_ID, type ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { LAYOUT_311 } from './layout.js';
import type { HeapCore, TypeSlots } from './object.js';
import { WeakrefObjects } from './weakrefobject.js';

/** Function fields, in func_traverse order. */
export const FUNC_CODE = 0, FUNC_GLOBALS = 1, FUNC_MODULE = 2, FUNC_DEFAULTS = 3, FUNC_KWDEFAULTS = 4,
  FUNC_DOC = 5, FUNC_NAME = 6, FUNC_DICT = 7, FUNC_CLOSURE = 8, FUNC_ANNOTATIONS = 9, FUNC_QUALNAME = 10;
export const FUNC_SLOTS = 11;
export interface NewFunctionOptions {
  readonly name: string;
  readonly qualname?: string;
  readonly globals?: ObjectId;
  readonly defaults?: ObjectId;
  readonly closure?: ObjectId;
  readonly code?: ObjectId;
}

export class FuncObjects implements TypeSlots {
  private readonly atoms: AtomObjects;
  private readonly dicts: DictObjects;
  private readonly weakrefs: WeakrefObjects;

  constructor(private readonly h: HeapCore) {
    this.atoms = h.file(AtomObjects);
    this.dicts = h.file(DictObjects);
    this.weakrefs = h.file(WeakrefObjects);
  }

  /** PyFunction_New: a 160-byte GC block, tracked; the fields take new references. */
  make(options: NewFunctionOptions): ObjectId {
    for (const x of [options.globals, options.defaults, options.closure, options.code]) if (x !== undefined && x !== NULL_ID) this.h.live(x);
    const bytes = LAYOUT_311.gcHeadBytes + LAYOUT_311.functionBytes;
    const address = this.h.gcAllocBlock(bytes);
    const id = this.h.create(Kind.Function, this.h.typeId('function'), address, bytes, options.name);
    const fields: ObjectId[] = new Array(FUNC_SLOTS).fill(NULL_ID);
    fields[FUNC_CODE] = options.code ?? NULL_ID;
    fields[FUNC_GLOBALS] = options.globals ?? NULL_ID;
    fields[FUNC_DEFAULTS] = options.defaults ?? NULL_ID;
    fields[FUNC_CLOSURE] = options.closure ?? NULL_ID;
    fields[FUNC_NAME] = this.atoms.internedStr(options.name);
    fields[FUNC_QUALNAME] = this.atoms.internedStr(options.qualname ?? options.name);
    for (const i of [FUNC_CODE, FUNC_GLOBALS, FUNC_DEFAULTS, FUNC_CLOSURE]) this.h.incref(fields[i]!);
    this.h.emit({ type: 'SlotsSpliced', id, index: 0, deleteCount: 0, insert: fields });
    this.h.tracked(id);
    return id;
  }

  /** func.__dict__ (borrowed): a new dict on first use, as PyObject_GenericGetDict makes it. */
  dict(func: ObjectId): ObjectId {
    this.h.expectKind(func, Kind.Function);
    let d = this.h.state.slot(func, FUNC_DICT);
    if (d === NULL_ID) {
      d = this.dicts.make();
      this.h.slotSet(func, FUNC_DICT, d); // the slot owns the new reference
    }
    return d;
  }

  /** func_dealloc: weak references, func_clear, then the code, name and qualname. */
  dealloc(id: ObjectId): void {
    const s = this.h.state;
    this.h.untrack(id);
    if (s.weaklists.has(id)) this.weakrefs.clearWeakRefs(id);
    this.funcClear(id);
    this.h.decref(s.slot(id, FUNC_CODE));
    this.h.decref(s.slot(id, FUNC_NAME));
    this.h.decref(s.slot(id, FUNC_QUALNAME));
    this.h.gcDel(id);
  }

  /** tp_clear (func_clear). */
  readonly clear = (id: ObjectId): void => this.funcClear(id);

  /** func_clear */
  private funcClear(id: ObjectId): void {
    const s = this.h.state;
    for (const f of [FUNC_GLOBALS, FUNC_MODULE, FUNC_DEFAULTS, FUNC_KWDEFAULTS, FUNC_DOC, FUNC_DICT, FUNC_CLOSURE, FUNC_ANNOTATIONS]) {
      const v = s.slot(id, f);
      if (v !== NULL_ID) {
        this.h.slotSet(id, f, NULL_ID);
        this.h.decref(v);
      }
    }
    for (const f of [FUNC_NAME, FUNC_QUALNAME]) {
      const v = s.slot(id, f);
      if (v !== this.h.emptyStrId) {
        this.h.incref(this.h.emptyStrId);
        this.h.slotSet(id, f, this.h.emptyStrId);
        this.h.decref(v);
      }
    }
  }
}
