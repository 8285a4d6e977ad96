/**
 * One pass over a heap log's records (handed in by session.ts) for what the page needs
 * without seeking: statements and their lines, the program's source, the module's globals
 * dict, and the markers of the scrubber (collections, arenas, finalizers, errors).
 * Also the per-object and per-address histories, which are one pass each.
 */
import type { HeapRecord } from '@pymm/gc';

export type MarkerKind = 'collection' | 'arena-allocated' | 'arena-freed' | 'finalizer' | 'error';
export interface Marker {
  readonly kind: MarkerKind;
  /** Position to seek to (records applied). */
  readonly at: number;
  /** For collections: the position after its last record. */
  readonly end?: number;
  readonly label: string;
}

export interface CollectionInfo {
  readonly start: number;
  readonly end: number;
  readonly generation: number;
  readonly automatic: boolean;
  readonly collected: number;
  readonly uncollectable: number;
  /** Seq of the first YoungScanned inside it. */
  readonly scanSeq: number;
}

export interface HeapIndex {
  /** Seq of every statement's command record ({ line: N }, N >= 1), ascending. */
  readonly stmtSeqs: number[];
  readonly stmtLines: number[];
  readonly source: string | null;
  readonly filename: string | null;
  /** The module's globals dict (the first dict the program's run made), -1 if unknown. */
  readonly globalsId: number;
  /** Objects with smaller ids were made at interpreter start-up. */
  readonly firstProgramId: number;
  readonly markers: Marker[];
  readonly collections: CollectionInfo[];
}

type Cmd = Readonly<Record<string, unknown>>;

export function scanHeapLog(records: Iterable<[number, HeapRecord]>): HeapIndex {
  const stmtSeqs: number[] = [], stmtLines: number[] = [];
  const markers: Marker[] = [];
  const collections: CollectionInfo[] = [];
  const open: { seq: number; generation: number; automatic: boolean; scanSeq: number }[] = [];
  let source: string | null = null, filename: string | null = null;
  let runSeq = -1, globalsId = -1, firstProgramId = Number.MAX_SAFE_INTEGER;
  for (const [seq, r] of records) {
    if (r.kind === 'command') {
      const c = r.command as Cmd;
      if (typeof c['line'] === 'number' && c['line'] >= 1) { stmtSeqs.push(seq); stmtLines.push(c['line']); }
      if (typeof c['source'] === 'string' && source === null) { source = c['source']; filename = typeof c['run'] === 'string' ? c['run'] : null; runSeq = seq; }
      continue;
    }
    const e = r.event;
    switch (e.type) {
      case 'ObjectCreated':
        if (runSeq >= 0 && r.cause === runSeq && globalsId < 0 && e.kind === 9) globalsId = e.id;
        if (runSeq >= 0 && e.id < firstProgramId) firstProgramId = e.id;
        break;
      case 'CollectionStarted': open.push({ seq, generation: e.generation, automatic: e.automatic, scanSeq: -1 }); break;
      case 'YoungScanned': { const o = open[open.length - 1]; if (o && o.scanSeq < 0) o.scanSeq = seq; break; }
      case 'CollectionFinished': {
        const o = open.pop();
        if (!o) break;
        collections.push({ start: o.seq, end: seq, generation: o.generation, automatic: o.automatic, collected: e.collected, uncollectable: e.uncollectable, scanSeq: o.scanSeq });
        markers.push({ kind: 'collection', at: o.seq + 1, end: seq + 1, label: `gc gen ${o.generation}${o.automatic ? ' (automatic)' : ''}: ${e.collected} collected${e.uncollectable ? `, ${e.uncollectable} uncollectable` : ''}` });
        break;
      }
      case 'MemoryChanged':
        if (e.event.type === 'ArenaAllocated') markers.push({ kind: 'arena-allocated', at: seq + 1, label: `arena ${e.event.arenaIndex} allocated at 0x${e.event.baseAddress.toString(16)}` });
        else if (e.event.type === 'ArenaFreed') markers.push({ kind: 'arena-freed', at: seq + 1, label: `arena ${e.event.arenaIndex} freed (0x${e.event.baseAddress.toString(16)})` });
        break;
      case 'FinalizerCalled': markers.push({ kind: 'finalizer', at: seq + 1, label: `finalizer of object ${e.id}${e.legacy ? ' (legacy)' : ''}` }); break;
      case 'UnraisableReported': markers.push({ kind: 'error', at: seq + 1, label: `exception ignored: ${e.message}` }); break;
      default: break;
    }
  }
  markers.sort((a, b) => a.at - b.at);
  collections.sort((a, b) => a.start - b.start);
  return { stmtSeqs, stmtLines, source, filename, globalsId, firstProgramId: firstProgramId === Number.MAX_SAFE_INTEGER ? 0 : firstProgramId, markers, collections };
}

