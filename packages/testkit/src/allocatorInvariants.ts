/**
 * Named invariants of the allocator that users can check on any state, and that
 * `allocatorModelRun` checks after every command.
 *
 *   name                 holds when
 *   pymalloc             every structural invariant of obmalloc (findInvariantViolations:
 *                        pool lists, free lists, usable_arenas order, arena map, accounting)
 *   noOverlap            no two live blocks share a byte
 *   blocksInLiveArenas   each live pymalloc block lies inside a live arena, inside a carved
 *                        pool of its own size class, past the pool header; no raw block
 *                        lies inside an arena
 *   liveBlocksAllocated  the live blocks are exactly the blocks the state holds allocated
 *                        (pymalloc blocks marked allocated and not on a free list; raw
 *                        blocks in the raw table, with the same request size)
 *   allocatedBlocks      sys.getallocatedblocks() (allocatedBlocks(state)) = live blocks
 *
 * "Live blocks" are the caller's record of what is allocated: in a model test, the
 * model's blocks (LiveBlocksModel.blocks). Without one, the checks use the state's own
 * view (liveBlocksOf(state)), which still catches overlapping or misplaced blocks and
 * broken counts, but cannot disagree with itself about which blocks are live.
 */
import {
  ALLOCATED, allocatedBlocks, arenaOf, findInvariantViolations, poolOf, type ObmallocState,
} from '@pymm/obmalloc';
import type { LiveBlock } from '@pymm/obmalloc/testing';

export type AllocatorInvariantName = 'pymalloc' | 'noOverlap' | 'blocksInLiveArenas' | 'liveBlocksAllocated' | 'allocatedBlocks';

export interface AllocatorInvariant {
  readonly name: AllocatorInvariantName;
  /** What it states, in one sentence. */
  readonly statement: string;
  /** The violations (empty when it holds). */
  check(state: ObmallocState, live: readonly LiveBlock[]): string[];
}

const hexAddr = (a: number): string => '0x' + a.toString(16);
/** Bytes a live block occupies: its class size for pymalloc blocks, at least one byte. */
const span = (b: LiveBlock): number => Math.max(1, b.requestBytes, b.classBytes);

/**
 * Every block the state holds allocated, in address order within each pool: pymalloc
 * blocks (requestBytes = classBytes = the block size; the state does not keep the
 * request) and raw blocks (with their request size).
 */
export function liveBlocksOf(state: ObmallocState): LiveBlock[] {
  const s = state;
  const p = s.profile;
  const g = s.geometry;
  const out: LiveBlock[] = [];
  for (let a = 0; a < s.maxarenas; a++) {
    if (s.arenaAddress[a] === 0) continue;
    for (let slot = 0; slot < s.arenaCarved[a]; slot++) {
      const pid = s.poolId(a, slot);
      if (s.poolCount[pid] === 0) continue;
      const sz = s.poolSzidx[pid];
      if (sz >= g.nClasses) continue;
      const size = g.blockSizeBytes[sz];
      const base = pid * g.unitsPerPool;
      const free = new Set<number>();
      for (let u = s.poolFreeblock[pid]; u !== 0 && u !== ALLOCATED && !free.has(u); u = s.links[base + u]) free.add(u);
      const poolAddress = s.poolAddress(pid);
      for (let off = p.poolOverheadBytes; off < s.poolNextoffset[pid]; off += size) {
        const u = off >> g.alignmentShift;
        if (s.links[base + u] === ALLOCATED && !free.has(u)) {
          out.push({ address: poolAddress + off, requestBytes: size, pymalloc: true, classBytes: size });
        }
      }
    }
  }
  for (const [address, requestBytes] of s.rawBlocks.entries()) out.push({ address, requestBytes, pymalloc: false, classBytes: 0 });
  return out;
}

const pymalloc: AllocatorInvariant = {
  name: 'pymalloc',
  statement: "every structural invariant of obmalloc holds (pool and free lists, usable_arenas order, arena map, accounting)",
  check: (state) => findInvariantViolations(state),
};

const noOverlap: AllocatorInvariant = {
  name: 'noOverlap',
  statement: 'no two live blocks share a byte',
  check(_state, live) {
    const out: string[] = [];
    const sorted = [...live].sort((x, y) => x.address - y.address);
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1];
      const b = sorted[i];
      if (b.address < a.address + span(a)) {
        out.push(`block ${hexAddr(b.address)} (${span(b)} B) overlaps block ${hexAddr(a.address)} (${span(a)} B)`);
      }
    }
    return out;
  },
};

