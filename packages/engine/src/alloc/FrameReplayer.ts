/**
 * Moving forward through an allocator log: an ObmallocState and the number of records
 * applied to it (`position`), and the one way to advance it, `advance(p)`.
 *
 * Whole groups (a command and its events) are replayed by re-executing the command (fast,
 * no objects), checked against the result the log recorded; a partial group, or a frame
 * with escaped records, is applied event by event with `evolve`. Frames are decoded to
 * columns on demand (a few kept, least recently used first) or, for a straight replay,
 * visited without building any.
 */
import {
  CodecError, decodeFrame, evolve, newCommandColumns, objFree, objMalloc, objRealloc,
  type CommandColumns, type ObmallocCodec, type ObmallocRecord, type ObmallocState,
} from '@pymm/obmalloc';
import type { FrameSource } from '../FrameSource.js';

export class TimelineError extends Error {
  override readonly name = 'TimelineError';
  constructor(readonly seq: number, message: string) {
    super(message);
  }
}

export const CMD_NAME = ['', 'Malloc', 'Calloc', 'Realloc', 'Free'] as const;
/** Decoded frames kept (least recently used goes first). */
const COLUMNS_CACHED = 8;
/** Thrown (not an Error: no stack to capture) to stop a frame decode early. */
const STOP = Symbol('stop');

export class FrameReplayer {
  position = 0;
  readonly length: number;
  private readonly columnsCache = new Map<number, CommandColumns>();
  /** Per frame: 1 if its first record is a command, 0 if not, -1 not yet known (an index knows them all). */
  readonly opensWithCommand: Int8Array;

  constructor(
    readonly source: FrameSource,
    readonly codec: ObmallocCodec,
    public state: ObmallocState,
    opensWithCommand?: Int8Array,
  ) {
    this.length = source.recordCount;
    this.opensWithCommand = opensWithCommand ?? new Int8Array(source.frames.length).fill(-1);
  }

  /** Columns of frame f (decoded on demand, cached). */
  columns(f: number): CommandColumns {
    let c = this.columnsCache.get(f);
    if (c === undefined) {
      // Reuse the least recently decoded columns' arrays once the cache is full.
      if (this.columnsCache.size >= COLUMNS_CACHED) {
        const oldest = this.columnsCache.keys().next().value!;
        c = this.columnsCache.get(oldest)!;
        this.columnsCache.delete(oldest);
        c.count = 0;
        c.escaped = false;
      } else c = newCommandColumns(16384);
      const frame = this.source.frames[f];
      const records = decodeFrame(this.codec, this.source.payload(f), frame.firstSeq, null, c);
      // a crafted header's count is not trusted: a seek would look for records that are not there
      if (records !== frame.count) throw new CodecError(`frame ${f} holds ${records} records, its header says ${frame.count}`);
      this.columnsCache.set(f, c);
    } else {
      this.columnsCache.delete(f);
      this.columnsCache.set(f, c);
    }
    return c;
  }

