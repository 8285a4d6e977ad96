/**
 * Heap logs in words, from what the engine's index answers (session.ts asks it and hands
 * the answers in; no engine calls here): markers as the scrubber draws them, commands
 * (statements, calls, local variables) as a person reads them, and the history of an
 * object (from its own index entries) or of a block address (with the object made in it).
 */
import { HEAP_ENTRY, LABEL_CLASS, LABEL_DICT, NOT_TRACKED, type Marker as Marker_ } from '@pymm/engine';

export type MarkerKind = 'collection' | 'arena-allocated' | 'arena-freed' | 'finalizer' | 'error';
export interface Marker {
  readonly kind: MarkerKind;
  /** Position to seek to (records applied). */
  readonly at: number;
  /** For collections: the position after its last record. */
  readonly end?: number;
  readonly label: string;
}

/** The engine's marker (Timeline.markers()): seqs are "after record seq". */
export type EngineMarker = Marker_;

/** A heap log's marker for the page; `describe` names an object, `atOf` turns a seq into a position. */
export function heapMarker(m: EngineMarker, describe: (id: number) => string, atOf: (seq: number) => number): Marker {
  const at = atOf(m.seq);
  switch (m.kind) {
    case 'collection':
      return { kind: m.kind, at, end: atOf(m.endSeq ?? m.seq), label: `gc gen ${m.generation}${m.automatic ? ' (automatic)' : ''}: ${m.collected} collected${m.uncollectable ? `, ${m.uncollectable} uncollectable` : ''}` };
    case 'finalizer': return { kind: m.kind, at, label: `finalizer of ${m.id !== undefined && m.id >= 0 ? describe(m.id) : 'an object'}` };
    case 'error': return { kind: m.kind, at, label: `exception ignored: ${m.message ?? ''}` };
    case 'arena-allocated': return { kind: m.kind, at, label: `arena allocated at 0x${(m.address ?? 0).toString(16)}` };
    case 'arena-freed': return { kind: m.kind, at, label: `arena freed (0x${(m.address ?? 0).toString(16)})` };
    default: return { kind: m.kind, at, label: m.kind };
  }
}

/** Largest index i with a[i] <= x, or -1. */
export function floorIndex(a: ArrayLike<number>, x: number): number {
  let lo = 0, hi = a.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

type Cmd = Readonly<Record<string, unknown>>;

/** What a frame command needs said about it: the frame it enters, leaves or sets a local of. */
export interface FrameWords {
  /** The function's qualified name ('<module>' for the module). */
  readonly name: string;
  /** A local's name (for a `local` command). */
  readonly local?: string;
  /** The value stored (for a `local` command), described. */
  readonly value?: string;
}

/**
 * A command as a person reads it: "line 12: del a, b", the interpreter's start-up, a call
 * entered or left, a local variable stored. `frame` gives the frame a frame command is about.
 */
export function describeCommand(c: Cmd | null, sourceLines: readonly string[] | null, frame?: () => FrameWords | null): string {
  if (c === null) return '?';
  const line = c['line'];
  if (typeof line === 'number') {
    if (line === 0) return typeof c['text'] === 'string' ? c['text'] : 'interpreter start-up';
    const text = sourceLines?.[line - 1]?.trim();
    return text !== undefined ? `line ${line}: ${text}` : `line ${line}`;
  }
  if (typeof line === 'string') return line;
  if (c['frame'] === 'enter' || c['frame'] === 'leave') {
    const f = frame?.();
    const name = f?.name ?? 'a function';
    if (name === '<module>') return c['frame'] === 'enter' ? 'the module\'s code starts' : 'the module\'s code ends';
    return c['frame'] === 'enter' ? `call ${name}()` : `return from ${name}()`;
  }
  if (typeof c['local'] === 'number') {
    const f = frame?.();
    return `${f?.name ?? 'a function'}: ${f?.local ?? `local ${c['local']}`} = ${f?.value ?? `#${String(c['value'])}`}`;
  }
  if (typeof c['code'] === 'number' && typeof c['name'] === 'string') return `code object of ${c['name']}`;
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
  /** An object the entry names (the object a block holds, a referrer, a value), for a link. */
  readonly ref?: number;
}

/** One entry of an object's keyed runs in the heap index (the engine's RunEntry). */
export interface IndexEntry {
  readonly seq: number;
  readonly kind: number;
  readonly op: number;
  readonly aux: number;
  readonly other: number;
  /** seq - cause. */
  readonly back: number;
}

/** A refcount change of the engine's object history (Timeline.objectHistory). */
export interface RefcountEntry {
  readonly seq: number;
  readonly what: 'created' | 'changed' | 'destroyed';
  readonly delta: number;
  readonly refcount: number;
  readonly cause: number;
}

/**
 * The per-object entry kinds of the heap index that say more than the refcount (the
 * engine's HEAP_ENTRY, documented in docs/formats/pymm-index.md). Created, refcount and
 * destroyed come from the engine's object history instead; other kinds are left out.
 */
const E = HEAP_ENTRY;
const DETAIL_KINDS = new Set<number>([E.REF_ADDED, E.REF_REMOVED, E.GC_LIST, E.FINALIZED, E.SLOT_SET, E.SPLICED, E.INSERTED, E.STORAGE, E.DICT_SET]);
/** Whether an index entry kind is one objectHistory says more about than the refcount history does. */
export function isDetailEntry(kind: number): boolean {
  return DETAIL_KINDS.has(kind);
}
/** Whether such an entry makes a history entry of its own (INSERTED entries belong to the SPLICED before them). */
export function isOwnEntry(kind: number): boolean {
  return kind !== E.INSERTED;
}
/** A dict entry's label once its key is gone (cleared, or freed). */
const GONE_KEY = /^\[(NULL|<free[^\]]*)\]$/;
const LISTS = ['gen0', 'gen1', 'gen2', 'permanent', 'unreachable', 'finalizers', 'wrcb_to_call', 'seen', 'final_unreachable'];

