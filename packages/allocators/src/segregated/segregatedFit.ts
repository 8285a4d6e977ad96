/**
 * Segregated fit (Wilson, Johnstone, Neely, Boles, "Dynamic Storage Allocation: A Survey
 * and Critical Review", IWMM 1995, §3.6 "segregated fits"), the way dlmalloc's bins do it:
 * blocks with boundary tags, free blocks on per-size-class lists, the first block of the
 * first non-empty class that fits is split, and a freed block is coalesced at once with
 * both neighbours.
 *
 * Geometry (A = alignmentBytes, defaults in brackets): header H = max(16, A) [16] before
 * every payload; a request of n bytes takes a block of max(2H, roundup(n + H, A)) bytes
 * [max(32, roundup(n + 16, 16))], payload = block + H, usable = blockBytes - H. A block
 * may be up to 2H - A bytes longer than that when the rest was too small to split off.
 *
 * Size classes (in units of A): one EXACT class for every block size a request can need,
 * 2H .. roundup(maxRequestBytes + H, A) [32 .. 528 bytes: 32 classes, as dlmalloc's small
 * bins but covering the whole domain], then one class per power of two [2^k, 2^(k+1))
 * above it up to the region size [512..1023 .. 2^20: 12 classes]. Every block in an exact
 * class above the request's, and in every power-of-two class, is larger than any request's
 * block, so the head of the first non-empty class at or above the request's class always
 * fits: in its own exact class a block fits exactly.
 *
 *   state        what                                                 arrays (unit g = slot * unitsPerRegion
 *                                                                     + offset / A; slot s's record of g at
 *                                                                     meta[s][3 * (g mod unitsPerRegion)])
 *   blocks       each region is tiled by blocks; at a block's first    word 0: +units of a free block,
 *                unit its size, signed by its state; 0 at every        -units of a live one, 0 where no
 *                unit no block starts at; the last unit of a free      block starts; word 1 of a free
 *                block holds its start (the footer its right           block's last unit: the footer
 *                neighbour finds it by)                                (dlmalloc's boundary tag)
 *   free lists   per class, doubly linked, LIFO (push at the head)     head[k]; words 1, 2 of its first
 *                                                                      unit: next, prev
 *   bitmap       bit k set <=> class k's list is non-empty             nonEmpty (32-bit words)
 *
 * One 12-byte record per unit keeps a block's size and links in one cache line, with the
 * footer of the block before it next to them; one array per region slot (kept for the next
 * region mapped there) means no array is ever copied to grow. A footer is trusted only when
 * a free block of the right size starts where it points, so a stale word never misleads.
 *
 * malloc(n): need = the block size; k = the first set bit >= class(need); none: a region is
 *   mapped at the lowest free slot (RegionMapped: one free block of the whole region, filed
 *   in its class) and k is its class. The head block b of list k is taken; when it is
 *   larger than need by at least 2H it is split (BlockSplit: b keeps `need`, the remainder at
 *   b + need is filed at the head of its class), then handed out (BlockHandedOut).
 * free(p): the block is filed (BlockReturned), merged with its left neighbour if free (found
 *   by the footer before it; BlocksCoalesced, the left block absorbs it), then with its right
 *   neighbour if free (BlocksCoalesced); when the result is the whole region, the region is
 *   unmapped (RegionUnmapped).
 *
 * Events and what evolve does with each (malloc and free call the same apply functions):
 *   RegionMapped     map the slot; one free block of the whole region, at the head of its class
 *   BlockSplit       unlink the block; file the first part and then the remainder at their heads
 *   BlockHandedOut   unlink the block from its class; mark it live
 *   BlockReturned    mark it free, write its footer, push it on its class
 *   BlocksCoalesced  unlink both; the left one grows over the absorbed one, pushed on its class
 *   RegionUnmapped   unlink the region's one free block; unmap the slot
 *
 * Cost: O(1) per event (the bitmap search reads classCount / 32 words: 2 by default).
 */
import { AllocatorHeap, HEAP_BASE, type AllocatorConfig, type AllocatorEvent, type AllocatorFamily, type AllocatorSink, type FreeSpace, type LiveBlockInfo } from '@pymm/obmalloc';
import {
  NIL, clearBit, field, checkUnitRange, firstSetAtOrAbove, hex, setBit, testBit, unknownEvent,
} from './common.js';

