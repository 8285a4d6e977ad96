/**
 * Simple segregated storage (Wilson, Johnstone, Neely, Boles, "Dynamic Storage
 * Allocation: A Survey and Critical Review", IWMM 1995, §3.6): one free list per size
 * class, memory given to a class a page at a time, a page cut into equal blocks of its
 * class with no header (a block's size is its page's class, as in pymalloc), no splitting,
 * no coalescing. Unlike pymalloc, the free list of a class is one list across all its
 * pages (LIFO), and pages are taken from regions without pymalloc's arena ordering.
 *
 *   state          what                                              arrays
 *   classes        c = 0 .. ceil(maxRequestBytes / A) - 1 serves     head[c], carvePage[c]
 *                  requests (c * A, (c + 1) * A]; head[c] = the
 *                  newest free block; carvePage[c] = the one page of
 *                  the class with blocks never handed out, else -1
 *   free lists     doubly linked by global unit (slot * unitsPerRegion  links[2g], [2g+1]
 *                  + offset / A); a free block is at its page's start
 *                  + k * classBytes, below the page's carved mark
 *   pages          page p = unit >> pageShift; class or -1 (free),     pageClass[p], pageUsed[p],
 *                  live blocks, units carved so far, next free page    pageCarved[p], pageNext[p]
 *   regions        pages [0, highWater) were ever carved; the free     highWater[s], freePageHead[s],
 *                  pages below it form a LIFO list; pages in use;     pagesInUse[s], available (bit s:
 *                  bit s set when the region can give a page           a page is free or uncarved)
 *
 * malloc(n), class c = (n - 1) >> log2(A):
 *   1. head[c] if the list is not empty (LIFO: the block freed last);
 *   2. else the next uncarved block of carvePage[c] (blocks are carved lazily, lowest first);
 *   3. else a page (PageTaken): from the LOWEST region with one available, its most recently
 *      emptied page first, else the page at its high-water mark; with none, a region is
 *      mapped at the lowest free slot (RegionMapped) and its page 0 is taken.
 * free(p): the block goes to the head of its class list (BlockReturned); when it was the
 *   page's last live block, the page's carved blocks leave the list and the page goes to the
 *   head of its region's free pages (PageReleased), usable by any class; when no page of the
 *   region is in use, the region is unmapped (RegionUnmapped).
 *
 * Events and what evolve does with each (malloc and free call the same apply functions):
 *   RegionMapped    map the slot; no page carved, none free
 *   PageTaken       (family event: address, classBytes) the page leaves the free list or
 *                   raises the high-water mark; it becomes the class's carve page
 *   BlockHandedOut  the block leaves its class list, or is carved at the page's mark
 *   BlockReturned   the block goes to the head of its class list
 *   PageReleased    (family event: address, classBytes) its blocks leave the list; the page
 *                   goes to the head of the region's free pages
 *   RegionUnmapped  unmap the slot (no page of it is in use)
 *
 * Cost: malloc and free O(1), except a page release, which unlinks the page's carved blocks
 * (each carved by a malloc before: amortized O(1)), and a page take, which finds the lowest
 * region with a page in a bitmap (O(regions / 32)).
 */
import { AllocatorHeap, HEAP_BASE, type AllocatorConfig, type AllocatorEvent, type AllocatorFamily, type AllocatorSink, type FreeSpace, type LiveBlockInfo } from '@pymm/obmalloc';
import {
  NIL, clearBit, field, firstSetAtOrAbove, growInt16, growInt32, hex, isPow2, setBit, slotCapacityFor, testBit, unknownEvent, walkList,
} from './common.js';

export const SIMPLE_SEGREGATED = 'simple-segregated';
export const DEFAULT_PAGE_BYTES = 4096;

/** A page given to a size class (the family's own event). */
export interface PageTaken {
  readonly type: 'PageTaken';
  readonly family: typeof SIMPLE_SEGREGATED;
  readonly address: number;
  readonly classBytes: number;
  readonly [field: string]: unknown;
}
/** A page whose blocks are all free went back to its region's free pages. */
export interface PageReleased {
  readonly type: 'PageReleased';
  readonly family: typeof SIMPLE_SEGREGATED;
  readonly address: number;
  readonly classBytes: number;
  readonly [field: string]: unknown;
}

