/**
 * A heap checkpoint: the whole GcState (objects, collector, allocator) as bytes, and back.
 * The allocator part is a checkpoint of a CheckpointStore shared by all of a log's heap
 * checkpoints (its pool versions are stored once); the rest is here:
 *
 *   part         encoding
 *   counts       varuint nextId, liveCount
 *   collector    JSON: thresholds, enabled, debug, collecting, longLived*, stats, garbage, callbacks
 *   arrays       per object field (kind, flags, typeOf, refcnt, address, requestBytes,
 *                gcNext, gcPrev, gcRefs, slotLen, storageAddr, storageCap, aux, inref):
 *                the bytes of ids [0, nextId) as the platform stores them (little-endian)
 *   slots        every object's slots in id order (the slot pool, compacted)
 *   payloads     varuint count, then per atom: varuint id - previous id, its payload as
 *                HeapCodec's writeValue writes it (binary: a str of any length fits)
 *   tables       JSON: types, shared keys, weakref lists, set dummies and fingers,
 *                free lists, gc counts
 *
 * Restoring gives a state equal to the original under diffGcStates (its slot pool is
 * laid out compactly; dict and set key indexes are rebuilt from the slots).
 */
import { ByteReader, ByteWriter } from '@pymm/eventlog';
import { GcState, readValue, writeValue } from '@pymm/gc';
import type { CheckpointStore } from '@pymm/obmalloc';
import { ObjectsState, rebuildDictIndexes, type ObjectId, type SharedKeys, type TypeSpec } from '@pymm/objects';

type NumericField = 'kind' | 'flags' | 'typeOf' | 'refcnt' | 'address' | 'requestBytes' | 'gcNext' | 'gcPrev' | 'gcRefs' | 'slotLen' | 'storageAddr' | 'storageCap' | 'aux' | 'inref';
const FIELDS: readonly NumericField[] = ['kind', 'flags', 'typeOf', 'refcnt', 'address', 'requestBytes', 'gcNext', 'gcPrev', 'gcRefs', 'slotLen', 'storageAddr', 'storageCap', 'aux', 'inref'];

/** Encodes `g`; its allocator state goes to `mem` (a checkpoint is taken there). */
export function encodeHeapCheckpoint(g: GcState, mem: CheckpointStore): Uint8Array {
  const s = g.objects;
  const n = s.nextId;
  let total = 0;
  for (let id = 0; id < n; id++) total += s.slotLen[id]!;
  // sized up front: a checkpoint of a large heap is tens of megabytes
  const w = new ByteWriter(n * 72 + total * 4 + (1 << 16));
  w.varuint(mem.take(s.mem));
  w.varuint(n).varuint(s.liveCount);
  w.string(JSON.stringify([g.thresholds, g.enabled, g.debug, g.collecting, g.longLivedTotal, g.longLivedPending, g.stats, g.garbage, g.callbacks]));
  for (const f of FIELDS) {
    const a = s[f];
    w.blob(new Uint8Array(a.buffer, a.byteOffset, n * a.BYTES_PER_ELEMENT));
  }
  const slots = new Int32Array(total);
  let at = 0;
  for (let id = 0; id < n; id++) {
    const len = s.slotLen[id]!;
    if (len === 0) continue;
    const off = s.slotOff[id]!;
    slots.set(s.slotPool.subarray(off, off + len), at);
    at += len;
  }
  w.blob(new Uint8Array(slots.buffer));
  const atoms: number[] = [];
  for (let id = 0; id < Math.min(n, s.payload.length); id++) if (s.payload[id] !== undefined) atoms.push(id);
  w.varuint(atoms.length);
  let last = 0;
  for (const id of atoms) {
    w.varuint(id - last);
    writeValue(w, s.payload[id]);
    last = id;
  }
  w.string(JSON.stringify({
    types: [...s.types],
    sharedKeys: [...s.sharedKeys].map(([k, v]) => [k, v.names, v.usable, v.address]),
    weaklists: [...s.weaklists],
    setDummies: [...s.setDummies].map(([k, v]) => [k, [...v]]),
    setFinger: [...s.setFinger],
    freeLists: s.freeLists,
    gcCounts: [...s.gcCounts],
  }));
  return w.finish();
}

interface Tables {
  types: [number, TypeSpec][];
  sharedKeys: [number, string[], number, number][];
  weaklists: [number, number[]][];
  setDummies: [number, number[]][];
  setFinger: [number, number][];
  freeLists: number[][];
  gcCounts: number[];
}

/** The state `encodeHeapCheckpoint` encoded (the allocator from `mem`). */
export function decodeHeapCheckpoint(bytes: Uint8Array, mem: CheckpointStore): GcState {
  const r = new ByteReader(bytes);
  const memState = mem.restore(r.varuint());
  const s = new ObjectsState(memState);
  const n = r.varuint();
  s.ensure(n);
  s.nextId = n;
  s.liveCount = r.varuint();
  const [thresholds, enabled, debug, collecting, llTotal, llPending, stats, garbage, callbacks] = JSON.parse(r.string()) as [
    [number, number, number], boolean, number, boolean, number, number, GcState['stats'], number, number,
  ];
  for (const f of FIELDS) {
    const src = r.blob();
    const a = s[f];
    if (src.length !== n * a.BYTES_PER_ELEMENT) throw new RangeError(`heap checkpoint: field ${f} holds ${src.length} bytes for ${n} objects`);
    new Uint8Array(a.buffer, a.byteOffset, src.length).set(src);
  }
  const slotBytes = r.blob();
  const slots = new Int32Array(slotBytes.buffer.slice(slotBytes.byteOffset, slotBytes.byteOffset + slotBytes.length));
  s.slotPool = new Int32Array(Math.max(1024, slots.length));
  s.slotPool.set(slots);
  let at = 0;
  for (let id = 0; id < n; id++) {
    const len = s.slotLen[id]!;
    s.slotOff[id] = at;
    s.slotCap[id] = len;
    at += len;
  }
  if (at !== slots.length) throw new RangeError(`heap checkpoint: ${slots.length} slots for objects holding ${at}`);
  s.slotPoolTop = at;
  s.slotPoolWaste = 0;
  s.payload = [];
  const atoms = r.count(r.varuint());
  let id = 0;
  for (let i = 0; i < atoms; i++) {
    id += r.varuint();
    if (id >= n) throw new RangeError(`heap checkpoint: a payload for object ${id} of ${n}`);
    s.payload[id] = readValue(r);
  }
  const t = JSON.parse(r.string()) as Tables;
  r.expectEnd();
  s.types = new Map(t.types);
  s.sharedKeys = new Map(t.sharedKeys.map(([k, names, usable, address]): [number, SharedKeys] => [k, { names, index: new Map(names.map((x, i) => [x, i])), usable, address }]));
  s.weaklists = new Map(t.weaklists);
  s.setDummies = new Map(t.setDummies.map(([k, v]): [number, Set<number>] => [k, new Set(v)]));
  s.setFinger = new Map(t.setFinger);
  s.freeLists = t.freeLists;
  s.gcCounts = Int32Array.from(t.gcCounts);
  rebuildDictIndexes(s);
  const g = new GcState(s, garbage as ObjectId, callbacks as ObjectId);
  g.thresholds = thresholds;
  g.enabled = enabled;
  g.debug = debug;
  g.collecting = collecting;
  g.longLivedTotal = llTotal;
  g.longLivedPending = llPending;
  g.stats = stats;
  return g;
}
