/**
 * The binary buddy system (Knowlton 1965; Knuth, TAOCP vol. 1 §2.5, Algorithms R and S),
 * as a decider over typed arrays beside pymalloc.
 *
 * Each region (1 MiB by default) is the root block of order K: block sizes are
 * minBlock << k for k = 0 .. K, minBlock = alignmentBytes (16), so K = 16 by default. A
 * block of order k starts at a multiple of its size (relative to its region's base) and its
 * buddy is the block at (offset XOR size): the other half of the block of order k + 1
 * they were split from. A request of n bytes gets the smallest block of size >= n; the
 * payload is the block itself (no header).
 *
 * No header, no tag bit in the block: Knuth's blocks carry TAG (free or reserved) and
 * KVAL (the order) in their first word, so a free(p) reads the buddy's tag in memory.
 * Here, as the Linux page allocator does (page->private holds the order, PageBuddy marks a
 * free head), both are kept in a side table indexed by unit, so the whole block serves the
 * caller and a 16-byte request takes a 16-byte block.
 *
 * State (unit = slot * unitsPerRegion + (offset >> alignmentShift), one per 16 bytes of
 * every region slot up to `capacitySlots`; HEAP_BASE + unit * alignmentBytes is its address):
 *
 *   state          type                     holds
 *   tag[unit]      Uint8Array               0: no block starts at this unit; FREE | k: a free
 *                                           block of order k starts here; LIVE | k: a live one
 *   free[k]        MinBitset per order      member i <=> tag[i << k] === FREE | k (the free
 *                                           "list" of order k, sorted by address for free)
 *   freeCount[k]   Int32Array (K + 1)       members of free[k]
 *   nonEmpty       int32 bitmask            bit k <=> freeCount[k] > 0
 *   (shared)       AllocatorHeap            regions, request table, raw blocks, counters
 *
 * A block's life (each row is one event; evolve applies exactly this):
 *
 *   from                           event            to
 *   (slot unmapped)                RegionMapped     one free block of order K (the region)
 *   free, order k                  BlockSplit       free lower half and free upper half
 *                                                   (its buddy), both of order k - 1
 *   free, order k                  BlockHandedOut   live, order k
 *   live, order k                  BlockReturned    free, order k
 *   free buddies, order k          BlocksCoalesced  one free block of order k + 1 at the lower
 *   free, order K (whole region)   RegionUnmapped   (slot unmapped)
 *
 * malloc(n): want = the order of n; k = the smallest order >= want with a free block
 * (lowest set bit of nonEmpty above want); none: map a region (lowest free slot). Take the
 * LOWEST-ADDRESS free block of order k (free[k].min(): deterministic, and it packs live
 * blocks toward low addresses), split it down to `want` keeping the lower half each time,
 * hand it out. free(p): return the block, then while its buddy is free AND of the same
 * order, merge (Knuth's S1-S3); a whole free region is unmapped at once.
 *
 * Invariants (findViolations, after every command of the property tests):
 *   each mapped region is tiled by its blocks, each aligned to its size (a buddy tree);
 *   no free block's buddy is a free block of the same order (merging is complete), and no
 *   whole region is free (it was unmapped);
 *   free[k], freeCount and nonEmpty are exactly the free heads (and the summaries agree);
 *   a live block is the smallest block for its request, and only live heads have a
 *   request in the shared table; blockBytes / requestedBytes / liveBlocks add up.
 *
 * Cost: malloc O(K + log_32 units) (the splits, one min), free O(K) (the merges, each a
 * few MinBitset word updates); no Map, no object per call when the sink is null.
 */
import {
  AllocatorError, AllocatorHeap, HEAP_BASE, MAX_REGIONS, type AllocatorConfig, type AllocatorEvent, type AllocatorFamily, type AllocatorSink,
  type FreeSpace, type LiveBlockInfo,
} from '@pymm/obmalloc';
import { MinBitset } from './bitset.js';

/** HEAP_BASE as a module constant: an imported binding can cost a property load per use on the hot path. */
const BASE: number = HEAP_BASE;

/** tag bits: a free head, a live head; the low 6 bits are the order. */
export const FREE = 0x80;
export const LIVE = 0x40;
export const ORDER_MASK = 0x3f;

