/**
 * Sequential fit's structural invariants, checked by walking every region's tags (O(units);
 * the property tests call it after every command on small regions):
 *
 *   tiling       from unit 0 the header tags chain through each region to its end; every
 *                block is at least the minimum
 *   tags         a footer tag (FOOTER - size) exactly at each free block's last unit; no
 *                other word set inside a block (best fit: but a large free block's heap
 *                index in its second unit)
 *   coalescing   no two free blocks adjacent; no mapped region that is one free block
 *                (it would have been unmapped)
 *   requests     a request exactly at each live block's payload unit, at most its usable bytes
 *   accounting   liveBlocks, blockBytes, requestedBytes, freeBlocks match the walk
 *   search       first/next: every tree leaf = the largest capped size of the free blocks
 *                starting in its group of units (else 0), its free-start mask exactly
 *                those starts, every node the max of its children, the slot tree's
 *                leaves = the region roots; best: the bins and
 *                the large heap index exactly the free blocks (bestIndex.ts)
 *   rover        at a block start of a mapped region, or at unit 0 of an unmapped slot
 */
import { FOOTER, type SequentialFitHeap } from './SequentialFitHeap.js';

export function sequentialFitViolations(s: SequentialFitHeap): string[] {
  const out: string[] = [];
  const U = s.unitsPerRegion;
  const A = s.alignmentBytes;
  const cap = s.maxNeedUnits;
  const hex = (slot: number, u: number): string => '0x' + (s.regionAddress(slot) + u * A).toString(16);
  let live = 0, blockBytes = 0, requested = 0, free = 0;
  const freeList: { slot: number; unit: number; units: number }[] = [];
  const slots = Math.max(s.tags.length, s.mapped.length);
  for (let slot = 0; slot < slots; slot++) {
    const tags = s.tags[slot] ?? null;
    if (s.mapped[slot] !== 1) {
      if (tags !== null) out.push(`region slot ${slot}: tags kept for an unmapped region`);
      if (s.best === null && slot < s.topLeaves && s.top[s.topLeaves + slot] !== 0) out.push(`slot tree: leaf ${slot} is ${s.top[s.topLeaves + slot]} for an unmapped region`);
      continue;
    }
    const requests = s.requests[slot]!;
    if (tags === null) {
      out.push(`region slot ${slot}: mapped without tags`);
      continue;
    }
    let prevFree = false;
    let blocksHere = 0;
    let u = 0;
    for (; u < U; ) {
      const v = tags[u];
      const size = Math.abs(v);
      if (v === 0 || v < FOOTER + 1 || size < s.minUnits || u + size > U) {
        out.push(`${hex(slot, u)}: tag ${v} does not start a block (region walk stops)`);
        break;
      }
      blocksHere += 1;
      const last = u + size - 1;
      const indexWord = s.best !== null && v > cap ? u + 1 : -1; // best fit's large heap index
      for (let w = u + 1; w < last; w++) {
        if (tags[w] !== 0 && w !== indexWord) out.push(`${hex(slot, w)}: tag ${tags[w]} inside the block at ${hex(slot, u)}`);
      }
      const p = u + s.headerUnits;
      for (let w = u; w <= last; w++) if (w !== p && requests[w] !== 0) out.push(`${hex(slot, w)}: request ${requests[w]} not at a payload`);
      if (v > 0) {
        free += 1;
        freeList.push({ slot, unit: u, units: size });
        if (tags[last] !== FOOTER - size) out.push(`${hex(slot, u)}: free block of ${size} units has footer tag ${tags[last]}`);
        if (prevFree) out.push(`${hex(slot, u)}: free block right after a free block (coalescing missed)`);
        if (requests[p] !== 0) out.push(`${hex(slot, u)}: free block with request ${requests[p]}`);
      } else {
        if (tags[last] !== 0) out.push(`${hex(slot, u)}: live block with tag ${tags[last]} at its last unit`);
        const r = requests[p];
        if (r === 0 || r > size * A - s.headerBytes) out.push(`${hex(slot, u)}: live block of ${size * A} bytes with request ${r}`);
        live += 1;
        blockBytes += size * A;
        requested += r;
      }
      prevFree = v > 0;
      u += size;
    }
    if (blocksHere === 1 && prevFree && u === U) out.push(`region slot ${slot}: one free block, not unmapped`);
    const tree = s.best === null ? s.tree[slot] : null;
    if (s.best === null && !tree) out.push(`region slot ${slot}: no tree`);
    if (tree) {
      const n = s.groups;
      for (let group = 0; group < n; group++) {
        let m = 0;
        for (let w = group * s.groupUnits; w < (group + 1) * s.groupUnits; w++) m = Math.max(m, tags[w]);
        m = Math.min(m, cap);
        if (tree[n + group] !== m) out.push(`${hex(slot, group * s.groupUnits)}: tree leaf ${tree[n + group]} for a group whose largest free block is ${m} units (capped)`);
        let starts = 0;
        for (let i = 0; i < s.groupUnits; i++) if (tags[group * s.groupUnits + i] > 0) starts |= 1 << i;
        if (tree[s.startsAt + group] !== starts) out.push(`${hex(slot, group * s.groupUnits)}: free-start mask ${tree[s.startsAt + group].toString(2)}, the tags say ${starts.toString(2)}`);
      }
      for (let k = n - 1; k > 0; k--) {
        const m = Math.max(tree[2 * k], tree[2 * k + 1]);
        if (tree[k] !== m) out.push(`region slot ${slot}: tree node ${k} is ${tree[k]}, its children's max ${m}`);
      }
      if (slot >= s.topLeaves || s.top[s.topLeaves + slot] !== tree[1]) out.push(`slot tree: leaf ${slot} is not its region's root ${tree[1]}`);
    }
  }
  if (s.best === null) {
    for (let k = s.topLeaves - 1; k > 0; k--) {
      const m = Math.max(s.top[2 * k], s.top[2 * k + 1]);
      if (s.top[k] !== m) out.push(`slot tree: node ${k} is ${s.top[k]}, its children's max ${m}`);
    }
  } else {
    out.push(...s.best.violations(freeList));
    for (let slot = 0; slot < s.best.bits.length; slot++) if ((s.best.bits[slot] !== null) !== (s.mapped[slot] === 1)) out.push(`bins: slot ${slot} bitsets do not match its mapping`);
  }
  if (free !== s.freeBlocks) out.push(`freeBlocks ${s.freeBlocks}, ${free} free blocks found`);
  if (live !== s.liveBlocks) out.push(`liveBlocks ${s.liveBlocks}, ${live} live blocks found`);
  if (blockBytes !== s.blockBytes) out.push(`blockBytes ${s.blockBytes}, live blocks hold ${blockBytes}`);
  if (requested !== s.requestedBytes) out.push(`requestedBytes ${s.requestedBytes}, live requests sum to ${requested}`);
  const rs = s.roverSlot;
  const ru = s.roverUnit;
  if (rs < 0 || ru < 0 || ru >= U) out.push(`rover at slot ${rs} unit ${ru}: out of range`);
  else if (s.mapped[rs] === 1) {
    const v = s.tags[rs]?.[ru] ?? 0;
    if (v === 0 || v < FOOTER + 1) out.push(`rover at ${hex(rs, ru)}: not a block start`);
  } else if (ru !== 0) out.push(`rover at slot ${rs} unit ${ru}: inside an unmapped region`);
  return out;
}
