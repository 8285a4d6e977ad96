/**
 * Object views for the web debugger, read off one ObjectsState: the program's names, the
 * object graph, one object. No timeline here (session.ts chooses the state); the engine's
 * pure helpers (labelled references, why-alive) come in as `HeapHelpers` so that only
 * session.ts imports @pymm/engine.
 */
import { arenaOf, hex, poolOf } from '@pymm/obmalloc';
import type { VarJson } from './frames.js';
import {
  F_ALIVE, F_STATIC, F_TRACKED, Kind, LIST_HEADS, LIST_NAMES, NULL_ID, heapFor, traverse, type ObjectId, type ObjectsState,
} from '@pymm/objects';

export interface HeapHelpers {
  labelledReferents(s: ObjectsState, id: number): { to: ObjectId; via: string }[];
}

const MAX_REPR = 80;

export function shortRepr(s: ObjectsState, id: number): string {
  const h = heapFor(s);
  let r: string;
  try {
    const k = s.kind[id];
    // the statics as Python writes them (the heap's repr knows values, not their spelling)
    r = k === Kind.None ? 'None' : k === Kind.Bool ? (h.value(id as ObjectId) ? 'True' : 'False') : h.repr(id as ObjectId);
  } catch {
    r = `<${KIND_FALLBACK}>`;
  }
  return r.length > MAX_REPR ? r.slice(0, MAX_REPR - 1) + '…' : r;
}
const KIND_FALLBACK = 'object';

/** The GC list each object is on (one walk per list head, not one per object). */
export function listMap(s: ObjectsState): Int8Array {
  const out = new Int8Array(s.nextId).fill(-1);
  for (let head = 0; head < LIST_HEADS; head++) {
    for (let g = s.gcNext[head]!, n = 0; g !== head && g >= LIST_HEADS && n < s.nextId; g = s.gcNext[g]!, n++) out[g] = head;
  }
  return out;
}

export function listName(list: number): string {
  return list < 0 ? 'untracked' : LIST_NAMES[list] ?? `list ${list}`;
}

/** A variable's value as the names panel shows it. */
export function varOf(s: ObjectsState, name: string, id: number): VarJson {
  const alive = id >= LIST_HEADS && id < s.nextId && s.isAlive(id);
  if (!alive) return { name, id, type: '?', repr: `<object ${id}: not alive>`, inline: true };
  return { name, id, type: heapFor(s).typeName(id as ObjectId), repr: shortRepr(s, id), inline: (s.flags[id]! & F_STATIC) !== 0 };
}

/** Names of a namespace dict (module globals): user names first, dunder names left out. */
export function namesOf(s: ObjectsState, dict: number): VarJson[] {
  if (dict < LIST_HEADS || dict >= s.nextId || !s.isAlive(dict) || s.kind[dict] !== Kind.Dict) return [];
  const h = heapFor(s);
  const slots = s.slots(dict);
  const out: VarJson[] = [];
  for (let i = 0; i + 1 < slots.length; i += 2) {
    const k = slots[i]!, v = slots[i + 1]!;
    if (k === NULL_ID || v === NULL_ID) continue;
    const name = String(h.value(k) ?? '');
    if (name.startsWith('__') && name.endsWith('__')) continue;
    out.push(varOf(s, name, v));
  }
  return out;
}

/**
 * Follows `a.b[2]`-like paths (attributes and indexes via labelled references) from the
 * object the first name is bound to (`first`: session.ts resolves it, innermost frame
 * first). Returns null when the path is not well formed or a step is missing.
 */
export function resolvePath(s: ObjectsState, path: string, first: (name: string) => number | null, helpers: HeapHelpers): { id: number; steps: string[] } | null {
  const parts = path.trim().match(/^[A-Za-z_][A-Za-z0-9_]*|\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\]/g);
  if (parts === null || parts.join('') !== path.trim()) return null;
  const start = first(parts[0]!);
  if (start === null) return null;
  let id = start;
  const steps = [parts[0]!];
  for (const p of parts.slice(1)) {
    if (id < LIST_HEADS || id >= s.nextId || !s.isAlive(id)) return null;
    const ref = helpers.labelledReferents(s, id).find((r) => r.via === p || (p.startsWith('[') && r.via === `[${p.slice(1, -1).replace(/^"(.*)"$/, "'$1'")}]`));
    if (ref === undefined) return null;
    id = ref.to;
    steps.push(p);
  }
  return { id, steps };
}

