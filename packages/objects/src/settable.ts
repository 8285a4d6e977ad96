/**
 * A set's hash table (Objects/setobject.c): where a key goes, found by probing as
 * CPython 3.11 probes, so that a set iterates, prints, pops, traverses and is deallocated
 * in CPython's order. Pure functions over the state; setobject.ts decides with them and emits the
 * events (SlotSet into a table index, SlotsSpliced for a whole new table).
 *
 * The table is the set's slots: `storageCap` entries (8: the inline smalltable, else a
 * malloc'ed block of 16 bytes an entry), each a key or NULL. A NULL slot is either never
 * used or `dummy` (a key was discarded or popped there): `state.setDummies` says which.
 *
 *   slot       key       NULL, never used          NULL, dummy
 *   lookup     compare   stops the probe           walked past
 *   add        (found)   takes it (fill += 1)      the last one passed is taken instead
 *   iterate    yields    skipped                   skipped
 *   resize     moved     -                         dropped (fill = used)
 *
 * Probing: start at hash & mask, look at up to LINEAR_PROBES following slots when they
 * fit before the end of the table, then jump to (i * 5 + 1 + perturb) & mask with
 * perturb = hash >> 5 after each round (hash read as an unsigned 64-bit number).
 * A key's hash is not stored: objectHash recomputes it from the key (hash.ts).
 */
import { NULL_ID, type ObjectId } from './ids.js';
import type { ObjectsState } from './ObjectsState.js';
import { objectHash } from './hash.js';

/** PySet_MINSIZE: the inline table's entries. */
export const SET_MINSIZE = 8;
const LINEAR_PROBES = 9;
const PERTURB_SHIFT = 5;

/** so->used: the keys in the set. */
export function setUsed(s: ObjectsState, set: number): number {
  return s.dictIndex.get(set)!.size;
}

/** so->fill: keys and dummies. */
export function setFill(s: ObjectsState, set: number): number {
  return setUsed(s, set) + (s.setDummies.get(set)?.size ?? 0);
}

/** set_table_resize's new size: the smallest power of two (at least 8) above minused. */
export function setTableSize(minused: number): number {
  let size = SET_MINSIZE;
  while (size <= minused) size *= 2;
  return size;
}

/** The probe sequence's state: the hash as two unsigned 32-bit halves (perturb). */
class Probe {
  lo: number;
  hi: number;
  constructor(hash: bigint) {
    const u = BigInt.asUintN(64, hash);
    this.lo = Number(u & 0xffff_ffffn);
    this.hi = Number(u >> 32n);
  }
  /** perturb >>= PERTURB_SHIFT; the next round's start. */
  next(i: number, mask: number): number {
    this.lo = ((this.lo >>> PERTURB_SHIFT) | (this.hi << (32 - PERTURB_SHIFT))) >>> 0;
    this.hi = this.hi >>> PERTURB_SHIFT;
    // only the low bits survive `& mask` (mask < 2**31): add modulo 2**32
    return ((i * 5 + 1 + this.lo) >>> 0) & mask;
  }
}

/**
 * set_add_entry for a key that is not in the set: the table index it goes to, and
 * whether that index held a dummy (then fill does not grow and no resize follows).
 */
export function setAddIndex(s: ObjectsState, set: number, hash: bigint): { index: number; dummy: boolean } {
  const mask = s.storageCap[set]! - 1;
  const off = s.slotOff[set]!;
  const dummies = s.setDummies.get(set);
  const probe = new Probe(hash);
  let i = probe.lo & mask;
  let freeslot = -1;
  for (;;) {
    let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
    let j = i;
    do {
      if (s.slotPool[off + j] === NULL_ID) {
        if (dummies === undefined || !dummies.has(j)) {
          return freeslot >= 0 ? { index: freeslot, dummy: true } : { index: j, dummy: false };
        }
        freeslot = j;
      }
      j++;
    } while (probes-- > 0);
    i = probe.next(i, mask);
  }
}

/** set_insert_clean: a key into a table with no dummies and no equal key (mutates `table`). */
export function setInsertClean(table: ObjectId[], key: ObjectId, hash: bigint): void {
  const mask = table.length - 1;
  const probe = new Probe(hash);
  let i = probe.lo & mask;
  for (;;) {
    if (table[i] === NULL_ID) { table[i] = key; return; }
    if (i + LINEAR_PROBES <= mask) {
      for (let j = i + 1; j <= i + LINEAR_PROBES; j++) if (table[j] === NULL_ID) { table[j] = key; return; }
    }
    i = probe.next(i, mask);
  }
}

/** The keys of `set` in table order (skipping unused and dummy slots), as set_next walks them. */
export function setKeys(s: ObjectsState, set: number): ObjectId[] {
  const out: ObjectId[] = [];
  const off = s.slotOff[set]!;
  const n = s.slotLen[set]!;
  for (let i = 0; i < n; i++) { const k = s.slotPool[off + i]!; if (k !== NULL_ID) out.push(k as ObjectId); }
  return out;
}

/** A new table of `size` entries holding `keys`, each placed by set_insert_clean in the order given. */
export function setCleanTable(s: ObjectsState, size: number, keys: readonly ObjectId[]): ObjectId[] {
  const table: ObjectId[] = new Array<ObjectId>(size).fill(NULL_ID);
  for (const k of keys) setInsertClean(table, k, objectHash(s, k));
  return table;
}
