/**
 * obmalloc-v1: the compact payload of one log frame (a run of records that starts with a
 * command). Each command and the events it caused form a *group*, written as a shape id
 * (which command, which events, in order) plus the few values that are not implied:
 *
 *   value                      stream     encoding
 *   shape id                   kinds      varuint (0 = an escaped record, JSON)
 *   requestBytes               sizes      varuint (Malloc, Calloc, Realloc)
 *   BlockAllocated.address     alloc      delta vs the last block of the same class
 *   Raw*.address (new)         alloc      delta vs the last raw block
 *   Free/Realloc address       free       delta vs the last allocated address (any class)
 *   arena index, base, flags   extra      varuint
 *
 * Implied (not stored): sizeIndex and requestBytes of BlockAllocated (from the command),
 * PoolInitialized/PoolReused/PoolFull/PoolFreed pool addresses (the pool of the block),
 * BlockFreed/RawFreed/BlockResized/RawReallocated old addresses (the command's), the
 * command's arenaBase/rawAddress (from ArenaAllocated / Raw* events), every event's cause.
 * Anything that does not fit these rules (say, a hand-edited JSON Lines import) is
 * written as escaped records, so the codec is lossless for any record sequence.
 * Predictors restart at every frame, so each frame decodes alone.
 */
import type { ObmallocCommand } from '../commands.js';
import type { ObmallocEvent } from '../events.js';
import type { Address, ArenaIndex, SizeIndex } from '../ids.js';
import { geometryOf, type Profile } from '../profile.js';
import { Bytes, CodecError, Reader } from './bytes.js';
import { commandAsExecuted, type ObmallocRecord } from './records.js';
import { recordProblem } from './schema.js';

const CMD = { Malloc: 1, Calloc: 2, Realloc: 3, Free: 4 } as const;
const CMD_NAME = ['', 'Malloc', 'Calloc', 'Realloc', 'Free'] as const;
const EV = {
  ArenaAllocated: 1, PoolInitialized: 2, PoolReused: 3, BlockAllocated: 4, PoolFull: 5, BlockFreed: 6,
  PoolFreed: 7, ArenaFreed: 8, BlockResized: 9, RawAllocated: 10, RawReallocated: 11, RawFreed: 12,
} as const;
const EV_NAME = Object.fromEntries(Object.entries(EV).map(([k, v]) => [v, k])) as Record<number, ObmallocEvent['type']>;
/** Flag on a shape's command byte: the Free/Realloc address is NULL. */
const NULL_ADDRESS = 16;
const MAX_SHAPE_EVENTS = 16;

export const OBMALLOC_CODEC = 'obmalloc-v1';

interface Streams {
  kinds: Bytes;
  sizes: Bytes;
  alloc: Bytes;
  free: Bytes;
  extra: Bytes;
  escape: Bytes;
}

export class ObmallocCodec {
  readonly name = OBMALLOC_CODEC;
  /** Why a record from outside is not an allocator record (schema.ts), or null. */
  readonly validate = recordProblem;
  private readonly shift: number;
  private readonly nClasses: number;
  private readonly poolSize: number;
  private readonly threshold: number;

  constructor(readonly profile: Profile) {
    const g = geometryOf(profile);
    this.shift = g.alignmentShift;
    this.nClasses = g.nClasses;
    this.poolSize = profile.poolSizeBytes;
    this.threshold = profile.smallRequestThresholdBytes;
  }

  encode(records: readonly ObmallocRecord[], firstSeq: number): Uint8Array {
    const enc = new GroupEncoder(this);
    let i = 0;
    while (i < records.length) {
      const r = records[i];
      if (r.kind !== 'command') {
        enc.escape(r);
        i++;
        continue;
      }
      const seq = firstSeq + i;
      let j = i + 1;
      while (j < records.length && records[j].kind === 'event' && (records[j] as { cause: number }).cause === seq) j++;
      const events = records.slice(i + 1, j).map((x) => (x as { event: ObmallocEvent }).event);
      enc.group(r.command, events, seq);
      i = j;
    }
    return enc.finish();
  }

  decode(payload: Uint8Array, firstSeq: number, count: number): ObmallocRecord[] {
    const out: ObmallocRecord[] = [];
    decodeFrame(this, payload, firstSeq, (r) => {
      if (out.length >= count) throw new CodecError(`frame holds more than its ${count} records`);
      out.push(r);
    });
    if (out.length !== count) throw new CodecError(`frame holds ${out.length} records, its header says ${count}`);
    return out;
  }

