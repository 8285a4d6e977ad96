/**
 * Object layouts of CPython 3.11 (64-bit): how many bytes each object asks the allocator
 * for, and what `sys.getsizeof` reports, as functions of the object's shape. Everything
 * here is a constant of the build or a rule of the C source; golden tests compare each
 * rule with what the machine's python3 reports (packages/objects/golden, made by
 * tools/cpython-oracle).
 *
 * Mirrors  Include/object.h, Include/cpython/*.h (struct sizes); Objects/longobject.c
 *          (_PyLong_New), unicodeobject.c (PyUnicode_New, unicode_sizeof), bytesobject.c,
 *          tupleobject.c, listobject.c (list_resize, list___sizeof__), dictobject.c
 *          (new_keys_object, calculate_log2_keysize, _PyDict_SizeOf), setobject.c
 *          (set_table_resize, set_sizeof), typeobject.c (_PyType_PreHeaderSize,
 *          init_inline_values), Python/sysmodule.c (_PySys_GetSizeOf).
 */

import type { LongText, Text } from './longText.js';

/** Sizes of the 64-bit 3.11 build, in bytes. */
export const LAYOUT_311 = Object.freeze({
  pointerBytes: 8,
  /** PyObject: ob_refcnt, ob_type. */
  objectHeadBytes: 16,
  /** PyVarObject: + ob_size. */
  varHeadBytes: 24,
  /** PyGC_Head, before every object of a GC type. */
  gcHeadBytes: 16,
  /** values and dict pointers, before instances of classes with a managed __dict__. */
  managedDictPreHeaderBytes: 16,
  intDigitBytes: 4,
  /** offsetof(PyLongObject, ob_digit) */
  intBaseBytes: 24,
  floatBytes: 24,
  complexBytes: 32,
  /** sizeof(PyASCIIObject), sizeof(PyCompactUnicodeObject) */
  asciiHeadBytes: 48,
  compactHeadBytes: 72,
  /** PyBytesObject up to ob_sval[0], plus the terminating NUL counted by tp_basicsize. */
  bytesBasicBytes: 33,
  tupleBasicBytes: 24,
  listBasicBytes: 40,
  dictBasicBytes: 48,
  /** sizeof(PyDictKeysObject) */
  dictKeysHeadBytes: 32,
  dictUnicodeEntryBytes: 16,
  dictGeneralEntryBytes: 24,
  setBasicBytes: 200,
  setEntryBytes: 16,
  setMinSize: 8,
  functionBytes: 136,
  cellBytes: 24,
  methodBytes: 48,
  weakrefBytes: 64,
  /** tp_basicsize of a plain class (`class A: pass`): header + __weakref__ slot. */
  plainInstanceBasicBytes: 24,
});

export type Layout = typeof LAYOUT_311;

/** Number of 30-bit digits of |v| (0 has none). */
export function intDigits(v: bigint): number {
  let x = v < 0n ? -v : v;
  let n = 0;
  while (x > 0n) {
    x >>= 30n;
    n++;
  }
  return n;
}

/** Bytes `_PyLong_New` requests: at least one digit is always reserved. */
export function intRequestBytes(v: bigint, l: Layout = LAYOUT_311): number {
  return l.intBaseBytes + l.intDigitBytes * Math.max(1, intDigits(v));
}

/** sys.getsizeof(int): int.__sizeof__ counts max(|ob_size|, 1) digits (zero has one reserved). */
export function intSizeof(v: bigint, l: Layout = LAYOUT_311): number {
  return l.intBaseBytes + l.intDigitBytes * Math.max(1, intDigits(v));
}

/** 1 (ASCII or Latin-1), 2 (UCS-2) or 4 (UCS-4): the kind PyUnicode_New picks for the widest code point. */
export function strKind(s: string): { kind: 1 | 2 | 4; ascii: boolean; length: number } {
  let max = 0, length = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c > max) max = c;
    length++;
  }
  return { kind: max < 256 ? 1 : max < 65536 ? 2 : 4, ascii: max < 128, length };
}

function longStrKind(s: LongText): { kind: 1 | 2 | 4; ascii: boolean; length: number } {
  const max = s.maxCodePoint();
  return { kind: max < 256 ? 1 : max < 65536 ? 2 : 4, ascii: max < 128, length: s.length };
}

/** Bytes of a compact str (one block; also its __sizeof__ while it has no UTF-8 or wchar copy). */
export function strBytes(s: Text, l: Layout = LAYOUT_311): number {
  const { kind, ascii, length } = typeof s === 'string' ? strKind(s) : longStrKind(s);
  return ascii ? l.asciiHeadBytes + length + 1 : l.compactHeadBytes + (length + 1) * kind;
}

export function bytesBytes(length: number, l: Layout = LAYOUT_311): number {
  return l.bytesBasicBytes + length;
}

