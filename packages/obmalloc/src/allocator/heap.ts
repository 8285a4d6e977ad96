/**
 * What every family's heap shares: the system layer (regions mapped and unmapped), the
 * raw allocator for requests outside the family's domain, and the accounting the
 * comparison reads. A family's heap extends `AllocatorHeap` with its own typed arrays.
 *
 *   part        state                                       changed by
 *   regions     slot i is [heapBase + i * regionBytes, +    mapRegion / unmapRegion
 *               regionBytes); mapped[i] 1 or 0; a new
 *               region takes the lowest free slot
 *   requests    per mapped slot, a Uint16Array with one      handOut / giveBack
 *               entry per alignment unit: the request of
 *               the live block whose payload starts there,
 *               else 0 (what the router checks a free
 *               against: a double free finds 0)
 *   raw         address -> request of raw blocks; a bump     rawAllocate / rawFree
 *               pointer below the heap, 16-byte steps
 *   counters    mappedBytes, peakMappedBytes, liveBlocks,    the same
 *               requestedBytes, blockBytes
 *
 * The system layer is the same for every family (the same region size, 1 MiB by default
 * as pymalloc's arenas, the same placement), so footprints are comparable: a family maps
 * a region when nothing free can serve a request, and unmaps a region as soon as no live
 * block is left in it.
 */
import { AllocatorError, type AllocatorConfig, type AllocatorHeapView, type FreeSpace, type LiveBlockInfo } from './Allocator.js';
import { AddressTable } from '../AddressTable.js';

export const DEFAULT_REGION_BYTES = 1 << 20;
export const DEFAULT_MAX_REQUEST_BYTES = 512;
export const DEFAULT_ALIGNMENT_BYTES = 16;
/** Where slot 0 of the system layer's region space starts. */
export const HEAP_BASE = 0x7e00_0000_0000;
/** Where the raw allocator's stand-in hands out addresses (below the regions). */
export const RAW_BASE = 0x5555_5555_0000;
/** Most regions mapped at once (4 GiB of 1 MiB regions): a runaway trace stops with a clear error. */
export const MAX_REGIONS = 4096;

const isPow2 = (x: number): boolean => Number.isInteger(x) && x > 0 && (x & (x - 1)) === 0;

export abstract class AllocatorHeap implements AllocatorHeapView {
  readonly regionBytes: number;
  readonly maxRequestBytes: number;
  readonly alignmentBytes: number;
  readonly alignmentShift: number;
  /** Alignment units per region. */
  readonly unitsPerRegion: number;
  /** 1 / regionBytes (exact: a power of two), so finding a slot multiplies. */
  readonly invRegionBytes: number;
  /** 1 where the slot is mapped. */
  mapped: Uint8Array = new Uint8Array(8);
  /** Per slot: the request of the live block whose payload starts at each unit. */
  requests: (Uint16Array | null)[] = [];
  /** Raw blocks: address -> request (typed arrays: a Map boxes every address above 2^31). */
  raw = new AddressTable(64);
  rawNext = 0;
  mappedBytes = 0;
  peakMappedBytes = 0;
  regionsMapped = 0;
  regionsUnmapped = 0;
  liveBlocks = 0;
  requestedBytes = 0;
  blockBytes = 0;

  abstract readonly familyName: string;

  constructor(config: AllocatorConfig = {}) {
    this.regionBytes = config.regionBytes ?? DEFAULT_REGION_BYTES;
    this.maxRequestBytes = config.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.alignmentBytes = config.alignmentBytes ?? DEFAULT_ALIGNMENT_BYTES;
    if (!isPow2(this.regionBytes) || this.regionBytes < 256) throw new RangeError(`regionBytes must be a power of two of at least 256, got ${this.regionBytes}`);
    if (!isPow2(this.alignmentBytes) || this.alignmentBytes < 8) throw new RangeError(`alignmentBytes must be a power of two of at least 8, got ${this.alignmentBytes}`);
    if (!Number.isInteger(this.maxRequestBytes) || this.maxRequestBytes < 1 || this.maxRequestBytes > 0xffff || this.maxRequestBytes * 4 > this.regionBytes) {
      throw new RangeError(`maxRequestBytes must be an integer from 1 to min(65535, regionBytes / 4), got ${this.maxRequestBytes}`);
    }
    this.alignmentShift = Math.log2(this.alignmentBytes);
    this.unitsPerRegion = this.regionBytes >> this.alignmentShift;
    this.invRegionBytes = 1 / this.regionBytes;
  }

