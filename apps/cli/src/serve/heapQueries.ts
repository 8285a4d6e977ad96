/**
 * Questions about one object or two states, read off ObjectsStates (session.ts picks the
 * states): an object's details, what its memory pins, and diffs of objects and pools.
 */
import { arenaOf, hex, poolOf } from '@pymm/obmalloc';
import { F_ALIVE, F_STATIC, heapFor, LIST_HEADS, type ObjectId, type ObjectsState } from '@pymm/objects';
import type { ArenasJson } from './allocViews.js';
import { cycleMembers, listMap, nodeOf, objectSignature, shortRepr, type HeapHelpers } from './heapViews.js';

function checkId(s: ObjectsState, id: number, at: number): void {
  if (id < LIST_HEADS || id >= s.nextId) throw Object.assign(new Error(`no object ${id} at position ${at}`), { status: 404 });
}

/**
 * An object at a position: as a graph node (from the state), what it refers to (the
 * state's labelled references), and what refers to it (`referrers`: the heap index's
 * answer, handed in by session.ts; no scan of the heap).
 */
export function objectDetails(
  s: ObjectsState, id: number, at: number, helpers: HeapHelpers,
  index: { referrers: readonly { from: number; via: string; description: string }[]; names: string[] },
): object {
  checkId(s, id, at);
  const h = heapFor(s);
  const alive = (s.flags[id]! & F_ALIVE) !== 0;
  if (!alive) return { at, id, alive: false, description: h.describe(id as ObjectId) };
  const lists = listMap(s);
  const node = nodeOf(s, id, lists, cycleMembers(s), index.names);
  const refs = helpers.labelledReferents(s, id).map((r) => ({ to: r.to, via: r.via, description: h.describe(r.to), repr: shortRepr(s, r.to), static: (s.flags[r.to]! & F_STATIC) !== 0 }));
  const storage = s.storageAddr[id]!;
  return {
    at, alive: true, static: (s.flags[id]! & F_STATIC) !== 0, description: h.describe(id as ObjectId), ...node,
    block: s.address[id] ? hex(s.address[id]!) : null, storage: storage ? hex(storage) : null, references: refs, referrers: index.referrers.slice(0, 500),
  };
}

interface PinPart { part: 'object' | 'storage'; address: string; pool: string | null; arena: number; poolBlocks: number; arenaBlocks: number; soleInPool: boolean; soleInArena: boolean }

/** What an object's memory keeps in use: the pool and arena of its block and of its storage. */
export function objectPins(s: ObjectsState, id: number): { id: number; parts: PinPart[]; explanation: string } {
  checkId(s, id, 0);
  const m = s.mem;
  const parts: PinPart[] = [];
  for (const [part, address] of [['object', s.address[id]!], ['storage', s.storageAddr[id]!]] as const) {
    if (!address) continue;
    const pid = poolOf(m, address);
    const arena = arenaOf(m, address);
    let arenaBlocks = 0;
    if (arena >= 0) for (let slot = 0; slot < m.arenaCarved[arena]; slot++) arenaBlocks += m.poolCount[m.poolId(arena, slot)];
    const poolBlocks = pid >= 0 ? m.poolCount[pid] : 0;
    parts.push({ part, address: hex(address), pool: pid >= 0 ? hex(m.poolBase[pid]) : null, arena, poolBlocks, arenaBlocks, soleInPool: poolBlocks === 1, soleInArena: arenaBlocks === 1 });
  }
  const words = parts.map((p) => p.pool === null
    ? `its ${p.part} at ${p.address} is a raw (malloc) block: it pins no pool`
    : `its ${p.part} block ${p.address} is one of ${p.poolBlocks} live blocks of pool ${p.pool} and ${p.arenaBlocks} of arena ${p.arena}${p.soleInPool ? '; freeing it empties the pool' : ''}${p.soleInArena ? ' and lets the arena be returned to the system' : ''}`);
  const d = heapFor(s).describe(id as ObjectId);
  return { id, parts, explanation: words.length ? `${d}: ${words.join('; ')}` : `${d} has no memory of its own in pymalloc (a static object)` };
}