/** A tuple's object (without the GC header). */
export function tupleBytes(length: number, l: Layout = LAYOUT_311): number {
  return l.tupleBasicBytes + l.pointerBytes * length;
}

/**
 * list_resize: the capacity a list of `allocated` slots and `oldSize` items gets for
 * `newSize` items (the same capacity when it still fits and is at least half used).
 */
export function listResize(allocated: number, oldSize: number, newSize: number): number {
  if (allocated >= newSize && newSize >= allocated >> 1) return allocated;
  if (newSize === 0) return 0;
  let newAllocated = (newSize + (newSize >> 3) + 6) & ~3;
  if (newSize - oldSize > newAllocated - newSize) newAllocated = (newSize + 3) & ~3;
  return newAllocated;
}

/** list.__sizeof__: the object plus its item array. */
export function listSizeof(allocated: number, l: Layout = LAYOUT_311): number {
  return l.listBasicBytes + l.pointerBytes * allocated;
}

/** USABLE_FRACTION(n) */
export function usableFraction(slots: number): number {
  return ((slots << 1) / 3) | 0;
}

/**
 * calculate_log2_keysize(minsize) as 64-bit Linux builds compute it:
 * bit_length(((minsize | 8) - 1) | 7). Not quite "the smallest power of two >= minsize":
 * 1..7 give 16 slots, and powers of two from 16 up give twice their size.
 */
export function log2Keysize(minsize: number): number {
  const m = ((minsize | 8) - 1) | 7;
  return 32 - Math.clz32(m);
}

/** Bytes of a dict keys object of 2^log2 slots: header + index table + usable entries. */
export function dictKeysBytes(log2: number, unicode: boolean, l: Layout = LAYOUT_311): number {
  const slots = 1 << log2;
  const indexWidth = log2 < 8 ? 1 : log2 < 16 ? 2 : log2 < 32 ? 4 : 8;
  const entry = unicode ? l.dictUnicodeEntryBytes : l.dictGeneralEntryBytes;
  return l.dictKeysHeadBytes + slots * indexWidth + usableFraction(slots) * entry;
}

/**
 * The keys table a combined dict has after `n` insertions of new keys into `{}` (one at a
 * time): none while empty (the shared empty keys), 8 slots at the first insertion, and on
 * each insert that finds no usable entry, dictresize to calculate_log2_keysize(3 * used).
 */
export function dictLog2AfterInserts(n: number): number | null {
  if (n === 0) return null;
  let log2 = 3;
  let usable = usableFraction(8);
  let nentries = 0;
  for (let used = 0; used < n; used++) {
    if (usable - nentries <= 0) {
      // GROWTH_RATE(d) = used * 3
      log2 = log2Keysize(used * 3);
      usable = usableFraction(1 << log2);
      nentries = used;
    }
    nentries++;
  }
  return log2;
}

/** dict.__sizeof__ of a combined dict (its keys counted when it owns them; {} owns none). */
export function dictSizeof(log2: number | null, unicode: boolean, l: Layout = LAYOUT_311): number {
  return l.dictBasicBytes + (log2 === null ? 0 : dictKeysBytes(log2, unicode, l));
}

/**
 * set_table_resize: the table size after an insertion that makes fill * 5 >= mask * 3:
 * the smallest power of two > used * 4 (used * 2 above 50,000 entries), at least 8.
 */
export function setTableAfterInserts(n: number): number {
  let mask = 7, fill = 0, used = 0;
  for (let k = 0; k < n; k++) {
    fill++;
    used++;
    if (fill * 5 >= mask * 3) {
      const minused = used > 50000 ? used * 2 : used * 4;
      let size = 8;
      while (size <= minused) size <<= 1;
      mask = size - 1;
      fill = used;
    }
  }
  return mask + 1;
}

export function setSizeof(tableSlots: number, l: Layout = LAYOUT_311): number {
  return l.setBasicBytes + (tableSlots > l.setMinSize ? tableSlots * l.setEntryBytes : 0);
}

/** _PySys_GetSizeOf: __sizeof__ plus the pre-header (GC header, managed-dict pointers). */
export function getsizeof(sizeofBytes: number, gc: boolean, managedDict = false, l: Layout = LAYOUT_311): number {
  return sizeofBytes + (gc ? l.gcHeadBytes : 0) + (managedDict ? l.managedDictPreHeaderBytes : 0);
}

/**
 * init_inline_values: the values array of the k-th instance (k = 0, 1, …) of a fresh
 * class whose instances set no attributes yet. The class's cached keys start with
 * dk_usable 30 and give up one slot per instance while more than one is left; the array
 * has dk_nentries + dk_usable slots, after a prefix of round_up(size + 2, 8) bytes.
 */
export function inlineValuesRequestBytes(k: number, nentries = 0, l: Layout = LAYOUT_311): number {
  const usable = Math.max(1, 30 - (k + 1));
  const size = nentries + usable;
  const prefix = (size + 2 + 7) & ~7;
  return prefix + l.pointerBytes * size;
}
