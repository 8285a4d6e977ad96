/**
 * Replays a pymalloc trace through the model and checks it against what CPython did:
 * every returned address, every arena mapped and unmapped, and (on request) the stats
 * text at every checkpoint.
 */
import { ObmallocError } from '../errors.js';
import { initialState } from '../decider.js';
import type { Profile } from '../profile.js';
import { objFree, objMalloc, objRealloc } from '../pymalloc.js';
import type { ObmallocState } from '../state.js';
import type { EventSink, ObmallocEvent } from '../events.js';
import { debugMallocStats } from '../stats.js';
import { unifiedDiff } from './diff.js';
import { OP, TraceFormatError, formatEvent } from './format.js';
import type { TraceBatch } from './parse.js';

export type DivergenceKind = 'address' | 'arena' | 'stats';

export interface Divergence {
  readonly kind: DivergenceKind;
  readonly line: number;
  /** The trace line the model disagrees with. */
  readonly event: string;
  readonly expected: string;
  readonly actual: string;
  /** For stats: a unified diff, expected (CPython) against actual (pymm). */
  readonly diff?: string;
}

/** The model did something else than CPython at `divergence.line`. */
export class ReplayDivergence extends Error {
  override readonly name = 'ReplayDivergence';
  constructor(readonly divergence: Divergence) {
    super(`line ${divergence.line}: ${divergence.kind} diverges at '${divergence.event}': expected ${divergence.expected}, got ${divergence.actual}`);
  }
}

export interface CheckpointInfo {
  readonly label: string;
  readonly line: number;
  readonly state: ObmallocState;
}

export interface ReplayOptions {
  readonly profile?: Profile | string;
  /** Called at each `S LABEL`. Return a Divergence to stop the replay with it. */
  readonly onCheckpoint?: (c: CheckpointInfo) => Divergence | void;
  /**
   * Called after each allocator call with the call (op: OP.M/C/R/F, the address passed,
   * the size) and the events it caused: the first `eventCount` of `events` (the array is
   * reused: copy what you keep).
   */
  readonly onCall?: (op: number, address: number, requestBytes: number, events: ObmallocEvent[], eventCount: number) => void;
  /**
   * With onCall: called instead of it for a call whose only event was BlockAllocated
   * (kind 1: address, sizeIndex) or BlockFreed (kind 2: address), without building the
   * event object. Return false to have the event built and onCall called after all.
   */
  readonly onSimpleCall?: (op: number, address: number, requestBytes: number, kind: 1 | 2, eventAddress: number, sizeIndex: number) => boolean;
}

const hex = (x: number): string => '0x' + x.toString(16);

export class Replayer {
  readonly state: ObmallocState;
  /** M, C, R and F lines replayed. */
  calls = 0;
  arenasAllocated = 0;
  arenasFreed = 0;
  checkpoints = 0;
  lastLine = 0;
  private pendingA: number[] = [];
  private pendingALine = 0;
  private pendingD: number[] = [];
  private pendingDLine = 0;
  private readonly events: ObmallocEvent[] = [];
  private eventCount = 0;
  /** A first event received without an object (onSimpleCall): 0 none, 1 BlockAllocated, 2 BlockFreed. */
  private simpleKind = 0;
  private simpleAddress = 0;
  private simpleSizeIndex = 0;
  private simpleBytes = 0;
  private readonly sink: EventSink | null;

  constructor(private readonly options: ReplayOptions = {}) {
    this.state = initialState({ profile: options.profile });
    const events = this.events;
    const push = (e: ObmallocEvent): void => {
      this.materializeSimple();
      if (this.eventCount < events.length) events[this.eventCount] = e;
      else events.push(e);
      this.eventCount++;
    };
    const sink: EventSink | null = options.onCall ? push : null;
    if (sink !== null && options.onSimpleCall) {
      sink.blockAllocated = (address, sizeIndex, requestBytes) => {
        if (this.eventCount === 0 && this.simpleKind === 0) {
          this.simpleKind = 1;
          this.simpleAddress = address;
          this.simpleSizeIndex = sizeIndex;
          this.simpleBytes = requestBytes;
        } else push({ type: 'BlockAllocated', address: address as never, sizeIndex: sizeIndex as never, requestBytes });
      };
      sink.blockFreed = (address) => {
        if (this.eventCount === 0 && this.simpleKind === 0) {
          this.simpleKind = 2;
          this.simpleAddress = address;
        } else push({ type: 'BlockFreed', address: address as never });
      };
    }
    this.sink = sink;
  }

