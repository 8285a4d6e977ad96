/**
 * list.sort's algorithm, Objects/listobject.c's timsort (listsort.txt): natural runs
 * (count_run, descending ones reversed), short runs extended by binary insertion
 * (binarysort) to minrun, runs merged by the powersort rule (found_new_run, powerloop)
 * with galloping (gallop_left, gallop_right, merge_lo, merge_hi). The comparisons are
 * the ones CPython makes, in its order and with its operands (`lt(a, b)` is a < b), so a
 * user __lt__ sees the same calls, a comparison that raises raises at the same pair, and
 * inconsistent orders (nan) give the same permutation. If `lt` throws, the arrays are
 * left a permutation of what they were (as CPython leaves the list) and the error passes.
 */

const MIN_GALLOP = 7;

interface Run { base: number; len: number; power: number }

export function timsort<K, V>(keys: K[], values: V[] | null, lt: (a: K, b: K) => boolean): void {
  new TimSort(keys, values, lt).sort();
}

class TimSort<K, V> {
  private minGallop = MIN_GALLOP;
  private readonly pending: Run[] = [];

  constructor(private readonly keys: K[], private readonly values: V[] | null, private readonly lt: (a: K, b: K) => boolean) {}

  sort(): void {
    const n = this.keys.length;
    if (n < 2) return;
    let lo = 0, nremaining = n;
    const minrun = computeMinrun(n);
    do {
      let [run, descending] = this.countRun(lo, lo + nremaining);
      if (descending) this.reverse(lo, lo + run);
      if (run < minrun) {
        const force = nremaining <= minrun ? nremaining : minrun;
        this.binarysort(lo, lo + force, lo + run);
        run = force;
      }
      this.foundNewRun(run);
      this.pending.push({ base: lo, len: run, power: 0 });
      lo += run;
      nremaining -= run;
    } while (nremaining > 0);
    this.mergeForceCollapse();
  }

  private reverse(lo: number, hi: number): void {
    const rev = <T>(a: T[]) => { for (let i = lo, j = hi - 1; i < j; i++, j--) { const t = a[i]!; a[i] = a[j]!; a[j] = t; } };
    rev(this.keys);
    if (this.values !== null) rev(this.values);
  }

  /** Moves the element at `from` to `to` (to <= from), shifting the ones between up. */
  private rotateDown(to: number, from: number): void {
    const mv = <T>(a: T[]) => { const x = a[from]!; for (let p = from; p > to; p--) a[p] = a[p - 1]!; a[to] = x; };
    mv(this.keys);
    if (this.values !== null) mv(this.values);
  }

  private binarysort(lo: number, hi: number, start: number): void {
    const a = this.keys;
    if (lo === start) start++;
    for (; start < hi; start++) {
      let l = lo, r = start;
      const pivot = a[r]!;
      do {
        const p = l + ((r - l) >> 1);
        if (this.lt(pivot, a[p]!)) r = p;
        else l = p + 1;
      } while (l < r);
      this.rotateDown(l, start);
    }
  }

  private countRun(lo: number, hi: number): [number, boolean] {
    const a = this.keys;
    lo++;
    if (lo === hi) return [1, false];
    let n = 2;
    if (this.lt(a[lo]!, a[lo - 1]!)) {
      for (lo = lo + 1; lo < hi; lo++, n++) if (!this.lt(a[lo]!, a[lo - 1]!)) break;
      return [n, true];
    }
    for (lo = lo + 1; lo < hi; lo++, n++) if (this.lt(a[lo]!, a[lo - 1]!)) break;
    return [n, false];
  }

  /** gallop_left over `a` (n items from `base`): k with a[k-1] < key <= a[k]. */
  private gallopLeft(key: K, a: K[], base: number, n: number, hint: number): number {
    let lastofs = 0, ofs = 1;
    if (this.lt(a[base + hint]!, key)) {
      const maxofs = n - hint;
      while (ofs < maxofs) {
        if (this.lt(a[base + hint + ofs]!, key)) { lastofs = ofs; ofs = (ofs << 1) + 1; } else break;
      }
      if (ofs > maxofs) ofs = maxofs;
      lastofs += hint;
      ofs += hint;
    } else {
      const maxofs = hint + 1;
      while (ofs < maxofs) {
        if (this.lt(a[base + hint - ofs]!, key)) break;
        lastofs = ofs;
        ofs = (ofs << 1) + 1;
      }
      if (ofs > maxofs) ofs = maxofs;
      const k = lastofs;
      lastofs = hint - ofs;
      ofs = hint - k;
    }
    lastofs++;
    while (lastofs < ofs) {
      const m = lastofs + ((ofs - lastofs) >> 1);
      if (this.lt(a[base + m]!, key)) lastofs = m + 1;
      else ofs = m;
    }
    return ofs;
  }

