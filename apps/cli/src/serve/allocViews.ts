/**
 * The allocator's views for the web debugger, read off one ObmallocState (no timeline:
 * session.ts seeks, these only look). Plain JSON out.
 */
import { debugMallocStats, hex, poolOf, summarize, type ObmallocState } from '@pymm/obmalloc';

/** One arena as the arena map draws it: pool cells as [sizeIndex, count] pairs, -1 = not carved. */
export interface ArenaJson {
  readonly index: number;
  readonly base: string;
  /** Address of its first pool (pool-aligned; arenas need not be). */
  readonly firstPool: string;
  readonly freePools: number;
  readonly totalPools: number;
  /** Flat [sizeIndex, count, sizeIndex, count, ...], one pair per pool slot; sizeIndex -1: not carved yet, -2: empty (free). */
  readonly pools: number[];
  readonly liveBlocks: number;
}

export interface ArenasJson {
  readonly at: number;
  readonly poolBytes: number;
  readonly arenaBytes: number;
  readonly blockBytes: number[];
  readonly blocksPerPool: number[];
  readonly arenas: ArenaJson[];
}

export function arenasView(s: ObmallocState, at: number): ArenasJson {
  const g = s.geometry;
  const arenas: ArenaJson[] = [];
  for (let a = 0; a < s.maxarenas; a++) {
    if (s.arenaAddress[a] === 0) continue;
    const pools: number[] = [];
    let live = 0;
    const total = s.arenaNtotalpools[a];
    for (let slot = 0; slot < total; slot++) {
      if (slot >= s.arenaCarved[a]) { pools.push(-1, 0); continue; }
      const pid = s.poolId(a, slot);
      const count = s.poolCount[pid];
      live += count;
      pools.push(count === 0 ? -2 : s.poolSzidx[pid], count);
    }
    arenas.push({ index: a, base: hex(s.arenaAddress[a]), firstPool: hex(s.arenaFirstPool[a]), freePools: s.arenaNfreepools[a], totalPools: total, pools, liveBlocks: live });
  }
  return {
    at, poolBytes: s.profile.poolSizeBytes, arenaBytes: s.profile.arenaSizeBytes,
    blockBytes: Array.from(g.blockSizeBytes.slice(0, g.nClasses)), blocksPerPool: Array.from(g.blocksPerPool.slice(0, g.nClasses)), arenas,
  };
}

export type BlockStatus = 'allocated' | 'free' | 'virgin';

export interface PoolJson {
  readonly at: number;
  readonly address: string;
  readonly arena: number;
  readonly slot: number;
  readonly sizeIndex: number;
  readonly blockBytes: number;
  readonly count: number;
  readonly blocksPerPool: number;
  readonly nextoffset: number;
  readonly maxnextoffset: number;
  /** Each block in address order. */
  readonly blocks: { address: string; offset: number; status: BlockStatus; freeOrder: number }[];
  /** Free list, next block to be handed out first. */
  readonly freeList: string[];
}

/** A pool (any address inside it) at this state, block by block; null if no carved pool holds it. */
export function poolView(s: ObmallocState, address: number, at: number): PoolJson | null {
  const pid = poolOf(s, address);
  if (pid < 0) return null;
  const g = s.geometry;
  const base = s.poolBase[pid];
  const arena = s.poolArena(pid);
  const count = s.poolCount[pid];
  const sz = s.poolSzidx[pid];
  const freeList: number[] = [];
  const order = new Map<number, number>();
  if (sz < g.nClasses) {
    for (let u = s.poolFreeblock[pid], n = 0; u !== 0 && n < g.unitsPerPool; u = s.links[pid * g.unitsPerPool + u], n++) {
      const addr = base + u * s.profile.alignmentBytes;
      order.set(addr, freeList.length);
      freeList.push(addr);
    }
  }
  const blocks: PoolJson['blocks'] = [];
  const size = g.blockSizeBytes[sz] ?? 0;
  if (count > 0 || freeList.length > 0) {
    const end = s.profile.poolSizeBytes;
    for (let off = s.profile.poolOverheadBytes; size > 0 && off + size <= end; off += size) {
      const addr = base + off;
      const status: BlockStatus = off >= s.poolNextoffset[pid] ? 'virgin' : order.has(addr) ? 'free' : 'allocated';
      blocks.push({ address: hex(addr), offset: off, status, freeOrder: order.get(addr) ?? -1 });
    }
  }
  return {
    at, address: hex(base), arena, slot: s.poolSlot(pid), sizeIndex: count === 0 && sz >= g.nClasses ? -1 : sz,
    blockBytes: size, count, blocksPerPool: g.blocksPerPool[sz] ?? 0,
    nextoffset: s.poolNextoffset[pid], maxnextoffset: s.poolMaxnextoffset[pid], blocks, freeList: freeList.map(hex),
  };
}

export interface AllocSummary {
  readonly arenas: number;
  readonly pools: number;
  readonly blocks: number;
  readonly bytes: number;
  readonly rawBlocks: number;
}

export function allocSummary(s: ObmallocState): AllocSummary {
  const sum = summarize(s);
  let pools = 0, blocks = 0, bytes = 0;
  sum.numPools.forEach((p, i) => { pools += p; blocks += sum.numBlocks[i]; bytes += sum.numBlocks[i] * s.geometry.blockSizeBytes[i]; });
  return { arenas: sum.narenas, pools, blocks, bytes, rawBlocks: s.rawAllocatedBlocks };
}

/** Bytes in use per size class (blocks x block size). */
export function bytesByClass(s: ObmallocState): number[] {
  const sum = summarize(s);
  return sum.numBlocks.map((b, i) => b * s.geometry.blockSizeBytes[i]);
}

export function statsText(s: ObmallocState): string {
  return debugMallocStats(s);
}

/** Sampled series over a whole log: sample k is the state at positions[k]. */
export interface SeriesJson {
  readonly positions: number[];
  readonly arenas: number[];
  readonly pools: number[];
  readonly blocks: number[];
  readonly bytes: number[];
  /** Per size class, bytes in use at each sample (classes never used are left out). */
  readonly byClass: { sizeIndex: number; blockBytes: number; bytes: number[] }[];
}

export class SeriesBuilder {
  private readonly positions: number[] = [];
  private readonly arenas: number[] = [];
  private readonly pools: number[] = [];
  private readonly blocks: number[] = [];
  private readonly bytes: number[] = [];
  private readonly classBytes: number[][] = [];
  private blockBytes: number[] = [];
  add(at: number, s: ObmallocState): void {
    const sum = allocSummary(s);
    const by = bytesByClass(s);
    this.blockBytes = Array.from(s.geometry.blockSizeBytes.slice(0, s.geometry.nClasses));
    this.positions.push(at);
    this.arenas.push(sum.arenas);
    this.pools.push(sum.pools);
    this.blocks.push(sum.blocks);
    this.bytes.push(sum.bytes);
    this.classBytes.push(by);
  }
  finish(): SeriesJson {
    const byClass: SeriesJson['byClass'] = [];
    for (let c = 0; c < this.blockBytes.length; c++) {
      const col = this.classBytes.map((row) => row[c] ?? 0);
      if (col.some((v) => v > 0)) byClass.push({ sizeIndex: c, blockBytes: this.blockBytes[c], bytes: col });
    }
    return { positions: this.positions, arenas: this.arenas, pools: this.pools, blocks: this.blocks, bytes: this.bytes, byClass };
  }
}

export function parseAddress(text: string): number | null {
  const t = text.toLowerCase().replace(/^0x/, '');
  return /^[0-9a-f]{1,13}$/.test(t) ? parseInt(t, 16) : null;
}