export interface ObjectWords {
  /** How `container` refers to it (label 0 __class__, 1 __dict__, k + 2 slot k), after seq. */
  labelOf(container: number, label: number, seq: number): string;
  describe(id: number, seq: number): string;
  /** The command at a seq, in words. */
  cause(seq: number): string;
  /** The object's block address (0 for statics). */
  readonly address: number;
}

/**
 * Every change of one object: created, refcount changes and freed (the engine's object
 * history), and from its own index entries the references to it added and dropped (by
 * whom, how), its own references set, its storage, GC lists and finalizer. At most
 * `limit` entries (the newest are dropped).
 */
export function objectHistory(id: number, refcounts: readonly RefcountEntry[], entries: readonly IndexEntry[], w: ObjectWords, limit = 5000): { entries: HistoryEntryJson[]; kept: number } {
  const all: (HistoryEntryJson & { order: number })[] = [];
  let order = 0;
  const add = (seq: number, cause: number, what: string, extra: { refcount?: number; ref?: number } = {}) => {
    all.push({ seq, at: seq + 1, what, cause: '', causeSeq: cause, ...extra, order: order++ });
  };
  for (const r of refcounts) {
    if (r.what === 'created') {
      add(r.seq, r.cause, r.seq === 0 && r.cause === 0
        ? `exists from the start${r.refcount >= 999_999_999 ? ' (a static of the interpreter)' : ''}`
        : `created${w.address ? ` at 0x${w.address.toString(16)}` : ''}`, { refcount: r.refcount });
    } else if (r.what === 'destroyed') add(r.seq, r.cause, 'freed');
    else add(r.seq, r.cause, `refcount ${r.delta > 0 ? '+' : ''}${r.delta} → ${r.refcount}`, { refcount: r.refcount });
  }
  let tracked = false;
  // how the container referred to it, read at `seq`
  const label = (e: IndexEntry, seq = e.seq) => (e.aux === LABEL_CLASS ? '.__class__' : e.aux === LABEL_DICT ? '.__dict__' : w.labelOf(e.other, e.aux, seq));
  // a removal: read before it, while the entry was whole (a dict clears an entry's key
  // before its value: back record by record, then the statement's start)
  const removedLabel = (e: IndexEntry, cause: number): string => {
    const seqs: number[] = [];
    for (let seq = e.seq - 1; seq >= cause && seqs.length < 8; seq--) seqs.push(seq);
    if (cause < e.seq - 1 && !seqs.includes(cause)) seqs.push(cause);
    for (const seq of seqs) {
      const l = label(e, seq);
      if (!GONE_KEY.test(l)) return l;
    }
    return label(e, e.seq - 1);
  };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const cause = e.seq - e.back;
    switch (e.kind) {
      case E.REF_ADDED: add(e.seq, cause, `referred to by ${w.describe(e.other, e.seq)} (${label(e)})`, { ref: e.other }); break;
      case E.REF_REMOVED: add(e.seq, cause, `no longer referred to by ${w.describe(e.other, e.seq - 1)} (${removedLabel(e, cause)})`, { ref: e.other }); break;
      case E.GC_LIST:
        if (e.aux === NOT_TRACKED) { tracked = false; add(e.seq, cause, 'untracked by the collector'); }
        else { add(e.seq, cause, tracked ? `moved to GC list ${LISTS[e.aux] ?? e.aux}` : `tracked by the collector (${LISTS[e.aux] ?? e.aux})`); tracked = true; }
        break;
      case E.FINALIZED: add(e.seq, cause, 'marked finalized (its __del__ ran)'); break;
      case E.SLOT_SET: {
        const v = e.other - 1;
        const how = w.labelOf(id, e.aux + 2, e.seq);
        add(e.seq, cause, v < 0 ? `reference ${how} cleared` : `reference ${how} set to ${w.describe(v, e.seq)}`, v >= 0 ? { ref: v } : {});
        break;
      }
      case E.SPLICED: {
        const ins: number[] = [];
        while (i + 1 < entries.length && entries[i + 1]!.kind === E.INSERTED) ins.push(entries[++i]!.other - 1);
        const shown = ins.slice(0, 6).map((v) => (v < 0 ? 'NULL' : w.describe(v, e.seq))).join(', ') + (ins.length > 6 ? `, … (${ins.length})` : '');
        add(e.seq, cause, e.seq === 0 && e.back === 0 ? `references: [${shown}]` : `references ${e.aux}..${e.aux + e.other} replaced by [${shown}]`);
        break;
      }
      case E.STORAGE: add(e.seq, cause, e.other ? `storage at 0x${e.other.toString(16)} (capacity ${e.aux})` : `storage released (capacity ${e.aux})`); break;
      case E.DICT_SET: add(e.seq, cause, e.other - 1 < 0 ? '__dict__ cleared' : `__dict__ set to ${w.describe(e.other - 1, e.seq)}`, e.other - 1 >= 0 ? { ref: e.other - 1 } : {}); break;
      default: break;
    }
  }
  // by seq; at one seq the engine's entries (created first) before the index's
  all.sort((a, b) => a.seq - b.seq || a.order - b.order);
  const out = all.slice(0, limit).map(({ order: _, ...h }) => ({ ...h, cause: w.cause(h.causeSeq) }));
  return { entries: out, kept: out.length };
}

