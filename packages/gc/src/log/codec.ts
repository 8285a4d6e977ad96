/**
 * heap-v2: the binary payload of a heap log (objects + gc + the memory events under
 * them). A frame's payload is its records one after another:
 *
 *   record   u8 kind: 0 command, 1 event, 2 a program statement's command { line },
 *            3 a frame entered { frame: 'enter', depth, func, slots }, 4 a frame left
 *            { frame: 'leave', depth }, 5 a local variable set { local, depth, value }
 *   command  string: the command as JSON (what the front end did); kind 2: varuint line;
 *            kind 3: varuint depth, varuint func + 1, varuint n, n zigzag slot values;
 *            kind 4: varuint depth; kind 5: varuint depth, varuint local, zigzag value
 *   event    varuint seq - cause, u8 event tag, then the fields of that event type in
 *            the order of SCHEMAS (u varuint, i zigzag varint, f f64, s string, b u8,
 *            a varuint count + zigzag varints, v optional payload, j JSON string,
 *            m a nested memory event, t three varints)
 *
 * Decoding checks every tag, count and length against the payload (a corrupt frame is a
 * LogFormatError, never a wrong record).
 */
import { ByteReader, ByteWriter, LogFormatError, putVaruint32, type RecordCodec } from '@pymm/eventlog';
import { LongText, type LongTextPiece, type ObjectId } from '@pymm/objects';
import type { Address, ObmallocEvent, SizeIndex } from '@pymm/obmalloc';
import type { GcEvent } from '../events.js';

export interface HeapCommandRecord {
  readonly kind: 'command';
  /** What the front end did, as data (a GcCommand, or a description from the host). */
  readonly command: Readonly<Record<string, unknown>>;
}
export interface HeapEventRecord {
  readonly kind: 'event';
  readonly cause: number;
  readonly event: GcEvent;
}
export type HeapRecord = HeapCommandRecord | HeapEventRecord;

type FieldKind = 'u' | 'i' | 'f' | 's' | 'b' | 'a' | 'v' | 'j' | 'm' | 't' | 'ob' | 'os';
type Schema = readonly (readonly [string, FieldKind])[];

const MEMORY_SCHEMAS: Record<ObmallocEvent['type'], Schema> = {
  ArenaAllocated: [['arenaIndex', 'u'], ['baseAddress', 'u'], ['totalPools', 'u']],
  PoolInitialized: [['poolAddress', 'u'], ['arenaIndex', 'u'], ['sizeIndex', 'u'], ['carved', 'b']],
  PoolReused: [['poolAddress', 'u'], ['arenaIndex', 'u'], ['sizeIndex', 'u']],
  BlockAllocated: [['address', 'u'], ['sizeIndex', 'u'], ['requestBytes', 'u']],
  PoolFull: [['poolAddress', 'u']],
  BlockFreed: [['address', 'u']],
  PoolFreed: [['poolAddress', 'u'], ['arenaIndex', 'u']],
  ArenaFreed: [['arenaIndex', 'u'], ['baseAddress', 'u']],
  BlockResized: [['address', 'u'], ['requestBytes', 'u']],
  RawAllocated: [['address', 'u'], ['requestBytes', 'u']],
  RawReallocated: [['oldAddress', 'u'], ['address', 'u'], ['requestBytes', 'u']],
  RawFreed: [['address', 'u']],
};