  /** Index of the frame holding record `pos` (binary search). */
  frameOf(pos: number): number {
    const frames = this.source.frames;
    let lo = 0, hi = frames.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (frames[mid].firstSeq <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Applies records from `position` up to position p (> position). */
  advance(p: number): void {
    while (this.position < p) {
      const f = this.frameOf(this.position);
      const frame = this.source.frames[f];
      const until = Math.min(p, frame.firstSeq + frame.count);
      if (this.columnsCache.has(f)) this.applyFrame(f, until);
      else {
        this.replayFast(f, until);
        if (this.position < until) this.applyRecords(f, until);
      }
    }
  }

  /**
   * Apply records of frame f from `position` up to `until` (exclusive, within the frame).
   * Whole groups by re-execution; a partial group with evolve.
   */
  applyFrame(f: number, until: number): void {
    const c = this.columns(f);
    if (c.escaped) {
      this.applyRecords(f, until);
      return;
    }
    let k = lowerBound(c.seq, c.count, this.position);
    if (k < c.count && c.seq[k] !== this.position) {
      // we are inside the group k-1: finish it event by event first
      this.applyRecords(f, Math.min(until, c.seq[k]));
    } else if (k === c.count && this.position < until) {
      this.applyRecords(f, until);
      return;
    }
    // A frame may end inside a group (frames written by a generic writer, or a log cut
    // short): then its last command's events open the next frame (as escaped records), or
    // are gone, and the command must not be re-executed here; the event-by-event path
    // applies exactly what each frame holds.
    const splitLast = this.nextFrameOpensWithEvents(f);
    for (; k < c.count; k++) {
      const seq = c.seq[k];
      const end = seq + 1 + c.events[k];
      if (end > until) break;
      if (splitLast && k === c.count - 1) break;
      this.reexecute(seq, c.op[k], c.n[k], c.address[k], c.result[k], c.arenaBase[k]);
      this.position = end;
    }
    if (this.position < until) this.applyRecords(f, until);
  }

  /** True when frame f's last command may not have all its events in f. */
  private nextFrameOpensWithEvents(f: number): boolean {
    const frames = this.source.frames;
    if (f + 1 >= frames.length) return true; // the log's last frame: its end may cut a group
    let known = this.opensWithCommand[f + 1];
    if (known < 0) {
      const next = this.columns(f + 1);
      known = next.count > 0 && next.seq[0] === frames[f + 1].firstSeq ? 1 : 0;
      this.opensWithCommand[f + 1] = known;
    }
    return known === 0;
  }

  /** Apply records of frame f one by one (objects, evolve) up to `until`. */
  private applyRecords(f: number, until: number): void {
    const frame = this.source.frames[f];
    const s = this.state;
    const from = this.position;
    let seq = from;
    try {
      decodeFrame(this.codec, this.source.payload(f), frame.firstSeq, (r: ObmallocRecord) => {
        if (seq >= until) throw STOP;
        if (r.kind === 'event') evolve(s, r.event);
        seq += 1;
      }, undefined, from);
    } catch (e) {
      if (e !== STOP) throw e;
    }
    this.position = Math.min(until, frame.firstSeq + frame.count);
  }

  private readonly visitor = {
    replayer: this as FrameReplayer,
    frameEnd: 0,
    splitLast: false,
    command(seq: number, op: number, n: number, address: number, result: number, arenaBase: number, events: number): void {
      const t = this.replayer;
      const end = seq + 1 + events;
      if (end <= t.position) return;
      // starting inside a group, or at a last group the frame may have cut: the slow path
      if (seq !== t.position || (this.splitLast && end === this.frameEnd)) throw STOP;
      t.reexecute(seq, op, n, address, result, arenaBase);
      t.position = end;
    },
    escaped(seq: number): void {
      if (seq >= this.replayer.position) throw STOP;
    },
  };

  /** Applies the records of a group cut by the target position, one by one. */
  private readonly partial = (r: ObmallocRecord): void => {
    if (this.position >= this.partialUntil) throw STOP;
    if (r.kind === 'event') evolve(this.state, r.event);
    this.position += 1;
    if (this.position >= this.partialUntil) throw STOP;
  };
  private partialUntil = 0;

  /** Re-executes one logged command on the state (no events built), checking the address it returns against the log's. */
  reexecute(seq: number, op: number, n: number, address: number, result: number, arenaBase: number): void {
    const s = this.state;
    let r = 0;
    if (op === 4) objFree(s, address, null);
    else if (op === 3) r = objRealloc(s, address, n, arenaBase, result, null);
    else r = objMalloc(s, n, arenaBase, result, null);
    if (r !== result) {
      throw new TimelineError(seq, `the log and the model disagree at seq ${seq} (${CMD_NAME[op]}): the log says it returned 0x${result.toString(16)}, the model returns 0x${r.toString(16)} (pymm verify checks every event)`);
    }
  }

  /**
   * Re-executes whole groups of frame f straight from its payload (no columns, no
   * objects), from `position` (a group boundary) up to `until`, and applies a last group
   * that `until` cuts event by event, in one decoding pass; stops early (the caller goes
   * on with applyRecords) at an escaped record, when starting inside a group, or at a
   * last group the frame may have cut.
   */
  private replayFast(f: number, until: number): void {
    const frame = this.source.frames[f];
    const v = this.visitor;
    v.frameEnd = frame.firstSeq + frame.count;
    v.splitLast = this.opensWithCommand[f + 1] !== 1;
    this.partialUntil = until;
    try {
      const records = decodeFrame(this.codec, this.source.payload(f), frame.firstSeq, this.partial, undefined, this.position, v, until);
      if (records !== frame.count) throw new CodecError(`frame ${f} holds ${records} records, its header says ${frame.count}`);
    } catch (e) {
      if (e !== STOP) throw e;
    }
  }

  /** The record at `seq` (decoded from its frame). */
  recordAt(seq: number): ObmallocRecord {
    if (!Number.isInteger(seq) || seq < 0 || seq >= this.length) throw new RangeError(`seq ${seq} is outside 0..${this.length - 1}`);
    const f = this.frameOf(seq);
    let found: ObmallocRecord | undefined;
    let at = seq;
    try {
      decodeFrame(this.codec, this.source.payload(f), this.source.frames[f].firstSeq, (r) => {
        if (at === seq) {
          found = r;
          throw STOP;
        }
        at++;
      }, undefined, seq);
    } catch (e) {
      if (e !== STOP) throw e;
    }
    if (found === undefined) throw new CodecError(`frame ${f} ends before record ${seq}, which its header says it holds`);
    return found;
  }

  /** The last record of the group whose command is at `commandSeq`. */
  lastRecordOfGroup(commandSeq: number): number {
    const f = this.frameOf(commandSeq);
    const c = this.columns(f);
    const k = lowerBound(c.seq, c.count, commandSeq);
    return k < c.count && c.seq[k] === commandSeq ? commandSeq + c.events[k] : commandSeq;
  }

  /** The seq of the command whose group holds record `seq` (seq itself where the frame knows no command before it). */
  commandOf(seq: number): number {
    const c = this.columns(this.frameOf(seq));
    const k = lowerBound(c.seq, c.count, seq + 1) - 1;
    return k >= 0 ? c.seq[k] : seq;
  }

  /** The position just after the group that holds position `p` (a group boundary >= p + 1). */
  groupEndAfter(p: number): number {
    const f = this.frameOf(p);
    const c = this.columns(f);
    const k = lowerBound(c.seq, c.count, p);
    if (k < c.count && c.seq[k] === p) return c.seq[k] + 1 + c.events[k];
    if (k > 0 && p < c.seq[k - 1] + 1 + c.events[k - 1]) return c.seq[k - 1] + 1 + c.events[k - 1];
    return p + 1;
  }
}

export function lowerBound(a: Float64Array, n: number, x: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