/** The heap of simple segregated storage. Config: AllocatorConfig plus `pageBytes` (default min(4096, regionBytes)). */
export class SimpleSegregatedHeap extends AllocatorHeap {
  readonly familyName = SIMPLE_SEGREGATED;
  readonly config: AllocatorConfig;
  readonly pageBytes: number;
  readonly pageUnits: number;
  /** page of unit g = g >> pageShift */
  readonly pageShift: number;
  readonly pagesPerRegion: number;
  /** region slot of page p = p >> regionPageShift */
  readonly regionPageShift: number;
  readonly classCount: number;
  /** Region slots the per-unit and per-page arrays cover. */
  slotCapacity = 0;
  /** Per unit g: links[2g] = next, links[2g + 1] = prev on the class free list. */
  links = new Int32Array(0);
  head: Int32Array;
  carvePage: Int32Array;
  pageClass = new Int16Array(0);
  pageUsed = new Int32Array(0);
  pageCarved = new Int32Array(0);
  pageNext = new Int32Array(0);
  highWater = new Int32Array(0);
  freePageHead = new Int32Array(0);
  pagesInUse = new Int32Array(0);
  /** Bit s: region s is mapped and has a free or uncarved page. */
  available = new Int32Array(0);

  constructor(config: AllocatorConfig = {}) {
    super(config);
    const pageBytes = config.pageBytes ?? Math.min(DEFAULT_PAGE_BYTES, this.regionBytes);
    this.classCount = Math.ceil(this.maxRequestBytes / this.alignmentBytes);
    const topClass = this.classCount * this.alignmentBytes;
    if (typeof pageBytes !== 'number' || !isPow2(pageBytes) || pageBytes < topClass || pageBytes > this.regionBytes) {
      throw new RangeError(`pageBytes must be a power of two from the largest class (${topClass}) to regionBytes (${this.regionBytes}), got ${String(pageBytes)}`);
    }
    this.pageBytes = pageBytes;
    this.config = { regionBytes: this.regionBytes, maxRequestBytes: this.maxRequestBytes, alignmentBytes: this.alignmentBytes, pageBytes };
    this.pageUnits = pageBytes >> this.alignmentShift;
    this.pageShift = Math.log2(this.pageUnits);
    this.pagesPerRegion = this.regionBytes / pageBytes;
    this.regionPageShift = Math.log2(this.pagesPerRegion);
    this.head = new Int32Array(this.classCount).fill(NIL);
    this.carvePage = new Int32Array(this.classCount).fill(NIL);
  }

  /** Grow the arrays so that region `slot` fits. */
  ensureSlot(slot: number): void {
    if (slot < this.slotCapacity) return;
    const cap = slotCapacityFor(slot, this.slotCapacity, 2 * this.unitsPerRegion);
    const units = cap * this.unitsPerRegion, pages = cap * this.pagesPerRegion;
    this.links = growInt32(this.links, 2 * units, NIL);
    this.pageClass = growInt16(this.pageClass, pages, NIL);
    this.pageUsed = growInt32(this.pageUsed, pages, 0);
    this.pageCarved = growInt32(this.pageCarved, pages, 0);
    this.pageNext = growInt32(this.pageNext, pages, NIL);
    this.highWater = growInt32(this.highWater, cap, 0);
    this.freePageHead = growInt32(this.freePageHead, cap, NIL);
    this.pagesInUse = growInt32(this.pagesInUse, cap, 0);
    this.available = growInt32(this.available, Math.ceil(cap / 32), 0);
    this.slotCapacity = cap;
  }

  classBytes(c: number): number {
    return (c + 1) * this.alignmentBytes;
  }

  /** The free list of class `c`, head first (addresses). */
  freeList(c: number): number[] {
    return walkList(this.head[c], this.links, this.links, 2, 0, this.links.length).units.map((g) => HEAP_BASE + g * this.alignmentBytes);
  }

