/**
 * Best fit's index of the free blocks: "the smallest free block of at least `need` units,
 * the lowest address among equals" with a few word operations, exactly what a linear scan
 * of the address-ordered free list keeping the best so far returns.
 *
 *   part               holds                                            answers
 *   bins lo..hi        per region, one bitset per size k (hi = the      the lowest block of
 *                      largest block a request can need): bit u set     exactly k units: the
 *                      <=> a free block of exactly k units starts at    first slot with the
 *                      unit u; 32-ary levels of summary words above     bin's bit, then the
 *                      (bitTree below); per bin a bitmask over the      bitset's first bit
 *                      slots whose bitset is not empty; a count per
 *                      bin and a mask of the non-empty bins
 *   large              the free blocks above hi units in a binary       any of them serves any
 *                      min-heap by (size, address); a block's heap      request: the top
 *                      index is kept inside it, in the tag word of
 *                      its second unit (free blocks hold their list
 *                      links, as in Knuth's boundary-tag method)
 *
 * best(need): the first non-empty bin of at least `need` (clz32 over the bin mask), its
 * lowest block; else the top of `large`; else none.
 */

function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Word offsets of the levels of a 32-ary bitset over `bits` bits: level 0 (the bits) first, the one-word top last. */
export function bitTreeLevels(bits: number): Int32Array {
  const offs: number[] = [0];
  let words = Math.ceil(bits / 32);
  let total = words;
  while (words > 1) {
    offs.push(total);
    words = Math.ceil(words / 32);
    total += words;
  }
  offs.push(total); // the end
  return Int32Array.from(offs);
}

export class BestFitIndex {
  readonly bins: number;
  /** Per region slot: the bins' bitsets, bin b at b * wordsPerBin. */
  bits: (Uint32Array | null)[] = [];
  readonly levels: Int32Array;
  readonly wordsPerBin: number;
  /** Per bin: a bitmask over the slots whose bitset is not empty (bin b at b * slotWords). */
  binSlots: Uint32Array;
  slotWords = 1;
  binCount: Int32Array;
  binMask: Uint32Array;
  largeKeys = new Float64Array(16);
  largeSizes = new Int32Array(16);
  largeLen = 0;
  /** Where the last best() found its block. */
  foundSlot = 0;
  foundUnit = 0;
  private readonly invUnits: number;

  constructor(
    readonly lo: number,
    readonly hi: number,
    readonly unitsPerRegion: number,
    /** The heap's tag arrays (the large heap keeps each block's index in its second unit). */
    readonly tags: (Int32Array | null)[],
  ) {
    this.bins = hi - lo + 1;
    this.levels = bitTreeLevels(unitsPerRegion);
    this.wordsPerBin = this.levels[this.levels.length - 1];
    this.binSlots = new Uint32Array(this.bins * this.slotWords);
    this.binCount = new Int32Array(this.bins);
    this.binMask = new Uint32Array((this.bins + 31) >> 5);
    this.invUnits = 1 / unitsPerRegion; // a power of two: exact
  }

  /** A new region's (zeroed) bitsets. */
  newRegionBits(): Uint32Array {
    return new Uint32Array(this.bins * this.wordsPerBin);
  }

  /** Give `slot` its bitsets (all clear). */
  attach(slot: number, bits: Uint32Array): void {
    while (this.bits.length <= slot) this.bits.push(null);
    this.bits[slot] = bits;
    if (slot >= this.slotWords * 32) {
      let w = this.slotWords;
      while (slot >= w * 32) w *= 2;
      const grown = new Uint32Array(this.bins * w);
      for (let b = 0; b < this.bins; b++) grown.set(this.binSlots.subarray(b * this.slotWords, (b + 1) * this.slotWords), b * w);
      this.binSlots = grown;
      this.slotWords = w;
    }
  }

  /** Take the (all clear) bitsets of `slot` away; returns them for reuse. */
  detach(slot: number): Uint32Array | null {
    const b = this.bits[slot];
    this.bits[slot] = null;
    return b;
  }

  insert(slot: number, unit: number, units: number): void {
    if (units > this.hi) {
      this.largeInsert(slot * this.unitsPerRegion + unit, units);
      return;
    }
    const b = units - this.lo;
    const a = this.bits[slot]!;
    const base = b * this.wordsPerBin;
    const levels = this.levels;
    let i = unit;
    for (let l = 0; l < levels.length - 1; l++) {
      const w = base + levels[l] + (i >> 5);
      const old = a[w];
      a[w] = old | (1 << (i & 31));
      if (old !== 0) break;
      if (l === levels.length - 2) this.binSlots[b * this.slotWords + (slot >> 5)] |= 1 << (slot & 31); // the bitset was empty
      i >>= 5;
    }
    if (this.binCount[b]++ === 0) this.binMask[b >> 5] |= 1 << (b & 31);
  }

