/**
 * The sequential-fit heap: blocks with boundary tags tiling the mapped regions, one
 * conceptual address-ordered free list over all of them, and the search structures that
 * give the free list's linear scan its answer in O(log n). README.md has the state table.
 *
 * Follows  Knuth, TAOCP vol. 1, §2.5 (boundary tags: a size at each end of a free block,
 *          so a freed block finds its free neighbours both ways and coalesces at once);
 *          Wilson, Johnstone, Neely & Boles, "Dynamic Storage Allocation: A Survey and
 *          Critical Review" (1995), §3.4 (first fit, next fit, best fit; splitting).
 *
 * Everything is kept in alignment units (16 bytes by default): a block of `n` units starts
 * at unit `u` of region slot `s`, its payload `headerUnits` units later. `tags[s]` is the
 * region's memory image, one word per unit: the header tag at a block's first unit, the
 * footer tag at a free block's last unit, 0 elsewhere (best fit also keeps a large free
 * block's heap index in its second unit, as free blocks hold their list links). The apply
 * methods (mapAt .. coalesceAt) are the only writers; the families' malloc and free call
 * them right after reporting each event, evolve calls them for each event, so a heap is
 * the fold of its events.
 */
import { AllocatorHeap, HEAP_BASE, type AllocatorConfig, type FreeSpace, type LiveBlockInfo } from '@pymm/obmalloc';
import { BestFitIndex } from './bestIndex.js';
import { descend, grownTree, leftmost, leftmostFrom, setLeaf } from './maxTree.js';

/** Which free block a request takes. */
export type FitPolicy = 'first' | 'next' | 'best';

export const FIT_FAMILY_NAMES = { first: 'first-fit', next: 'next-fit', best: 'best-fit' } as const;

/** The boundary tag in front of every payload. */
export const HEADER_BYTES = 16;
/** The smallest block (a split leaves no smaller remainder). */
export const MIN_BLOCK_BYTES = 32;
/** A footer tag is FOOTER - size (below every header tag: sizes stay under 2^28 units). */
export const FOOTER = -0x4000_0000;

/** One block of the tiling, free or live. */
export interface FitBlock {
  readonly address: number;
  readonly sizeBytes: number;
  readonly free: boolean;
}

/** A region's arrays, kept (all zero) for the next map: saves a map's allocation. */
interface Spare {
  tags: Int32Array;
  index: Uint16Array | Uint32Array;
}
const MAX_SPARES = 2;

export class SequentialFitHeap extends AllocatorHeap {
  readonly familyName: string;
  readonly policy: FitPolicy;
  readonly headerBytes: number;
  readonly headerUnits: number;
  /** The smallest block, in units. */
  readonly minUnits: number;
  /** The largest block a request can need, in units (the cap of the tree leaves). */
  readonly maxNeedUnits: number;
  /**
   * Per region slot, one word per unit: +size (units) at a free block's first unit, -size
   * at a live block's, FOOTER - size at a free block's last unit, else 0.
   */
  tags: (Int32Array | null)[] = [];
  /**
   * First and next fit: per region slot, the max tree (maxTree.ts) over groups of
   * `groupUnits` units (16: one 64-byte line of tags): leaf = the largest free block
   * (capped at maxNeedUnits) starting in that group, 0 if none. A 1 MiB region's tree is
   * 16 KiB; the group itself is scanned.
   */
  tree: (Uint16Array | null)[] = [];
  readonly groupShift: number;
  readonly groupUnits: number;
  /** Leaves of a region's tree: unitsPerRegion / groupUnits. */
  readonly groups: number;
  /**
   * Where, in a region's tree array, the free-start masks begin (after the tree's 2 *
   * groups words): per group, bit i set <=> a free block starts at the group's unit i.
   * A rescan or a search inside a group visits only those units.
   */
  readonly startsAt: number;
  /** First and next fit: the max tree over the slots (leaf = that region's root, 0 if unmapped). */
  top: Uint16Array = new Uint16Array(16);
  topLeaves = 8;
  /** Best fit: the size bins and the large heap (bestIndex.ts); null for first and next fit. */
  best: BestFitIndex | null;
  /** Free blocks in all regions. */
  freeBlocks = 0;
  /**
   * Next fit's rover: the unit just past the last block handed out (normalized: the end of
   * a region is unit 0 of the next slot). Kept by every policy, read only by next fit.
   */
  roverSlot = 0;
  roverUnit = 0;
  /** Where the last search found its block. */
  foundSlot = 0;
  foundUnit = 0;
  private spares: Spare[] = [];