const SCHEMAS: Record<GcEvent['type'], Schema> = {
  MemoryChanged: [['event', 'm']],
  GcAllocCounted: [],
  GcFreeCounted: [],
  ObjectCreated: [['id', 'u'], ['kind', 'u'], ['typeId', 'i'], ['address', 'u'], ['requestBytes', 'u'], ['value', 'v'], ['isStatic', 'ob'], ['split', 'ob']],
  TypeDefined: [['id', 'u'], ['spec', 'j']],
  RefcountChanged: [['id', 'u'], ['delta', 'i']],
  SlotsSpliced: [['id', 'u'], ['index', 'u'], ['deleteCount', 'u'], ['insert', 'a']],
  SlotSet: [['id', 'u'], ['index', 'u'], ['value', 'i']],
  StorageChanged: [['id', 'u'], ['address', 'u'], ['capacity', 'u'], ['unicode', 'ob'], ['split', 'ob']],
  SharedKeysChanged: [['typeId', 'u'], ['usable', 'i'], ['addedName', 'os']],
  InstanceDictSet: [['id', 'u'], ['dict', 'i']],
  ObjectTracked: [['id', 'u']],
  ObjectUntracked: [['id', 'u']],
  GcListMoved: [['id', 'u'], ['list', 'u']],
  GcListsMerged: [['from', 'u'], ['to', 'u']],
  FreeListPushed: [['list', 'u'], ['address', 'u']],
  FreeListPopped: [['list', 'u']],
  ObjectDestroyed: [['id', 'u']],
  FinalizedMarked: [['id', 'u']],
  WeakrefLinked: [['wr', 'u'], ['referent', 'u'], ['index', 'u']],
  WeakrefUnlinked: [['wr', 'u']],
  FinalizerCalled: [['id', 'u'], ['legacy', 'b']],
  WeakrefCallbackCalled: [['wr', 'u'], ['callback', 'u']],
  HostCallReturned: [['id', 'u']],
  UnraisableReported: [['id', 'i'], ['message', 's']],
  DeallocDeferred: [['id', 'u']],
  CollectionStarted: [['generation', 'u'], ['automatic', 'b']],
  YoungScanned: [['young', 'u'], ['into', 'u'], ['unreachable', 'a'], ['rescued', 'a']],
  LongLivedUpdated: [['total', 'u'], ['pending', 'u']],
  CollectionFinished: [['generation', 'u'], ['collected', 'u'], ['uncollectable', 'u']],
  ThresholdsSet: [['thresholds', 't']],
  GcEnabledSet: [['enabled', 'b']],
  DebugFlagsSet: [['flags', 'u']],
  CountsReset: [],
  SetFingerMoved: [['id', 'u'], ['finger', 'u']],
};

const EVENT_TYPES = Object.keys(SCHEMAS) as GcEvent['type'][];
const EVENT_TAG = new Map(EVENT_TYPES.map((t, i) => [t, i]));
const TAG_REFCOUNT = EVENT_TAG.get('RefcountChanged')!;
const TAG_MEMORY = EVENT_TAG.get('MemoryChanged')!;
const TAG_LISTMOVED = EVENT_TAG.get('GcListMoved')!;
const TAG_STORAGE = EVENT_TAG.get('StorageChanged')!;
const TAG_SPLICED = EVENT_TAG.get('SlotsSpliced')!;
const TAG_CREATED = EVENT_TAG.get('ObjectCreated')!;
const TAG_SLOTSET = EVENT_TAG.get('SlotSet')!;
const TAG_TRACKED = EVENT_TAG.get('ObjectTracked')!;
const TAG_UNTRACKED = EVENT_TAG.get('ObjectUntracked')!;
const TAG_DESTROYED = EVENT_TAG.get('ObjectDestroyed')!;
const TAG_ALLOC_COUNTED = EVENT_TAG.get('GcAllocCounted')!;
const TAG_FREE_COUNTED = EVENT_TAG.get('GcFreeCounted')!;
const MEMORY_TYPES = Object.keys(MEMORY_SCHEMAS) as ObmallocEvent['type'][];
const MEMORY_TAG = new Map(MEMORY_TYPES.map((t, i) => [t, i]));
const MEM_BLOCK_ALLOCATED = MEMORY_TAG.get('BlockAllocated')!;
const MEM_BLOCK_FREED = MEMORY_TAG.get('BlockFreed')!;

function writeFields(w: ByteWriter, obj: Record<string, unknown>, schema: Schema): void {
  for (const [name, kind] of schema) {
    const v = obj[name];
    switch (kind) {
      case 'u': w.varuint(v as number); break;
      case 'i': w.varint(v as number); break;
      case 'f': w.f64(v as number); break;
      case 's': w.string(v as string); break;
      case 'b': w.u8(v ? 1 : 0); break;
      case 'ob': w.u8(v === undefined ? 2 : v ? 1 : 0); break;
      case 'os': if (v === undefined) w.u8(0); else { w.u8(1); w.string(v as string); } break;
      case 'a': {
        const a = v as readonly number[];
        w.varuint(a.length);
        for (const x of a) w.varint(x);
        break;
      }
      case 'v': writeValue(w, v as AtomValue | undefined); break;
      case 'j': w.string(JSON.stringify(v)); break;
      case 't': for (const x of v as readonly number[]) w.varuint(x); break;
      case 'm': {
        const m = v as ObmallocEvent;
        w.u8(MEMORY_TAG.get(m.type)!);
        writeFields(w, m as unknown as Record<string, unknown>, MEMORY_SCHEMAS[m.type]);
        break;
      }
    }
  }
}

