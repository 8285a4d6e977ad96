/**
 * An object's refcount history from the index: CREATED, REFCOUNT (the initial state's
 * counts) and DESTROYED entries as they are, and each REFCOUNTS window's single changes
 * read back from the log (only for the windows the page asked for reaches; the others
 * count by their sums).
 */
import type { DecodedBlock } from '../index/KeyedRuns.js';
import { E, unzigzag } from './HeapIndexBuilder.js';
import type { HeapIndex } from './HeapIndex.js';

export interface RefcountHistoryEntry {
  readonly seq: number;
  readonly what: 'created' | 'changed' | 'destroyed';
  readonly delta: number;
  readonly refcount: number;
  readonly cause: number;
}

export interface RefcountHistoryPage {
  readonly total: number;
  readonly entries: RefcountHistoryEntry[];
}


/** HeapIndex.refcountHistory: the entries [offset, offset + limit) of `id`'s changes, and how many there are. */
export function refcountHistoryOf(ix: HeapIndex, id: number, offset: number, limit: number): RefcountHistoryPage {
  const out: RefcountHistoryEntry[] = [];
  let rc = 0, n = 0;
  ix.forEachEntry(id, (b: DecodedBlock, p: number) => {
    const k = b.kind[p];
    if (k === E.REFCOUNTS) {
      const count = b.other[p]!;
      if (n + count <= offset || out.length >= limit) {
        rc += unzigzag(b.aux[p]!);
        n += count;
        return;
      }
      for (const c of ix.changesOf(id, b.seq[p]!, ix.windowEnd(b.seq[p]!), count)) {
        rc += c.delta;
        if (n >= offset && out.length < limit) out.push({ seq: c.seq, what: 'changed', delta: c.delta, refcount: rc, cause: c.cause });
        n++;
      }
      return;
    }
    if (k !== E.CREATED && k !== E.REFCOUNT && k !== E.DESTROYED) return;
    let what: RefcountHistoryEntry['what'] = 'changed', delta = 0;
    if (k === E.CREATED) { rc = b.other[p]! % 2 === 1 ? 999_999_999 : 1; what = 'created'; delta = rc; }
    else if (k === E.REFCOUNT) { delta = unzigzag(b.aux[p]!); rc += delta; }
    else what = 'destroyed';
    if (n >= offset && out.length < limit) out.push({ seq: b.seq[p]!, what, delta, refcount: rc, cause: b.seq[p]! - b.back[p]! });
    n++;
  });
  return { total: n, entries: out };
}
