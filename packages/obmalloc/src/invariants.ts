/**
 * Every invariant pymalloc keeps, checked by walking the whole state. Model tests run it
 * after every command; it doubles as documentation of what the lists mean.
 */
import { arenaOf } from './pymalloc.js';
import { ALLOCATED, NONE, type ObmallocState } from './state.js';
import { summarize } from './stats.js';

/** Returns the violated invariants (empty when the state is consistent). */
export function findInvariantViolations(s: ObmallocState): string[] {
  const out: string[] = [];
  const g = s.geometry;
  const p = s.profile;
  const fail = (msg: string): void => void out.push(msg);
  const unitsPerPool = g.unitsPerPool;
  const overheadUnits = p.poolOverheadBytes >> g.alignmentShift;

  // Per pool: count, free list and virgin space add up to NUMBLOCKS.
  const onUsed = new Set<number>();
  for (let i = 0; i < g.nClasses; i++) {
    let prev = i;
    let steps = 0;
    for (let pid = s.poolNext[i]; pid !== i; prev = pid, pid = s.poolNext[pid]) {
      if (++steps > s.poolCount.length) { fail(`usedpools[${i}] does not come back to its sentinel`); break; }
      if (s.poolPrev[pid] !== prev) fail(`usedpools[${i}]: pool ${pid} prev link is broken`);
      if (s.poolSzidx[pid] !== i) fail(`usedpools[${i}] holds pool ${pid} of class ${s.poolSzidx[pid]}`);
      const c = s.poolCount[pid];
      if (!(c > 0 && c < g.blocksPerPool[i])) fail(`usedpools[${i}] holds pool ${pid} with count ${c} (must be 0 < count < ${g.blocksPerPool[i]})`);
      if (s.poolFreeblock[pid] === 0) fail(`used pool ${pid} has no free block`);
      onUsed.add(pid);
    }
    if (s.poolPrev[i] !== prev) fail(`usedpools[${i}] sentinel prev link is broken`);
  }

  let live = 0;
  for (let a = 0; a < s.maxarenas; a++) {
    const base = s.arenaAddress[a];
    if (base === 0) continue;
    live += 1;
    if (arenaOf(s, base) !== a || arenaOf(s, base + p.arenaSizeBytes - 1) !== a) fail(`arena ${a}: the arena map does not cover it`);
    const aligned = base % p.poolSizeBytes === 0;
    if (s.arenaNtotalpools[a] !== g.maxPoolsInArena - (aligned ? 0 : 1)) fail(`arena ${a}: ntotalpools ${s.arenaNtotalpools[a]} disagrees with its base alignment`);
    const free = new Set<number>();
    for (let pid = s.arenaFreepools[a]; pid !== NONE; pid = s.poolNext[pid]) {
      if (free.has(pid)) { fail(`arena ${a}: freepools loops`); break; }
      free.add(pid);
      if (s.poolCount[pid] !== 0) fail(`arena ${a}: pool ${pid} on freepools has count ${s.poolCount[pid]}`);
      if (s.poolArena(pid) !== a) fail(`arena ${a}: freepools holds pool ${pid} of another arena`);
    }
    const carved = s.arenaCarved[a];
    if (s.arenaNfreepools[a] !== free.size + s.arenaNtotalpools[a] - carved) {
      fail(`arena ${a}: nfreepools ${s.arenaNfreepools[a]} != ${free.size} on freepools + ${s.arenaNtotalpools[a] - carved} not carved`);
    }
    for (let slot = 0; slot < carved; slot++) {
      const pid = s.poolId(a, slot);
      const c = s.poolCount[pid];
      if (c === 0) {
        if (!free.has(pid)) fail(`arena ${a}: empty pool ${pid} is not on freepools`);
        continue;
      }
      const sz = s.poolSzidx[pid];
      if (sz >= g.nClasses) { fail(`pool ${pid} is in use with no size class`); continue; }
      const size = g.blockSizeBytes[sz];
      const nblocks = g.blocksPerPool[sz];
      if ((c < nblocks) !== onUsed.has(pid)) fail(`pool ${pid} (count ${c} of ${nblocks}) is ${onUsed.has(pid) ? '' : 'not '}on usedpools[${sz}]`);
      // Walk the free list; count allocated blocks below nextoffset.
      const base0 = pid * unitsPerPool;
      let freeCount = 0;
      const seen = new Set<number>();
      for (let u = s.poolFreeblock[pid]; u !== 0; u = s.links[base0 + u]) {
        if (seen.has(u) || u === ALLOCATED) { fail(`pool ${pid}: free list is broken`); break; }
        seen.add(u);
        freeCount += 1;
        if ((u - overheadUnits) * p.alignmentBytes % size !== 0) fail(`pool ${pid}: free block at unit ${u} is misaligned`);
      }
      const carvedBlocks = (s.poolNextoffset[pid] - p.poolOverheadBytes) / size;
      let allocated = 0;
      for (let k = 0; k < carvedBlocks; k++) {
        const u = overheadUnits + (k * size) / p.alignmentBytes;
        if (s.links[base0 + u] === ALLOCATED && !seen.has(u)) allocated += 1;
      }
      if (allocated !== c) fail(`pool ${pid}: count ${c} but ${allocated} blocks marked allocated`);
      const virgin = nblocks - carvedBlocks;
      if (c + freeCount + virgin !== nblocks) {
        fail(`pool ${pid}: ${c} allocated + ${freeCount} free + ${virgin} virgin != ${nblocks}`);
      }
    }
  }
  if (live !== s.narenasCurrentlyAllocated) fail(`narenas_currently_allocated ${s.narenasCurrentlyAllocated} != ${live} live arenas`);
  if (s.narenasHighwater < live) fail('highwater below current');

  // usable_arenas: exactly the live arenas with nfreepools > 0, ascending; nfp2lasta = rightmost.
  const order: number[] = [];
  let prev = NONE;
  for (let a = s.usableArenas; a !== NONE; prev = a, a = s.arenaNext[a]) {
    if (order.length > s.maxarenas) { fail('usable_arenas loops'); break; }
    if (s.arenaPrev[a] !== prev) fail(`usable_arenas: arena ${a} prev link is broken`);
    if (s.arenaAddress[a] === 0) fail(`usable_arenas holds unallocated slot ${a}`);
    order.push(a);
  }
  for (let k = 1; k < order.length; k++) {
    if (s.arenaNfreepools[order[k - 1]] > s.arenaNfreepools[order[k]]) fail('usable_arenas is not sorted by nfreepools');
  }
  for (let a = 0; a < s.maxarenas; a++) {
    if (s.arenaAddress[a] !== 0 && s.arenaNfreepools[a] > 0 && !order.includes(a)) fail(`arena ${a} has free pools but is not usable`);
    if (s.arenaAddress[a] !== 0 && s.arenaNfreepools[a] === 0 && order.includes(a)) fail(`arena ${a} has no free pool but is usable`);
  }
  const wholly = order.filter((a) => s.arenaNfreepools[a] === s.arenaNtotalpools[a]);
  if (wholly.length > 1 || (wholly.length === 1 && wholly[0] !== order[order.length - 1])) {
    fail('a wholly free arena is kept that is not the tail of usable_arenas');
  }
  for (let n = 0; n <= g.maxPoolsInArena; n++) {
    let rightmost = NONE;
    for (const a of order) if (s.arenaNfreepools[a] === n) rightmost = a;
    if (s.nfp2lasta[n] !== rightmost) fail(`nfp2lasta[${n}] = ${s.nfp2lasta[n]}, rightmost is ${rightmost}`);
  }
  // unused_arena_objects: exactly the slots without an arena.
  const unused = new Set<number>();
  for (let a = s.unusedArenaObjects; a !== NONE; a = s.arenaNext[a]) {
    if (unused.has(a)) { fail('unused_arena_objects loops'); break; }
    unused.add(a);
    if (s.arenaAddress[a] !== 0) fail(`unused_arena_objects holds live arena ${a}`);
  }
  if (unused.size + live !== s.maxarenas) fail(`${unused.size} unused + ${live} live != ${s.maxarenas} slots`);

  // The direct pool table names exactly the carved pools of live arenas inside its window.
  let inWindow = 0;
  for (let a = 0; a < s.maxarenas; a++) {
    if (s.arenaAddress[a] === 0) continue;
    for (let slot = 0; slot < s.arenaCarved[a]; slot++) {
      const rel = s.arenaFirstPool[a] + slot * p.poolSizeBytes - s.poolTableBase;
      if (rel >= 0 && rel < s.poolTableBytes) {
        inWindow += 1;
        if (s.poolTable[rel / p.poolSizeBytes] !== s.poolId(a, slot)) fail(`pool table: pool ${s.poolId(a, slot)} is missing`);
      }
    }
  }
  const entries = s.poolTable.reduce((n, v) => n + (v !== NONE ? 1 : 0), 0);
  if (entries !== inWindow) fail(`pool table: ${entries} entries for ${inWindow} carved pools in its window`);

  if (s.rawAllocatedBlocks !== s.rawBlocks.size) fail(`raw_allocated_blocks ${s.rawAllocatedBlocks} != ${s.rawBlocks.size} live raw blocks`);

  // Accounting: the stats' six lines add up to the arena bytes.
  const sum = summarize(s);
  let bytes = sum.numFreePools * p.poolSizeBytes + sum.misalignedArenas * p.poolSizeBytes;
  for (let i = 0; i < g.nClasses; i++) {
    bytes += (sum.numBlocks[i] + sum.numFreeBlocks[i]) * g.blockSizeBytes[i] + sum.numPools[i] * (p.poolOverheadBytes + (p.poolSizeBytes - p.poolOverheadBytes) % g.blockSizeBytes[i]);
  }
  if (bytes !== live * p.arenaSizeBytes) fail(`accounting: ${bytes} bytes accounted for, ${live * p.arenaSizeBytes} in arenas`);
  return out;
}

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  constructor(readonly violations: string[]) {
    super(`obmalloc invariants violated:\n  ${violations.join('\n  ')}`);
  }
}

/** Throws InvariantViolation listing every broken invariant. */
export function checkObmallocInvariants(s: ObmallocState): void {
  const v = findInvariantViolations(s);
  if (v.length > 0) throw new InvariantViolation(v);
}