const blocksInLiveArenas: AllocatorInvariant = {
  name: 'blocksInLiveArenas',
  statement: 'each live pymalloc block lies in a live arena, in a carved pool of its size class, past the pool header; no raw block lies in an arena',
  check(state, live) {
    const s = state;
    const out: string[] = [];
    for (const b of live) {
      const where = `${b.pymalloc ? 'pymalloc' : 'raw'} block ${hexAddr(b.address)}`;
      const arena = arenaOf(s, b.address);
      if (!b.pymalloc) {
        if (arena >= 0) out.push(`${where} lies inside arena ${arena}`);
        continue;
      }
      if (arena < 0) {
        out.push(`${where} is not inside a live arena`);
        continue;
      }
      if (arenaOf(s, b.address + b.classBytes - 1) !== arena) out.push(`${where} (${b.classBytes} B) runs past the end of arena ${arena}`);
      const pid = poolOf(s, b.address);
      if (pid < 0) {
        out.push(`${where} is in arena ${arena} but not in a carved pool`);
        continue;
      }
      const sz = s.poolSzidx[pid];
      const blockBytes = sz < s.geometry.nClasses ? s.geometry.blockSizeBytes[sz] : -1;
      if (blockBytes !== b.classBytes) out.push(`${where} (${b.classBytes}-byte class) is in pool ${hexAddr(s.poolAddress(pid))} of ${blockBytes < 0 ? 'no' : `the ${blockBytes}-byte`} class`);
      const offset = b.address - s.poolAddress(pid);
      if (offset < s.profile.poolOverheadBytes || offset + b.classBytes > s.profile.poolSizeBytes) {
        out.push(`${where} sits at offset ${offset} of its pool, outside its blocks`);
      }
    }
    return out;
  },
};

const liveBlocksAllocated: AllocatorInvariant = {
  name: 'liveBlocksAllocated',
  statement: 'the live blocks are exactly the blocks the state holds allocated (raw ones with the same request size)',
  check(state, live) {
    const out: string[] = [];
    const held = new Map(liveBlocksOf(state).map((b) => [b.address, b]));
    const seen = new Set<number>();
    for (const b of live) {
      seen.add(b.address);
      const h = held.get(b.address);
      if (h === undefined) out.push(`live ${b.pymalloc ? 'pymalloc' : 'raw'} block ${hexAddr(b.address)} is not allocated in the state`);
      else if (h.pymalloc !== b.pymalloc) out.push(`block ${hexAddr(b.address)} is ${b.pymalloc ? 'pymalloc' : 'raw'} but the state holds it as ${h.pymalloc ? 'pymalloc' : 'raw'}`);
      else if (!b.pymalloc && h.requestBytes !== b.requestBytes) out.push(`raw block ${hexAddr(b.address)} has ${b.requestBytes} B but the state records ${h.requestBytes} B`);
    }
    for (const [address, h] of held) {
      if (!seen.has(address)) out.push(`the state holds ${h.pymalloc ? 'pymalloc' : 'raw'} block ${hexAddr(address)} allocated, which is not live`);
    }
    return out;
  },
};

const allocatedBlocksCount: AllocatorInvariant = {
  name: 'allocatedBlocks',
  statement: 'sys.getallocatedblocks() equals the number of live blocks',
  check(state, live) {
    const n = allocatedBlocks(state);
    return n === live.length ? [] : [`getallocatedblocks() = ${n}, ${live.length} blocks are live`];
  },
};

/** The invariants, by name. */
export const allocatorInvariants: Readonly<Record<AllocatorInvariantName, AllocatorInvariant>> = Object.freeze({
  pymalloc,
  noOverlap,
  blocksInLiveArenas,
  liveBlocksAllocated,
  allocatedBlocks: allocatedBlocksCount,
});

export interface AllocatorViolation {
  readonly invariant: AllocatorInvariantName;
  readonly message: string;
}

/**
 * Checks the named invariants (default: all) against `live` (default: the state's own
 * view, liveBlocksOf(state)); returns the violations, empty when everything holds.
 */
export function findAllocatorViolations(
  state: ObmallocState,
  live: readonly LiveBlock[] = liveBlocksOf(state),
  names: readonly AllocatorInvariantName[] = Object.keys(allocatorInvariants) as AllocatorInvariantName[],
): AllocatorViolation[] {
  const out: AllocatorViolation[] = [];
  for (const name of names) for (const message of allocatorInvariants[name].check(state, live)) out.push({ invariant: name, message });
  return out;
}

export class AllocatorInvariantViolation extends Error {
  override readonly name = 'AllocatorInvariantViolation';
  constructor(
    readonly violations: readonly AllocatorViolation[],
    context = '',
  ) {
    super(`allocator invariants violated${context ? ` ${context}` : ''}:\n  ${violations.map((v) => `${v.invariant}: ${v.message}`).join('\n  ')}`);
  }
}

/** Throws AllocatorInvariantViolation listing every violation (see findAllocatorViolations). */
export function checkAllocatorInvariants(state: ObmallocState, live?: readonly LiveBlock[], context?: string): void {
  const v = findAllocatorViolations(state, live);
  if (v.length > 0) throw new AllocatorInvariantViolation(v, context);
}
