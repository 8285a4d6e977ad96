/**
 * Invariants of the object heap, checked after every command in the model tests:
 *
 *   refs      every reference an alive object holds points to an alive object, and
 *             refcnt(x) >= the references alive objects hold to x (the rest are external)
 *   lists     GC lists are consistent doubly linked rings; an object is on a generation
 *             list iff it is tracked; containers other than tuples and dicts are tracked
 *   weakrefs  each weakref on x's list is alive and points back to x
 *   memory    each allocated pymalloc / raw block has exactly one owner: an alive
 *             object, its separate storage, or a free list; the allocator's own
 *             invariants hold
 */
import { allocatedBlocks, findInvariantViolations as findMemoryViolations } from '@pymm/obmalloc';
import { GEN0, GEN1, GEN2, LIST_HEADS, NULL_ID, PERMANENT } from './ids.js';
import { Kind } from './kinds.js';
import { F_ALIVE, F_STATIC, F_TRACKED, type ObjectsState } from './ObjectsState.js';

/** Internal references to each object (slots, an instance's type and dict). */
export function internalReferences(s: ObjectsState): Int32Array {
  const count = new Int32Array(s.nextId);
  for (let id = LIST_HEADS; id < s.nextId; id++) {
    if ((s.flags[id]! & F_ALIVE) === 0) continue;
    const off = s.slotOff[id]!;
    for (let i = 0; i < s.slotLen[id]!; i++) {
      const v = s.slotPool[off + i]!;
      if (v !== NULL_ID) count[v]!++;
    }
    if (s.kind[id] === Kind.Instance) {
      count[s.typeOf[id]!]!++;
      if (s.aux[id] !== NULL_ID) count[s.aux[id]!]!++;
    }
  }
  return count;
}

export function findObjectsViolations(s: ObjectsState): string[] {
  const out: string[] = [];
  const add = (m: string) => { if (out.length < 50) out.push(m); };
  const alive = (id: number) => id >= LIST_HEADS && id < s.nextId && (s.flags[id]! & F_ALIVE) !== 0;
  const count = internalReferences(s);
  let live = 0;
  for (let id = LIST_HEADS; id < s.nextId; id++) {
    if (!alive(id)) continue;
    live++;
    const off = s.slotOff[id]!;
    for (let i = 0; i < s.slotLen[id]!; i++) {
      const v = s.slotPool[off + i]!;
      if (v !== NULL_ID && !alive(v)) add(`object ${id} slot ${i} refers to dead object ${v}`);
    }
    if (s.kind[id] === Kind.Instance && s.aux[id] !== NULL_ID && !alive(s.aux[id]!)) add(`instance ${id} has a dead __dict__ ${s.aux[id]}`);
    if ((s.flags[id]! & F_STATIC) === 0 && s.refcnt[id]! < count[id]!) {
      add(`object ${id} has refcount ${s.refcnt[id]} but ${count[id]} references from live objects`);
    }
    if (s.refcnt[id]! <= 0) add(`live object ${id} has refcount ${s.refcnt[id]}`);
    if (s.inref[id] !== count[id]) add(`object ${id}: inref ${s.inref[id]} but ${count[id]} references from live objects`);
    const k = s.kind[id]!;
    const tracked = (s.flags[id]! & F_TRACKED) !== 0;
    if (tracked && !s.isGcKind(k)) add(`non-GC object ${id} is tracked`);
    if (!tracked && s.isGcKind(k) && k !== Kind.Tuple && k !== Kind.Dict && (s.flags[id]! & F_STATIC) === 0) {
      add(`${id} (kind ${k}) should be tracked`);
    }
  }
  if (live !== s.liveCount) add(`liveCount ${s.liveCount} but ${live} live objects`);
  // GC lists
  const onList = new Uint8Array(s.nextId);
  for (const head of [GEN0, GEN1, GEN2, PERMANENT]) {
    let prev = head;
    let steps = 0;
    for (let g = s.gcNext[head]!; g !== head; g = s.gcNext[g]!) {
      if (g < LIST_HEADS || g >= s.nextId) { add(`list ${head}: bad link ${g}`); break; }
      if (s.gcPrev[g] !== prev) add(`list ${head}: ${g}.prev is ${s.gcPrev[g]}, expected ${prev}`);
      if (onList[g]) { add(`object ${g} is on two lists or a loop`); break; }
      onList[g] = 1;
      if (!alive(g)) add(`dead object ${g} on list ${head}`);
      prev = g;
      if (++steps > s.nextId) { add(`list ${head} does not end`); break; }
    }
    if (s.gcPrev[head] !== prev) add(`list ${head}: head.prev is ${s.gcPrev[head]}, expected ${prev}`);
  }
  for (let id = LIST_HEADS; id < s.nextId; id++) {
    if (!alive(id)) continue;
    const tracked = (s.flags[id]! & F_TRACKED) !== 0;
    if (tracked !== (onList[id] === 1)) add(`object ${id}: tracked=${tracked} but on a generation list=${onList[id] === 1}`);
  }
  // weakrefs
  for (const [referent, list] of s.weaklists) {
    if (!alive(referent)) add(`dead object ${referent} still has weakrefs`);
    for (const wr of list) {
      if (!alive(wr)) add(`weakref ${wr} on ${referent}'s list is dead`);
      else if (s.aux[wr] !== referent) add(`weakref ${wr} on ${referent}'s list points to ${s.aux[wr]}`);
    }
  }
  // memory ownership
  const owners = new Map<number, string>();
  const own = (address: number, who: string) => {
    if (address === 0) return;
    const prev = owners.get(address);
    if (prev !== undefined) add(`block 0x${address.toString(16)} owned by ${prev} and ${who}`);
    owners.set(address, who);
  };
  for (let id = LIST_HEADS; id < s.nextId; id++) {
    if (!alive(id) || (s.flags[id]! & F_STATIC) !== 0) continue;
    own(s.address[id]!, `object ${id}`);
    own(s.storageAddr[id]!, `storage of ${id}`);
  }
  s.freeLists.forEach((l, i) => l.forEach((a) => own(a, `free list ${i}`)));
  const blocks = allocatedBlocks(s.mem);
  if (blocks !== owners.size) add(`allocator has ${blocks} allocated blocks, the heap owns ${owners.size}`);
  for (const m of findMemoryViolations(s.mem)) add(`memory: ${m}`);
  return out;
}

export function checkObjectsInvariants(s: ObjectsState): void {
  const v = findObjectsViolations(s);
  if (v.length > 0) throw new Error(`object heap invariants violated:\n  ${v.join('\n  ')}`);
}