  constructor(policy: FitPolicy, config: AllocatorConfig = {}) {
    super(config);
    if (this.regionBytes > 2 ** 30) throw new RangeError(`regionBytes must be at most 2^30 for sequential fit, got ${this.regionBytes}`);
    this.policy = policy;
    this.familyName = FIT_FAMILY_NAMES[policy];
    const a = this.alignmentBytes;
    this.headerBytes = Math.max(HEADER_BYTES, a);
    this.headerUnits = this.headerBytes / a;
    this.minUnits = Math.max(Math.ceil(MIN_BLOCK_BYTES / a), this.headerUnits + 1);
    this.maxNeedUnits = this.needUnits(this.maxRequestBytes);
    if (this.maxNeedUnits > this.unitsPerRegion) throw new RangeError(`a block of ${this.maxRequestBytes} bytes does not fit a region of ${this.regionBytes}`);
    this.groupShift = Math.min(4, Math.log2(this.unitsPerRegion));
    this.groupUnits = 1 << this.groupShift;
    this.groups = this.unitsPerRegion >> this.groupShift;
    this.startsAt = 2 * this.groups;
    this.best = policy === 'best' ? new BestFitIndex(this.minUnits, this.maxNeedUnits, this.unitsPerRegion, this.tags) : null;
  }

  /** The block size (units) a request of `requestBytes` takes. */
  needUnits(requestBytes: number): number {
    const n = this.headerUnits + ((requestBytes + this.alignmentBytes - 1) >> this.alignmentShift);
    return n > this.minUnits ? n : this.minUnits;
  }

  // --- the search (reads only) ------------------------------------------------------

  /** First fit: the lowest free block of at least `need` units (into foundSlot/foundUnit). */
  findFirst(need: number): boolean {
    const top = this.top;
    if (top[1] < need) return false;
    const slot = descend(top, this.topLeaves, 1, need);
    this.foundSlot = slot;
    this.foundUnit = this.scanGroup(slot, descend(this.tree[slot]!, this.groups, 1, need) << this.groupShift, need);
    return true;
  }

  /**
   * The first unit from `from` to the end of its group where a free block of at least
   * `need` units starts, or -1: visits only the group's free-block starts (its mask).
   */
  private scanGroup(slot: number, from: number, need: number): number {
    const tags = this.tags[slot]!;
    const base = from & ~(this.groupUnits - 1);
    let m = this.tree[slot]![this.startsAt + (from >> this.groupShift)] & (-1 << (from - base));
    while (m !== 0) {
      const u = base + 31 - Math.clz32(m & -m);
      if (tags[u] >= need) return u;
      m &= m - 1;
    }
    return -1;
  }

  /** Next fit: the lowest fitting free block at or after the rover, else the lowest of all. */
  findNext(need: number): boolean {
    const rs = this.roverSlot;
    if (rs < this.topLeaves) {
      const t = this.tree[rs];
      if (t) {
        const ru = this.roverUnit;
        const group = ru >> this.groupShift;
        // the rover's own group: only the blocks from the rover on
        let u = t[this.groups + group] >= need ? this.scanGroup(rs, ru, need) : -1;
        if (u < 0) {
          const later = leftmostFrom(t, this.groups, group + 1, need);
          if (later >= 0) u = this.scanGroup(rs, later << this.groupShift, need);
        }
        if (u >= 0) {
          this.foundSlot = rs;
          this.foundUnit = u;
          return true;
        }
      }
      const slot = leftmostFrom(this.top, this.topLeaves, rs + 1, need);
      if (slot >= 0) {
        this.foundSlot = slot;
        this.foundUnit = this.scanGroup(slot, leftmost(this.tree[slot]!, this.groups, need) << this.groupShift, need);
        return true;
      }
    }
    return this.findFirst(need); // wrap around: nothing at or after the rover fits
  }