  /** The page holding `address`: its class bytes (0 when free), live blocks and carved blocks. */
  pageAt(address: number): { address: number; classBytes: number; used: number; carved: number } {
    const p = Math.floor((address - HEAP_BASE) / this.pageBytes);
    const c = this.pageClass[p];
    return { address: HEAP_BASE + p * this.pageBytes, classBytes: c < 0 ? 0 : this.classBytes(c), used: this.pageUsed[p], carved: c < 0 ? 0 : this.pageCarved[p] / (c + 1) };
  }

  liveBlockList(): LiveBlockInfo[] {
    return this.livePayloads().map((payloadAddress) => {
      const size = this.classBytes(this.pageClass[Math.floor((payloadAddress - HEAP_BASE) / this.pageBytes)]);
      return { payloadAddress, usableBytes: size, requestBytes: this.requestAt(payloadAddress), blockAddress: payloadAddress, blockBytes: size };
    });
  }

  /**
   * freeBytes: mapped bytes not in live blocks (free blocks, uncarved and free pages, and
   * the tail of a page its class does not divide). freeBlocks: blocks on the class lists,
   * plus blocks a carve page can still carve, plus each free page (emptied or above the
   * high-water mark) counted once. largestFreeBytes: maxRequestBytes while a page is free,
   * else the largest class with a listed or carvable block.
   */
  freeSpace(): FreeSpace {
    let freeBlocks = 0, largest = 0, freePages = 0;
    for (let s = 0; s < this.slotCapacity; s++) if (this.mapped[s] === 1) freePages += this.pagesPerRegion - this.pagesInUse[s];
    for (let c = 0; c < this.classCount; c++) {
      const listed = walkList(this.head[c], this.links, this.links, 2, 0, this.links.length).units.length;
      const p = this.carvePage[c];
      const carvable = p === NIL ? 0 : Math.floor((this.pageUnits - this.pageCarved[p]) / (c + 1));
      freeBlocks += listed + carvable;
      if (listed + carvable > 0) largest = this.classBytes(c);
    }
    if (freePages > 0) largest = this.maxRequestBytes;
    return { freeBytes: this.mappedBytes - this.blockBytes, freeBlocks: freeBlocks + freePages, largestFreeBytes: Math.min(largest, this.maxRequestBytes) };
  }

  clone(): SimpleSegregatedHeap {
    const t = new SimpleSegregatedHeap(this.config);
    this.copySharedInto(t);
    t.slotCapacity = this.slotCapacity;
    t.links = this.links.slice();
    t.head = this.head.slice();
    t.carvePage = this.carvePage.slice();
    t.pageClass = this.pageClass.slice();
    t.pageUsed = this.pageUsed.slice();
    t.pageCarved = this.pageCarved.slice();
    t.pageNext = this.pageNext.slice();
    t.highWater = this.highWater.slice();
    t.freePageHead = this.freePageHead.slice();
    t.pagesInUse = this.pagesInUse.slice();
    t.available = this.available.slice();
    return t;
  }