export const SEGREGATED_FIT = 'segregated-fit';
/** Block states, as `stateAt` reports them. */
export const LIVE = 1;
export const FREE = 2;

/**
 * Words per unit record, and the word of each field (the size is word 0). The footer shares
 * word 1 with `next`: a block's footer is in its last unit and its links in its first, and
 * a block has at least two units.
 */
const W = 3, NEXT = 1, PREV = 2, FOOT = 1;
export const RECORD_WORDS = W;

/** The heap of segregated fit. Config: AllocatorConfig (no family option). */
export class SegregatedFitHeap extends AllocatorHeap {
  readonly familyName = SEGREGATED_FIT;
  readonly config: AllocatorConfig;
  readonly headerBytes: number;
  readonly headerUnits: number;
  /** The smallest block (2H): also the smallest remainder split off. */
  readonly minUnits: number;
  /** The largest block a request can need: the last exact class. */
  readonly maxExactUnits: number;
  readonly exactClasses: number;
  /** log2 of the first power-of-two class's lower bound (units). */
  readonly log2Base: number;
  readonly classCount: number;
  /** g >> unitShift = the slot of unit g; g & unitMask = its unit in the region. */
  readonly unitShift: number;
  readonly unitMask: number;
  /** Per region slot: W words per unit (signed size, next or footer, prev); null if never mapped. */
  meta: (Int32Array | null)[] = [];
  head: Int32Array;
  nonEmpty: Int32Array;

  constructor(config: AllocatorConfig = {}) {
    super(config);
    this.config = { regionBytes: this.regionBytes, maxRequestBytes: this.maxRequestBytes, alignmentBytes: this.alignmentBytes };
    const A = this.alignmentBytes;
    this.headerBytes = Math.max(16, A);
    this.headerUnits = this.headerBytes / A;
    this.minUnits = 2 * this.headerUnits;
    this.maxExactUnits = Math.max(this.minUnits, Math.ceil((this.maxRequestBytes + this.headerBytes) / A));
    if (this.maxExactUnits > this.unitsPerRegion) {
      throw new RangeError(`segregated fit: the largest block (${this.maxExactUnits * A} bytes: request ${this.maxRequestBytes} + header ${this.headerBytes}) must fit in a region of ${this.regionBytes} bytes`);
    }
    this.unitShift = Math.log2(this.unitsPerRegion);
    this.unitMask = this.unitsPerRegion - 1;
    this.exactClasses = this.maxExactUnits - this.minUnits + 1;
    this.log2Base = 31 - Math.clz32(this.maxExactUnits + 1);
    this.classCount = this.classOf(this.unitsPerRegion) + 1;
    this.head = new Int32Array(this.classCount).fill(NIL);
    this.nonEmpty = new Int32Array(Math.ceil(this.classCount / 32));
  }

  /** The class of a free block of `units` units. */
  classOf(units: number): number {
    return units <= this.maxExactUnits ? units - this.minUnits : this.exactClasses + (31 - Math.clz32(units)) - this.log2Base;
  }

  /** The smallest block size (bytes) class k holds. */
  classLowBytes(k: number): number {
    return (k < this.exactClasses ? k + this.minUnits : Math.max(2 ** (k - this.exactClasses + this.log2Base), this.maxExactUnits + 1)) * this.alignmentBytes;
  }

  /** Word `w` of unit g's record. */
  word(g: number, w: number): number {
    return this.meta[g >> this.unitShift]![((g & this.unitMask) * W) + w];
  }

  /** Size in units of the block starting at unit g (0 if none starts there). */
  sizeAt(g: number): number {
    return Math.abs(this.word(g, 0));
  }

  /** LIVE, FREE, or 0 where no block starts. */
  stateAt(g: number): number {
    const v = this.word(g, 0);
    return v > 0 ? FREE : v < 0 ? LIVE : 0;
  }

  /** The region's records, made when its slot is first mapped (a reused one is all zero sizes). */
  ensureSlot(slot: number): void {
    if (this.meta[slot] == null) {
      while (this.meta.length <= slot) this.meta.push(null);
      this.meta[slot] = new Int32Array(W * this.unitsPerRegion);
    }
  }