  remove(slot: number, unit: number, units: number): void {
    if (units > this.hi) {
      this.largeRemove(slot, unit);
      return;
    }
    const b = units - this.lo;
    const a = this.bits[slot]!;
    const base = b * this.wordsPerBin;
    const levels = this.levels;
    let i = unit;
    for (let l = 0; l < levels.length - 1; l++) {
      const w = base + levels[l] + (i >> 5);
      const now = a[w] & ~(1 << (i & 31));
      a[w] = now;
      if (now !== 0) break;
      if (l === levels.length - 2) this.binSlots[b * this.slotWords + (slot >> 5)] &= ~(1 << (slot & 31)); // now empty
      i >>= 5;
    }
    if (--this.binCount[b] === 0) this.binMask[b >> 5] &= ~(1 << (b & 31));
  }

  /** The best block for `need` units into foundSlot/foundUnit; false when none. */
  best(need: number): boolean {
    let b = need - this.lo;
    if (b < 0) b = 0;
    const mask = this.binMask;
    let w = b >> 5;
    if (w < mask.length) {
      let bits = mask[w] & (-1 << (b & 31));
      while (bits === 0) {
        if (++w === mask.length) break;
        bits = mask[w];
      }
      if (bits !== 0) {
        b = (w << 5) + ctz(bits);
        this.lowestIn(b);
        return true;
      }
    }
    if (this.largeLen === 0) return false;
    const g = this.largeKeys[0];
    const slot = Math.floor(g * this.invUnits);
    this.foundSlot = slot;
    this.foundUnit = g - slot * this.unitsPerRegion;
    return true;
  }

  /** The lowest block of the (non-empty) bin `b`. */
  private lowestIn(b: number): void {
    const sw = this.slotWords;
    let k = b * sw;
    while (this.binSlots[k] === 0) k++;
    const slot = ((k - b * sw) << 5) + ctz(this.binSlots[k]);
    const a = this.bits[slot]!;
    const base = b * this.wordsPerBin;
    const levels = this.levels;
    let i = 0;
    for (let l = levels.length - 2; l >= 0; l--) i = (i << 5) + ctz(a[base + levels[l] + i]);
    this.foundSlot = slot;
    this.foundUnit = i;
  }

  /** The size in units of the largest indexed block, hi + 1 if any is large; 0 when none. */
  largest(): number {
    if (this.largeLen > 0) return this.hi + 1;
    for (let w = this.binMask.length - 1; w >= 0; w--) {
      if (this.binMask[w] !== 0) return this.lo + (w << 5) + 31 - Math.clz32(this.binMask[w]);
    }
    return 0;
  }

  // --- the large heap: index of block g kept in tags[slot][unit + 1] ---------------------

  private setPos(g: number, i: number): void {
    const slot = Math.floor(g * this.invUnits);
    this.tags[slot]![g - slot * this.unitsPerRegion + 1] = i;
  }

  private largeInsert(g: number, units: number): void {
    if (this.largeLen === this.largeKeys.length) {
      const k = new Float64Array(this.largeLen * 2);
      k.set(this.largeKeys);
      this.largeKeys = k;
      const s = new Int32Array(this.largeLen * 2);
      s.set(this.largeSizes);
      this.largeSizes = s;
    }
    this.largeUp(this.largeLen++, g, units);
  }

  private largeRemove(slot: number, unit: number): void {
    const tags = this.tags[slot]!;
    const i = tags[unit + 1];
    tags[unit + 1] = 0;
    const last = --this.largeLen;
    if (i === last) return;
    const lk = this.largeKeys[last];
    const ls = this.largeSizes[last];
    const p = (i - 1) >> 1;
    if (i > 0 && (ls < this.largeSizes[p] || (ls === this.largeSizes[p] && lk < this.largeKeys[p]))) this.largeUp(i, lk, ls);
    else this.largeDown(i, lk, ls);
  }