  /** The first difference in what the allocator would do next, or null (stale links are not compared). */
  diff(o: SimpleSegregatedHeap): string | null {
    const shared = this.diffShared(o);
    if (shared !== null) return shared;
    if (this.pageBytes !== o.pageBytes) return `pageBytes: ${this.pageBytes} vs ${o.pageBytes}`;
    for (let c = 0; c < this.classCount; c++) {
      const a = this.freeList(c).join(), b = o.freeList(c).join();
      if (a !== b) return `class ${this.classBytes(c)} free list: [${a}] vs [${b}]`;
      const pa = this.carvePage[c], pb = o.carvePage[c];
      if (pa !== pb) return `class ${this.classBytes(c)} carve page: ${pa} vs ${pb}`;
    }
    for (let s = 0; s < this.mapped.length; s++) {
      if (this.mapped[s] !== 1) continue;
      const ppr = this.pagesPerRegion;
      if (this.highWater[s] !== o.highWater[s]) return `region ${s} high-water mark: ${this.highWater[s]} vs ${o.highWater[s]}`;
      if (this.pagesInUse[s] !== o.pagesInUse[s]) return `region ${s} pages in use: ${this.pagesInUse[s]} vs ${o.pagesInUse[s]}`;
      if (testBit(this.available, s) !== testBit(o.available, s)) return `region ${s} available bit differs`;
      const fa = this.freePages(s).join(), fb = o.freePages(s).join();
      if (fa !== fb) return `region ${s} free pages: [${fa}] vs [${fb}]`;
      for (let p = s * ppr; p < s * ppr + this.highWater[s]; p++) {
        if (this.pageClass[p] !== o.pageClass[p] || this.pageUsed[p] !== o.pageUsed[p] || this.pageCarved[p] !== o.pageCarved[p]) {
          return `page ${hex(HEAP_BASE + p * this.pageBytes)}: class/used/carved ${this.pageClass[p]}/${this.pageUsed[p]}/${this.pageCarved[p]} vs ${o.pageClass[p]}/${o.pageUsed[p]}/${o.pageCarved[p]}`;
        }
      }
    }
    return null;
  }

  /** The free pages of region slot `s`, head first (page numbers). */
  freePages(s: number): number[] {
    const out: number[] = [];
    for (let p = this.freePageHead[s]; p !== NIL && out.length <= this.pagesPerRegion; p = this.pageNext[p]) out.push(p);
    return out;
  }
}

// --- apply functions: the only code that changes the family's arrays ---------------------

function push(s: SimpleSegregatedHeap, c: number, g: number): void {
  const h = s.head[c], links = s.links;
  links[2 * g] = h;
  links[2 * g + 1] = NIL;
  if (h !== NIL) links[2 * h + 1] = g;
  s.head[c] = g;
}

function unlink(s: SimpleSegregatedHeap, c: number, g: number): void {
  const links = s.links, n = links[2 * g], p = links[2 * g + 1];
  if (p === NIL) s.head[c] = n;
  else links[2 * p] = n;
  if (n !== NIL) links[2 * n + 1] = p;
}

function refreshAvailable(s: SimpleSegregatedHeap, slot: number): void {
  if (s.mapped[slot] === 1 && (s.highWater[slot] < s.pagesPerRegion || s.freePageHead[slot] !== NIL)) setBit(s.available, slot);
  else clearBit(s.available, slot);
}

function applyRegionMapped(s: SimpleSegregatedHeap, address: number): void {
  const slot = (address - HEAP_BASE) / s.regionBytes;
  if (Number.isInteger(slot) && slot >= 0) slotCapacityFor(slot, s.slotCapacity, 2 * s.unitsPerRegion); // refuse before mapping
  s.mapRegion(address);
  s.ensureSlot(slot);
  s.highWater[slot] = 0;
  s.freePageHead[slot] = NIL;
  s.pagesInUse[slot] = 0;
  refreshAvailable(s, slot);
}

function applyRegionUnmapped(s: SimpleSegregatedHeap, address: number): void {
  const slot = (address - HEAP_BASE) / s.regionBytes;
  s.unmapRegion(address);
  s.highWater[slot] = 0;
  s.freePageHead[slot] = NIL;
  s.pagesInUse[slot] = 0;
  refreshAvailable(s, slot);
}

function applyPageTaken(s: SimpleSegregatedHeap, page: number, c: number): void {
  const slot = page >> s.regionPageShift;
  const index = page - (slot << s.regionPageShift);
  if (index === s.highWater[slot]) s.highWater[slot] = index + 1;
  else if (s.freePageHead[slot] === page) s.freePageHead[slot] = s.pageNext[page];
  else {
    let q = s.freePageHead[slot];
    while (s.pageNext[q] !== page) q = s.pageNext[q];
    s.pageNext[q] = s.pageNext[page];
  }
  s.pageNext[page] = NIL;
  s.pageClass[page] = c;
  s.pageUsed[page] = 0;
  s.pageCarved[page] = 0;
  s.carvePage[c] = page;
  s.pagesInUse[slot] += 1;
  refreshAvailable(s, slot);
}