export class BuddyHeap extends AllocatorHeap {
  readonly familyName = 'buddy';
  readonly config: AllocatorConfig;
  /** K: the order of a whole region (regionBytes = alignmentBytes << K). */
  readonly topOrder: number;
  /** The order of the block a request of n bytes gets, for n = 0 .. maxRequestBytes. */
  readonly orderForRequest: Uint8Array;
  /** Region slots the side tables cover. */
  capacitySlots = 0;
  tag: Uint8Array = new Uint8Array(0);
  free: MinBitset[] = [];
  freeCount: Int32Array;
  nonEmpty = 0;

  constructor(config: AllocatorConfig = {}) {
    super(config);
    this.config = { ...config };
    this.topOrder = Math.log2(this.unitsPerRegion);
    if (this.topOrder > 30) throw new RangeError(`regionBytes / alignmentBytes must be at most 2^30, got 2^${this.topOrder}`);
    this.orderForRequest = new Uint8Array(this.maxRequestBytes + 1);
    for (let n = 1; n <= this.maxRequestBytes; n++) {
      const units = Math.ceil(n / this.alignmentBytes);
      this.orderForRequest[n] = units <= 1 ? 0 : 32 - Math.clz32(units - 1);
    }
    this.freeCount = new Int32Array(this.topOrder + 1);
    for (let k = 0; k <= this.topOrder; k++) this.free.push(new MinBitset(0));
    this.growTo(1);
  }

  /** Side tables for `slots` region slots (grows by doubling; never shrinks). */
  growTo(slots: number): void {
    if (slots <= this.capacitySlots) return;
    const cap = Math.max(slots, Math.min(this.capacitySlots * 2, MAX_REGIONS));
    const units = cap * this.unitsPerRegion;
    if (units > 2 ** 31) throw new AllocatorError('OUT_OF_ADDRESS_SPACE', `buddy side tables for ${cap} regions exceed 2^31 units`);
    const tag = new Uint8Array(units);
    tag.set(this.tag);
    this.tag = tag;
    for (let k = 0; k <= this.topOrder; k++) this.free[k].grow(units >>> k);
    this.capacitySlots = cap;
  }

  addressOf(unit: number): number {
    return BASE + unit * this.alignmentBytes;
  }

  unitOf(address: number): number {
    return (address - BASE) / this.alignmentBytes;
  }

  /** The order of a block of `sizeBytes` (a power of two times alignmentBytes). */
  orderOfSize(sizeBytes: number): number {
    return 31 - Math.clz32(sizeBytes / this.alignmentBytes);
  }

  liveBlockList(): LiveBlockInfo[] {
    const out: LiveBlockInfo[] = [];
    const upr = this.unitsPerRegion, tag = this.tag;
    for (let slot = 0; slot < this.mapped.length; slot++) {
      if (this.mapped[slot] !== 1) continue;
      const base = slot * upr, req = this.requests[slot]!;
      for (let p = 0; p < upr; ) {
        const t = tag[base + p];
        if (t === 0) { p++; continue; } // a broken tiling (findViolations says so): keep walking
        const k = t & ORDER_MASK;
        if ((t & LIVE) !== 0) {
          const address = this.addressOf(base + p), bytes = this.alignmentBytes << k;
          out.push({ payloadAddress: address, usableBytes: bytes, requestBytes: req[p], blockAddress: address, blockBytes: bytes });
        }
        p += 1 << k;
      }
    }
    return out;
  }

  freeSpace(): FreeSpace {
    let freeBytes = 0, freeBlocks = 0;
    for (let k = 0; k <= this.topOrder; k++) {
      freeBlocks += this.freeCount[k];
      freeBytes += this.freeCount[k] * (this.alignmentBytes << k);
    }
    const top = this.nonEmpty === 0 ? -1 : 31 - Math.clz32(this.nonEmpty);
    return { freeBytes, freeBlocks, largestFreeBytes: top < 0 ? 0 : Math.min(this.maxRequestBytes, this.alignmentBytes << top) };
  }

  clone(): BuddyHeap {
    const c = new BuddyHeap(this.config);
    this.copySharedInto(c);
    c.capacitySlots = this.capacitySlots;
    c.tag = this.tag.slice();
    c.free = this.free.map((f) => f.clone());
    c.freeCount = this.freeCount.slice();
    c.nonEmpty = this.nonEmpty;
    return c;
  }

