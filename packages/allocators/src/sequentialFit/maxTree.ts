/**
 * Segment trees of maxima over a power-of-two number of leaves, in a Uint16Array:
 *
 *   index     holds
 *   0         unused
 *   1         the root: the largest leaf
 *   k < n     max(t[2k], t[2k + 1])
 *   n + i     leaf i
 *
 * First and next fit keep one per region (leaf = the size in units of the free block
 * starting at that unit, capped at the largest block a request can need; 0 where no free
 * block starts) and one over the region slots (leaf = that region's root). "The lowest
 * address whose free block fits" is then a descent: O(log n), and exactly what a linear
 * scan of an address-ordered free list would find.
 */

/**
 * Set leaf `i` to `v` and repair its ancestors. A larger leaf raises ancestors only while
 * they are smaller (one read per level); a smaller one can only lower ancestors whose
 * maximum was the old leaf, so the walk stops at the first ancestor above it, or as soon
 * as a sibling still holds the old value.
 */
export function setLeaf(t: Uint16Array, n: number, i: number, v: number): void {
  let k = n + i;
  const old = t[k];
  if (v === old) return;
  t[k] = v;
  k >>= 1;
  if (v > old) {
    while (k > 0 && t[k] < v) {
      t[k] = v;
      k >>= 1;
    }
    return;
  }
  while (k > 0 && t[k] === old) {
    const a = t[k << 1];
    const b = t[(k << 1) | 1];
    const m = a > b ? a : b;
    if (m === old) return;
    t[k] = m;
    k >>= 1;
  }
}

/** From node `k` (whose maximum is at least `need`), the leftmost leaf of at least `need`. */
export function descend(t: Uint16Array, n: number, k: number, need: number): number {
  while (k < n) {
    k <<= 1;
    if (t[k] < need) k |= 1;
    if (k >= n) break;
    k <<= 1;
    if (t[k] < need) k |= 1;
    if (k >= n) break;
    k <<= 1;
    if (t[k] < need) k |= 1;
    if (k >= n) break;
    k <<= 1;
    if (t[k] < need) k |= 1;
  }
  return k - n;
}

/** The leftmost leaf of at least `need`, or -1. */
export function leftmost(t: Uint16Array, n: number, need: number): number {
  return t[1] >= need ? descend(t, n, 1, need) : -1;
}

/** The leftmost leaf at index `from` or above of at least `need`, or -1. */
export function leftmostFrom(t: Uint16Array, n: number, from: number, need: number): number {
  if (from <= 0) return leftmost(t, n, need);
  if (from >= n) return -1;
  let k = n + from;
  if (t[k] >= need) return from;
  for (;;) {
    if (k === 1) return -1;
    if ((k & 1) === 1) {
      k >>= 1; // a right child: its right neighbours are the parent's right neighbours
      continue;
    }
    k |= 1; // a left child: try its right sibling, all of whose leaves lie after `from`
    if (t[k] >= need) return descend(t, n, k, need);
  }
}

/** A tree of `n` leaves (a power of two) with the leaves of `old` (of `oldN` leaves) copied in. */
export function grownTree(old: Uint16Array, oldN: number, n: number): Uint16Array {
  const t = new Uint16Array(2 * n);
  t.set(old.subarray(oldN, 2 * oldN), n);
  for (let k = n - 1; k > 0; k--) {
    const a = t[k << 1];
    const b = t[(k << 1) | 1];
    t[k] = a > b ? a : b;
  }
  return t;
}
