/**
 * Copies and comparisons of the object heap's state: `cloneObjectsState` (what decide
 * and checkpoints use) and `diffObjectsStates` (semantic: two states that hold the same
 * objects, links and memory compare equal even if their slot pools are laid out
 * differently).
 */
import { diffStates as diffMemory } from '@pymm/obmalloc';
import { LIST_HEADS } from './ids.js';
import { LongText } from './longText.js';
import { ObjectsState, type SharedKeys } from './ObjectsState.js';

export function cloneObjectsState(s: ObjectsState): ObjectsState {
  const c = new ObjectsState(s.mem.clone(), s.typeTable);
  c.capacity = s.capacity;
  c.nextId = s.nextId;
  c.kind = s.kind.slice();
  c.flags = s.flags.slice();
  c.typeOf = s.typeOf.slice();
  c.refcnt = s.refcnt.slice();
  c.address = s.address.slice();
  c.requestBytes = s.requestBytes.slice();
  c.gcNext = s.gcNext.slice();
  c.gcPrev = s.gcPrev.slice();
  c.gcRefs = s.gcRefs.slice();
  c.slotOff = s.slotOff.slice();
  c.slotLen = s.slotLen.slice();
  c.slotCap = s.slotCap.slice();
  c.storageAddr = s.storageAddr.slice();
  c.storageCap = s.storageCap.slice();
  c.aux = s.aux.slice();
  c.inref = s.inref.slice();
  c.slotPool = s.slotPool.slice();
  c.slotPoolTop = s.slotPoolTop;
  c.slotPoolWaste = s.slotPoolWaste;
  c.payload = s.payload.slice();
  c.types = new Map(s.types);
  c.sharedKeys = new Map([...s.sharedKeys].map(([k, v]): [number, SharedKeys] => [k, { names: [...v.names], index: new Map(v.index), usable: v.usable, address: v.address }]));
  c.weaklists = new Map([...s.weaklists].map(([k, v]) => [k, [...v]]));
  c.dictIndex = new Map([...s.dictIndex].map(([k, v]) => [k, new Map(v)]));
  c.setDummies = new Map([...s.setDummies].map(([k, v]) => [k, new Set(v)]));
  c.setFinger = new Map(s.setFinger);
  c.freeLists = s.freeLists.map((l) => [...l]);
  c.gcCounts = s.gcCounts.slice();
  c.liveCount = s.liveCount;
  return c;
}

/** Differences between two heaps, as readable lines (empty when equal). */
export function diffObjectsStates(a: ObjectsState, b: ObjectsState, limit = 20): string[] {
  const out: string[] = [];
  const add = (line: string) => { if (out.length < limit) out.push(line); };
  if (a.nextId !== b.nextId) add(`nextId ${a.nextId} != ${b.nextId}`);
  if (a.liveCount !== b.liveCount) add(`liveCount ${a.liveCount} != ${b.liveCount}`);
  for (let g = 0; g < 3; g++) if (a.gcCounts[g] !== b.gcCounts[g]) add(`count${g} ${a.gcCounts[g]} != ${b.gcCounts[g]}`);
  const n = Math.min(a.nextId, b.nextId);
  for (let id = 0; id < n; id++) {
    const fields: [string, number, number][] = [
      ['kind', a.kind[id]!, b.kind[id]!], ['flags', a.flags[id]!, b.flags[id]!], ['type', a.typeOf[id]!, b.typeOf[id]!],
      ['refcnt', a.refcnt[id]!, b.refcnt[id]!], ['address', a.address[id]!, b.address[id]!],
      ['gcNext', a.gcNext[id]!, b.gcNext[id]!], ['gcPrev', a.gcPrev[id]!, b.gcPrev[id]!],
      ['storage', a.storageAddr[id]!, b.storageAddr[id]!], ['storageCap', a.storageCap[id]!, b.storageCap[id]!],
      ['aux', a.aux[id]!, b.aux[id]!], ['inref', a.inref[id]!, b.inref[id]!], ['slotLen', a.slotLen[id]!, b.slotLen[id]!],
    ];
    for (const [f, x, y] of fields) if (x !== y) add(`object ${id}: ${f} ${x} != ${y}`);
    if (id >= LIST_HEADS && a.slotLen[id] === b.slotLen[id]) {
      const sa = a.slots(id).join(',');
      const sb = b.slots(id).join(',');
      if (sa !== sb) add(`object ${id}: slots [${sa}] != [${sb}]`);
    }
    const pa = a.payload[id], pb = b.payload[id];
    if (pa instanceof LongText || pb instanceof LongText) {
      if (!(pa instanceof LongText && pa.equals(pb as string | LongText))) add(`object ${id}: payload ${describePayload(pa)} != ${describePayload(pb)}`);
    } else if (!Object.is(pa, pb)) add(`object ${id}: payload ${String(pa)} != ${String(pb)}`);
  }
  for (let l = 0; l < a.freeLists.length; l++) {
    if (a.freeLists[l]!.join(',') !== b.freeLists[l]!.join(',')) add(`free list ${l} differs`);
  }
  const wa = JSON.stringify([...a.weaklists].sort((x, y) => x[0] - y[0]));
  const wb = JSON.stringify([...b.weaklists].sort((x, y) => x[0] - y[0]));
  if (wa !== wb) add(`weakref lists differ`);
  const dummies = (m: Map<number, Set<number>>) => JSON.stringify([...m].sort((x, y) => x[0] - y[0]).map(([k, v]) => [k, [...v].sort((x, y) => x - y)]));
  const da = dummies(a.setDummies);
  const db = dummies(b.setDummies);
  if (da !== db) add(`set dummies differ: ${da} != ${db}`);
  const fa = JSON.stringify([...a.setFinger].sort((x, y) => x[0] - y[0]));
  const fb = JSON.stringify([...b.setFinger].sort((x, y) => x[0] - y[0]));
  if (fa !== fb) add(`set fingers differ: ${fa} != ${fb}`);
  const ka = JSON.stringify([...a.sharedKeys].map(([k, v]) => [k, v.names, v.usable]));
  const kb = JSON.stringify([...b.sharedKeys].map(([k, v]) => [k, v.names, v.usable]));
  if (ka !== kb) add(`shared keys differ`);
  const m = diffMemory(a.mem, b.mem, { semantic: true });
  if (m !== null) add(`memory: ${m}`);
  return out;
}

function describePayload(v: unknown): string {
  return v instanceof LongText ? v.preview() : String(v);
}