  /** The first difference from `o`, else null (side tables compared with zero padding). */
  diff(o: BuddyHeap): string | null {
    const shared = this.diffShared(o);
    if (shared !== null) return shared;
    const n = Math.max(this.tag.length, o.tag.length);
    for (let u = 0; u < n; u++) {
      const a = this.tag[u] ?? 0, b = o.tag[u] ?? 0;
      if (a !== b) return `tag at 0x${this.addressOf(u).toString(16)}: ${describeTag(a)} vs ${describeTag(b)}`;
    }
    for (let k = 0; k <= this.topOrder; k++) {
      if (this.freeCount[k] !== o.freeCount[k]) return `free blocks of order ${k}: ${this.freeCount[k]} vs ${o.freeCount[k]}`;
      const d = this.free[k].diff(o.free[k]);
      if (d !== null) return `free set of order ${k}: ${d}`;
    }
    if (this.nonEmpty !== o.nonEmpty) return `nonEmpty: ${this.nonEmpty.toString(2)} vs ${o.nonEmpty.toString(2)}`;
    return null;
  }
}

export function describeTag(t: number): string {
  if (t === 0) return 'none';
  return `${(t & FREE) !== 0 ? 'free' : (t & LIVE) !== 0 ? 'live' : '?'} order ${t & ORDER_MASK}`;
}

// ---------------------------------------------------------------------------------------
// The apply functions: the one place state changes. malloc/free call them as they decide;
// evolve calls them for each event. Units and orders are what the events' addresses and
// sizes name (evolve converts; malloc/free already have them).

function addFree(s: BuddyHeap, u: number, k: number): void {
  s.tag[u] = FREE | k;
  s.free[k].add(u >>> k);
  if (s.freeCount[k]++ === 0) s.nonEmpty |= 1 << k;
}

function removeFree(s: BuddyHeap, u: number, k: number): void {
  s.tag[u] = 0;
  s.free[k].delete(u >>> k);
  if (--s.freeCount[k] === 0) s.nonEmpty &= ~(1 << k);
}

/** RegionMapped: the region is one free block of order K. */
function applyRegionMapped(s: BuddyHeap, address: number): void {
  const slot = (address - BASE) / s.regionBytes;
  if (slot < MAX_REGIONS) s.growTo(slot + 1); // growing first: a refused map changes nothing
  s.mapRegion(address); // throws past MAX_REGIONS
  addFree(s, slot * s.unitsPerRegion, s.topOrder);
}

/** RegionUnmapped: the free block of order K at unit u goes back to the system. */
function applyRegionUnmapped(s: BuddyHeap, u: number): void {
  removeFree(s, u, s.topOrder);
  s.unmapRegion(s.addressOf(u));
}

/** BlockSplit: the free block of order k at u becomes two free buddies of order k - 1. */
function applySplit(s: BuddyHeap, u: number, k: number): void {
  removeFree(s, u, k);
  addFree(s, u, k - 1);
  addFree(s, u + (1 << (k - 1)), k - 1);
}

/** BlocksCoalesced: free buddies of order k at lo and lo + 2^k become one of order k + 1. */
function applyCoalesce(s: BuddyHeap, lo: number, k: number): void {
  removeFree(s, lo, k);
  removeFree(s, lo + (1 << k), k);
  addFree(s, lo, k + 1);
}

/** BlockHandedOut: the free block of order k at u is live, serving n bytes. */
function applyHandOut(s: BuddyHeap, u: number, k: number, n: number): void {
  removeFree(s, u, k);
  s.tag[u] = LIVE | k;
  s.handOut(s.addressOf(u), n, s.alignmentBytes << k);
}

/** BlockReturned: the live block of order k at u is free. */
function applyReturn(s: BuddyHeap, u: number, k: number): void {
  s.giveBack(s.addressOf(u), s.alignmentBytes << k);
  addFree(s, u, k);
}

// ---------------------------------------------------------------------------------------
// The decisions.