  /** Turn a pending argument-only event into an object at the front of `events`. */
  private materializeSimple(): void {
    const kind = this.simpleKind;
    if (kind === 0) return;
    this.simpleKind = 0;
    const e: ObmallocEvent = kind === 1
      ? { type: 'BlockAllocated', address: this.simpleAddress as never, sizeIndex: this.simpleSizeIndex as never, requestBytes: this.simpleBytes }
      : { type: 'BlockFreed', address: this.simpleAddress as never };
    if (this.eventCount < this.events.length) this.events[this.eventCount] = e;
    else this.events.push(e);
    this.eventCount++;
  }

  /**
   * Replay one batch, up to and including the event on line `untilLine`. Returns true when
   * it stopped there. Throws ReplayDivergence, or TraceFormatError for an impossible trace.
   */
  consume(batch: TraceBatch, untilLine = Infinity): boolean {
    const s = this.state;
    const { op, a, b, n, line } = batch;
    for (let k = 0; k < batch.size; k++) {
      const o = op[k];
      if (line[k] > untilLine) return true;
      this.lastLine = line[k];
      if (o === OP.A) {
        if (this.pendingA.length === 0) this.pendingALine = line[k];
        this.pendingA.push(a[k]);
        continue;
      }
      if (o === OP.D) {
        if (this.pendingD.length === 0) this.pendingDLine = line[k];
        this.pendingD.push(a[k]);
        continue;
      }
      if (o === OP.S) {
        this.checkPending(line[k], formatEvent(o, 0, 0, 0, batch.labels.get(k)));
        this.checkpoints += 1;
        const d = this.options.onCheckpoint?.({ label: batch.labels.get(k)!, line: line[k], state: s });
        if (d) throw new ReplayDivergence(d);
        continue;
      }
      this.call(o, a[k], b[k], n[k], line[k]);
    }
    return false;
  }

  private call(o: number, a: number, b: number, n: number, lineNo: number): void {
    const s = this.state;
    const allocatedBefore = s.ntimesArenaAllocated;
    const freedBefore = s.ntimesArenaAllocated - s.narenasCurrentlyAllocated;
    const base = this.pendingA.length > 0 ? this.pendingA[0] : NaN;
    const small = n >= 1 && n <= s.profile.smallRequestThresholdBytes;
    let expected = 0;
    let actual = 0;
    const sink = this.sink;
    let called = true;
    try {
      switch (o) {
        case OP.M:
        case OP.C:
          expected = a;
          if (a === 0 && !small) { called = false; break; } // the raw allocator failed: nothing changed
          actual = objMalloc(s, n, base, a, sink);
          break;
        case OP.R:
          expected = b;
          if (b === 0 && a !== 0 && !small) { called = false; break; } // realloc failed: the old block stays
          actual = objRealloc(s, a, n, base, b, sink);
          break;
        case OP.F:
          objFree(s, a, sink);
          break;
      }
    } catch (e) {
      if (e instanceof ObmallocError) throw new TraceFormatError(lineNo, `${e.message} [${e.code}]`);
      throw e;
    }
    this.calls += 1;
    if (sink !== null) {
      if (called) {
        const address = o === OP.F || o === OP.R ? a : 0, bytes = o === OP.F ? 0 : n;
        const simple = this.simpleKind;
        if (simple !== 0 && this.eventCount === 0
            && this.options.onSimpleCall!(o, address, bytes, simple as 1 | 2, this.simpleAddress, this.simpleSizeIndex)) {
          this.simpleKind = 0;
        } else {
          this.materializeSimple();
          this.options.onCall!(o, address, bytes, this.events, this.eventCount);
        }
      }
      this.simpleKind = 0;
      this.eventCount = 0;
    }
    if (actual !== expected) {
      throw new ReplayDivergence({ kind: 'address', line: lineNo, event: formatEvent(o, a, b, n), expected: hex(expected), actual: hex(actual) });
    }
    const allocated = s.ntimesArenaAllocated - allocatedBefore;
    const freed = s.ntimesArenaAllocated - s.narenasCurrentlyAllocated - freedBefore;
    if (allocated !== this.pendingA.length || freed !== this.pendingD.length) {
      const event = formatEvent(o, a, b, n);
      if (allocated !== this.pendingA.length) {
        throw new ReplayDivergence({
          kind: 'arena', line: this.pendingA.length > 0 ? this.pendingALine : lineNo, event,
          expected: this.pendingA.length > 0 ? `a new arena at ${this.pendingA.map(hex).join(', ')}` : 'no new arena',
          actual: allocated > 0 ? `a new arena (the trace has no A line for it)` : 'no new arena',
        });
      }
      throw new ReplayDivergence({
        kind: 'arena', line: this.pendingD.length > 0 ? this.pendingDLine : lineNo, event,
        expected: this.pendingD.length > 0 ? `arena ${this.pendingD.map(hex).join(', ')} given back` : 'no arena given back',
        actual: freed > 0 ? `arena ${hex(s.standIn.mmapFreed[s.standIn.mmapFreed.length - 1])} given back` : 'no arena given back',
      });
    }
    if (freed === 1 && s.standIn.mmapFreed[s.standIn.mmapFreed.length - 1] !== this.pendingD[0]) {
      throw new ReplayDivergence({
        kind: 'arena', line: this.pendingDLine, event: formatEvent(o, a, b, n),
        expected: `arena ${hex(this.pendingD[0])} given back`, actual: `arena ${hex(s.standIn.mmapFreed[s.standIn.mmapFreed.length - 1])} given back`,
      });
    }
    if (allocated > 0) {
      this.arenasAllocated += allocated;
      this.pendingA.length = 0;
    }
    if (freed > 0) {
      this.arenasFreed += freed;
      this.pendingD.length = 0;
    }
  }