  // --- the system layer -------------------------------------------------------------

  /** The slot a new region would take (the lowest unmapped one). */
  nextRegionSlot(): number {
    const m = this.mapped;
    for (let i = 0; i < m.length; i++) if (m[i] === 0) return i;
    return m.length;
  }

  regionAddress(slot: number): number {
    return HEAP_BASE + slot * this.regionBytes;
  }

  /** The slot of the mapped region holding `address`, else -1. */
  slotOf(address: number): number {
    const off = address - HEAP_BASE;
    if (off < 0) return -1;
    const slot = Math.floor(off * this.invRegionBytes);
    return slot < this.mapped.length && this.mapped[slot] === 1 ? slot : -1;
  }

  /** Map the region at `address` (apply RegionMapped). */
  mapRegion(address: number): void {
    const slot = (address - HEAP_BASE) / this.regionBytes;
    if (!Number.isInteger(slot) || slot < 0) throw new AllocatorError('INVALID_ADDRESS', `no region slot starts at 0x${address.toString(16)}`);
    if (slot >= MAX_REGIONS) throw new AllocatorError('OUT_OF_ADDRESS_SPACE', `more than ${MAX_REGIONS} regions of ${this.regionBytes} bytes mapped at once`);
    if (slot >= this.mapped.length) {
      const m = new Uint8Array(Math.max(slot + 1, this.mapped.length * 2));
      m.set(this.mapped);
      this.mapped = m;
    }
    this.mapped[slot] = 1;
    this.requests[slot] = new Uint16Array(this.unitsPerRegion);
    this.mappedBytes += this.regionBytes;
    if (this.mappedBytes > this.peakMappedBytes) this.peakMappedBytes = this.mappedBytes;
    this.regionsMapped += 1;
  }

  /** Unmap the region at `address` (apply RegionUnmapped). */
  unmapRegion(address: number): void {
    const slot = (address - HEAP_BASE) / this.regionBytes;
    this.mapped[slot] = 0;
    this.requests[slot] = null;
    this.mappedBytes -= this.regionBytes;
    this.regionsUnmapped += 1;
  }

  regions(): { address: number; sizeBytes: number }[] {
    const out: { address: number; sizeBytes: number }[] = [];
    for (let i = 0; i < this.mapped.length; i++) if (this.mapped[i] === 1) out.push({ address: this.regionAddress(i), sizeBytes: this.regionBytes });
    return out;
  }

  // --- live blocks --------------------------------------------------------------------

  /** The request of the live block whose payload starts at `address`, else 0. */
  requestAt(address: number): number {
    const slot = this.slotOf(address);
    if (slot < 0) return 0;
    const inRegion = address - HEAP_BASE - slot * this.regionBytes;
    if ((inRegion & (this.alignmentBytes - 1)) !== 0) return 0;
    return this.requests[slot]![inRegion >> this.alignmentShift];
  }

  /** Record a block handed out (apply BlockHandedOut's accounting). */
  handOut(payloadAddress: number, requestBytes: number, blockBytes: number): void {
    const slot = this.slotOf(payloadAddress);
    this.requests[slot]![(payloadAddress - this.regionAddress(slot)) >> this.alignmentShift] = requestBytes;
    this.liveBlocks += 1;
    this.requestedBytes += requestBytes;
    this.blockBytes += blockBytes;
  }

  /** Record a block given back (apply BlockReturned's accounting). */
  giveBack(payloadAddress: number, blockBytes: number): void {
    const slot = this.slotOf(payloadAddress);
    const table = this.requests[slot]!;
    const unit = (payloadAddress - this.regionAddress(slot)) >> this.alignmentShift;
    this.requestedBytes -= table[unit];
    table[unit] = 0;
    this.liveBlocks -= 1;
    this.blockBytes -= blockBytes;
  }

  /** handOut for a family that knows the payload's slot and unit already (no address arithmetic). */
  handOutUnit(slot: number, payloadUnit: number, requestBytes: number, blockBytes: number): void {
    this.requests[slot]![payloadUnit] = requestBytes;
    this.liveBlocks += 1;
    this.requestedBytes += requestBytes;
    this.blockBytes += blockBytes;
  }

  /** giveBack for a family that knows the payload's slot and unit already. */
  giveBackUnit(slot: number, payloadUnit: number, blockBytes: number): void {
    const table = this.requests[slot]!;
    this.requestedBytes -= table[payloadUnit];
    table[payloadUnit] = 0;
    this.liveBlocks -= 1;
    this.blockBytes -= blockBytes;
  }

