/**
 * MinBitset: a set of integers 0 .. capacity - 1 that answers "which is the smallest
 * member?" in O(log_32 capacity) word reads. The buddy system keeps one per order: member
 * i of order k's set is the free block of order k starting at unit i << k, so the
 * smallest member is the lowest-address free block of that order.
 *
 * A hierarchical bitmap (a 32-ary summary tree, the structure behind van Emde Boas-style
 * "find first set" searches and the Linux scheduler's priority bitmap):
 *
 *   level   bit i is set iff
 *   0       i is a member
 *   j >= 1  word i of level j - 1 is not zero
 *
 * All levels live in one Int32Array (level j from offsets[j]), so a step up or down is
 * one typed-array read, not an array-of-arrays load.
 *
 * The top level is one word. With 2^28 members (4096 regions of 1 MiB in 16-byte units)
 * that is 6 levels, so:
 *
 *   operation  cost                                      how
 *   add        O(1) usually, O(levels) at worst          set the bit; go up only while a
 *                                                        word was zero before
 *   delete     O(1) usually, O(levels) at worst          clear the bit; go up only while a
 *                                                        word became zero
 *   min        O(levels): one word read per level        from the top, lowest set bit of
 *                                                        each word picks the word below
 *   grow       O(capacity / 32), rare                    copy level 0, rebuild the summaries
 *
 * Indices stay below 2^31 (members are units of the heap), so int32 arithmetic holds.
 */
export class MinBitset {
  /** All levels in one array (no array-of-arrays load on the hot path): level j is bits[offsets[j] .. offsets[j + 1]). */
  bits: Int32Array;
  offsets: Int32Array;
  /** Levels; the last is a single word. */
  depth: number;
  /** Members range over 0 .. capacity - 1. */
  capacity: number;

  constructor(capacity: number) {
    this.capacity = 0;
    this.depth = 0;
    this.bits = new Int32Array(0);
    this.offsets = new Int32Array(1);
    this.grow(capacity);
  }

  /** Words of each level for `capacity` members: the last one has one word. */
  static levelWords(capacity: number): number[] {
    const words: number[] = [];
    let w = Math.max(1, Math.ceil(capacity / 32));
    for (;;) {
      words.push(w);
      if (w === 1) return words;
      w = Math.ceil(w / 32);
    }
  }

  /** Level j's words (a view). */
  level(j: number): Int32Array {
    return this.bits.subarray(this.offsets[j], this.offsets[j + 1]);
  }

  has(i: number): boolean {
    return ((this.bits[i >>> 5] >>> (i & 31)) & 1) !== 0;
  }

  /** Add member i (not a member yet). */
  add(i: number): void {
    const b = this.bits, off = this.offsets, d = this.depth;
    for (let j = 0; j < d; j++) {
      const w = i >>> 5, p = off[j] + w, old = b[p];
      b[p] = old | (1 << (i & 31));
      if (old !== 0) return;
      i = w;
    }
  }

  /** Remove member i (a member). */
  delete(i: number): void {
    const b = this.bits, off = this.offsets, d = this.depth;
    for (let j = 0; j < d; j++) {
      const w = i >>> 5, p = off[j] + w, now = b[p] & ~(1 << (i & 31));
      b[p] = now;
      if (now !== 0) return;
      i = w;
    }
  }

  /** The smallest member, or -1 when the set is empty. */
  min(): number {
    const b = this.bits, off = this.offsets;
    let i = 0;
    for (let j = this.depth - 1; j >= 0; j--) {
      const word = b[off[j] + i];
      if (word === 0) return -1; // only the top word can be zero on the way down
      i = (i << 5) | (31 - Math.clz32(word & -word));
    }
    return i;
  }

  /** Room for `capacity` members (never shrinks); members are kept. */
  grow(capacity: number): void {
    if (capacity <= this.capacity && this.depth > 0) return;
    if (capacity > 2 ** 31) throw new RangeError(`MinBitset capacity ${capacity} exceeds 2^31`);
    const words = MinBitset.levelWords(capacity);
    const offsets = new Int32Array(words.length + 1);
    for (let j = 0; j < words.length; j++) offsets[j + 1] = offsets[j] + words[j];
    const bits = new Int32Array(offsets[words.length]);
    if (this.depth > 0) bits.set(this.level(0));
    for (let j = 1; j < words.length; j++) {
      for (let w = 0; w < words[j - 1]; w++) if (bits[offsets[j - 1] + w] !== 0) bits[offsets[j] + (w >>> 5)] |= 1 << (w & 31);
    }
    this.bits = bits;
    this.offsets = offsets;
    this.depth = words.length;
    this.capacity = capacity;
  }

  clone(): MinBitset {
    const c = new MinBitset(0);
    c.bits = this.bits.slice();
    c.offsets = this.offsets.slice();
    c.depth = this.depth;
    c.capacity = this.capacity;
    return c;
  }

  /** Members in ascending order (tests and checks; O(capacity / 32)). */
  members(): number[] {
    const out: number[] = [];
    const a = this.level(0);
    for (let w = 0; w < a.length; w++) {
      let word = a[w];
      while (word !== 0) {
        const b = 31 - Math.clz32(word & -word);
        out.push((w << 5) | b);
        word &= word - 1;
      }
    }
    return out;
  }

  /** The first inconsistency between the levels (or a member past capacity), else null. */
  check(): string | null {
    const words = MinBitset.levelWords(this.capacity);
    if (this.depth !== words.length || this.offsets.length !== words.length + 1) return `${this.depth} levels for capacity ${this.capacity}, expected ${words.length}`;
    for (let j = 0; j < this.depth; j++) if (this.offsets[j + 1] - this.offsets[j] !== words[j]) return `level ${j} has ${this.offsets[j + 1] - this.offsets[j]} words, expected ${words[j]}`;
    if (this.bits.length !== this.offsets[this.depth]) return `${this.bits.length} words in all, expected ${this.offsets[this.depth]}`;
    const a0 = this.level(0);
    for (let i = this.capacity; i < a0.length * 32; i++) if (((a0[i >>> 5] >>> (i & 31)) & 1) !== 0) return `member ${i} is past the capacity ${this.capacity}`;
    for (let j = 1; j < this.depth; j++) {
      const below = this.level(j - 1), a = this.level(j);
      for (let i = 0; i < a.length * 32; i++) {
        const summary = ((a[i >>> 5] >>> (i & 31)) & 1) !== 0;
        const nonzero = i < below.length && below[i] !== 0;
        if (summary !== nonzero) return `level ${j} bit ${i} is ${summary ? 1 : 0} but word ${i} of level ${j - 1} is ${nonzero ? 'not ' : ''}zero`;
      }
    }
    return null;
  }

  /**
   * The first difference in membership from `o`, else null. Only level 0 is compared (with
   * zero padding: two sets of different capacities can hold the same members); the
   * summaries follow from it, and `check` verifies that they do.
   */
  diff(o: MinBitset): string | null {
    const a = this.level(0), b = o.level(0);
    const len = Math.max(a.length, b.length);
    for (let w = 0; w < len; w++) {
      const x = a[w] ?? 0, y = b[w] ?? 0;
      if (x !== y) {
        const bit = 31 - Math.clz32((x ^ y) & -(x ^ y));
        return `member ${(w << 5) | bit}: ${(x >>> bit) & 1 ? 'in' : 'not in'} vs ${(y >>> bit) & 1 ? 'in' : 'not in'}`;
      }
    }
    return null;
  }
}