  private checkPending(lineNo: number, event: string): void {
    if (this.pendingA.length > 0 || this.pendingD.length > 0) {
      const first = this.pendingA.length > 0 ? this.pendingALine : this.pendingDLine;
      throw new ReplayDivergence({
        kind: 'arena', line: first, event,
        expected: 'an allocator call after the A/D line', actual: `'${event}' at line ${lineNo} (no call caused the arena event)`,
      });
    }
  }

  /** Call at the end of the trace: an A or D line must be followed by its call. */
  finish(): void {
    this.checkPending(this.lastLine, 'end of trace');
  }
}

/** Compare the model's stats with the text CPython printed; a Divergence if they differ. */
export function compareStats(state: ObmallocState, expectedText: string, label: string, line: number): Divergence | undefined {
  const actual = debugMallocStats(state);
  if (actual === expectedText) return undefined;
  return {
    kind: 'stats', line, event: `S ${label}`,
    expected: `the text of ${label}.txt`, actual: 'different stats',
    diff: unifiedDiff(expectedText, actual, `${label}.txt (CPython)`, `${label} (pymm)`),
  };
}

/** Prepared calls for a tight benchmark loop (A/D folded into the call that caused them). */
export interface PreparedCalls {
  readonly count: number;
  readonly op: Uint8Array;
  readonly n: Float64Array;
  /** M/C: unused; R: old address; F: the address. */
  readonly arg: Float64Array;
  /** The address CPython returned (M/C/R). */
  readonly expected: Float64Array;
  /** The arena base the call maps, or NaN. */
  readonly arenaBase: Float64Array;
}

/** Fold a parsed trace into PreparedCalls. Allocation failures (NULL results) are left out. */
export function prepareCalls(trace: TraceBatch, smallRequestThresholdBytes = 512): PreparedCalls {
  const cap = trace.size;
  const out = {
    count: 0, op: new Uint8Array(cap), n: new Float64Array(cap), arg: new Float64Array(cap),
    expected: new Float64Array(cap), arenaBase: new Float64Array(cap).fill(NaN),
  };
  let pending = NaN;
  let c = 0;
  for (let k = 0; k < trace.size; k++) {
    const o = trace.op[k];
    if (o === OP.A) { pending = trace.a[k]; continue; }
    if (o === OP.D || o === OP.S) continue;
    const n = trace.n[k];
    const small = n >= 1 && n <= smallRequestThresholdBytes;
    if ((o === OP.M || o === OP.C) && trace.a[k] === 0 && !small) continue;
    if (o === OP.R && trace.b[k] === 0 && trace.a[k] !== 0 && !small) continue;
    out.op[c] = o;
    out.n[c] = n;
    out.arg[c] = o === OP.M || o === OP.C ? 0 : trace.a[k];
    out.expected[c] = o === OP.R ? trace.b[k] : o === OP.F ? 0 : trace.a[k];
    out.arenaBase[c] = pending;
    pending = NaN;
    c++;
  }
  out.count = c;
  return out;
}

/**
 * The benchmark loop: replay prepared calls into `state`, counting address mismatches.
 * No events, no allocation per call: this is the model's raw speed.
 */
export function replayCalls(state: ObmallocState, calls: PreparedCalls): number {
  const { op, n, arg, expected, arenaBase } = calls;
  let mismatches = 0;
  for (let i = 0; i < calls.count; i++) {
    const o = op[i];
    if (o === OP.F) {
      objFree(state, arg[i], null);
    } else if (o === OP.R) {
      if (objRealloc(state, arg[i], n[i], arenaBase[i], expected[i], null) !== expected[i]) mismatches++;
    } else {
      if (objMalloc(state, n[i], arenaBase[i], expected[i], null) !== expected[i]) mismatches++;
    }
  }
  return mismatches;
}