/** Algorithm R: the lowest-address block of the smallest sufficient order, split down. */
function buddyMalloc(s: BuddyHeap, n: number, sink: AllocatorSink | null): number {
  const want = s.orderForRequest[n];
  const avail = s.nonEmpty & (-1 << want);
  let k: number, u: number;
  if (avail === 0) {
    const address = s.regionAddress(s.nextRegionSlot());
    applyRegionMapped(s, address);
    if (sink !== null) sink({ type: 'RegionMapped', address, sizeBytes: s.regionBytes });
    k = s.topOrder;
    u = s.unitOf(address);
  } else {
    k = 31 - Math.clz32(avail & -avail);
    u = s.free[k].min() << k;
  }
  while (k > want) {
    applySplit(s, u, k);
    if (sink !== null) {
      sink({
        type: 'BlockSplit', address: s.addressOf(u), sizeBytes: s.alignmentBytes << k,
        remainderAddress: s.addressOf(u + (1 << (k - 1))), remainderBytes: s.alignmentBytes << (k - 1),
      });
    }
    k--;
  }
  applyHandOut(s, u, want, n);
  const address = s.addressOf(u);
  if (sink !== null) sink({ type: 'BlockHandedOut', address, sizeBytes: s.alignmentBytes << want, payloadAddress: address, requestBytes: n });
  return address;
}

/** Algorithm S: return the block, merge with free buddies of the same order, unmap a whole region. */
function buddyFree(s: BuddyHeap, address: number, sink: AllocatorSink | null): void {
  let u = s.unitOf(address);
  const tag = s.tag;
  let k = tag[u] & ORDER_MASK;
  applyReturn(s, u, k);
  if (sink !== null) sink({ type: 'BlockReturned', address, sizeBytes: s.alignmentBytes << k, payloadAddress: address });
  const top = s.topOrder;
  while (k < top) {
    const b = u ^ (1 << k);
    if (tag[b] !== (FREE | k)) break; // live, or split (a smaller block starts there)
    const lo = u < b ? u : b;
    applyCoalesce(s, lo, k);
    if (sink !== null) {
      sink({ type: 'BlocksCoalesced', address: s.addressOf(lo), sizeBytes: s.alignmentBytes << (k + 1), absorbedAddress: s.addressOf(lo + (1 << k)) });
    }
    u = lo;
    k++;
  }
  if (k === top) {
    const region = s.addressOf(u);
    applyRegionUnmapped(s, u);
    if (sink !== null) sink({ type: 'RegionUnmapped', address: region, sizeBytes: s.regionBytes });
  }
}

function buddyEvolve(s: BuddyHeap, e: AllocatorEvent): BuddyHeap {
  switch (e.type) {
    case 'RegionMapped':
      applyRegionMapped(s, e.address as number);
      return s;
    case 'RegionUnmapped':
      applyRegionUnmapped(s, s.unitOf(e.address as number));
      return s;
    case 'BlockSplit':
      applySplit(s, s.unitOf(e.address as number), s.orderOfSize(e.sizeBytes as number));
      return s;
    case 'BlocksCoalesced':
      applyCoalesce(s, s.unitOf(e.address as number), s.orderOfSize(e.sizeBytes as number) - 1);
      return s;
    case 'BlockHandedOut':
      applyHandOut(s, s.unitOf(e.address as number), s.orderOfSize(e.sizeBytes as number), e.requestBytes as number);
      return s;
    case 'BlockReturned':
      applyReturn(s, s.unitOf(e.address as number), s.orderOfSize(e.sizeBytes as number));
      return s;
    default:
      throw new TypeError(`buddy: no such event ${JSON.stringify(e.type)} (the router applies Raw* and BlockResized)`);
  }
}

// ---------------------------------------------------------------------------------------
// Invariants.

