/**
 * The atoms: int, float, str, bytes and plain object() (Objects/longobject.c,
 * floatobject.c, unicodeobject.c, bytesobject.c, the object() of typeobject.c). They hold
 * no references; their tp_dealloc frees the block (float keeps up to 100 on its free
 * list). Small ints, '' and one-character Latin-1 strs, b'' and one-byte bytes are the
 * interpreter's statics: made once, never counted, never freed.
 */
import type { ObjectId } from './ids.js';
import { Kind } from './kinds.js';
import { bytesBytes, intRequestBytes, intSizeof, LAYOUT_311, strBytes } from './layout.js';
import { LongText, type Text } from './longText.js';
import type { HeapCore, TypeSlots } from './object.js';
import { FL_FLOAT, type ObjectsState } from './ObjectsState.js';

const FLOAT_FREELIST_MAX = 100;

/** int.__sizeof__ (int___sizeof___impl): the header and the digits the value needs. */
export function longObjectSizeof(s: ObjectsState, id: ObjectId): number {
  return intSizeof(BigInt(s.payload[id] as string));
}

export class AtomObjects {
  private readonly interned = new Map<string, ObjectId>();
  /** int, str, bytes, object: PyObject_Free. */
  readonly plainSlots: TypeSlots = { dealloc: (id) => this.h.freeObject(id) };
  /** float_dealloc: onto the free list while it has room. */
  readonly floatSlots: TypeSlots = {
    dealloc: (id) => {
      if (this.h.state.freeLists[FL_FLOAT]!.length < FLOAT_FREELIST_MAX) this.h.toFreeList(id, FL_FLOAT);
      else this.h.freeObject(id);
    },
  };

  constructor(private readonly h: HeapCore) {}

  none(): ObjectId { this.h.incref(this.h.noneId); return this.h.noneId; }

  bool(v: boolean): ObjectId { const id = v ? this.h.trueId : this.h.falseId; this.h.incref(id); return id; }

  /**
   * An int: -5..256 are static small ints; others a new block of 24 + 4·digits.
   * `allocDigits`: the digits CPython's routine allocated before normalising (x_sub
   * allocates as many as its larger operand, PyLong_FromString sizes from the decimal
   * length): the block keeps that size, sys.getsizeof reports the normalised one.
   */
  int(value: bigint | number, allocDigits?: number): ObjectId {
    const v = BigInt(value);
    if (v >= -5n && v <= 256n) return this.staticAtom(Kind.Int, 'int', v.toString(), 28);
    const bytes = allocDigits === undefined ? intRequestBytes(v) : 24 + 4 * Math.max(1, allocDigits);
    const address = this.h.malloc(bytes);
    return this.h.create(Kind.Int, this.h.typeId('int'), address, bytes, v.toString());
  }

  /** PyFloat_FromDouble: the float free list first. */
  float(value: number): ObjectId {
    const address = this.h.fromFreeList(FL_FLOAT, LAYOUT_311.floatBytes, false);
    return this.h.create(Kind.Float, this.h.typeId('float'), address, LAYOUT_311.floatBytes, value);
  }

  /** A str: '' and 1-char Latin-1 strings are static; others PyUnicode_New. A LongText is a str longer than a host string. */
  str(value: Text): ObjectId {
    if (value instanceof LongText) {
      const bytes = strBytes(value);
      return this.h.create(Kind.Str, this.h.typeId('str'), this.h.malloc(bytes), bytes, value);
    }
    if (value === '') { this.h.incref(this.h.emptyStrId); return this.h.emptyStrId; }
    const cps = [...value];
    if (cps.length === 1 && cps[0]!.codePointAt(0)! < 256) return this.staticAtom(Kind.Str, 'str', value, strBytes(value));
    const bytes = strBytes(value);
    const address = this.h.malloc(bytes);
    return this.h.create(Kind.Str, this.h.typeId('str'), address, bytes, value);
  }

  /** An interned identifier (attribute and class names): static, owned by the interpreter. */
  internedStr(value: string): ObjectId {
    const id = this.interned.get(value);
    if (id !== undefined) return id;
    const made = this.staticAtom(Kind.Str, 'str', value, strBytes(value));
    this.interned.set(value, made);
    return made;
  }

  /**
   * bytes of `value` (latin-1 code units): b'' and 1-byte bytes are static, except when
   * `fresh` (bytes_repeat and friends PyObject_Malloc a new object even for those).
   */
  bytes(value: string, fresh: boolean): ObjectId {
    if (value.length <= 1 && !fresh) return this.staticAtom(Kind.Bytes, 'bytes', value, bytesBytes(value.length));
    const bytes = bytesBytes(value.length);
    const address = this.h.malloc(bytes);
    return this.h.create(Kind.Bytes, this.h.typeId('bytes'), address, bytes, value);
  }

  /** `object()`: a plain non-GC object of 16 bytes. */
  object(): ObjectId {
    const address = this.h.malloc(16);
    return this.h.create(Kind.Object, this.h.typeId('object'), address, 16);
  }

  private staticAtom(kind: number, type: string, value: string, bytes: number): ObjectId {
    const key = (kind === Kind.Int ? 'i' : kind === Kind.Str ? 's' : 'b') + value;
    let id = this.h.statics.get(key);
    if (id === undefined) {
      id = this.h.state.nextId as ObjectId;
      this.h.emit({ type: 'ObjectCreated', id, kind, typeId: this.h.typeId(type), address: 0, requestBytes: bytes, value, isStatic: true });
      this.h.statics.set(key, id);
    }
    this.h.incref(id);
    return id;
  }
}