/** The engine's address history entry of a heap log (Timeline.addressHistory). */
export interface AddressEntry {
  readonly seq: number;
  readonly kind: string;
  readonly requestBytes: number;
  readonly cause: number;
  readonly object?: number;
}

/**
 * Every allocation and free of the block at `address`, and the object made in it: each
 * allocation names (and links to) the object that then lived in the block.
 */
export function addressHistory(entries: readonly AddressEntry[], describe: (id: number, seq: number) => string, cause: (seq: number) => string): HistoryEntryJson[] {
  const out: HistoryEntryJson[] = [];
  const add = (e: AddressEntry, what: string, ref?: number) => out.push({ seq: e.seq, at: e.seq + 1, what, cause: cause(e.cause), causeSeq: e.cause, ...(ref !== undefined ? { ref } : {}) });
  entries.forEach((e, i) => {
    if (e.kind === 'allocated') {
      // the object made in this block: the next entry, before the block is freed
      const next = entries[i + 1];
      const obj = next?.kind === 'object' ? next.object : undefined;
      add(e, `allocated (${e.requestBytes} bytes requested)${obj !== undefined ? `: ${describe(obj, next!.seq)}` : ': no object made in it (an item array, keys or other storage)'}`, obj);
    } else if (e.kind === 'freed') add(e, 'freed');
    else if (e.kind === 'object' && e.object !== undefined) add(e, `holds object ${e.object} (created)`, e.object);
    else add(e, e.kind);
  });
  return out;
}