  /** Best fit: the smallest free block of at least `need` units, lowest address among equals. */
  findBest(need: number): boolean {
    const b = this.best!;
    if (!b.best(need)) return false;
    this.foundSlot = b.foundSlot;
    this.foundUnit = b.foundUnit;
    return true;
  }

  // --- the apply methods: the only writers ------------------------------------------

  /**
   * The search structures learn that the free block starting at (slot, unit) went from
   * `was` to `now` units (0 = none). The tags are already updated.
   */
  private track(slot: number, unit: number, was: number, now: number): void {
    const best = this.best;
    if (best !== null) {
      if (was > 0) best.remove(slot, unit, was);
      if (now > 0) best.insert(slot, unit, now);
    } else this.trackTree(slot, unit, was, now);
  }

  /** First and next fit: the group's leaf is the largest capped free size starting in it. */
  private trackTree(slot: number, unit: number, was: number, now: number): void {
    const t = this.tree[slot]!;
    const cap = this.maxNeedUnits;
    const group = unit >> this.groupShift;
    const leaf = t[this.groups + group];
    const nowCapped = now < cap ? now : cap;
    if (nowCapped > leaf) this.setGroup(slot, t, group, nowCapped);
    else if (nowCapped < leaf && (was < cap ? was : cap) === leaf) this.rescanGroup(slot, t, group, leaf);
  }

  /** This group's largest block may have gone: its leaf from the free blocks starting in it. */
  private rescanGroup(slot: number, t: Uint16Array, group: number, leaf: number): void {
    const tags = this.tags[slot]!;
    const base = group << this.groupShift;
    let value = 0;
    for (let m = t[this.startsAt + group]; m !== 0; m &= m - 1) {
      const v = tags[base + 31 - Math.clz32(m & -m)];
      if (v > value) value = v;
    }
    const cap = this.maxNeedUnits;
    if (value > cap) value = cap;
    if (value !== leaf) this.setGroup(slot, t, group, value);
  }

  /** First and next fit: a free block starts at (slot, unit) from now on (`on`), or no longer. */
  private markStart(slot: number, unit: number, on: boolean): void {
    const t = this.tree[slot]!;
    const i = this.startsAt + (unit >> this.groupShift);
    const bit = 1 << (unit & (this.groupUnits - 1));
    t[i] = on ? t[i] | bit : t[i] & ~bit;
  }

  private setGroup(slot: number, t: Uint16Array, group: number, value: number): void {
    const root = t[1];
    setLeaf(t, this.groups, group, value);
    if (t[1] !== root) setLeaf(this.top, this.topLeaves, slot, t[1]);
  }

  /** RegionMapped: the region at `slot` is one free block. */
  mapAt(slot: number): void {
    this.mapRegion(this.regionAddress(slot));
    const u = this.unitsPerRegion;
    const spare = this.spares.pop();
    const tags = spare?.tags ?? new Int32Array(u);
    while (this.tags.length <= slot) {
      this.tags.push(null);
      this.tree.push(null);
    }
    this.tags[slot] = tags;
    if (this.best !== null) this.best.attach(slot, (spare?.index as Uint32Array | undefined) ?? this.best.newRegionBits());
    else {
      this.tree[slot] = (spare?.index as Uint16Array | undefined) ?? new Uint16Array(3 * this.groups);
      if (slot >= this.topLeaves) {
        let n = this.topLeaves;
        while (n <= slot) n *= 2;
        this.top = grownTree(this.top, this.topLeaves, n);
        this.topLeaves = n;
      }
    }
    tags[0] = u;
    tags[u - 1] = FOOTER - u;
    if (this.best === null) this.markStart(slot, 0, true);
    this.track(slot, 0, 0, u);
    this.freeBlocks += 1;
  }

  /** RegionUnmapped: the region at `slot` (one whole free block) goes back to the system. */
  unmapAt(slot: number): void {
    const u = this.unitsPerRegion;
    const tags = this.tags[slot]!;
    tags[0] = 0;
    tags[u - 1] = 0;
    if (this.best === null) this.markStart(slot, 0, false);
    this.track(slot, 0, u, 0); // (best fit: clears the large heap's index word too)
    this.freeBlocks -= 1;
    const index = this.best !== null ? this.best.detach(slot) : this.tree[slot];
    if (this.spares.length < MAX_SPARES && index) this.spares.push({ tags, index });
    this.tags[slot] = null;
    this.tree[slot] = null;
    this.unmapRegion(this.regionAddress(slot));
    if (this.roverSlot === slot) {
      this.roverSlot = slot + 1;
      this.roverUnit = 0;
    }
  }