function readFields(r: ByteReader, out: Record<string, unknown>, schema: Schema): void {
  for (const [name, kind] of schema) {
    switch (kind) {
      case 'u': out[name] = r.varuint(); break;
      case 'i': out[name] = r.varint(); break;
      case 'f': out[name] = r.f64(); break;
      case 's': out[name] = r.string(); break;
      case 'b': out[name] = flag(r.u8(), false); break;
      case 'ob': { const b = r.u8(); if (b !== 2) out[name] = flag(b, false); break; }
      case 'os': { if (flag(r.u8(), false)) out[name] = r.string(); break; }
      case 'a': {
        const n = r.count(r.varuint());
        const a: number[] = new Array(n);
        for (let i = 0; i < n; i++) a[i] = r.varint();
        out[name] = a;
        break;
      }
      case 'v': {
        const v = readValue(r);
        if (v !== undefined) out[name] = v;
        break;
      }
      case 'j': {
        const text = r.string();
        try { out[name] = JSON.parse(text); } catch { throw new LogFormatError('PAYLOAD_INVALID', 0, `bad JSON in field ${name}`); }
        break;
      }
      case 't': out[name] = [r.varuint(), r.varuint(), r.varuint()]; break;
      case 'm': {
        const tag = r.u8();
        const type = MEMORY_TYPES[tag];
        if (type === undefined) throw new LogFormatError('PAYLOAD_INVALID', 0, `unknown memory event tag ${tag}`);
        const m: Record<string, unknown> = { type };
        readFields(r, m, MEMORY_SCHEMAS[type]);
        out[name] = m;
        break;
      }
    }
  }
}

/** An atom's payload: int (decimal text) or str / bytes, float, or a str longer than a host string. */
export type AtomValue = string | number | LongText;

/** An optional atom payload: u8 tag (0 none, 1 string, 2 f64, 3 long text), then the value. A long text is varuint n, then n pieces of string and varuint times. */
export function writeValue(w: ByteWriter, v: AtomValue | undefined): void {
  if (v === undefined) w.u8(0);
  else if (typeof v === 'string') w.u8(1).string(v);
  else if (typeof v === 'number') w.u8(2).f64(v);
  else {
    const pieces = v.pieces;
    w.u8(3).varuint(pieces.length);
    for (const p of pieces) w.string(p.text).varuint(p.times);
  }
}

/** What writeValue wrote (LogFormatError for a bad tag or a long text that is not one). */
export function readValue(r: ByteReader): AtomValue | undefined {
  const t = r.u8();
  if (t === 0) return undefined;
  if (t === 1) return r.string();
  if (t === 2) return r.f64();
  if (t !== 3) throw new LogFormatError('PAYLOAD_INVALID', 0, `bad value tag ${t}`);
  const n = r.count(r.varuint());
  const pieces: LongTextPiece[] = [];
  for (let i = 0; i < n; i++) pieces.push({ text: r.string(), times: r.varuint() });
  let text: string | LongText;
  try { text = LongText.of(pieces); } catch (e) { throw new LogFormatError('PAYLOAD_INVALID', 0, `bad long text: ${(e as Error).message}`); }
  if (typeof text === 'string') throw new LogFormatError('PAYLOAD_INVALID', 0, `a long text of ${text.length} characters (one is longer than a host string)`);
  return text;
}

const isCount = (x: unknown): boolean => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
/** An object id or NULL_ID (-1). */
const isId = (x: unknown): boolean => typeof x === 'number' && Number.isSafeInteger(x) && x >= -1;
const isIdList = (x: unknown): boolean => Array.isArray(x) && x.every(isId);

function flag(b: number, _: boolean): boolean {
  if (b > 1) throw new LogFormatError('PAYLOAD_INVALID', 0, `bad boolean byte ${b}`);
  return b === 1;
}

/**
 * An event record of the hot kinds with one bounds check: u8 1, varuint back, u8 tag,
 * varuint id, [varuint index if >= 0], varuint zigzag (every number below 2^32).
 */