  /** The list of class k, head first (units), or where it breaks. */
  listUnits(k: number): { units: number[]; error: string | null } {
    const units: number[] = [];
    let before = NIL;
    for (let g = this.head[k]; g !== NIL; g = this.word(g, NEXT)) {
      if (g < 0 || this.meta[g >> this.unitShift] == null) return { units, error: `link to unit ${g} outside the regions` };
      if (this.word(g, PREV) !== before) return { units, error: `unit ${g}: prev ${this.word(g, PREV)}, expected ${before}` };
      units.push(g);
      if (units.length > this.meta.length * this.unitsPerRegion) return { units, error: 'cycle (longer than the heap)' };
      before = g;
    }
    return { units, error: null };
  }

  /** The free list of class k, head first: block addresses. */
  freeList(k: number): number[] {
    return this.listUnits(k).units.map((g) => HEAP_BASE + g * this.alignmentBytes);
  }

  /** The blocks of region slot `s`, lowest first: start unit, size (units), state. */
  blocksOf(s: number): { unit: number; units: number; state: number }[] {
    const out: { unit: number; units: number; state: number }[] = [];
    const end = (s + 1) * this.unitsPerRegion;
    for (let g = s * this.unitsPerRegion; g < end && out.length <= this.unitsPerRegion; ) {
      const units = this.sizeAt(g);
      out.push({ unit: g, units, state: this.stateAt(g) });
      if (units <= 0) break;
      g += units;
    }
    return out;
  }

  liveBlockList(): LiveBlockInfo[] {
    const A = this.alignmentBytes;
    return this.livePayloads().map((payloadAddress) => {
      const b = (payloadAddress - HEAP_BASE) / A - this.headerUnits, blockBytes = this.sizeAt(b) * A;
      return { payloadAddress, usableBytes: blockBytes - this.headerBytes, requestBytes: this.requestAt(payloadAddress), blockAddress: HEAP_BASE + b * A, blockBytes };
    });
  }

  /** freeBlocks: the blocks on the free lists; largestFreeBytes: the largest one's size - H, up to maxRequestBytes. */
  freeSpace(): FreeSpace {
    let freeBlocks = 0, largest = 0;
    for (let k = 0; k < this.classCount; k++) {
      for (const g of this.listUnits(k).units) {
        freeBlocks += 1;
        largest = Math.max(largest, this.sizeAt(g));
      }
    }
    const largestFreeBytes = largest === 0 ? 0 : Math.min(this.maxRequestBytes, largest * this.alignmentBytes - this.headerBytes);
    return { freeBytes: this.mappedBytes - this.blockBytes, freeBlocks, largestFreeBytes };
  }

  clone(): SegregatedFitHeap {
    const t = new SegregatedFitHeap(this.config);
    this.copySharedInto(t);
    t.meta = this.meta.map((m, slot) => (m !== null && this.mapped[slot] === 1 ? m.slice() : null));
    t.head = this.head.slice();
    t.nonEmpty = this.nonEmpty.slice();
    return t;
  }

  /** The first difference in the blocks, the lists or the bitmap, or null (stale unit data is not compared). */
  diff(o: SegregatedFitHeap): string | null {
    const shared = this.diffShared(o);
    if (shared !== null) return shared;
    for (let s = 0; s < this.mapped.length; s++) {
      if (this.mapped[s] !== 1) continue;
      const a = this.blocksOf(s), b = o.blocksOf(s);
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const x = a[i], y = b[i];
        if (x?.unit !== y?.unit || x?.units !== y?.units || x?.state !== y?.state) {
          const show = (v: typeof x): string => (v ? `${hex(HEAP_BASE + v.unit * this.alignmentBytes)} ${v.units * this.alignmentBytes}B ${v.state === LIVE ? 'live' : 'free'}` : 'none');
          return `region ${s} block ${i}: ${show(x)} vs ${show(y)}`;
        }
      }
    }
    for (let k = 0; k < this.classCount; k++) {
      const a = this.freeList(k).join(), b = o.freeList(k).join();
      if (a !== b) return `class ${this.classLowBytes(k)} free list: [${a}] vs [${b}]`;
    }
    for (let w = 0; w < this.nonEmpty.length; w++) if (this.nonEmpty[w] !== o.nonEmpty[w]) return `bitmap word ${w}: ${this.nonEmpty[w]} vs ${o.nonEmpty[w]}`;
    return null;
  }
}

// --- apply functions: the only code that changes the family's arrays ---------------------