  /** BlockSplit: the free block at (slot, unit) becomes `front` units and a free remainder after them. */
  splitAt(slot: number, unit: number, front: number): void {
    if (this.best !== null) return this.splitBest(this.best, slot, unit, front);
    const tags = this.tags[slot]!;
    const total = tags[unit];
    const rest = total - front;
    tags[unit] = front;
    tags[unit + front - 1] = FOOTER - front;
    tags[unit + front] = rest;
    tags[unit + total - 1] = FOOTER - rest;
    this.freeBlocks += 1;
    this.markStart(slot, unit + front, true);
    if ((unit >> this.groupShift) === ((unit + front) >> this.groupShift)) {
      this.trackTree(slot, unit, total, front > rest ? front : rest); // one group: the larger part is its candidate
    } else {
      this.trackTree(slot, unit, total, front);
      this.trackTree(slot, unit + front, 0, rest);
    }
  }

  /** BlockHandedOut: the free block at (slot, unit) of `units` goes to a caller; the rover moves past it. Returns the payload address. */
  handOutAt(slot: number, unit: number, units: number, requestBytes: number): number {
    const tags = this.tags[slot]!;
    if (this.best !== null) this.best.remove(slot, unit, units); // before the tags change (the large heap's index word)
    tags[unit + units - 1] = 0;
    tags[unit] = -units;
    this.freeBlocks -= 1;
    if (this.best === null) {
      this.markStart(slot, unit, false);
      this.trackTree(slot, unit, units, 0);
    }
    return this.handedOut(slot, unit, units, requestBytes);
  }

  /** The rover moves past a block just handed out, the request table learns it; its payload address. */
  private handedOut(slot: number, unit: number, units: number, requestBytes: number): number {
    const end = unit + units;
    if (end === this.unitsPerRegion) {
      this.roverSlot = slot + 1;
      this.roverUnit = 0;
    } else {
      this.roverSlot = slot;
      this.roverUnit = end;
    }
    const payloadUnit = unit + this.headerUnits;
    this.handOutUnit(slot, payloadUnit, requestBytes, units * this.alignmentBytes);
    return HEAP_BASE + slot * this.regionBytes + payloadUnit * this.alignmentBytes;
  }

  /** BlockReturned: the live block at (slot, unit) is free again (not yet coalesced). */
  returnAt(slot: number, unit: number): void {
    const tags = this.tags[slot]!;
    const units = -tags[unit];
    tags[unit] = units;
    tags[unit + units - 1] = FOOTER - units;
    this.freeBlocks += 1;
    if (this.best === null) {
      this.markStart(slot, unit, true);
      this.trackTree(slot, unit, 0, units);
    } else this.best.insert(slot, unit, units);
    this.giveBackUnit(slot, unit + this.headerUnits, units * this.alignmentBytes);
  }

  /** BlocksCoalesced: the free block at (slot, unit) absorbs the free block right after it. */
  coalesceAt(slot: number, unit: number, absorbed: number): void {
    if (this.roverSlot === slot && this.roverUnit === absorbed) this.roverUnit = unit;
    if (this.best !== null) return this.coalesceBest(this.best, slot, unit, absorbed);
    const tags = this.tags[slot]!;
    const a = tags[unit];
    const b = tags[absorbed];
    tags[unit + a - 1] = 0;
    tags[absorbed] = 0;
    tags[unit] = a + b;
    tags[absorbed + b - 1] = FOOTER - a - b;
    this.freeBlocks -= 1;
    this.markStart(slot, absorbed, false);
    if ((unit >> this.groupShift) === (absorbed >> this.groupShift)) {
      this.trackTree(slot, unit, a, a + b); // one group: a + b outgrows both
    } else {
      this.trackTree(slot, absorbed, b, 0);
      this.trackTree(slot, unit, a, a + b);
    }
  }