  /** @internal */ sizeIndexOf(n: number): number {
    return n >= 1 && n <= this.threshold ? (n - 1) >> this.shift : -1;
  }
  /** @internal */ poolOfAddress(a: number): number {
    return Math.floor(a / this.poolSize) * this.poolSize;
  }
  /** @internal */ get rawSlot(): number {
    return this.nClasses;
  }
  /** @internal */ get overhead(): number {
    return this.profile.poolOverheadBytes;
  }
}

/**
 * Streams one frame: call `group` for each command with its events (in seq order), then
 * `finish`. Log building drives it directly, without building record objects.
 */
export class GroupEncoder {
  private readonly s: Streams = { kinds: new Bytes(), sizes: new Bytes(), alloc: new Bytes(), free: new Bytes(), extra: new Bytes(), escape: new Bytes() };
  private readonly shapes = new Map<number, number>();
  private readonly shapeList: number[][] = [];
  private readonly lastByClass: Float64Array;
  private lastAlloc = 0;
  records = 0;

  constructor(private readonly codec: ObmallocCodec) {
    this.lastByClass = new Float64Array(codec.rawSlot + 1);
  }

  escape(r: ObmallocRecord): void {
    this.s.kinds.varuint(0);
    const json = new TextEncoder().encode(JSON.stringify(r));
    this.s.escape.varuint(json.length);
    this.s.escape.bytes(json);
    this.records += 1;
  }

  /** One command and its events; falls back to escaped records when something is not implied. */
  group(command: ObmallocCommand, events: readonly ObmallocEvent[], seq: number): void {
    const executed = commandAsExecuted(command, events);
    const op = CMD[command.type];
    const address = command.type === 'Free' || command.type === 'Realloc' ? command.address : 0;
    const n = command.type === 'Free' ? 0 : command.requestBytes;
    if (sameCommand(command, executed)) {
      if (this.groupCall(op, address, n, events)) return;
    }
    this.escape({ kind: 'command', command });
    for (const event of events) this.escape({ kind: 'event', cause: seq, event });
  }

  /**
   * The fast path for a call (op 1 Malloc, 2 Calloc, 3 Realloc, 4 Free) whose command is,
   * by construction, the one its events imply. Returns false (writing nothing) when the
   * group cannot be written compactly; the caller then escapes its records.
   */
  /**
   * The two commonest groups without event objects: a Malloc/Calloc (op 1/2) whose only
   * event is BlockAllocated (`result`, `sizeIndex`), or a Free (op 4) of `address` whose
   * only event is BlockFreed. Returns false (writing nothing) if it does not apply.
   */
  groupSimple(op: number, address: number, n: number, result: number, sizeIndex: number): boolean {
    const s = this.s;
    if ((op === CMD.Malloc || op === CMD.Calloc) && address === 0) {
      const id = this.fastMalloc[op];
      if (id === 0 || sizeIndex !== this.codec.sizeIndexOf(n)) return false;
      s.sizes.varuint(n);
      s.alloc.delta16(result - this.lastByClass[sizeIndex]);
      this.lastByClass[sizeIndex] = result;
      this.lastAlloc = result;
      s.kinds.varuint(id);
    } else if (op === CMD.Free && address !== 0 && result === address && this.fastFree !== 0) {
      s.free.delta16(address - this.lastAlloc);
      s.kinds.varuint(this.fastFree);
    } else return false;
    this.records += 2;
    return true;
  }