function applyPageReleased(s: SimpleSegregatedHeap, page: number): void {
  const c = s.pageClass[page], step = c + 1, base = page << s.pageShift, end = base + s.pageCarved[page];
  for (let g = base; g < end; g += step) unlink(s, c, g);
  if (s.carvePage[c] === page) s.carvePage[c] = NIL;
  s.pageClass[page] = NIL;
  s.pageCarved[page] = 0;
  s.pageUsed[page] = 0;
  const slot = page >> s.regionPageShift;
  s.pageNext[page] = s.freePageHead[slot];
  s.freePageHead[slot] = page;
  s.pagesInUse[slot] -= 1;
  refreshAvailable(s, slot);
}

function applyHandedOut(s: SimpleSegregatedHeap, g: number, requestBytes: number): void {
  const page = g >> s.pageShift, c = s.pageClass[page], step = c + 1;
  const offset = g - (page << s.pageShift);
  if (offset === s.pageCarved[page]) {
    s.pageCarved[page] = offset + step;
    if (offset + 2 * step > s.pageUnits && s.carvePage[c] === page) s.carvePage[c] = NIL;
  } else unlink(s, c, g);
  s.pageUsed[page] += 1;
  s.handOut(HEAP_BASE + g * s.alignmentBytes, requestBytes, step * s.alignmentBytes);
}

function applyReturned(s: SimpleSegregatedHeap, g: number): void {
  const page = g >> s.pageShift, c = s.pageClass[page];
  push(s, c, g);
  s.pageUsed[page] -= 1;
  s.giveBack(HEAP_BASE + g * s.alignmentBytes, (c + 1) * s.alignmentBytes);
}

// --- the decider -------------------------------------------------------------------------

/** The page to take: the lowest region with one, its newest free page, else its high-water page; NIL if none. */
function pageToTake(s: SimpleSegregatedHeap): number {
  const slot = firstSetAtOrAbove(s.available, 0);
  if (slot < 0) return NIL;
  const f = s.freePageHead[slot];
  return f !== NIL ? f : (slot << s.regionPageShift) + s.highWater[slot];
}

function malloc(s: SimpleSegregatedHeap, n: number, sink: AllocatorSink | null): number {
  const c = (n - 1) >> s.alignmentShift;
  let g = s.head[c];
  if (g === NIL) {
    const cp = s.carvePage[c];
    if (cp !== NIL) g = (cp << s.pageShift) + s.pageCarved[cp];
    else {
      let page = pageToTake(s);
      if (page === NIL) {
        const slot = s.nextRegionSlot(), address = s.regionAddress(slot);
        applyRegionMapped(s, address);
        if (sink !== null) sink({ type: 'RegionMapped', address, sizeBytes: s.regionBytes });
        page = slot << s.regionPageShift;
      }
      applyPageTaken(s, page, c);
      if (sink !== null) sink({ type: 'PageTaken', family: SIMPLE_SEGREGATED, address: HEAP_BASE + page * s.pageBytes, classBytes: s.classBytes(c) } satisfies PageTaken);
      g = page << s.pageShift;
    }
  }
  applyHandedOut(s, g, n);
  const address = HEAP_BASE + g * s.alignmentBytes;
  if (sink !== null) sink({ type: 'BlockHandedOut', address, sizeBytes: s.classBytes(c), payloadAddress: address, requestBytes: n });
  return address;
}

function free(s: SimpleSegregatedHeap, address: number, sink: AllocatorSink | null): void {
  const g = (address - HEAP_BASE) / s.alignmentBytes;
  const page = g >> s.pageShift, c = s.pageClass[page];
  applyReturned(s, g);
  if (sink !== null) sink({ type: 'BlockReturned', address, sizeBytes: s.classBytes(c), payloadAddress: address });
  if (s.pageUsed[page] !== 0) return;
  applyPageReleased(s, page);
  if (sink !== null) sink({ type: 'PageReleased', family: SIMPLE_SEGREGATED, address: HEAP_BASE + page * s.pageBytes, classBytes: s.classBytes(c) } satisfies PageReleased);
  const slot = page >> s.regionPageShift;
  if (s.pagesInUse[slot] !== 0) return;
  const regionAddress = s.regionAddress(slot);
  applyRegionUnmapped(s, regionAddress);
  if (sink !== null) sink({ type: 'RegionUnmapped', address: regionAddress, sizeBytes: s.regionBytes });
}