  /**
   * A run without a sink: splitAt (when the rest makes a block) and handOutAt in one step.
   * The same state, without indexing the front part only for the hand-out to unindex it.
   */
  takeAt(slot: number, unit: number, need: number, requestBytes: number): number {
    const tags = this.tags[slot]!;
    const best = this.best;
    const total = tags[unit];
    const rest = total - need;
    const split = rest >= this.minUnits;
    const units = split ? need : total;
    if (best !== null) best.remove(slot, unit, total); // before the tags change (the large heap's index word)
    tags[unit + units - 1] = 0;
    tags[unit] = -units;
    if (split) {
      tags[unit + units] = rest;
      tags[unit + total - 1] = FOOTER - rest;
      if (best !== null) best.insert(slot, unit + units, rest);
    } else this.freeBlocks -= 1;
    if (best === null) {
      this.markStart(slot, unit, false);
      if (!split) this.trackTree(slot, unit, total, 0);
      else {
        this.markStart(slot, unit + units, true);
        if ((unit >> this.groupShift) === ((unit + units) >> this.groupShift)) this.trackTree(slot, unit, total, rest);
        else {
          this.trackTree(slot, unit, total, 0);
          this.trackTree(slot, unit + units, 0, rest);
        }
      }
    }
    return this.handedOut(slot, unit, units, requestBytes);
  }

  /**
   * A run without a sink: returnAt and the coalescing that follows (the next block, then
   * the previous one) in one step; the merged block is indexed once. True when the region
   * is now one free block (the caller unmaps it).
   */
  freeAt(slot: number, unit: number): boolean {
    const tags = this.tags[slot]!;
    const best = this.best;
    const units = -tags[unit];
    this.giveBackUnit(slot, unit + this.headerUnits, units * this.alignmentBytes);
    let start = unit;
    let size = units;
    const next = unit + units;
    let nextUnits = 0;
    if (next < this.unitsPerRegion && tags[next] > 0) {
      nextUnits = tags[next];
      if (best !== null) best.remove(slot, next, nextUnits);
      tags[next] = 0;
      size += nextUnits;
      this.freeBlocks -= 1;
      if (this.roverSlot === slot && this.roverUnit === next) this.roverUnit = unit;
    }
    let prevUnits = 0;
    if (unit > 0 && tags[unit - 1] < FOOTER) {
      prevUnits = FOOTER - tags[unit - 1];
      start = unit - prevUnits;
      if (best !== null) best.remove(slot, start, prevUnits);
      tags[unit - 1] = 0;
      tags[unit] = 0;
      size += prevUnits;
      this.freeBlocks -= 1;
      if (this.roverSlot === slot && this.roverUnit === unit) this.roverUnit = start;
    }
    this.freeBlocks += 1;
    tags[start] = size;
    tags[start + size - 1] = FOOTER - size;
    if (best !== null) best.insert(slot, start, size);
    else {
      if (nextUnits > 0) this.markStart(slot, next, false);
      if (prevUnits === 0) this.markStart(slot, unit, true);
      if (nextUnits > 0) this.trackTree(slot, next, nextUnits, 0);
      this.trackTree(slot, start, prevUnits, size);
    }
    return start === 0 && size === this.unitsPerRegion;
  }

  /** splitAt for best fit: the blocks leave the index before the tags change (the large heap's index word). */
  private splitBest(best: BestFitIndex, slot: number, unit: number, front: number): void {
    const tags = this.tags[slot]!;
    const total = tags[unit];
    const rest = total - front;
    best.remove(slot, unit, total);
    tags[unit] = front;
    tags[unit + front - 1] = FOOTER - front;
    tags[unit + front] = rest;
    tags[unit + total - 1] = FOOTER - rest;
    best.insert(slot, unit, front);
    best.insert(slot, unit + front, rest);
    this.freeBlocks += 1;
  }

  private coalesceBest(best: BestFitIndex, slot: number, unit: number, absorbed: number): void {
    const tags = this.tags[slot]!;
    const a = tags[unit];
    const b = tags[absorbed];
    best.remove(slot, absorbed, b);
    best.remove(slot, unit, a);
    tags[unit + a - 1] = 0;
    tags[absorbed] = 0;
    tags[unit] = a + b;
    tags[absorbed + b - 1] = FOOTER - a - b;
    best.insert(slot, unit, a + b);
    this.freeBlocks -= 1;
  }

  // --- views ------------------------------------------------------------------------