/** Push the free block at g (size > 0) on its class list. */
function push(s: SegregatedFitHeap, g: number): void {
  const m = s.meta[g >> s.unitShift]!, i = (g & s.unitMask) * W;
  const k = s.classOf(m[i]), h = s.head[k];
  m[i + NEXT] = h;
  m[i + PREV] = NIL;
  if (h !== NIL) s.meta[h >> s.unitShift]![((h & s.unitMask) * W) + PREV] = g;
  else setBit(s.nonEmpty, k);
  s.head[k] = g;
}

/** Unlink the free block at g from its class list. */
function unlink(s: SegregatedFitHeap, g: number): void {
  const m = s.meta[g >> s.unitShift]!, i = (g & s.unitMask) * W;
  const n = m[i + NEXT], p = m[i + PREV];
  if (p === NIL) {
    const k = s.classOf(m[i]);
    s.head[k] = n;
    if (n === NIL) clearBit(s.nonEmpty, k);
  } else s.meta[p >> s.unitShift]![((p & s.unitMask) * W) + NEXT] = n;
  if (n !== NIL) s.meta[n >> s.unitShift]![((n & s.unitMask) * W) + PREV] = p;
}

/** Make the block at local unit u of region records m free, of `units` units, with its footer (not yet on a list). */
function setFree(m: Int32Array, u: number, g: number, units: number): void {
  m[u * W] = units;
  m[((u + units - 1) * W) + FOOT] = g;
}

function applyRegionMapped(s: SegregatedFitHeap, address: number): void {
  const slot = (address - HEAP_BASE) / s.regionBytes;
  if (Number.isInteger(slot) && slot >= 0) checkUnitRange(slot, s.unitsPerRegion); // refuse before mapping
  s.mapRegion(address);
  s.ensureSlot(slot);
  const g = slot * s.unitsPerRegion;
  setFree(s.meta[slot]!, 0, g, s.unitsPerRegion);
  push(s, g);
}

function applyRegionUnmapped(s: SegregatedFitHeap, address: number): void {
  const g = (address - HEAP_BASE) / s.alignmentBytes;
  unlink(s, g);
  s.meta[g >> s.unitShift]![0] = 0;
  s.unmapRegion(address);
}

function applySplit(s: SegregatedFitHeap, b: number, need: number): void {
  unlink(s, b);
  const m = s.meta[b >> s.unitShift]!, u = b & s.unitMask, rest = m[u * W] - need;
  setFree(m, u, b, need);
  setFree(m, u + need, b + need, rest);
  push(s, b);
  push(s, b + need);
}

function applyHandedOut(s: SegregatedFitHeap, b: number, requestBytes: number): void {
  unlink(s, b);
  const m = s.meta[b >> s.unitShift]!, i = (b & s.unitMask) * W, units = m[i];
  m[i] = -units;
  s.handOut(HEAP_BASE + (b + s.headerUnits) * s.alignmentBytes, requestBytes, units * s.alignmentBytes);
}

function applyReturned(s: SegregatedFitHeap, b: number): void {
  const m = s.meta[b >> s.unitShift]!, u = b & s.unitMask, units = -m[u * W];
  setFree(m, u, b, units);
  push(s, b);
  s.giveBack(HEAP_BASE + (b + s.headerUnits) * s.alignmentBytes, units * s.alignmentBytes);
}

function applyCoalesced(s: SegregatedFitHeap, a: number, x: number): void {
  unlink(s, a);
  unlink(s, x);
  const m = s.meta[a >> s.unitShift]!, u = a & s.unitMask, ix = (x & s.unitMask) * W, units = m[u * W] + m[ix];
  m[ix] = 0;
  setFree(m, u, a, units);
  push(s, a);
}

// --- the decider -------------------------------------------------------------------------