export function heapDiff(a: ObjectsState, b: ObjectsState): object {
  const la = listMap(a), lb = listMap(b);
  const ha = heapFor(a), hb = heapFor(b);
  const added: { id: number; description: string }[] = [], removed: typeof added = [], changed: { id: number; description: string; what: string[] }[] = [];
  let nAdded = 0, nRemoved = 0, nChanged = 0;
  const n = Math.max(a.nextId, b.nextId);
  for (let id = LIST_HEADS; id < n; id++) {
    const inA = id < a.nextId && (a.flags[id]! & F_ALIVE) !== 0 && (a.flags[id]! & F_STATIC) === 0;
    const inB = id < b.nextId && (b.flags[id]! & F_ALIVE) !== 0 && (b.flags[id]! & F_STATIC) === 0;
    if (inB && !inA) { if (nAdded++ < 300) added.push({ id, description: hb.describe(id as ObjectId) }); }
    else if (inA && !inB) { if (nRemoved++ < 300) removed.push({ id, description: ha.describe(id as ObjectId) }); }
    else if (inA && inB && objectSignature(a, id, la) !== objectSignature(b, id, lb)) {
      const what: string[] = [];
      if (a.refcnt[id] !== b.refcnt[id]) what.push(`refcount ${a.refcnt[id]} → ${b.refcnt[id]}`);
      if (la[id] !== lb[id]) what.push('GC list changed');
      if (a.address[id] !== b.address[id] || a.storageAddr[id] !== b.storageAddr[id]) what.push('memory moved');
      if (what.length === 0) what.push('references changed');
      if (nChanged++ < 300) changed.push({ id, description: hb.describe(id as ObjectId), what });
    }
  }
  return { objects: { added, removed, changed, counts: { added: nAdded, removed: nRemoved, changed: nChanged } } };
}

/** Arenas and pools added, removed or changed between two arena maps; blocks in use per pool. */
export function poolsDiff(a: ArenasJson, b: ArenasJson): object {
  const key = (x: ArenasJson) => new Map(x.arenas.map((ar) => [ar.base, ar]));
  const ma = key(a), mb = key(b);
  const arenas: { base: string; index: number; status: 'added' | 'removed' | 'changed'; liveBlocks: [number, number] }[] = [];
  const pools: { arena: number; slot: number; address: string; status: 'added' | 'removed' | 'changed'; sizeIndex: [number, number]; blocks: [number, number] }[] = [];
  const poolBase = (ar: { firstPool: string }, slot: number) => hex(parseInt(ar.firstPool, 16) + slot * b.poolBytes);
  for (const base of new Set([...ma.keys(), ...mb.keys()])) {
    const x = ma.get(base), y = mb.get(base);
    const status = !x ? 'added' : !y ? 'removed' : 'changed';
    const n = Math.max(x?.pools.length ?? 0, y?.pools.length ?? 0) / 2;
    let diff = false;
    for (let slot = 0; slot < n; slot++) {
      const sx = x?.pools[2 * slot] ?? -1, cx = x?.pools[2 * slot + 1] ?? 0;
      const sy = y?.pools[2 * slot] ?? -1, cy = y?.pools[2 * slot + 1] ?? 0;
      if (sx === sy && cx === cy) continue;
      diff = true;
      const ps = cx === 0 && cy > 0 ? 'added' : cx > 0 && cy === 0 ? 'removed' : 'changed';
      if (pools.length < 2000) pools.push({ arena: (y ?? x)!.index, slot, address: poolBase((y ?? x)!, slot), status: ps, sizeIndex: [sx, sy], blocks: [cx, cy] });
    }
    if (status !== 'changed' || diff) arenas.push({ base, index: (y ?? x)!.index, status, liveBlocks: [x?.liveBlocks ?? 0, y?.liveBlocks ?? 0] });
  }
  return { arenas, pools, poolBytes: b.poolBytes };
}