  private largeUp(i: number, g: number, units: number): void {
    const k = this.largeKeys;
    const s = this.largeSizes;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (s[p] < units || (s[p] === units && k[p] < g)) break;
      k[i] = k[p];
      s[i] = s[p];
      this.setPos(k[i], i);
      i = p;
    }
    k[i] = g;
    s[i] = units;
    this.setPos(g, i);
  }

  private largeDown(i: number, g: number, units: number): void {
    const k = this.largeKeys;
    const s = this.largeSizes;
    const n = this.largeLen;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (s[c + 1] < s[c] || (s[c + 1] === s[c] && k[c + 1] < k[c]))) c++;
      if (s[c] > units || (s[c] === units && k[c] > g)) break;
      k[i] = k[c];
      s[i] = s[c];
      this.setPos(k[i], i);
      i = c;
    }
    k[i] = g;
    s[i] = units;
    this.setPos(g, i);
  }

  /** A copy over `tags` (the clone's tag arrays). */
  cloneOver(tags: (Int32Array | null)[]): BestFitIndex {
    const c = new BestFitIndex(this.lo, this.hi, this.unitsPerRegion, tags);
    c.bits = this.bits.map((a) => (a ? a.slice() : null));
    c.binSlots = this.binSlots.slice();
    c.slotWords = this.slotWords;
    c.binCount = this.binCount.slice();
    c.binMask = this.binMask.slice();
    c.largeKeys = this.largeKeys.slice();
    c.largeSizes = this.largeSizes.slice();
    c.largeLen = this.largeLen;
    return c;
  }

  /**
   * Inconsistencies with the free blocks `free` (slot, unit, units), lowest first: each bin
   * bitset holds exactly its blocks, with summary words, slot bits, counts and the bin mask
   * matching; the large heap holds exactly the large blocks, in heap order, each block's
   * second unit naming its index.
   */
  violations(free: readonly { slot: number; unit: number; units: number }[]): string[] {
    const out: string[] = [];
    const want = new Map<string, number>();
    let large = 0;
    for (const f of free) {
      if (f.units > this.hi) large++;
      else want.set(`${f.slot}:${f.units}:${f.unit}`, 1);
    }
    const counts = new Int32Array(this.bins);
    const levels = this.levels;
    for (let slot = 0; slot < this.bits.length; slot++) {
      const a = this.bits[slot];
      if (!a) continue;
      for (let b = 0; b < this.bins; b++) {
        const base = b * this.wordsPerBin;
        for (let u = 0; u < this.unitsPerRegion; u++) {
          if ((u & 31) === 0 && a[base + (u >> 5)] === 0) {
            u += 31;
            continue;
          }
          if (((a[base + (u >> 5)] >>> (u & 31)) & 1) === 0) continue;
          counts[b]++;
          if (!want.delete(`${slot}:${b + this.lo}:${u}`)) out.push(`bin ${b + this.lo}: slot ${slot} unit ${u} indexed but no free block of that size starts there`);
        }
        for (let l = 1; l < levels.length - 1; l++) {
          for (let w = 0; w < levels[l + 1] - levels[l]; w++) {
            for (let j = 0; j < 32; j++) {
              const below = levels[l - 1] + w * 32 + j;
              const bit = (a[base + levels[l] + w] >>> j) & 1;
              const nonzero = below < levels[l] && a[base + below] !== 0 ? 1 : 0;
              if (bit !== nonzero) out.push(`bin ${b + this.lo}: slot ${slot} summary level ${l} word ${w} bit ${j} is ${bit}`);
            }
          }
        }
        const top = a[base + levels[levels.length - 2]] !== 0 ? 1 : 0;
        const slotBit = (this.binSlots[b * this.slotWords + (slot >> 5)] >>> (slot & 31)) & 1;
        if (top !== slotBit) out.push(`bin ${b + this.lo}: slot bit ${slotBit} for slot ${slot} whose bitset is ${top ? 'not ' : ''}empty`);
      }
    }
    for (const k of want.keys()) out.push(`free block ${k} (slot:units:unit) missing from its bin`);
    for (let b = 0; b < this.bins; b++) {
      if (counts[b] !== this.binCount[b]) out.push(`bin ${b + this.lo}: count ${this.binCount[b]}, ${counts[b]} indexed`);
      const m = (this.binMask[b >> 5] >>> (b & 31)) & 1;
      if (m !== (counts[b] > 0 ? 1 : 0)) out.push(`bin ${b + this.lo}: mask bit ${m}`);
    }
    if (large !== this.largeLen) out.push(`large: ${this.largeLen} blocks indexed, ${large} large free blocks`);
    for (let i = 0; i < this.largeLen; i++) {
      const g = this.largeKeys[i];
      const units = this.largeSizes[i];
      const slot = Math.floor(g * this.invUnits);
      const unit = g - slot * this.unitsPerRegion;
      const tags = this.tags[slot];
      if (!tags || tags[unit] !== units || units <= this.hi) out.push(`large: index ${i} names unit ${g} of ${units} units, the tag says ${tags?.[unit]}`);
      else if (tags[unit + 1] !== i) out.push(`large: the block at unit ${g} says it is at index ${tags[unit + 1]}, not ${i}`);
      if (i > 0) {
        const p = (i - 1) >> 1;
        const ps = this.largeSizes[p];
        if (ps > units || (ps === units && this.largeKeys[p] >= g)) out.push(`large: heap order broken at ${i}`);
      }
    }
    return out;
  }
}