  /** gallop_right: k with a[k-1] <= key < a[k]. */
  private gallopRight(key: K, a: K[], base: number, n: number, hint: number): number {
    let lastofs = 0, ofs = 1;
    if (this.lt(key, a[base + hint]!)) {
      const maxofs = hint + 1;
      while (ofs < maxofs) {
        if (this.lt(key, a[base + hint - ofs]!)) { lastofs = ofs; ofs = (ofs << 1) + 1; } else break;
      }
      if (ofs > maxofs) ofs = maxofs;
      const k = lastofs;
      lastofs = hint - ofs;
      ofs = hint - k;
    } else {
      const maxofs = n - hint;
      while (ofs < maxofs) {
        if (this.lt(key, a[base + hint + ofs]!)) break;
        lastofs = ofs;
        ofs = (ofs << 1) + 1;
      }
      if (ofs > maxofs) ofs = maxofs;
      lastofs += hint;
      ofs += hint;
    }
    lastofs++;
    while (lastofs < ofs) {
      const m = lastofs + ((ofs - lastofs) >> 1);
      if (this.lt(key, a[base + m]!)) ofs = m;
      else lastofs = m + 1;
    }
    return ofs;
  }

  /** merge_lo: runs [pa, pa + na) and [pb = pa + na, pb + nb), na <= nb, the first copied out. */
  private mergeLo(pa: number, na: number, pb: number, nb: number): void {
    const keys = this.keys, vals = this.values;
    const tk = keys.slice(pa, pa + na), tv = vals?.slice(pa, pa + na) ?? null;
    let dest = pa, a = 0;
    const copyB = () => { keys[dest] = keys[pb]!; if (vals) vals[dest] = vals[pb]!; dest++; pb++; };
    const copyA = () => { keys[dest] = tk[a]!; if (vals) vals[dest] = tv![a]!; dest++; a++; };
    try {
      copyB();
      nb--;
      if (nb === 0) return;
      if (na === 1) { this.copyBThenLastA(dest, pb, nb, tk, tv, a); na = 0; return; }
      let minGallop = this.minGallop;
      for (;;) {
        let acount = 0, bcount = 0;
        for (;;) {
          if (this.lt(keys[pb]!, tk[a]!)) {
            copyB(); bcount++; acount = 0; nb--;
            if (nb === 0) return;
            if (bcount >= minGallop) break;
          } else {
            copyA(); acount++; bcount = 0; na--;
            if (na === 1) { this.copyBThenLastA(dest, pb, nb, tk, tv, a); na = 0; return; }
            if (acount >= minGallop) break;
          }
        }
        minGallop++;
        do {
          minGallop -= minGallop > 1 ? 1 : 0;
          this.minGallop = minGallop;
          let k = this.gallopRight(keys[pb]!, tk, a, na, 0);
          acount = k;
          if (k) {
            for (let i = 0; i < k; i++) copyA();
            na -= k;
            if (na === 1) { this.copyBThenLastA(dest, pb, nb, tk, tv, a); na = 0; return; }
            if (na === 0) return;
          }
          copyB(); nb--;
          if (nb === 0) return;
          k = this.gallopLeft(tk[a]!, keys, pb, nb, 0);
          bcount = k;
          if (k) {
            for (let i = 0; i < k; i++) copyB();
            nb -= k;
            if (nb === 0) return;
          }
          copyA(); na--;
          if (na === 1) { this.copyBThenLastA(dest, pb, nb, tk, tv, a); na = 0; return; }
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        minGallop++;
        this.minGallop = minGallop;
      }
    } finally {
      // what is left of the first run goes back where the merge stopped (also after an error)
      for (let i = 0; i < na; i++) { keys[dest + i] = tk[a + i]!; if (vals) vals[dest + i] = tv![a + i]!; }
    }
  }

  /** merge_lo's CopyB: the rest of the second run, then the first run's last element. */
  private copyBThenLastA(dest: number, pb: number, nb: number, tk: K[], tv: V[] | null, a: number): void {
    const keys = this.keys, vals = this.values;
    for (let i = 0; i < nb; i++) { keys[dest + i] = keys[pb + i]!; if (vals) vals[dest + i] = vals[pb + i]!; }
    keys[dest + nb] = tk[a]!;
    if (vals) vals[dest + nb] = tv![a]!;
  }

  /** merge_hi: the second run (the shorter) copied out, merged from the right. */
  private mergeHi(pa: number, na: number, pb: number, nb: number): void {
    const keys = this.keys, vals = this.values;
    const tk = keys.slice(pb, pb + nb), tv = vals?.slice(pb, pb + nb) ?? null;
    const baseA = pa;
    let dest = pb + nb - 1, ia = pa + na - 1, b = nb - 1;
    const fromA = () => { keys[dest] = keys[ia]!; if (vals) vals[dest] = vals[ia]!; dest--; ia--; };
    const fromB = () => { keys[dest] = tk[b]!; if (vals) vals[dest] = tv![b]!; dest--; b--; };
    const copyA = () => {
      // merge_hi's CopyA: the rest of the first run moves up, the second run's first element goes before it
      for (let i = 0; i < na; i++) { keys[dest - i] = keys[ia - i]!; if (vals) vals[dest - i] = vals[ia - i]!; }
      dest -= na;
      keys[dest] = tk[b]!;
      if (vals) vals[dest] = tv![b]!;
      nb = 0;
    };
    try {
      fromA();
      na--;
      if (na === 0) return;
      if (nb === 1) { copyA(); return; }
      let minGallop = this.minGallop;
      for (;;) {
        let acount = 0, bcount = 0;
        for (;;) {
          if (this.lt(tk[b]!, keys[ia]!)) {
            fromA(); acount++; bcount = 0; na--;
            if (na === 0) return;
            if (acount >= minGallop) break;
          } else {
            fromB(); bcount++; acount = 0; nb--;
            if (nb === 1) { copyA(); return; }
            if (bcount >= minGallop) break;
          }
        }
        minGallop++;
        do {
          minGallop -= minGallop > 1 ? 1 : 0;
          this.minGallop = minGallop;
          let k = this.gallopRight(tk[b]!, keys, baseA, na, na - 1);
          k = na - k;
          acount = k;
          if (k) {
            for (let i = 0; i < k; i++) fromA();
            na -= k;
            if (na === 0) return;
          }
          fromB(); nb--;
          if (nb === 1) { copyA(); return; }
          k = this.gallopLeft(keys[ia]!, tk, 0, nb, nb - 1);
          k = nb - k;
          bcount = k;
          if (k) {
            for (let i = 0; i < k; i++) fromB();
            nb -= k;
            if (nb === 1) { copyA(); return; }
            if (nb === 0) return;
          }
          fromA(); na--;
          if (na === 0) return;
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        minGallop++;
        this.minGallop = minGallop;
      }
    } finally {
      // what is left of the second run goes back below where the merge stopped
      for (let i = 0; i < nb; i++) { keys[dest - i] = tk[b - i]!; if (vals) vals[dest - i] = tv![b - i]!; }
    }
  }

  private mergeAt(i: number): void {
    const p = this.pending;
    let pa = p[i]!.base, na = p[i]!.len;
    const pb = p[i + 1]!.base;
    let nb = p[i + 1]!.len;
    p[i]!.len = na + nb;
    if (i === p.length - 3) p[i + 1] = p[i + 2]!;
    p.pop();
    const k = this.gallopRight(this.keys[pb]!, this.keys, pa, na, 0);
    pa += k;
    na -= k;
    if (na === 0) return;
    nb = this.gallopLeft(this.keys[pa + na - 1]!, this.keys, pb, nb, nb - 1);
    if (nb <= 0) return;
    if (na <= nb) this.mergeLo(pa, na, pb, nb);
    else this.mergeHi(pa, na, pb, nb);
  }

  private foundNewRun(n2: number): void {
    const p = this.pending;
    if (p.length === 0) return;
    const last = p[p.length - 1]!;
    const power = powerloop(last.base, last.len, n2, this.keys.length);
    while (p.length > 1 && p[p.length - 2]!.power > power) this.mergeAt(p.length - 2);
    p[p.length - 1]!.power = power;
  }

  private mergeForceCollapse(): void {
    const p = this.pending;
    while (p.length > 1) {
      let n = p.length - 2;
      if (n > 0 && p[n - 1]!.len < p[n + 1]!.len) n--;
      this.mergeAt(n);
    }
  }
}

function computeMinrun(n: number): number {
  let r = 0;
  while (n >= 64) { r |= n & 1; n >>= 1; }
  return n + r;
}

/** powerloop: the "power" of the boundary between two adjacent runs (powersort). */
function powerloop(s1: number, n1: number, n2: number, n: number): number {
  let result = 0;
  let a = 2 * s1 + n1, b = a + n1 + n2;
  for (;;) {
    result++;
    if (a >= n) { a -= n; b -= n; } else if (b >= n) break;
    a *= 2;
    b *= 2;
  }
  return result;
}