  groupCall(op: number, address: number, n: number, events: readonly ObmallocEvent[], count = events.length): boolean {
    if (count === 1) {
      // Fast paths for the two groups that make up most of a trace (no rollback needed:
      // everything is checked before anything is written).
      const e = events[0];
      const s = this.s;
      if (e.type === 'BlockAllocated' && (op === CMD.Malloc || op === CMD.Calloc) && address === 0) {
        const id = this.fastMalloc[op];
        if (id !== 0 && e.requestBytes === n && e.sizeIndex === this.codec.sizeIndexOf(n)) {
          s.sizes.varuint(n);
          s.alloc.delta16(e.address - this.lastByClass[e.sizeIndex]);
          this.lastByClass[e.sizeIndex] = e.address;
          this.lastAlloc = e.address;
          s.kinds.varuint(id);
          this.records += 2;
          return true;
        }
      } else if (e.type === 'BlockFreed' && op === CMD.Free && address !== 0 && e.address === address && this.fastFree !== 0) {
        s.free.delta16(address - this.lastAlloc);
        s.kinds.varuint(this.fastFree);
        this.records += 2;
        return true;
      }
    }
    this.mark();
    const lastAlloc = this.lastAlloc;
    this.undoCount = 0;
    if (count <= MAX_SHAPE_EVENTS && this.tryGroup(op, address, n, events, count)) {
      this.records += 1 + count;
      return true;
    }
    this.rewind();
    for (let k = this.undoCount - 2; k >= 0; k -= 2) this.lastByClass[this.undo[k]] = this.undo[k + 1];
    this.lastAlloc = lastAlloc;
    return false;
  }

  /** Shape ids of [Malloc|Calloc, BlockAllocated] (by command code) and [Free, BlockFreed], 0 until seen. */
  private readonly fastMalloc = new Int32Array(3);
  private fastFree = 0;

  /** Predictor slots changed by the group being written: (slot, old value) pairs. */
  private readonly undo = new Float64Array(2 * (MAX_SHAPE_EVENTS + 1));
  private undoCount = 0;
  private readonly marks = new Int32Array(6);
  private setPredictor(slot: number, address: number): void {
    this.undo[this.undoCount++] = slot;
    this.undo[this.undoCount++] = this.lastByClass[slot];
    this.lastByClass[slot] = address;
    this.lastAlloc = address;
  }

  private mark(): void {
    const s = this.s, m = this.marks;
    m[0] = s.kinds.length; m[1] = s.sizes.length; m[2] = s.alloc.length; m[3] = s.free.length; m[4] = s.extra.length; m[5] = s.escape.length;
  }
  private rewind(): void {
    const s = this.s, m = this.marks;
    s.kinds.length = m[0]; s.sizes.length = m[1]; s.alloc.length = m[2]; s.free.length = m[3]; s.extra.length = m[4]; s.escape.length = m[5];
  }

  private tryGroup(code: number, address: number, n: number, events: readonly ObmallocEvent[], count: number): boolean {
    const c = this.codec;
    const s = this.s;
    const takesAddress = code === CMD.Free || code === CMD.Realloc;
    if (count > 9) return false; // the numeric shape key below holds 10 codes of 5 bits
    const head = code | (address === 0 && takesAddress ? NULL_ADDRESS : 0);
    let key = head;
    if (!takesAddress && address !== 0) return false;
    if (code !== CMD.Free) {
      if (!Number.isSafeInteger(n) || n < 0) return false;
      s.sizes.varuint(n);
    }
    if (address !== 0) s.free.delta16(address - this.lastAlloc);
    let block = NaN; // the last allocated block (for pool-implied events)
    let freedPool = NaN;
    let freedArena = -1;
    for (let k = 0; k < count; k++) {
      const e = events[k];
      switch (e.type) {
        case 'ArenaAllocated':
          key = key * 32 + EV.ArenaAllocated;
          s.extra.varuint(e.arenaIndex);
          s.extra.varuint(e.baseAddress);
          s.extra.varuint(e.totalPools);
          break;
        case 'PoolInitialized':
        case 'PoolReused': {
          key = key * 32 + (e.type === 'PoolInitialized' ? EV.PoolInitialized : EV.PoolReused);
          const next = k + 1 < count ? events[k + 1] : undefined;
          if (next?.type !== 'BlockAllocated' || c.poolOfAddress(next.address) !== e.poolAddress || next.sizeIndex !== e.sizeIndex) return false;
          s.extra.varuint(e.arenaIndex);
          if (e.type === 'PoolInitialized') s.extra.u8(e.carved ? 1 : 0);
          break;
        }
        case 'BlockAllocated': {
          key = key * 32 + EV.BlockAllocated;
          if (e.requestBytes !== n || e.sizeIndex !== c.sizeIndexOf(n)) return false;
          s.alloc.delta16(e.address - this.lastByClass[e.sizeIndex]);
          this.setPredictor(e.sizeIndex, e.address);
          block = e.address;
          break;
        }
        case 'PoolFull':
          key = key * 32 + EV.PoolFull;
          if (e.poolAddress !== c.poolOfAddress(block)) return false;
          break;
        case 'BlockFreed':
          key = key * 32 + EV.BlockFreed;
          if (e.address !== address) return false;
          freedPool = c.poolOfAddress(address);
          break;
        case 'PoolFreed':
          key = key * 32 + EV.PoolFreed;
          if (e.poolAddress !== freedPool) return false;
          s.extra.varuint(e.arenaIndex);
          freedArena = e.arenaIndex;
          break;
        case 'ArenaFreed':
          key = key * 32 + EV.ArenaFreed;
          if (e.arenaIndex !== freedArena) return false;
          s.extra.varuint(e.baseAddress);
          break;
        case 'BlockResized':
          key = key * 32 + EV.BlockResized;
          if (e.address !== address || e.requestBytes !== n) return false;
          break;
        case 'RawAllocated': {
          key = key * 32 + EV.RawAllocated;
          if (e.requestBytes !== n) return false;
          const slot = c.rawSlot;
          s.alloc.delta16(e.address - this.lastByClass[slot]);
          this.setPredictor(slot, e.address);
          break;
        }
        case 'RawReallocated': {
          key = key * 32 + EV.RawReallocated;
          if (e.oldAddress !== address || e.requestBytes !== n) return false;
          const slot = c.rawSlot;
          s.alloc.delta16(e.address - this.lastByClass[slot]);
          this.setPredictor(slot, e.address);
          break;
        }
        case 'RawFreed':
          key = key * 32 + EV.RawFreed;
          if (e.address !== address) return false;
          break;
        default:
          return false;
      }
    }
    let id = this.shapes.get(key);
    if (id === undefined) {
      id = this.shapeList.length + 1;
      this.shapes.set(key, id);
      const shape = [head];
      for (let k = 0; k < count; k++) shape.push(EV[events[k].type]);
      this.shapeList.push(shape);
      if (count === 1 && (head === CMD.Malloc || head === CMD.Calloc) && shape[1] === EV.BlockAllocated) this.fastMalloc[head] = id;
      if (count === 1 && head === CMD.Free && shape[1] === EV.BlockFreed) this.fastFree = id;
    }
    s.kinds.varuint(id);
    return true;
  }