function findBuddyViolations(s: BuddyHeap): string[] {
  const out: string[] = [];
  const hex = (u: number): string => '0x' + s.addressOf(u).toString(16);
  const upr = s.unitsPerRegion, top = s.topOrder, tag = s.tag;
  if (tag.length !== s.capacitySlots * upr) out.push(`tag table has ${tag.length} units for ${s.capacitySlots} slots`);
  const heads = new Int32Array(top + 1);
  let live = 0, liveBytes = 0, requested = 0;
  for (let slot = 0; slot < s.capacitySlots; slot++) {
    const base = slot * upr;
    const isMapped = slot < s.mapped.length && s.mapped[slot] === 1;
    if (!isMapped) {
      for (let p = 0; p < upr; p++) if (tag[base + p] !== 0) { out.push(`unmapped slot ${slot} has a block at ${hex(base + p)} (${describeTag(tag[base + p])})`); break; }
      continue;
    }
    const req = s.requests[slot]!;
    for (let p = 0; p < upr; ) {
      const u = base + p, t = tag[u];
      if ((t & (FREE | LIVE)) === 0 || (t & (FREE | LIVE)) === (FREE | LIVE)) { out.push(`no block starts at ${hex(u)} where the tiling needs one (tag ${t})`); break; }
      const k = t & ORDER_MASK;
      if (k > top || (p & ((1 << k) - 1)) !== 0) { out.push(`block at ${hex(u)} of order ${k} is not aligned to its size`); break; }
      for (let q = 1; q < 1 << k; q++) if (tag[u + q] !== 0) { out.push(`a block starts at ${hex(u + q)} inside the block of order ${k} at ${hex(u)}`); break; }
      if ((t & FREE) !== 0) {
        heads[k]++;
        if (!s.free[k].has(u >>> k)) out.push(`free block at ${hex(u)} of order ${k} is not in free set ${k}`);
        if (req[p] !== 0) out.push(`free block at ${hex(u)} has request ${req[p]}`);
        if (k === top) out.push(`region at ${hex(u)} is wholly free but mapped`);
        else if (tag[u ^ (1 << k)] === (FREE | k)) out.push(`free buddies of order ${k} at ${hex(u)} and ${hex(u ^ (1 << k))} are not merged`);
      } else {
        live++;
        liveBytes += s.alignmentBytes << k;
        requested += req[p];
        if (req[p] === 0 || req[p] > s.maxRequestBytes) out.push(`live block at ${hex(u)} has request ${req[p]}`);
        else if (s.orderForRequest[req[p]] !== k) out.push(`live block at ${hex(u)} of order ${k} serves ${req[p]} bytes (order ${s.orderForRequest[req[p]]})`);
      }
      for (let q = 1; q < 1 << k; q++) if (req[p + q] !== 0) { out.push(`request ${req[p + q]} recorded inside the block at ${hex(u)}`); break; }
      p += 1 << k;
    }
  }
  let mask = 0;
  for (let k = 0; k <= top; k++) {
    const f = s.free[k];
    const c = f.check();
    if (c !== null) out.push(`free set ${k}: ${c}`);
    if (f.capacity !== (s.capacitySlots * upr) >>> k) out.push(`free set ${k} has capacity ${f.capacity}, expected ${(s.capacitySlots * upr) >>> k}`);
    const members = f.members();
    if (members.length !== heads[k]) out.push(`free set ${k} has ${members.length} members, the heap ${heads[k]} free blocks of order ${k}`);
    for (const i of members) if (tag[i << k] !== (FREE | k)) { out.push(`free set ${k} holds ${hex(i << k)}, where ${describeTag(tag[i << k])} starts`); break; }
    if (s.freeCount[k] !== members.length) out.push(`freeCount[${k}] is ${s.freeCount[k]}, free set ${k} has ${members.length}`);
    if (members.length > 0) mask |= 1 << k;
  }
  if (mask !== s.nonEmpty) out.push(`nonEmpty is ${s.nonEmpty.toString(2)}, the free sets say ${mask.toString(2)}`);
  if (live !== s.liveBlocks) out.push(`liveBlocks is ${s.liveBlocks}, ${live} live blocks in the regions`);
  if (liveBytes !== s.blockBytes) out.push(`blockBytes is ${s.blockBytes}, the live blocks hold ${liveBytes}`);
  if (requested !== s.requestedBytes) out.push(`requestedBytes is ${s.requestedBytes}, the live blocks' requests add to ${requested}`);
  return out;
}

// ---------------------------------------------------------------------------------------

export const buddy: AllocatorFamily<BuddyHeap> = {
  name: 'buddy',
  title: 'binary buddy system: power-of-two blocks split in halves and merged with their buddies',
  reference: 'K. C. Knowlton, "A fast storage allocator", CACM 8(10), 1965; D. E. Knuth, TAOCP vol. 1, §2.5 (Algorithms R and S)',
  initialState: (config?: AllocatorConfig) => new BuddyHeap(config),
  malloc: buddyMalloc,
  free: buddyFree,
  usableBytes: (s, address) => s.alignmentBytes << (s.tag[s.unitOf(address)] & ORDER_MASK),
  evolve: buddyEvolve,
  clone: (s) => s.clone(),
  diff: (a, b) => a.diff(b),
  findViolations: findBuddyViolations,
};