/** Largest index i with a[i] <= x, or -1. */
export function floorIndex(a: readonly number[], x: number): number {
  let lo = 0, hi = a.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

/** A command as a person reads it: "line 12: del a, b", the interpreter's start-up, a call. */
export function describeCommand(c: Cmd | null, sourceLines: readonly string[] | null): string {
  if (c === null) return '?';
  const line = c['line'];
  if (typeof line === 'number') {
    if (line === 0) return typeof c['text'] === 'string' ? c['text'] : 'interpreter start-up';
    const text = sourceLines?.[line - 1]?.trim();
    return text !== undefined ? `line ${line}: ${text}` : `line ${line}`;
  }
  if (typeof line === 'string') return line;
  if (typeof c['run'] === 'string') return 'the program\'s start and exit (module set-up, exit finalizers)';
  if (typeof c['text'] === 'string') return c['text'];
  if (typeof c['type'] === 'string') return String(c['type']);
  return JSON.stringify(c);
}

export interface HistoryEntryJson {
  readonly seq: number;
  /** Position just after the change. */
  readonly at: number;
  readonly what: string;
  readonly refcount?: number;
  /** The statement (or other command) that caused it, in words. */
  readonly cause: string;
  readonly causeSeq: number;
  /** An object the entry names (the object a block holds, a weakref), for a link. */
  readonly ref?: number;
}

/** Every change of one object: created, refcount changes, references, list moves, finalizer, freed. */
export function objectHistory(records: Iterable<[number, HeapRecord]>, id: number, describe: (c: number) => string): HistoryEntryJson[] {
  const out: HistoryEntryJson[] = [];
  let rc = 0;
  const add = (seq: number, cause: number, what: string, refcount?: number) => out.push({ seq, at: seq + 1, what, cause: describe(cause), causeSeq: cause, ...(refcount !== undefined ? { refcount } : {}) });
  for (const [seq, r] of records) {
    if (r.kind !== 'event') continue;
    const e = r.event;
    switch (e.type) {
      case 'ObjectCreated': if (e.id === id) { rc = 1; add(seq, r.cause, `created at 0x${e.address.toString(16)} (${e.requestBytes} bytes requested)`, rc); } break;
      case 'RefcountChanged': if (e.id === id) { rc += e.delta; add(seq, r.cause, `refcount ${e.delta > 0 ? '+' : ''}${e.delta} → ${rc}`, rc); } break;
      case 'SlotSet': if (e.id === id) add(seq, r.cause, `reference ${e.index} set to object ${e.value}`); break;
      case 'SlotsSpliced': if (e.id === id) add(seq, r.cause, `references ${e.index}..${e.index + e.deleteCount} replaced by [${e.insert.join(', ')}]`); break;
      case 'StorageChanged': if (e.id === id) add(seq, r.cause, `storage moved to 0x${e.address.toString(16)} (capacity ${e.capacity})`); break;
      case 'ObjectTracked': if (e.id === id) add(seq, r.cause, 'tracked by the collector (gen0)'); break;
      case 'ObjectUntracked': if (e.id === id) add(seq, r.cause, 'untracked'); break;
      case 'GcListMoved': if (e.id === id) add(seq, r.cause, `moved to GC list ${e.list}`); break;
      case 'FinalizerCalled': if (e.id === id) add(seq, r.cause, '__del__ called'); break;
      case 'WeakrefLinked': if (e.referent === id) add(seq, r.cause, `weakref ${e.wr} made to it`); break;
      case 'ObjectDestroyed': if (e.id === id) add(seq, r.cause, 'freed'); break;
      default: break;
    }
  }
  return out;
}

/** Every allocation and free of the block at `address`, and which object or storage held it. */
export function addressHistory(records: Iterable<[number, HeapRecord]>, address: number, describe: (c: number) => string): HistoryEntryJson[] {
  const out: HistoryEntryJson[] = [];
  const add = (seq: number, cause: number, what: string, ref?: number) => out.push({ seq, at: seq + 1, what, cause: describe(cause), causeSeq: cause, ...(ref !== undefined ? { ref } : {}) });
  for (const [seq, r] of records) {
    if (r.kind !== 'event') continue;
    const e = r.event;
    if (e.type === 'MemoryChanged') {
      const m = e.event;
      if (m.type === 'BlockAllocated' && m.address === address) add(seq, r.cause, `allocated (${m.requestBytes} bytes requested, class ${m.sizeIndex})`);
      else if (m.type === 'BlockFreed' && m.address === address) add(seq, r.cause, 'freed');
      else if (m.type === 'BlockResized' && m.address === address) add(seq, r.cause, `resized in place to ${m.requestBytes} bytes`);
    } else if (e.type === 'ObjectCreated' && e.address === address) add(seq, r.cause, `holds object ${e.id} (created)`, e.id);
    else if (e.type === 'StorageChanged' && e.address === address) add(seq, r.cause, `holds the storage of object ${e.id}`, e.id);
    else if (e.type === 'FreeListPushed' && e.address === address) add(seq, r.cause, `kept on free list ${e.list} instead of being freed`);
  }
  return out;
}
