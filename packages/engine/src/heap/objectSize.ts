/**
 * Sizes and labels of one object from a heap log's index, computed by the objects package
 * itself: a small heap is built holding the object as projected at a record, its type,
 * and what its size and description depend on (its items' kinds and values, shared keys,
 * the owning instance of a split dict), so that Heap.getsizeof, describe and the labelled
 * references answer for it exactly as they would for the whole heap.
 */
import { ObmallocState, resolveProfile } from '@pymm/obmalloc';
import { F_ALIVE, F_FINALIZED, F_SPLIT, F_STATIC, F_TRACKED, F_UNICODE, heapFor, Kind, LIST_HEADS, NULL_ID, ObjectsState, type ObjectId } from '@pymm/objects';
import type { HeapIndex, ObjectProjection } from './HeapIndex.js';
import { E, LABEL_DICT } from './HeapIndexBuilder.js';

/**
 * A small heap holding `id` (as projected at seq), its type, and what its size and
 * description depend on, so that Heap.getsizeof / describe / labelledReferents answer
 * for it exactly as for the whole heap.
 */
export function miniState(ix: HeapIndex, p: ObjectProjection, slotCount = p.slots.length): ObjectsState {
  const s = new ObjectsState(new ObmallocState(resolveProfile(ix.meta.profile)));
  const ids = [p.id, p.typeId, ...p.slots, p.dict].filter((x) => x >= LIST_HEADS && x < ix.meta.nextId);
  s.ensure(Math.max(...ids, LIST_HEADS) + 2);
  s.nextId = Math.max(...ids, LIST_HEADS) + 1;
  const put = (x: number) => {
    s.kind[x] = ix.kindOf(x);
    s.address[x] = ix.blockAddressOf(x);
    s.requestBytes[x] = ix.requestBytesOf(x);
    s.typeOf[x] = ix.typeIdOf(x);
    s.flags[x] = (ix.aliveAt(x, p.seq) ? F_ALIVE : 0) | (ix.isStatic(x) ? F_STATIC : 0);
    const v = ix.valueOf(x);
    if (v !== undefined) s.payload[x] = v;
  };
  for (const x of ids) put(x);
  for (const [t, spec] of ix.typeSpecsUpTo(p.seq)) s.types.set(t, spec);
  const id = p.id;
  s.refcnt[id] = p.refcount;
  s.inref[id] = p.inref;
  s.flags[id] = (p.alive ? F_ALIVE : 0) | (p.isStatic ? F_STATIC : 0) | (p.list >= 0 ? F_TRACKED : 0) | (p.finalized ? F_FINALIZED : 0) | (p.split ? F_SPLIT : 0) | (p.unicode ? F_UNICODE : 0);
  s.storageCap[id] = p.storageCapacity;
  s.storageAddr[id] = p.storageAddress;
  s.aux[id] = p.dict;
  s.slotOff[id] = 0;
  s.slotPool = Int32Array.from(p.slots.length > 0 ? p.slots : [0]);
  s.slotLen[id] = p.slots.length > 0 ? p.slots.length : slotCount;
  s.slotCap[id] = s.slotLen[id]!;
  if (s.slotPool.length < s.slotLen[id]!) s.slotPool = new Int32Array(s.slotLen[id]!).fill(NULL_ID);
  s.slotPoolTop = s.slotLen[id]!;
  // shared keys as they were at seq: every type's (an instance's names, a split dict's size)
  for (const [t, changes] of ix.sharedKeyChanges()) {
    const names: string[] = [];
    let usable = 30;
    for (const [n, u, at] of changes) { if (at > p.seq) break; if (n !== null) names.push(n); usable = u; }
    s.sharedKeys.set(t, { names, index: new Map(names.map((x, i) => [x, i])), usable, address: 0 });
  }
  if (p.split) {
    // the instance whose __dict__ this is (or is about to be: the heap knows the owner
    // from the dict's creation, the log from the link that follows it) owns the keys
    let owner = p.referrers.find((r) => r.label === LABEL_DICT)?.container ?? -1;
    if (owner < 0) ix.perObject.forEach(id, (b, q) => { if (b.kind[q] === E.REF_ADDED && b.aux[q] === LABEL_DICT) { owner = b.other[q]!; return false; } return true; });
    if (owner >= 0) {
      s.ensure(owner + 2);
      s.nextId = Math.max(s.nextId, owner + 1);
      put(owner);
      s.flags[owner] |= F_ALIVE;
      s.aux[owner] = id;
    }
  }
  return s;
}


/** sys.getsizeof and id() of a projected object, computed as the heap computes them, and its first `limit` references, labelled. */
export function sizeAndLabels(ix: HeapIndex, p: ObjectProjection, limit = Infinity): { getsizeof: number; address: number; references: { to: ObjectId; via: string }[] } {
  // the small heap needs only what the size depends on: not the items of a container
  const s = miniState(ix, { ...p, slots: p.kind === Kind.Instance || p.kind === Kind.Dict ? p.slots : [] }, p.slots.length);
  const h = heapFor(s);
  const getsizeof = p.alive ? h.getsizeof(p.id) : -1;
  const references: { to: ObjectId; via: string }[] = [];
  for (let i = 0; i < p.slots.length && references.length < limit; i++) {
    const to = p.slots[i]!;
    if (to !== NULL_ID) references.push({ to, via: ix.labelOf(p.id, i + 2, p.seq) });
  }
  if (p.kind === Kind.Instance) {
    if (p.dict !== NULL_ID) references.push({ to: p.dict, via: '.__dict__' });
    references.push({ to: p.typeId as ObjectId, via: '.__class__' });
  }
  return { getsizeof, address: h.addressOf(p.id), references };
}