function evolve(s: SimpleSegregatedHeap, e: AllocatorEvent): SimpleSegregatedHeap {
  const unit = (a: number): number => (a - HEAP_BASE) / s.alignmentBytes;
  switch (e.type) {
    case 'RegionMapped': applyRegionMapped(s, field(e, 'address')); return s;
    case 'RegionUnmapped': applyRegionUnmapped(s, field(e, 'address')); return s;
    case 'BlockHandedOut': applyHandedOut(s, unit(field(e, 'payloadAddress')), field(e, 'requestBytes')); return s;
    case 'BlockReturned': applyReturned(s, unit(field(e, 'payloadAddress'))); return s;
    case 'PageTaken':
    case 'PageReleased': {
      if ((e as { family?: unknown }).family !== SIMPLE_SEGREGATED) break;
      const page = unit(field(e, 'address')) >> s.pageShift;
      if (e.type === 'PageTaken') applyPageTaken(s, page, field(e, 'classBytes') / s.alignmentBytes - 1);
      else applyPageReleased(s, page);
      return s;
    }
  }
  return unknownEvent(SIMPLE_SEGREGATED, e);
}

/** The family's structural invariants: one line per violation. */
function findViolations(s: SimpleSegregatedHeap): string[] {
  const out: string[] = [];
  const A = s.alignmentBytes, ppr = s.pagesPerRegion;
  const listedIn = new Map<number, number>(); // page -> blocks listed
  const seen = new Set<number>();
  for (let c = 0; c < s.classCount; c++) {
    const { units, error } = walkList(s.head[c], s.links, s.links, 2, 0, s.links.length);
    if (error) out.push(`class ${s.classBytes(c)} free list: ${error}`);
    for (const g of units) {
      const slot = Math.floor(g / s.unitsPerRegion), page = g >> s.pageShift, offset = g - (page << s.pageShift);
      const where = `class ${s.classBytes(c)}: free block ${hex(HEAP_BASE + g * A)}`;
      if (seen.has(g)) out.push(`${where} listed twice`);
      seen.add(g);
      if (s.mapped[slot] !== 1) { out.push(`${where} is in no mapped region`); continue; }
      if (s.pageClass[page] !== c) out.push(`${where} is in a page of class ${s.pageClass[page]}`);
      if (offset % (c + 1) !== 0 || offset >= s.pageCarved[page]) out.push(`${where} is not a carved block of its page`);
      if (s.requests[slot]![g - slot * s.unitsPerRegion] !== 0) out.push(`${where} is live`);
      listedIn.set(page, (listedIn.get(page) ?? 0) + 1);
    }
    const cp = s.carvePage[c];
    if (cp !== NIL && (s.pageClass[cp] !== c || s.pageCarved[cp] + (c + 1) > s.pageUnits)) out.push(`class ${s.classBytes(c)}: carve page ${cp} has class ${s.pageClass[cp]} and no room`);
  }
  let liveBytes = 0, live = 0, requested = 0;
  for (let slot = 0; slot < s.mapped.length; slot++) {
    if (s.mapped[slot] !== 1) continue;
    const table = s.requests[slot]!, hw = s.highWater[slot];
    if (hw < 0 || hw > ppr) out.push(`region ${slot}: high-water mark ${hw}`);
    const free = s.freePages(slot);
    if (free.length > ppr) out.push(`region ${slot}: free page list cycles`);
    const freeSet = new Set(free);
    let inUse = 0;
    for (let i = 0; i < ppr; i++) {
      const p = slot * ppr + i, c = s.pageClass[p], base = i * s.pageUnits;
      let used = 0;
      for (let u = base; u < base + s.pageUnits; u++) {
        if (table[u] === 0) continue;
        used += 1;
        const size = (c + 1) * A;
        if (c < 0 || (u - base) % (c + 1) !== 0) out.push(`live block ${hex(HEAP_BASE + (slot * s.unitsPerRegion + u) * A)} is not a block of its page`);
        if (table[u] > size) out.push(`live block ${hex(HEAP_BASE + (slot * s.unitsPerRegion + u) * A)}: request ${table[u]} > ${size}`);
        liveBytes += size;
        requested += table[u];
      }
      live += used;
      const where = `page ${hex(HEAP_BASE + p * s.pageBytes)}`;
      if (c === NIL) {
        if (used !== 0) out.push(`${where} is free but holds ${used} live blocks`);
        if (i < hw && !freeSet.has(p)) out.push(`${where} is free below the high-water mark but not on the free pages`);
        if (i >= hw && freeSet.has(p)) out.push(`${where} is above the high-water mark but on the free pages`);
        continue;
      }
      inUse += 1;
      if (c < 0 || c >= s.classCount) { out.push(`${where} has class ${c}`); continue; }
      if (i >= hw) out.push(`${where} is in use above the high-water mark`);
      if (freeSet.has(p)) out.push(`${where} is in use and on the free pages`);
      if (used !== s.pageUsed[p]) out.push(`${where}: ${used} live blocks, counted ${s.pageUsed[p]}`);
      if (used === 0) out.push(`${where} is in use with no live block (not released)`);
      const carved = s.pageCarved[p];
      if (carved % (c + 1) !== 0 || carved > s.pageUnits) out.push(`${where}: carved mark ${carved}`);
      const freeCarved = carved / (c + 1) - used;
      if ((listedIn.get(p) ?? 0) !== freeCarved) out.push(`${where}: ${freeCarved} free carved blocks, ${listedIn.get(p) ?? 0} on the list`);
      if (carved + (c + 1) <= s.pageUnits && s.carvePage[c] !== p) out.push(`${where} can carve but is not its class's carve page`);
    }
    if (inUse !== s.pagesInUse[slot]) out.push(`region ${slot}: ${inUse} pages in use, counted ${s.pagesInUse[slot]}`);
    if (inUse === 0) out.push(`region ${slot} has no page in use and is still mapped`);
    if (free.length !== hw - inUse) out.push(`region ${slot}: ${free.length} free pages listed, ${hw - inUse} expected`);
    const avail = hw < ppr || free.length > 0;
    if (testBit(s.available, slot) !== avail) out.push(`region ${slot}: available bit ${!avail}`);
  }
  for (let slot = 0; slot < s.slotCapacity; slot++) if (s.mapped[slot] !== 1 && testBit(s.available, slot)) out.push(`unmapped region ${slot} marked available`);
  if (live !== s.liveBlocks) out.push(`liveBlocks ${s.liveBlocks}, found ${live}`);
  if (liveBytes !== s.blockBytes) out.push(`blockBytes ${s.blockBytes}, live blocks hold ${liveBytes}`);
  if (requested !== s.requestedBytes) out.push(`requestedBytes ${s.requestedBytes}, live requests sum to ${requested}`);
  return out;
}

export const simpleSegregated: AllocatorFamily<SimpleSegregatedHeap> = {
  name: SIMPLE_SEGREGATED,
  title: 'Simple segregated storage: a LIFO free list per 16-byte size class, pages of one class, no header, no splitting or coalescing',
  reference: 'Wilson, Johnstone, Neely, Boles, "Dynamic Storage Allocation: A Survey and Critical Review" (IWMM 1995), §3.6 Segregated Free Lists, simple segregated storage',
  initialState: (config) => new SimpleSegregatedHeap(config),
  malloc,
  free,
  usableBytes: (s, address) => s.classBytes(s.pageClass[Math.floor((address - HEAP_BASE) / s.pageBytes)]),
  evolve,
  clone: (s) => s.clone(),
  diff: (a, b) => a.diff(b),
  findViolations,
};