  /** Starts a new frame, keeping the streams' capacity (shapes and predictors restart). */
  reset(): void {
    const s = this.s;
    s.kinds.reset(); s.sizes.reset(); s.alloc.reset(); s.free.reset(); s.extra.reset(); s.escape.reset();
    this.shapes.clear();
    this.shapeList.length = 0;
    this.lastByClass.fill(0);
    this.lastAlloc = 0;
    this.fastMalloc.fill(0);
    this.fastFree = 0;
    this.records = 0;
  }

  finish(): Uint8Array {
    const out = new Bytes();
    let total = 16 + 8 * this.shapeList.length;
    for (const b of [this.s.kinds, this.s.sizes, this.s.alloc, this.s.free, this.s.extra, this.s.escape]) total += b.length + 8;
    out.reserve(total);
    out.varuint(1); // payload layout version
    out.varuint(this.shapeList.length);
    for (const sh of this.shapeList) {
      out.u8(sh[0]);
      out.varuint(sh.length - 1);
      for (let k = 1; k < sh.length; k++) out.u8(sh[k]);
    }
    for (const b of [this.s.kinds, this.s.sizes, this.s.alloc, this.s.free, this.s.extra, this.s.escape]) {
      out.varuint(b.length);
      out.bytes(b.view());
    }
    return out.view().slice();
  }
}

function sameCommand(a: ObmallocCommand, b: ObmallocCommand): boolean {
  const x = a as unknown as Record<string, unknown>, y = b as unknown as Record<string, unknown>;
  for (const k of ['type', 'address', 'requestBytes', 'arenaBase', 'rawAddress']) if (x[k] !== y[k]) return false;
  return true;
}

/**
 * Commands of a frame in columns, for replay loops that re-execute commands instead of
 * building event objects: what each command asked for and what the log says it returned.
 */
export interface CommandColumns {
  count: number;
  seq: Float64Array;
  /** 1 Malloc, 2 Calloc, 3 Realloc, 4 Free */
  op: Uint8Array;
  n: Float64Array;
  /** Free/Realloc: the address passed; Malloc/Calloc: 0. */
  address: Float64Array;
  /** The address the call returned (0 for Free). */
  result: Float64Array;
  /** The arena mapped by the call, or NaN. */
  arenaBase: Float64Array;
  /** Number of events the call caused. */
  events: Uint16Array;
  /** Bit (1 << code) for each event type the call caused; see EVENT_BIT. */
  mask: Uint16Array;
  /** The arena the call gave back, or NaN. */
  freedArenaBase: Float64Array;
  /** true when the frame had escaped records: then only the object decoder is exact. */
  escaped: boolean;
}