export interface NodeJson {
  readonly id: number;
  readonly type: string;
  readonly repr: string;
  readonly size: number;
  readonly refcount: number;
  readonly external: number;
  readonly generation: string;
  readonly tracked: boolean;
  readonly address: string;
  readonly arena: number;
  readonly pool: string | null;
  readonly root: boolean;
  readonly inCycle: boolean;
  /** Variables bound to it at the position (the names panel links here). */
  readonly names: string[];
}

export interface EdgeJson { readonly from: number; readonly to: number; readonly label: string }

export function nodeOf(s: ObjectsState, id: number, lists: Int8Array, cyc: Uint8Array | null, names: string[]): NodeJson {
  const h = heapFor(s);
  let size = 0;
  try { size = h.getsizeof(id as ObjectId); } catch { size = s.requestBytes[id] ?? 0; }
  const address = s.address[id]!;
  const a = address === 0 ? -1 : arenaOf(s.mem, address);
  const pid = address === 0 ? -1 : poolOf(s.mem, address);
  return {
    id, type: h.typeName(id as ObjectId), repr: shortRepr(s, id), size, refcount: s.refcnt[id]!, external: s.refcnt[id]! - s.inref[id]!,
    generation: listName(lists[id] ?? -1), tracked: (s.flags[id]! & F_TRACKED) !== 0, address: hex(h.addressOf(id as ObjectId)),
    arena: a, pool: pid >= 0 ? hex(s.mem.poolBase[pid]) : null, root: s.refcnt[id]! > s.inref[id]!, inCycle: cyc !== null && cyc[id] === 1, names,
  };
}

function drawable(s: ObjectsState, id: number): boolean {
  return id >= LIST_HEADS && id < s.nextId && (s.flags[id]! & F_ALIVE) !== 0 && (s.flags[id]! & F_STATIC) === 0;
}

/**
 * The program's own objects, for marking cycles: made by the program (ids from
 * `firstProgramId`), and not part of how it is defined: the module's globals dict,
 * functions, classes (and the dicts and tuples a class holds: its namespace, bases, mro),
 * code objects, cells and modules. Those make cycles in every program (a function refers
 * to the globals that hold it; an instance to its class, whose methods refer to the
 * globals that hold the instance) that hide the program's own ones.
 */
export function programObjects(s: ObjectsState, firstProgramId: number, globals: number): Uint8Array {
  const out = new Uint8Array(s.nextId);
  for (let id = Math.max(LIST_HEADS, firstProgramId); id < s.nextId; id++) {
    if (!drawable(s, id)) continue;
    const k = s.kind[id];
    out[id] = k === Kind.Type || k === Kind.Function || k === Kind.Code || k === Kind.Cell || k === Kind.Module ? 0 : 1;
  }
  if (globals >= 0 && globals < s.nextId) out[globals] = 0;
  for (let id = LIST_HEADS; id < s.nextId; id++) {
    if (s.kind[id] !== Kind.Type || !drawable(s, id)) continue;
    traverse(s, id, (x) => { if (s.kind[x] === Kind.Dict || s.kind[x] === Kind.Tuple) out[x] = 0; });
  }
  return out;
}

/**
 * Objects on a cycle of references (strongly connected, size > 1 or a self-reference):
 * 1 per id. Only objects with `scope[id] === 1` take part (all drawable ones without a
 * scope). Iterative Tarjan.
 */