  /** Every block of every region, free or live, lowest address first. */
  blocks(): FitBlock[] {
    const out: FitBlock[] = [];
    for (let slot = 0; slot < this.tags.length; slot++) {
      const tags = this.tags[slot];
      if (!tags) continue;
      const base = this.regionAddress(slot);
      for (let u = 0; u < tags.length; ) {
        const v = tags[u];
        if (v === 0 || v < FOOTER + 1) break; // a broken tiling (findViolations reports it)
        out.push({ address: base + u * this.alignmentBytes, sizeBytes: Math.abs(v) * this.alignmentBytes, free: v > 0 });
        u += Math.abs(v);
      }
    }
    return out;
  }

  liveBlockList(): LiveBlockInfo[] {
    return this.blocks()
      .filter((b) => !b.free)
      .map((b) => {
        const payloadAddress = b.address + this.headerBytes;
        return { payloadAddress, usableBytes: b.sizeBytes - this.headerBytes, requestBytes: this.requestAt(payloadAddress), blockAddress: b.address, blockBytes: b.sizeBytes };
      });
  }

  /** The size (units) of the largest free block, capped at maxNeedUnits (best fit: + 1). */
  largestFreeUnits(): number {
    return this.best !== null ? this.best.largest() : this.top[1];
  }

  freeSpace(): FreeSpace {
    const largest = this.largestFreeUnits();
    const serves = largest === 0 ? 0 : Math.min(this.maxRequestBytes, largest * this.alignmentBytes - this.headerBytes);
    return { freeBytes: this.mappedBytes - this.blockBytes, freeBlocks: this.freeBlocks, largestFreeBytes: serves };
  }

  clone(): SequentialFitHeap {
    const c = new SequentialFitHeap(this.policy, { regionBytes: this.regionBytes, maxRequestBytes: this.maxRequestBytes, alignmentBytes: this.alignmentBytes });
    this.copySharedInto(c);
    for (const t of this.tags) c.tags.push(t ? t.slice() : null); // c.best holds c.tags: fill it in place
    c.tree = this.tree.map((a) => (a ? a.slice() : null));
    c.top = this.top.slice();
    c.topLeaves = this.topLeaves;
    c.best = this.best ? this.best.cloneOver(c.tags) : null;
    c.freeBlocks = this.freeBlocks;
    c.roverSlot = this.roverSlot;
    c.roverUnit = this.roverUnit;
    return c;
  }

  /**
   * The first difference, or null: the shared parts, the rover and the tags (header and
   * footer). The search structures are functions of the tags (findViolations checks that),
   * so equal tags mean equal answers; best fit's large heap may be laid out differently
   * (and its index words with it) and still agree, so those words are not compared.
   */
  diff(o: SequentialFitHeap): string | null {
    if (this.policy !== o.policy) return `policy: ${this.policy} vs ${o.policy}`;
    const shared = this.diffShared(o);
    if (shared !== null) return shared;
    if (this.freeBlocks !== o.freeBlocks) return `freeBlocks: ${this.freeBlocks} vs ${o.freeBlocks}`;
    if (this.roverSlot !== o.roverSlot || this.roverUnit !== o.roverUnit) {
      return `rover: slot ${this.roverSlot} unit ${this.roverUnit} vs slot ${o.roverSlot} unit ${o.roverUnit}`;
    }
    const n = Math.max(this.tags.length, o.tags.length);
    for (let slot = 0; slot < n; slot++) {
      const a = this.tags[slot] ?? null;
      const b = o.tags[slot] ?? null;
      if (a === null || b === null) {
        if (a !== b) return `region slot ${slot}: tags ${a ? 'present' : 'absent'} vs ${b ? 'present' : 'absent'}`;
        continue;
      }
      const largeIndexWord = (t: Int32Array, u: number): boolean => this.best !== null && t[u - 1] > this.maxNeedUnits;
      for (let u = 0; u < a.length; u++) {
        if (a[u] !== b[u] && !(u > 0 && largeIndexWord(a, u) && largeIndexWord(b, u))) {
          return `tag at 0x${(this.regionAddress(slot) + u * this.alignmentBytes).toString(16)}: ${a[u]} vs ${b[u]}`;
        }
      }
    }
    return null;
  }
}
