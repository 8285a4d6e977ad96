/**
 * A trace's calls with its addresses replaced by block handles, so that any allocator can
 * replay it: an allocator other than pymalloc returns other addresses, and the replay maps
 * each block of the trace to the allocator's own through its handle (a dense number, one
 * per block the trace allocated, an index into a Float64Array of the allocator's
 * addresses: no hash map in the replay loop).
 *
 *   trace call               op   n      handle              oldHandle
 *   M/C addr size            M/C  size   new handle of addr  -1
 *   R old new size           R    size   new handle of new   handle of old (-1: old NULL)
 *   F addr                   F    -      -1                  handle of addr
 *
 * Left out, as `prepareCalls` does: allocations that failed (NULL from the raw allocator),
 * a failed realloc (the old block stays), and free(NULL). A free or realloc of an address
 * the trace never allocated (or already freed) is a TraceFormatError naming its line.
 * `traceAddress` and `arenaBase` keep what CPython returned and the arena the call mapped,
 * so pymalloc itself replays the handle calls to the exact addresses.
 */
import { AddressTable } from '../AddressTable.js';
import { OP, TraceFormatError } from './format.js';
import type { TraceBatch } from './parse.js';

export interface HandleCalls {
  readonly count: number;
  /** Blocks the trace allocated (handles 0 .. handles - 1). */
  readonly handles: number;
  readonly op: Uint8Array;
  readonly n: Float64Array;
  readonly handle: Int32Array;
  readonly oldHandle: Int32Array;
  /** The address CPython returned (M/C/R), 0 for F. */
  readonly traceAddress: Float64Array;
  /** The arena base the call mapped in CPython, or NaN. */
  readonly arenaBase: Float64Array;
  /** The trace line of the call. */
  readonly line: Uint32Array;
}

const hex = (x: number): string => '0x' + x.toString(16);

/** Builds HandleCalls from a trace's batches, one batch at a time (parseTraceFile's onBatch). */
export class HandleCallsBuilder {
  private cap = 1 << 16;
  private count = 0;
  private handles = 0;
  private op = new Uint8Array(this.cap);
  private n = new Float64Array(this.cap);
  private handle = new Int32Array(this.cap);
  private oldHandle = new Int32Array(this.cap);
  private traceAddress = new Float64Array(this.cap);
  private arenaBase = new Float64Array(this.cap);
  private line = new Uint32Array(this.cap);
  // Addresses above 2^31 are heap numbers: as Map keys they made building the algorithms
  // trace's handles take minutes (quadratic probing in V8's table); typed arrays do not.
  private readonly live = new AddressTable(1 << 16);
  private pendingArena = NaN;

  constructor(private readonly smallRequestThresholdBytes = 512) {}

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Uint8Array | Float64Array | Int32Array | Uint32Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(cap);
      b.set(a as never);
      return b;
    };
    this.op = g(this.op, Uint8Array);
    this.n = g(this.n, Float64Array);
    this.handle = g(this.handle, Int32Array);
    this.oldHandle = g(this.oldHandle, Int32Array);
    this.traceAddress = g(this.traceAddress, Float64Array);
    this.arenaBase = g(this.arenaBase, Float64Array);
    this.line = g(this.line, Uint32Array);
    this.cap = cap;
  }

  private take(address: number, line: number, call: string): number {
    const h = this.live.get(address);
    if (h === undefined) throw new TraceFormatError(line, `${call} of ${hex(address)}, which the trace has not allocated (or has freed already)`);
    this.live.delete(address);
    return h;
  }

  private give(address: number, line: number): number {
    if (this.live.has(address)) throw new TraceFormatError(line, `${hex(address)} returned while the trace still holds a block there`);
    const h = this.handles++;
    this.live.set(address, h);
    return h;
  }

  add(batch: TraceBatch): void {
    const small = this.smallRequestThresholdBytes;
    for (let k = 0; k < batch.size; k++) {
      const o = batch.op[k];
      if (o === OP.A) { this.pendingArena = batch.a[k]; continue; }
      if (o === OP.D || o === OP.S) continue;
      const a = batch.a[k], b = batch.b[k], n = batch.n[k], line = batch.line[k];
      const isSmall = n >= 1 && n <= small;
      let handle = -1, oldHandle = -1, address = 0;
      if (o === OP.M || o === OP.C) {
        if (a === 0 && !isSmall) { this.pendingArena = NaN; continue; }
        handle = this.give(a, line);
        address = a;
      } else if (o === OP.R) {
        if (b === 0 && a !== 0 && !isSmall) { this.pendingArena = NaN; continue; }
        if (a !== 0) oldHandle = this.take(a, line, 'realloc');
        handle = this.give(b, line);
        address = b;
      } else {
        if (a === 0) continue;
        oldHandle = this.take(a, line, 'free');
      }
      if (this.count === this.cap) this.grow();
      const c = this.count++;
      this.op[c] = o;
      this.n[c] = o === OP.F ? 0 : n;
      this.handle[c] = handle;
      this.oldHandle[c] = oldHandle;
      this.traceAddress[c] = address;
      this.arenaBase[c] = this.pendingArena;
      this.line[c] = line;
      this.pendingArena = NaN;
    }
  }

  /** Blocks still live at the end of the trace. */
  get liveBlocks(): number {
    return this.live.size;
  }

  finish(): HandleCalls {
    const c = this.count;
    return {
      count: c,
      handles: this.handles,
      op: this.op.subarray(0, c),
      n: this.n.subarray(0, c),
      handle: this.handle.subarray(0, c),
      oldHandle: this.oldHandle.subarray(0, c),
      traceAddress: this.traceAddress.subarray(0, c),
      arenaBase: this.arenaBase.subarray(0, c),
      line: this.line.subarray(0, c),
    };
  }
}