function putHotRecord(w: ByteWriter, back: number, tag: number, id: number, index: number, zigzag: number): void {
  const buf = w.room(22);
  let pos = w.length;
  buf[pos++] = 1;
  pos = putVaruint32(buf, pos, back);
  buf[pos++] = tag;
  pos = putVaruint32(buf, pos, id);
  if (index >= 0) pos = putVaruint32(buf, pos, index);
  w.advanceTo(putVaruint32(buf, pos, zigzag));
}

/** An event of any type, by its schema (after its tag). */
function readEvent(r: ByteReader, seq: number, tag: number): GcEvent {
  const type = EVENT_TYPES[tag];
  if (type === undefined) throw new LogFormatError('PAYLOAD_INVALID', 0, `record ${seq}: unknown event tag ${tag}`);
  const e: Record<string, unknown> = { type };
  readFields(r, e, SCHEMAS[type]);
  return e as unknown as GcEvent;
}

/**
 * The frequent events after the two hot ones (a third of a program's records), read as
 * object literals of one shape each instead of by the schema walk; null for the others,
 * and for an ObjectCreated or StorageChanged with optional fields (the reader has not
 * moved then). The same checks as readFields.
 */
function readFrequentEvent(r: ByteReader, tag: number): GcEvent | null {
  switch (tag) {
    case TAG_MEMORY: {
      const at = r.position;
      const m = r.u8();
      if (m === MEM_BLOCK_ALLOCATED) {
        const address = r.varuint() as Address, sizeIndex = r.varuint() as SizeIndex, requestBytes = r.varuint();
        return { type: 'MemoryChanged', event: { type: 'BlockAllocated', address, sizeIndex, requestBytes } };
      }
      if (m === MEM_BLOCK_FREED) return { type: 'MemoryChanged', event: { type: 'BlockFreed', address: r.varuint() as Address } };
      r.rewind(at);
      return null;
    }
    case TAG_TRACKED: return { type: 'ObjectTracked', id: r.varuint() as ObjectId };
    case TAG_UNTRACKED: return { type: 'ObjectUntracked', id: r.varuint() as ObjectId };
    case TAG_DESTROYED: return { type: 'ObjectDestroyed', id: r.varuint() as ObjectId };
    case TAG_ALLOC_COUNTED: return { type: 'GcAllocCounted' };
    case TAG_FREE_COUNTED: return { type: 'GcFreeCounted' };
    case TAG_LISTMOVED: { const id = r.varuint() as ObjectId; return { type: 'GcListMoved', id, list: r.varuint() }; }
    case TAG_SPLICED: {
      const id = r.varuint() as ObjectId, index = r.varuint(), deleteCount = r.varuint();
      const n = r.count(r.varuint());
      const insert: ObjectId[] = new Array(n);
      for (let i = 0; i < n; i++) insert[i] = r.varint() as ObjectId;
      return { type: 'SlotsSpliced', id, index, deleteCount, insert };
    }
    case TAG_STORAGE: {
      const at = r.position;
      const id = r.varuint() as ObjectId, address = r.varuint(), capacity = r.varuint();
      if (r.u8() === 2 && r.u8() === 2) return { type: 'StorageChanged', id, address, capacity };
      r.rewind(at);
      return null;
    }
    default: return null;
  }
}

export class HeapCodec implements RecordCodec<HeapRecord> {
  readonly name = HEAP_CODEC;
  private readonly w = new ByteWriter(1 << 16);

  encode(records: readonly HeapRecord[], firstSeq: number): Uint8Array {
    const w = this.w.reset();
    for (let i = 0; i < records.length; i++) {
      const rec = records[i]!;
      if (rec.kind === 'command') this.writeCommand(w, rec.command);
      else this.writeEvent(w, firstSeq + i, rec.cause, rec.event);
    }
    return w.finish();
  }

  /** One command record (what encode writes for it), for writers that encode as they go. */
  writeCommand(w: ByteWriter, c: Readonly<Record<string, unknown>>): void {
    const keys = Object.keys(c);
    const line = c['line'];
    if (typeof line === 'number' && Number.isSafeInteger(line) && line >= 0 && keys.length === 1) {
      // a statement of a program: just its line
      w.u8(2);
      w.varuint(line);
      return;
    }
    const frame = c['frame'];
    if (frame === 'enter' && keys.length === 4 && isCount(c['depth']) && isId(c['func']) && isIdList(c['slots'])) {
      const slots = c['slots'] as readonly number[];
      w.u8(3).varuint(c['depth'] as number).varuint((c['func'] as number) + 1).varuint(slots.length);
      for (const v of slots) w.varint(v);
      return;
    }
    if (frame === 'leave' && keys.length === 2 && isCount(c['depth'])) {
      w.u8(4).varuint(c['depth'] as number);
      return;
    }
    if (keys.length === 3 && isCount(c['local']) && isCount(c['depth']) && isId(c['value'])) {
      w.u8(5).varuint(c['depth'] as number).varuint(c['local'] as number).varint(c['value'] as number);
      return;
    }
    w.u8(0);
    w.string(JSON.stringify(c));
  }