export function cycleMembers(s: ObjectsState, scope: Uint8Array | null = null): Uint8Array {
  const n = s.nextId;
  const index = new Int32Array(n).fill(-1), low = new Int32Array(n), onStack = new Uint8Array(n), out = new Uint8Array(n);
  const stack: number[] = [];
  let counter = 0;
  const inScope = (x: number): boolean => drawable(s, x) && (scope === null || scope[x] === 1);
  const succ = (v: number): number[] => { const r: number[] = []; traverse(s, v, (x) => { if (inScope(x)) r.push(x); }); return r; };
  for (let root = LIST_HEADS; root < n; root++) {
    if (index[root] !== -1 || !inScope(root)) continue;
    const work: { v: number; next: number[]; i: number }[] = [{ v: root, next: succ(root), i: 0 }];
    index[root] = low[root] = counter++; stack.push(root); onStack[root] = 1;
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      if (top.i < top.next.length) {
        const w = top.next[top.i++]!;
        if (w === top.v) out[w] = 1;
        if (index[w] === -1) {
          index[w] = low[w] = counter++; stack.push(w); onStack[w] = 1;
          work.push({ v: w, next: succ(w), i: 0 });
        } else if (onStack[w]) low[top.v] = Math.min(low[top.v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) { const p = work[work.length - 1]!.v; low[p] = Math.min(low[p]!, low[top.v]!); }
      if (low[top.v] === index[top.v]) {
        const comp: number[] = [];
        let w: number;
        do { w = stack.pop()!; onStack[w] = 0; comp.push(w); } while (w !== top.v);
        if (comp.length > 1) for (const c of comp) out[c] = 1;
      }
    }
  }
  return out;
}

export interface GraphOptions {
  readonly focus?: number;
  readonly limit: number;
  /** Include the objects made at interpreter start-up (ids below `firstProgramId`). */
  readonly all: boolean;
  readonly firstProgramId: number;
  /** A type name (or part of one) to keep. */
  readonly type?: string;
  /** The program's variables (frames' locals, then the module's names): drawn first, and labelled. */
  readonly names: ReadonlyMap<number, readonly string[]>;
  /** `__main__`'s globals dict (-1: none): not one of the program's own objects when marking cycles. */
  readonly globals?: number;
}

export interface GraphJson {
  readonly nodes: NodeJson[];
  readonly edges: EdgeJson[];
  /** Live objects that matched but were not drawn (over the limit). */
  readonly hidden: number;
  readonly total: number;
}

/**
 * Which objects to draw: with a focus, its neighbourhood (both directions, breadth first);
 * otherwise what the program's variables reach first, then the other roots, then the rest,
 * newest first, up to `limit`.
 */
export function graphView(s: ObjectsState, o: GraphOptions, helpers: HeapHelpers): GraphJson {
  const lists = listMap(s);
  const cyc = cycleMembers(s, programObjects(s, o.firstProgramId, o.globals ?? -1));
  const wanted = (id: number): boolean => drawable(s, id) && (o.all || id >= o.firstProgramId || o.focus === id)
    && (o.type === undefined || o.type === '' || heapFor(s).typeName(id as ObjectId).includes(o.type));
  let total = 0;
  for (let id = LIST_HEADS; id < s.nextId; id++) if (wanted(id)) total++;
  const chosen = new Set<number>();
  const queue: number[] = [];
  const push = (id: number) => { if (chosen.size < o.limit && !chosen.has(id) && wanted(id)) { chosen.add(id); queue.push(id); } };
  let referrers: Map<number, number[]> | null = null;
  if (o.focus !== undefined && drawable(s, o.focus)) {
    referrers = new Map();
    for (let id = LIST_HEADS; id < s.nextId; id++) {
      if (!drawable(s, id)) continue;
      traverse(s, id, (x) => { let l = referrers!.get(x); if (!l) referrers!.set(x, l = []); l.push(id); });
    }
    push(o.focus);
  } else {
    for (const id of o.names.keys()) push(id);
    for (let id = s.nextId - 1; id >= LIST_HEADS; id--) if (drawable(s, id) && s.refcnt[id]! > s.inref[id]!) push(id);
  }
  for (let qi = 0; qi < queue.length && chosen.size < o.limit; qi++) {
    const x = queue[qi]!;
    traverse(s, x, push);
    for (const r of referrers?.get(x) ?? []) push(r);
  }
  if (o.focus === undefined) for (let id = s.nextId - 1; id >= LIST_HEADS && chosen.size < o.limit; id--) push(id);
  const nodes = [...chosen].sort((a, b) => a - b).map((id) => nodeOf(s, id, lists, cyc, [...(o.names.get(id) ?? [])]));
  const edges: EdgeJson[] = [];
  for (const id of chosen) {
    for (const r of helpers.labelledReferents(s, id)) if (chosen.has(r.to)) edges.push({ from: id, to: r.to, label: r.via });
  }
  return { nodes, edges, hidden: total - nodes.length, total };
}

export function objectSignature(s: ObjectsState, id: number, lists: Int8Array): string {
  if (!s.isAlive(id)) return '';
  const off = s.slotOff[id]!, n = s.slotLen[id]!;
  return `${s.refcnt[id]}|${lists[id]}|${s.flags[id]}|${s.address[id]}|${s.storageAddr[id]}|${Array.from(s.slotPool.subarray(off, off + n)).join(',')}|${s.aux[id]}`;
}

/** Ids whose refcount, list, references or memory differ between two states (among `ids`). */
export function changedIds(a: ObjectsState, b: ObjectsState, ids: Iterable<number>): number[] {
  const la = listMap(a), lb = listMap(b);
  const out: number[] = [];
  for (const id of ids) {
    const sa = id < a.nextId ? objectSignature(a, id, la) : '';
    const sb = id < b.nextId ? objectSignature(b, id, lb) : '';
    if (sa !== sb) out.push(id);
  }
  return out;
}