  /** A kept-in-place realloc's new request (apply BlockResized). */
  resize(payloadAddress: number, requestBytes: number): void {
    const slot = this.slotOf(payloadAddress);
    const table = this.requests[slot]!;
    const unit = (payloadAddress - this.regionAddress(slot)) >> this.alignmentShift;
    this.requestedBytes += requestBytes - table[unit];
    table[unit] = requestBytes;
  }

  /** Payload addresses of the live family blocks, lowest first. */
  livePayloads(): number[] {
    const out: number[] = [];
    for (let slot = 0; slot < this.mapped.length; slot++) {
      const t = this.requests[slot];
      if (!t) continue;
      const base = this.regionAddress(slot);
      for (let u = 0; u < t.length; u++) if (t[u] !== 0) out.push(base + u * this.alignmentBytes);
    }
    return out;
  }

  // --- the raw allocator ------------------------------------------------------------

  /** Where the next raw block goes; raw blocks stay below the regions (HEAP_BASE). */
  nextRawAddress(requestBytes = 0): number {
    const address = RAW_BASE + this.rawNext;
    if (address + requestBytes >= HEAP_BASE) {
      throw new AllocatorError('OUT_OF_ADDRESS_SPACE', `raw blocks would reach the regions at 0x${HEAP_BASE.toString(16)} (${this.raw.size} live, ${requestBytes} bytes more requested)`);
    }
    return address;
  }

  rawAllocate(address: number, requestBytes: number): void {
    this.raw.set(address, requestBytes);
    this.rawNext = Math.max(this.rawNext, address - RAW_BASE + Math.max(32, Math.ceil((requestBytes + 8) / 16) * 16));
  }

  rawFree(address: number): void {
    this.raw.delete(address);
  }

  /** Whether a raw block starts at `address` (never one at or above HEAP_BASE). */
  isRaw(address: number): boolean {
    return address < HEAP_BASE && this.raw.has(address);
  }

  rawBlocks(): { address: number; requestBytes: number }[] {
    return [...this.raw.entries()].sort((a, b) => a[0] - b[0]).map(([address, requestBytes]) => ({ address, requestBytes }));
  }

  // --- what a family adds -------------------------------------------------------------

  abstract liveBlockList(): LiveBlockInfo[];
  abstract freeSpace(): FreeSpace;

  /** Copy the shared parts into `to` (a fresh heap of the same family and config): for a family's clone. */
  copySharedInto(to: AllocatorHeap): void {
    to.mapped = this.mapped.slice();
    to.requests = this.requests.map((t) => (t ? t.slice() : null));
    to.raw = this.raw.clone();
    to.rawNext = this.rawNext;
    to.mappedBytes = this.mappedBytes;
    to.peakMappedBytes = this.peakMappedBytes;
    to.regionsMapped = this.regionsMapped;
    to.regionsUnmapped = this.regionsUnmapped;
    to.liveBlocks = this.liveBlocks;
    to.requestedBytes = this.requestedBytes;
    to.blockBytes = this.blockBytes;
  }

  /** The first difference in the shared parts, or null: for a family's diff. */
  diffShared(o: AllocatorHeap): string | null {
    for (const k of ['regionBytes', 'maxRequestBytes', 'alignmentBytes', 'rawNext', 'mappedBytes', 'peakMappedBytes', 'regionsMapped', 'regionsUnmapped', 'liveBlocks', 'requestedBytes', 'blockBytes'] as const) {
      if (this[k] !== o[k]) return `${k}: ${this[k]} vs ${o[k]}`;
    }
    const n = Math.max(this.mapped.length, o.mapped.length);
    for (let i = 0; i < n; i++) {
      if ((this.mapped[i] ?? 0) !== (o.mapped[i] ?? 0)) return `region slot ${i}: mapped ${this.mapped[i] ?? 0} vs ${o.mapped[i] ?? 0}`;
      const a = this.requests[i], b = o.requests[i];
      if (a && b) for (let u = 0; u < a.length; u++) if (a[u] !== b[u]) return `request at 0x${(this.regionAddress(i) + u * this.alignmentBytes).toString(16)}: ${a[u]} vs ${b[u]}`;
    }
    if (this.raw.size !== o.raw.size) return `raw blocks: ${this.raw.size} vs ${o.raw.size}`;
    for (const [a, n] of this.raw.entries()) if (o.raw.get(a) !== n) return `raw block 0x${a.toString(16)}: ${n} vs ${o.raw.get(a)}`;
    return null;
  }
}
