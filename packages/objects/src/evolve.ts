/**
 * evolve(state, event): applies one event. Never validates; a valid log never throws.
 */
import { evolve as evolveMemory } from '@pymm/obmalloc';
import type { ObjectsEvent } from './events.js';
import { FINALIZERS, GEN0, NULL_ID, PERMANENT } from './ids.js';
import { Kind } from './kinds.js';
import { LongText, LongTextError } from './longText.js';
import {
  F_ALIVE, F_COLLECTING, F_FINALIZED, F_SPLIT, F_UNREACHABLE, F_STATIC, F_TRACKED, F_UNICODE, type ObjectsState,
} from './ObjectsState.js';

export function evolve(s: ObjectsState, e: ObjectsEvent): void {
  switch (e.type) {
    case 'RefcountChanged':
      s.refcnt[e.id]! += e.delta;
      return;
    case 'MemoryChanged':
      evolveMemory(s.mem, e.event);
      return;
    case 'GcAllocCounted':
      applyGcAllocCounted(s);
      return;
    case 'GcFreeCounted':
      applyGcFreeCounted(s);
      return;
    case 'ObjectCreated': {
      const id = e.id;
      s.ensure(id + 1);
      if (id >= s.nextId) s.nextId = id + 1;
      s.kind[id] = e.kind;
      s.typeOf[id] = e.typeId;
      s.refcnt[id] = e.isStatic ? 999_999_999 : 1;
      s.flags[id] = F_ALIVE | (e.isStatic ? F_STATIC : 0) | (e.split ? F_SPLIT : 0);
      s.address[id] = e.address;
      s.requestBytes[id] = e.requestBytes;
      s.gcNext[id] = -1;
      s.gcPrev[id] = -1;
      s.slotLen[id] = 0;
      s.slotCap[id] = 0;
      s.slotOff[id] = 0;
      s.storageAddr[id] = 0;
      s.storageCap[id] = 0;
      s.aux[id] = NULL_ID;
      s.inref[id] = 0;
      if (e.kind === Kind.Instance) s.inref[e.typeId]!++;
      if (e.value !== undefined) s.payload[id] = e.value;
      if (e.kind === Kind.Dict || e.kind === Kind.Set || e.kind === Kind.FrozenSet) s.dictIndex.set(id, new Map());
      s.liveCount++;
      return;
    }
    case 'TypeDefined':
      s.types.set(e.id, e.spec);
      if (e.spec.isHeap && e.spec.managedDict) {
        s.sharedKeys.set(e.id, { names: [], index: new Map(), usable: 30, address: 0 });
      }
      return;
    case 'SlotsSpliced': {
      const id = e.id;
      const len = s.slotLen[id]!;
      const newLen = len - e.deleteCount + e.insert.length;
      s.reserveSlots(id, newLen);
      const off = s.slotOff[id]!;
      const tail = e.index + e.deleteCount;
      const { slotPool: pool, inref } = s;
      const insert = e.insert;
      const n = insert.length;
      for (let i = e.index; i < tail; i++) { const v = pool[off + i]!; if (v !== NULL_ID) inref[v]!--; }
      for (let i = 0; i < n; i++) { const v = insert[i]!; if (v !== NULL_ID) inref[v]!++; }
      if (tail < len && n !== e.deleteCount) pool.copyWithin(off + e.index + n, off + tail, off + len);
      pool.set(insert, off + e.index);
      s.slotLen[id] = newLen;
      // a set's table is only ever replaced whole (made, resized, cleared): no dummies in it
      if (s.setDummies.size > 0) s.setDummies.delete(id);
      const stride = indexStride(s, id);
      if (stride !== 0) {
        if (e.deleteCount === 0 && e.index === len) indexEntries(s, id, stride, len / stride);
        else rebuildIndex(s, id, stride);
      }
      return;
    }
    case 'SlotSet':
      applySlotSet(s, e.id, e.index, e.value);
      return;
    case 'StorageChanged':
      applyStorage(s, e.id, e.address, e.capacity);
      if (e.unicode !== undefined) s.flags[e.id] = e.unicode ? s.flags[e.id]! | F_UNICODE : s.flags[e.id]! & ~F_UNICODE;
      if (e.split !== undefined) s.flags[e.id] = e.split ? s.flags[e.id]! | F_SPLIT : s.flags[e.id]! & ~F_SPLIT;
      return;
    case 'SharedKeysChanged': {
      const k = s.sharedKeys.get(e.typeId)!;
      k.usable = e.usable;
      if (e.addedName !== undefined) {
        k.index.set(e.addedName, k.names.length);
        k.names.push(e.addedName);
      }
      return;
    }
    case 'InstanceDictSet':
      if (s.aux[e.id] !== NULL_ID) s.inref[s.aux[e.id]!]!--;
      if (e.dict !== NULL_ID) s.inref[e.dict]!++;
      s.aux[e.id] = e.dict;
      return;
    case 'ObjectTracked':
      applyTracked(s, e.id);
      return;
    case 'ObjectUntracked':
      applyUntracked(s, e.id);
      return;
    case 'GcListMoved':
      unlink(s, e.id);
      append(s, e.id, e.list);
      // onto a generation or the finalizers: no longer part of the collected set
      if (e.list <= PERMANENT || e.list === FINALIZERS) s.flags[e.id] = s.flags[e.id]! & ~(F_COLLECTING | F_UNREACHABLE);
      return;
    case 'GcListsMerged':
      mergeLists(s, e.from, e.to);
      return;
    case 'FreeListPushed':
      s.freeLists[e.list]!.push(e.address);
      return;
    case 'FreeListPopped':
      s.freeLists[e.list]!.pop();
      return;
    case 'ObjectDestroyed':
      applyDestroyed(s, e.id);
      return;
    case 'FinalizedMarked':
      s.flags[e.id]! |= F_FINALIZED;
      return;
    case 'WeakrefLinked': {
      let list = s.weaklists.get(e.referent);
      if (list === undefined) s.weaklists.set(e.referent, (list = []));
      list.splice(e.index, 0, e.wr);
      s.aux[e.wr] = e.referent;
      return;
    }
    case 'WeakrefUnlinked': {
      const referent = s.aux[e.wr]!;
      const list = s.weaklists.get(referent);
      if (list !== undefined) {
        const i = list.indexOf(e.wr);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) s.weaklists.delete(referent);
      }
      s.aux[e.wr] = NULL_ID;
      return;
    }
    case 'FinalizerCalled':
    case 'WeakrefCallbackCalled':
    case 'HostCallReturned':
    case 'UnraisableReported':
    case 'DeallocDeferred':
      return;
    case 'SetFingerMoved':
      if (e.finger === 0) s.setFinger.delete(e.id);
      else s.setFinger.set(e.id, e.finger);
      return;
    default: {
      const never: never = e;
      throw new TypeError(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

/** GcAllocCounted: count0 += 1. */
export function applyGcAllocCounted(s: ObjectsState): void {
  s.gcCounts[0]!++;
}

/** GcFreeCounted: count0 -= 1 unless already 0. */
export function applyGcFreeCounted(s: ObjectsState): void {
  if (s.gcCounts[0]! > 0) s.gcCounts[0]!--;
}

/** StorageChanged's address and capacity (its optional flags are evolve's). */
export function applyStorage(s: ObjectsState, id: number, address: number, capacity: number): void {
  s.storageAddr[id] = address;
  s.storageCap[id] = capacity;
}

/** SlotSet (also the hot path of a heap without a sink). */
export function applySlotSet(s: ObjectsState, id: number, index: number, value: number): void {
  const off = s.slotOff[id]! + index;
  const was = s.slotPool[off]!;
  if (was !== NULL_ID) s.inref[was]!--;
  if (value !== NULL_ID) s.inref[value]!++;
  const stride = indexStride(s, id);
  if (stride !== 0 && index % stride === 0) {
    const idx = s.dictIndex.get(id)!;
    if (stride === 1) setSlotDummy(s, id, index, was, value);
    if (was !== NULL_ID) idx.delete(keyIdentity(s, was));
    s.slotPool[off] = value;
    if (value !== NULL_ID) idx.set(keyIdentity(s, value), index / stride);
    return;
  }
  s.slotPool[off] = value;
}

/**
 * A set's entry: a key taken out (set_discard_entry, set_pop) leaves `dummy`; a key put
 * into a dummy slot (set_add_entry's freeslot) uses it up.
 */
function setSlotDummy(s: ObjectsState, id: number, index: number, was: number, value: number): void {
  if (value === NULL_ID) {
    if (was === NULL_ID) return;
    let d = s.setDummies.get(id);
    if (d === undefined) s.setDummies.set(id, (d = new Set()));
    d.add(index);
    return;
  }
  const d = s.setDummies.get(id);
  if (d !== undefined && d.delete(index) && d.size === 0) s.setDummies.delete(id);
}

export function applyTracked(s: ObjectsState, id: number): void {
  s.flags[id]! |= F_TRACKED;
  append(s, id, GEN0);
}

export function applyUntracked(s: ObjectsState, id: number): void {
  unlink(s, id);
  s.gcNext[id] = -1;
  s.gcPrev[id] = -1;
  s.flags[id]! &= ~F_TRACKED;
}

export function applyDestroyed(s: ObjectsState, id: number): void {
  // the references it still held are no longer internal ones
  const o = s.slotOff[id]!;
  for (let i = 0; i < s.slotLen[id]!; i++) { const v = s.slotPool[o + i]!; if (v !== NULL_ID) s.inref[v]!--; }
  if (s.kind[id] === Kind.Instance) {
    s.inref[s.typeOf[id]!]!--;
    if (s.aux[id] !== NULL_ID) s.inref[s.aux[id]!]!--;
  }
  s.flags[id] = s.flags[id]! & F_FINALIZED;
  s.slotPoolWaste += s.slotCap[id]!;
  s.slotCap[id] = 0;
  s.slotLen[id] = 0;
  if (s.weaklists.size > 0) s.weaklists.delete(id);
  const k = s.kind[id];
  if (k === Kind.Dict || k === Kind.Set || k === Kind.FrozenSet) s.dictIndex.delete(id);
  if (k === Kind.Set || k === Kind.FrozenSet) { s.setDummies.delete(id); s.setFinger.delete(id); }
  if (id < s.payload.length && s.payload[id] !== undefined) s.payload[id] = undefined;
  s.liveCount--;
}

/** Unlink `id` from whatever GC list it is on. */
export function unlink(s: ObjectsState, id: number): void {
  const prev = s.gcPrev[id]!;
  const next = s.gcNext[id]!;
  if (prev < 0) return;
  s.gcNext[prev] = next;
  s.gcPrev[next] = prev;
}

/** Append `id` at the end of the list whose head is `head`. */
export function append(s: ObjectsState, id: number, head: number): void {
  const last = s.gcPrev[head]!;
  s.gcNext[last] = id;
  s.gcPrev[id] = last;
  s.gcNext[id] = head;
  s.gcPrev[head] = id;
}

/** gc_list_merge(from, to): append all of `from` to `to`; `from` becomes empty. */
export function mergeLists(s: ObjectsState, from: number, to: number): void {
  const first = s.gcNext[from]!;
  if (first === from) return;
  const last = s.gcPrev[from]!;
  const toLast = s.gcPrev[to]!;
  s.gcNext[toLast] = first;
  s.gcPrev[first] = toLast;
  s.gcNext[last] = to;
  s.gcPrev[to] = last;
  s.gcNext[from] = from;
  s.gcPrev[from] = from;
}

/**
 * A key's identity for dict lookup: equal keys (by Python ==, for the hashable atoms the
 * heap knows) share it; any other object is its own key (object.__eq__ is identity).
 */
export function keyIdentity(s: ObjectsState, id: number): string {
  switch (s.kind[id]) {
    case Kind.Int: return 'i' + (s.payload[id] as string);
    case Kind.Bool: return 'i' + (s.payload[id] as string);
    case Kind.Float: {
      const v = s.payload[id] as number;
      return Number.isInteger(v) ? 'i' + BigInt(v).toString() : 'f' + String(v);
    }
    case Kind.Str: {
      const v = s.payload[id];
      if (v instanceof LongText) throw new LongTextError('a dict key or set member', v.length);
      return 's' + (v as string);
    }
    case Kind.Bytes: return 'b' + (s.payload[id] as string);
    case Kind.None: return 'N';
    case Kind.Tuple: {
      const parts: string[] = [];
      for (let i = 0; i < s.slotLen[id]!; i++) parts.push(keyIdentity(s, s.slot(id, i)));
      return 't(' + parts.join(',') + ')';
    }
    case Kind.FrozenSet: {
      // equal frozensets are one key whatever their order: the items' identities, sorted
      const parts: string[] = [];
      for (let i = 0; i < s.slotLen[id]!; i++) if (s.slot(id, i) !== NULL_ID) parts.push(keyIdentity(s, s.slot(id, i)));
      return 'F{' + parts.sort().join(',') + '}';
    }
    default: return '#' + id;
  }
}

/** Rebuilds every dict's and set's key index from its slots (after a state was restored). */
export function rebuildDictIndexes(s: ObjectsState): void {
  s.dictIndex.clear();
  for (let id = 0; id < s.nextId; id++) {
    if ((s.flags[id]! & F_ALIVE) === 0) continue;
    const k = s.kind[id];
    if (k !== Kind.Dict && k !== Kind.Set && k !== Kind.FrozenSet) continue;
    const stride = indexStride(s, id);
    if (stride === 0) s.dictIndex.set(id, new Map());
    else rebuildIndex(s, id, stride);
  }
}

/** Slots per entry of a hashed container (combined dict 2: key, value; set 1), else 0. */
function indexStride(s: ObjectsState, id: number): number {
  const k = s.kind[id];
  if (k === Kind.Dict) return (s.flags[id]! & F_SPLIT) === 0 ? 2 : 0;
  return k === Kind.Set || k === Kind.FrozenSet ? 1 : 0;
}

function indexEntries(s: ObjectsState, id: number, stride: number, from: number): void {
  const idx = s.dictIndex.get(id)!;
  const n = s.slotLen[id]! / stride;
  for (let i = from; i < n; i++) {
    const k = s.slot(id, stride * i);
    if (k !== NULL_ID) idx.set(keyIdentity(s, k), i);
  }
}

function rebuildIndex(s: ObjectsState, id: number, stride: number): void {
  s.dictIndex.set(id, new Map());
  indexEntries(s, id, stride, 0);
}