export function newCommandColumns(capacity: number): CommandColumns {
  return {
    count: 0, seq: new Float64Array(capacity), op: new Uint8Array(capacity), n: new Float64Array(capacity),
    address: new Float64Array(capacity), result: new Float64Array(capacity), arenaBase: new Float64Array(capacity),
    events: new Uint16Array(capacity), mask: new Uint16Array(capacity), freedArenaBase: new Float64Array(capacity), escaped: false,
  };
}

/** Event type codes (bit positions in CommandColumns.mask). */
export const EVENT_BIT = EV;

function pushColumn(c: CommandColumns, seq: number, op: number, n: number, address: number, result: number, arenaBase: number, events: number, mask: number, freedArenaBase: number): void {
  if (c.count === c.op.length) {
    const bigger = newCommandColumns(c.op.length * 2 || 1024);
    bigger.seq.set(c.seq); bigger.op.set(c.op); bigger.n.set(c.n); bigger.address.set(c.address);
    bigger.result.set(c.result); bigger.arenaBase.set(c.arenaBase); bigger.events.set(c.events);
    bigger.mask.set(c.mask); bigger.freedArenaBase.set(c.freedArenaBase);
    c.seq = bigger.seq; c.op = bigger.op; c.n = bigger.n; c.address = bigger.address;
    c.result = bigger.result; c.arenaBase = bigger.arenaBase; c.events = bigger.events;
    c.mask = bigger.mask; c.freedArenaBase = bigger.freedArenaBase;
  }
  const k = c.count++;
  c.seq[k] = seq; c.op[k] = op; c.n[k] = n; c.address[k] = address; c.result[k] = result; c.arenaBase[k] = arenaBase; c.events[k] = events;
  c.mask[k] = mask; c.freedArenaBase[k] = freedArenaBase;
}

/**
 * Decodes a frame. With `emit`, calls it for each record in seq order; with `columns`,
 * appends each command there (without building objects unless `emit` is given).
 * Bounded: never trusts a length. Throws CodecError on a corrupt payload.
 */
/**
 * Called for each command (with its group's values) by decodeFrame's `visit`: op 1..4
 * (Malloc, Calloc, Realloc, Free), request size, address passed, address returned, the
 * arena base it mapped (NaN if none), and how many events it caused. Escaped records are
 * not visited (`escaped` is called instead, with their seq).
 */
export interface CommandVisitor {
  command(seq: number, op: number, n: number, address: number, result: number, arenaBase: number, events: number): void;
  escaped(seq: number): void;
}

/**
 * `visitUntil` splits the work when both `emit` and `visit` are given: groups ending at or
 * before it are visited only (fast, no objects), later ones emitted only. The timeline
 * uses it to re-execute whole groups and apply a last, partial group event by event in
 * one pass. Without it, every group is visited and every record from emitFromSeq emitted.
 */