function malloc(s: SegregatedFitHeap, n: number, sink: AllocatorSink | null): number {
  const A = s.alignmentBytes;
  let need = (n + s.headerBytes + A - 1) >> s.alignmentShift;
  if (need < s.minUnits) need = s.minUnits;
  let k = firstSetAtOrAbove(s.nonEmpty, need - s.minUnits);
  if (k < 0) {
    const address = s.regionAddress(s.nextRegionSlot());
    applyRegionMapped(s, address);
    if (sink !== null) sink({ type: 'RegionMapped', address, sizeBytes: s.regionBytes });
    k = s.classOf(s.unitsPerRegion);
  }
  const b = s.head[k], m = s.meta[b >> s.unitShift]!, size = m[(b & s.unitMask) * W];
  if (size - need >= s.minUnits) {
    applySplit(s, b, need);
    if (sink !== null) sink({ type: 'BlockSplit', address: HEAP_BASE + b * A, sizeBytes: size * A, remainderAddress: HEAP_BASE + (b + need) * A, remainderBytes: (size - need) * A });
  }
  applyHandedOut(s, b, n);
  const payloadAddress = HEAP_BASE + (b + s.headerUnits) * A;
  if (sink !== null) sink({ type: 'BlockHandedOut', address: HEAP_BASE + b * A, sizeBytes: -m[(b & s.unitMask) * W] * A, payloadAddress, requestBytes: n });
  return payloadAddress;
}

function free(s: SegregatedFitHeap, payloadAddress: number, sink: AllocatorSink | null): void {
  const A = s.alignmentBytes, mask = s.unitMask;
  let b = (payloadAddress - HEAP_BASE) / A - s.headerUnits;
  const m = s.meta[b >> s.unitShift]!, g0 = b - (b & mask);
  applyReturned(s, b);
  if (sink !== null) sink({ type: 'BlockReturned', address: HEAP_BASE + b * A, sizeBytes: m[(b & mask) * W] * A, payloadAddress });
  let u = b & mask;
  if (u !== 0) {
    const f = m[((u - 1) * W) + FOOT], fu = f - g0;
    // A footer is only trusted when a free block of that size starts there and ends at b.
    if (fu >= 0 && fu < u && m[fu * W] === u - fu) {
      applyCoalesced(s, f, b);
      if (sink !== null) sink({ type: 'BlocksCoalesced', address: HEAP_BASE + f * A, sizeBytes: m[fu * W] * A, absorbedAddress: HEAP_BASE + b * A });
      b = f;
      u = fu;
    }
  }
  const ru = u + m[u * W];
  if (ru <= mask && m[ru * W] > 0) {
    applyCoalesced(s, b, g0 + ru);
    if (sink !== null) sink({ type: 'BlocksCoalesced', address: HEAP_BASE + b * A, sizeBytes: m[u * W] * A, absorbedAddress: HEAP_BASE + (g0 + ru) * A });
  }
  if (m[u * W] === s.unitsPerRegion) {
    const address = HEAP_BASE + b * A;
    applyRegionUnmapped(s, address);
    if (sink !== null) sink({ type: 'RegionUnmapped', address, sizeBytes: s.regionBytes });
  }
}

function evolve(s: SegregatedFitHeap, e: AllocatorEvent): SegregatedFitHeap {
  const unit = (name: string): number => (field(e, name) - HEAP_BASE) / s.alignmentBytes;
  switch (e.type) {
    case 'RegionMapped': applyRegionMapped(s, field(e, 'address')); return s;
    case 'RegionUnmapped': applyRegionUnmapped(s, field(e, 'address')); return s;
    case 'BlockSplit': applySplit(s, unit('address'), unit('remainderAddress') - unit('address')); return s;
    case 'BlockHandedOut': applyHandedOut(s, unit('address'), field(e, 'requestBytes')); return s;
    case 'BlockReturned': applyReturned(s, unit('address')); return s;
    case 'BlocksCoalesced': applyCoalesced(s, unit('address'), unit('absorbedAddress')); return s;
  }
  return unknownEvent(SEGREGATED_FIT, e);
}