  /** A RefcountChanged record, as writeEvent writes it (`back`: seq - cause), without an event object. */
  writeRefcount(w: ByteWriter, back: number, id: number, delta: number): void {
    if ((back >>> 0) !== back || (id >>> 0) !== id || (delta | 0) !== delta) w.u8(1).varuint(back).u8(TAG_REFCOUNT).varuint(id).varint(delta);
    else putHotRecord(w, back, TAG_REFCOUNT, id, -1, ((delta << 1) ^ (delta >> 31)) >>> 0);
  }

  /** A SlotSet record, as writeEvent writes it, without an event object. */
  writeSlotSet(w: ByteWriter, back: number, id: number, index: number, value: number): void {
    if ((back >>> 0) !== back || (id >>> 0) !== id || (index >>> 0) !== index || (value | 0) !== value) w.u8(1).varuint(back).u8(TAG_SLOTSET).varuint(id).varuint(index).varint(value);
    else putHotRecord(w, back, TAG_SLOTSET, id, index, ((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** One event record numbered `seq`, caused by the command at `cause`. */
  writeEvent(w: ByteWriter, seq: number, cause: number, e: GcEvent): void {
    if (e.type === 'RefcountChanged') { this.writeRefcount(w, seq - cause, e.id, e.delta); return; }
    if (e.type === 'SlotSet') { this.writeSlotSet(w, seq - cause, e.id, e.index, e.value); return; }
    w.u8(1);
    w.varuint(seq - cause);
    // the other frequent events, written without the schema walk
    switch (e.type) {
      case 'MemoryChanged': {
        const m = e.event;
        if (m.type === 'BlockAllocated') { w.u8(TAG_MEMORY); w.u8(MEM_BLOCK_ALLOCATED); w.varuint(m.address); w.varuint(m.sizeIndex); w.varuint(m.requestBytes); return; }
        if (m.type === 'BlockFreed') { w.u8(TAG_MEMORY); w.u8(MEM_BLOCK_FREED); w.varuint(m.address); return; }
        break;
      }
      case 'ObjectTracked': case 'ObjectUntracked': case 'ObjectDestroyed': case 'FinalizedMarked':
        w.u8(EVENT_TAG.get(e.type)!); w.varuint(e.id); return;
      case 'GcAllocCounted': case 'GcFreeCounted':
        w.u8(EVENT_TAG.get(e.type)!); return;
      case 'GcListMoved': w.u8(TAG_LISTMOVED); w.varuint(e.id); w.varuint(e.list); return;
      case 'StorageChanged':
        if (e.unicode === undefined && e.split === undefined) {
          w.u8(TAG_STORAGE); w.varuint(e.id); w.varuint(e.address); w.varuint(e.capacity); w.u8(2); w.u8(2); return;
        }
        break;
      case 'SlotsSpliced':
        w.u8(TAG_SPLICED); w.varuint(e.id); w.varuint(e.index); w.varuint(e.deleteCount); w.varuint(e.insert.length);
        for (const x of e.insert) w.varint(x);
        return;
      case 'ObjectCreated':
        w.u8(TAG_CREATED); w.varuint(e.id); w.varuint(e.kind); w.varint(e.typeId); w.varuint(e.address); w.varuint(e.requestBytes);
        writeValue(w, e.value);
        w.u8(e.isStatic === undefined ? 2 : e.isStatic ? 1 : 0);
        w.u8(e.split === undefined ? 2 : e.split ? 1 : 0);
        return;
      default:
    }
    const tag = EVENT_TAG.get(e.type);
    if (tag === undefined) throw new TypeError(`unknown event type ${e.type}`);
    w.u8(tag);
    writeFields(w, e as unknown as Record<string, unknown>, SCHEMAS[e.type]);
  }

  decode(payload: Uint8Array, firstSeq: number, count: number): HeapRecord[] {
    const out: HeapRecord[] = [];
    this.visit(payload, firstSeq, count, { record: (_seq, r) => { out.push(r); } });
    return out;
  }

  /**
   * Decodes a payload record by record into `v`: the two most frequent events go to
   * `refcount` and `slotSet` when the visitor has them (no objects built), every other
   * record to `record`. Checks every tag, count and length (LogFormatError otherwise).
   */
  visit(payload: Uint8Array, firstSeq: number, count: number, v: HeapVisitor): void {
    const r = new ByteReader(payload);
    // what the visitor throws is the visitor's (a record that does not apply): passed on as is
    let visiting = false;
    try {
      for (let i = 0; i < count; i++) {
        const seq = firstSeq + i;
        const kind = r.u8();
        if (kind === 1) {
          const back = r.varuint();
          const cause = seq - back;
          if (cause < 0) throw new LogFormatError('PAYLOAD_INVALID', 0, `record ${seq}: cause before the log's start`);
          const tag = r.u8();
          if (tag === TAG_REFCOUNT && v.refcount !== undefined) {
            const id = r.varuint(), delta = r.varint();
            visiting = true; v.refcount(seq, cause, id, delta); visiting = false;
            continue;
          }
          if (tag === TAG_SLOTSET && v.slotSet !== undefined) {
            const id = r.varuint(), index = r.varuint(), value = r.varint();
            visiting = true; v.slotSet(seq, cause, id, index, value); visiting = false;
            continue;
          }
          const e = readFrequentEvent(r, tag) ?? readEvent(r, seq, tag);
          visiting = true; v.record(seq, { kind: 'event', cause, event: e }); visiting = false;
          continue;
        }
        let command: Record<string, unknown>;
        if (kind === 0) {
          const text = r.string();
          let c: unknown;
          try { c = JSON.parse(text); } catch { throw new LogFormatError('PAYLOAD_INVALID', 0, `record ${seq}: bad command JSON`); }
          if (typeof c !== 'object' || c === null) throw new LogFormatError('PAYLOAD_INVALID', 0, `record ${seq}: command is not an object`);
          command = c as Record<string, unknown>;
        } else if (kind === 2) {
          command = { line: r.varuint() };
        } else if (kind === 3) {
          const depth = r.varuint(), func = r.varuint() - 1;
          const n = r.count(r.varuint());
          const slots: number[] = new Array(n);
          for (let k = 0; k < n; k++) slots[k] = r.varint();
          command = { frame: 'enter', depth, func, slots };
        } else if (kind === 4) {
          command = { frame: 'leave', depth: r.varuint() };
        } else if (kind === 5) {
          const depth = r.varuint(), local = r.varuint(), value = r.varint();
          command = { local, depth, value };
        } else throw new LogFormatError('PAYLOAD_INVALID', 0, `record ${seq}: unknown record kind ${kind}`);
        visiting = true; v.record(seq, { kind: 'command', command }); visiting = false;
      }
      r.expectEnd();
    } catch (err) {
      if (err instanceof LogFormatError || visiting) throw err;
      throw new LogFormatError('PAYLOAD_INVALID', 0, `invalid ${HEAP_CODEC} payload: ${(err as Error).message}`);
    }
  }
}

/** Receives decoded records (HeapCodec.visit); the optional methods take the hot events without objects. */
export interface HeapVisitor {
  record(seq: number, r: HeapRecord): void;
  refcount?(seq: number, cause: number, id: number, delta: number): void;
  slotSet?(seq: number, cause: number, id: number, index: number, value: number): void;
}

/**
 * The payload format's name, in every heap log's header. heap-v2 (2026-12-03): a
 * YoungScanned event carries the objects the scan moved back to young, and replaying it
 * applies the recorded decisions instead of running the scan again.
 */
export const HEAP_CODEC = 'heap-v2';

/**
 * Why a log whose header names `codec` cannot be read as a heap log (null: it can). A
 * heap-v1 log is refused, not replayed: its scans would replay differently.
 */
export function heapCodecProblem(path: string, codec: string): string | null {
  if (codec === HEAP_CODEC) return null;
  if (codec === 'heap-v1') {
    return `${path} is a heap log of an earlier pymm (heap-v1), whose collector scans this one does not replay; record it again with pymm run --log`;
  }
  return `${path} holds '${codec}' records, not a heap log ('${HEAP_CODEC}')`;
}