export function decodeFrame(codec: ObmallocCodec, payload: Uint8Array, firstSeq: number, emit: ((r: ObmallocRecord) => void) | null, columns?: CommandColumns, emitFromSeq = 0, visit?: CommandVisitor, visitUntil?: number): number {
  const r = new Reader(payload);
  const version = r.varuint();
  if (version !== 1) throw new CodecError(`unknown obmalloc-v1 payload layout ${version}`);
  const nShapes = r.varuint();
  if (nShapes > payload.length) throw new CodecError('shape table longer than the payload');
  const shapes: { code: number; events: number[]; fast: number }[] = [];
  for (let i = 0; i < nShapes; i++) {
    const code = r.u8();
    const ne = r.varuint();
    if (ne > MAX_SHAPE_EVENTS || (code & 15) < 1 || (code & 15) > 4) throw new CodecError('bad shape');
    const events: number[] = [];
    for (let k = 0; k < ne; k++) {
      const e = r.u8();
      if (!(e in EV_NAME)) throw new CodecError(`unknown event code ${e}`);
      events.push(e);
    }
    // Fast paths for the common groups: 1 = Malloc/Calloc -> BlockAllocated, 2 = Free -> BlockFreed.
    const fast = events.length === 1 && (code === CMD.Malloc || code === CMD.Calloc) && events[0] === EV.BlockAllocated ? 1
      : events.length === 1 && code === CMD.Free && events[0] === EV.BlockFreed ? 2 : 0;
    shapes.push({ code, events, fast });
  }
  const kinds = r.take(r.varuint()), sizes = r.take(r.varuint()), alloc = r.take(r.varuint());
  const free = r.take(r.varuint()), extra = r.take(r.varuint()), escape = r.take(r.varuint());
  if (!r.done) throw new CodecError('trailing bytes after the streams');
  const lastByClass = new Float64Array(codec.rawSlot + 1);
  let lastAlloc = 0;
  let seq = firstSeq;
  const emitting = emit !== null;
  let objects = false;
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  const events: ObmallocEvent[] = [];
  const columnsOnly = (columns !== undefined || visit !== undefined) && !emitting;
  const split = visitUntil !== undefined;
  const until = visitUntil ?? 0;
  const mallocMask = 1 << EV.BlockAllocated, freeMask = 1 << EV.BlockFreed;
  const pendingPool: number[] = [];
  while (!kinds.done) {
    const id = kinds.varuint();
    if (id === 0) {
      const len = escape.varuint();
      const bytes = escape.take(len);
      let rec: ObmallocRecord;
      try {
        decoder ??= new TextDecoder('utf-8', { fatal: true });
        rec = JSON.parse(decoder.decode(bytes.buf.subarray(bytes.pos, bytes.end))) as ObmallocRecord;
      } catch {
        throw new CodecError('escaped record is not valid JSON');
      }
      const problem = recordProblem(rec, seq);
      if (problem !== null) throw new CodecError(`record ${seq} is not an allocator record: ${problem}`);
      if (columns) columns.escaped = true;
      visit?.escaped(seq);
      if (seq >= emitFromSeq) emit?.(rec);
      seq += 1;
      continue;
    }
    const shape = shapes[id - 1];
    if (shape === undefined) throw new CodecError(`unknown shape ${id}`);
    if (shape.fast !== 0 && (columnsOnly || (split && seq + 2 <= until))) {
      if (shape.fast === 1) {
        const n = sizes.varuint();
        const sizeIndex = codec.sizeIndexOf(n);
        if (sizeIndex < 0) throw new CodecError('BlockAllocated for a size pymalloc does not serve');
        const a = lastByClass[sizeIndex] + alloc.delta16();
        lastByClass[sizeIndex] = a;
        lastAlloc = a;
        if (columns) pushColumn(columns, seq, shape.code, n, 0, a, NaN, 1, mallocMask, NaN);
        if (visit) visit.command(seq, shape.code, n, 0, a, NaN, 1);
      } else {
        const address = lastAlloc + free.delta16();
        if (columns) pushColumn(columns, seq, CMD.Free, 0, address, 0, NaN, 1, freeMask, NaN);
        if (visit) visit.command(seq, CMD.Free, 0, address, 0, NaN, 1);
      }
      seq += 2;
      continue;
    }
    const op = shape.code & 15;
    const type = CMD_NAME[op];
    const isNull = (shape.code & NULL_ADDRESS) !== 0;
    const n = type === 'Free' ? 0 : sizes.varuint();
    const address = (type === 'Free' || type === 'Realloc') && !isNull ? lastAlloc + free.delta16() : 0;
    const cause = seq;
    // Records before emitFromSeq are decoded (the predictors need them) but not built.
    const visiting = !split || seq + 1 + shape.events.length <= until;
    objects = emitting && seq + 1 + shape.events.length > emitFromSeq && (!split || !visiting);
    if (objects && events.length !== 0) events.length = 0;
    let pending = 0;
    let block = NaN, freedPool = NaN, freedArena = -1, result = 0, arenaBase = NaN, mask = 0, freedArenaBase = NaN;
    for (let k = 0; k < shape.events.length; k++) {
      const code = shape.events[k];
      mask |= 1 << code;
      switch (code) {
        case EV.ArenaAllocated: {
          const arenaIndex = extra.varuint(), baseAddress = extra.varuint(), totalPools = extra.varuint();
          arenaBase = baseAddress;
          if (objects) events.push({ type: 'ArenaAllocated', arenaIndex: arenaIndex as ArenaIndex, baseAddress: baseAddress as Address, totalPools });
          break;
        }
        case EV.PoolInitialized:
        case EV.PoolReused: {
          // The pool address and class come from the BlockAllocated that follows.
          const arenaIndex = extra.varuint();
          const carved = code === EV.PoolInitialized ? extra.u8() === 1 : false;
          pending += 1;
          if (objects) {
            pendingPool.push(events.length);
            events.push(code === EV.PoolInitialized
              ? { type: 'PoolInitialized', poolAddress: 0 as Address, arenaIndex: arenaIndex as ArenaIndex, sizeIndex: 0 as SizeIndex, carved }
              : { type: 'PoolReused', poolAddress: 0 as Address, arenaIndex: arenaIndex as ArenaIndex, sizeIndex: 0 as SizeIndex });
          }
          break;
        }
        case EV.BlockAllocated: {
          const sizeIndex = codec.sizeIndexOf(n);
          if (sizeIndex < 0) throw new CodecError('BlockAllocated for a size pymalloc does not serve');
          const a = lastByClass[sizeIndex] + alloc.delta16();
          lastByClass[sizeIndex] = a;
          lastAlloc = a;
          block = a;
          result = a;
          if (objects) {
            events.push({ type: 'BlockAllocated', address: a as Address, sizeIndex: sizeIndex as SizeIndex, requestBytes: n });
            for (const at of pendingPool) {
              const p = events[at] as { poolAddress: Address; sizeIndex: SizeIndex };
              p.poolAddress = codec.poolOfAddress(a) as Address;
              p.sizeIndex = sizeIndex as SizeIndex;
            }
            pendingPool.length = 0;
          }
          pending = 0;
          break;
        }
        case EV.PoolFull:
          if (objects) events.push({ type: 'PoolFull', poolAddress: codec.poolOfAddress(block) as Address });
          break;
        case EV.BlockFreed:
          freedPool = codec.poolOfAddress(address);
          if (objects) events.push({ type: 'BlockFreed', address: address as Address });
          break;
        case EV.PoolFreed:
          freedArena = extra.varuint();
          if (objects) events.push({ type: 'PoolFreed', poolAddress: freedPool as Address, arenaIndex: freedArena as ArenaIndex });
          break;
        case EV.ArenaFreed: {
          const baseAddress = extra.varuint();
          freedArenaBase = baseAddress;
          if (objects) events.push({ type: 'ArenaFreed', arenaIndex: freedArena as ArenaIndex, baseAddress: baseAddress as Address });
          break;
        }
        case EV.BlockResized:
          result = address;
          if (objects) events.push({ type: 'BlockResized', address: address as Address, requestBytes: n });
          break;
        case EV.RawAllocated:
        case EV.RawReallocated: {
          const slot = codec.rawSlot;
          const a = lastByClass[slot] + alloc.delta16();
          lastByClass[slot] = a;
          lastAlloc = a;
          result = a;
          if (objects) {
            events.push(code === EV.RawAllocated
              ? { type: 'RawAllocated', address: a as Address, requestBytes: n }
              : { type: 'RawReallocated', oldAddress: address as Address, address: a as Address, requestBytes: n });
          }
          break;
        }
        case EV.RawFreed:
          if (objects) events.push({ type: 'RawFreed', address: address as Address });
          break;
      }
    }
    if (pending > 0) throw new CodecError('a pool event without its block');
    if (columns) pushColumn(columns, seq, op, n, address, result, arenaBase, shape.events.length, mask, freedArenaBase);
    if (visit && visiting) visit.command(seq, op, n, address, result, arenaBase, shape.events.length);
    if (objects) {
      const base: unknown = type === 'Free'
        ? { type, address: address as Address }
        : type === 'Realloc' ? { type, address: address as Address, requestBytes: n } : { type, requestBytes: n };
      if (cause >= emitFromSeq) emit!({ kind: 'command', command: commandAsExecuted(base as ObmallocCommand, events) });
      for (let k = 0; k < events.length; k++) if (cause + 1 + k >= emitFromSeq) emit!({ kind: 'event', cause, event: events[k] });
    }
    seq += 1 + shape.events.length;
  }
  for (const s of [sizes, alloc, free, extra, escape]) if (!s.done) throw new CodecError('a stream has bytes no record used');
  return seq - firstSeq;
}