/** The family's structural invariants: one line per violation. */
function findViolations(s: SegregatedFitHeap): string[] {
  const out: string[] = [];
  const A = s.alignmentBytes, U = s.unitsPerRegion, H = s.headerUnits;
  const listed = new Map<number, number>(); // unit -> class
  for (let k = 0; k < s.classCount; k++) {
    const { units, error } = s.listUnits(k);
    if (error) out.push(`class ${s.classLowBytes(k)} free list: ${error}`);
    for (const g of units) {
      const where = `class ${s.classLowBytes(k)}: free block ${hex(HEAP_BASE + g * A)}`;
      if (listed.has(g)) out.push(`${where} is on two lists`);
      listed.set(g, k);
      if (s.mapped[Math.floor(g / U)] !== 1) out.push(`${where} is in no mapped region`);
      else if (s.stateAt(g) !== FREE) out.push(`${where} is not a free block start (size word ${s.word(g, 0)})`);
      else if (s.classOf(s.sizeAt(g)) !== k) out.push(`${where} of ${s.sizeAt(g) * A} bytes belongs to class ${s.classLowBytes(s.classOf(s.sizeAt(g)))}`);
    }
    if (testBit(s.nonEmpty, k) !== (s.head[k] !== NIL)) out.push(`class ${s.classLowBytes(k)}: bitmap bit ${testBit(s.nonEmpty, k) ? 1 : 0} but the list is ${s.head[k] === NIL ? 'empty' : 'not empty'}`);
  }
  for (let k = s.classCount; k < s.nonEmpty.length * 32; k++) if (testBit(s.nonEmpty, k)) out.push(`bitmap bit ${k} set beyond the classes`);
  let live = 0, liveBytes = 0, requested = 0, freeFound = 0;
  for (let slot = 0; slot < s.mapped.length; slot++) {
    if (s.mapped[slot] !== 1) continue;
    const g0 = slot * U, end = g0 + U, table = s.requests[slot]!;
    let prevFree = false, g = g0;
    while (g < end) {
      const size = s.sizeAt(g), t = s.stateAt(g), at = `block ${hex(HEAP_BASE + g * A)}`;
      if (t === 0) { out.push(`region ${slot}: no block starts at ${hex(HEAP_BASE + g * A)}: the blocks do not tile the region`); break; }
      if (size < s.minUnits || g + size > end) { out.push(`region ${slot}: ${at} has ${size * A} bytes: the blocks do not tile the region`); break; }
      for (let u = g + 1; u < g + size; u++) {
        if (s.word(u, 0) !== 0) { out.push(`${at}: a block size is recorded at ${hex(HEAP_BASE + u * A)} inside it`); break; }
      }
      for (let u = g; u < g + size; u++) {
        if (table[u - g0] !== 0 && !(t === LIVE && u === g + H)) { out.push(`${at}: a request is recorded at ${hex(HEAP_BASE + u * A)}, not at its payload`); break; }
      }
      if (t === LIVE) {
        const req = table[g + H - g0];
        if (req === 0) out.push(`live ${at} has no request recorded`);
        if (req > (size - H) * A) out.push(`live ${at}: request ${req} > usable ${(size - H) * A}`);
        live += 1;
        liveBytes += size * A;
        requested += req;
      } else {
        freeFound += 1;
        if (prevFree) out.push(`free ${at} follows a free block (not coalesced)`);
        if (s.word(g + size - 1, FOOT) !== g) out.push(`free ${at}: footer ${s.word(g + size - 1, FOOT)}, expected ${g}`);
        if (!listed.has(g)) out.push(`free ${at} is on no free list`);
        if (size === U) out.push(`region ${slot} is one free block and still mapped`);
      }
      prevFree = t === FREE;
      g += size;
    }
  }
  if (freeFound !== listed.size) out.push(`${listed.size} blocks on the free lists, ${freeFound} free blocks in the regions`);
  if (live !== s.liveBlocks) out.push(`liveBlocks ${s.liveBlocks}, found ${live}`);
  if (liveBytes !== s.blockBytes) out.push(`blockBytes ${s.blockBytes}, live blocks hold ${liveBytes}`);
  if (requested !== s.requestedBytes) out.push(`requestedBytes ${s.requestedBytes}, live requests sum to ${requested}`);
  return out;
}

export const segregatedFit: AllocatorFamily<SegregatedFitHeap> = {
  name: SEGREGATED_FIT,
  title: 'Segregated fit: boundary-tagged blocks on exact and power-of-two class lists, split on allocation, coalesced at once on free',
  reference: 'Wilson, Johnstone, Neely, Boles, "Dynamic Storage Allocation: A Survey and Critical Review" (IWMM 1995), §3.6 Segregated Free Lists, segregated fits; Lea, dlmalloc small bins',
  initialState: (config) => new SegregatedFitHeap(config),
  malloc,
  free,
  usableBytes: (s, address) => s.sizeAt((address - HEAP_BASE) / s.alignmentBytes - s.headerUnits) * s.alignmentBytes - s.headerBytes,
  evolve,
  clone: (s) => s.clone(),
  diff: (a, b) => a.diff(b),
  findViolations,
};
