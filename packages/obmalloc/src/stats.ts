/**
 * `sys._debugmallocstats()`'s pymalloc report, byte for byte.
 *
 * Mirrors  Objects/obmalloc.c (3.11): _PyObject_DebugMallocStats, printone.
 *          The free-list lines that sys._debugmallocstats() prints after this report
 *          come from the object layer (Objects/object.c: _PyObject_DebugTypeStats).
 */
import type { ObmallocState } from './state.js';

/** printone: label padded to column 35, '=', value right-aligned in 21 columns with commas. */
export function printone(label: string, value: number): string {
  const digits = String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return label.padEnd(35, ' ') + '=' + digits.padStart(21, ' ') + '\n';
}

export interface MallocStatsSummary {
  readonly numPools: number[];
  readonly numBlocks: number[];
  readonly numFreeBlocks: number[];
  readonly narenas: number;
  readonly numFreePools: number;
  readonly misalignedArenas: number;
}

/** The walk `_PyObject_DebugMallocStats` makes over arenas[] and their carved pools. */
export function summarize(s: ObmallocState): MallocStatsSummary {
  const g = s.geometry;
  const numPools = new Array<number>(g.nClasses).fill(0);
  const numBlocks = new Array<number>(g.nClasses).fill(0);
  const numFreeBlocks = new Array<number>(g.nClasses).fill(0);
  let narenas = 0, numFreePools = 0, misalignedArenas = 0;
  for (let a = 0; a < s.maxarenas; a++) {
    const base = s.arenaAddress[a];
    if (base === 0) continue;
    narenas += 1;
    numFreePools += s.arenaNfreepools[a];
    if (base % s.profile.poolSizeBytes !== 0) misalignedArenas += 1;
    for (let slot = 0; slot < s.arenaCarved[a]; slot++) {
      const pid = s.poolId(a, slot);
      const count = s.poolCount[pid];
      if (count === 0) continue;
      const sz = s.poolSzidx[pid];
      numPools[sz] += 1;
      numBlocks[sz] += count;
      numFreeBlocks[sz] += g.blocksPerPool[sz] - count;
    }
  }
  return { numPools, numBlocks, numFreeBlocks, narenas, numFreePools, misalignedArenas };
}

/** The exact text `_PyObject_DebugMallocStats(out)` writes. */
export function debugMallocStats(s: ObmallocState): string {
  const g = s.geometry;
  const p = s.profile;
  const sum = summarize(s);
  const pad = (v: number, w: number): string => String(v).padStart(w, ' ');
  let out = `Small block threshold = ${p.smallRequestThresholdBytes}, in ${g.nClasses} size classes.\n\n`;
  out += 'class   size   num pools   blocks in use  avail blocks\n';
  out += '-----   ----   ---------   -------------  ------------\n';
  let allocated = 0, available = 0, headers = 0, quantization = 0;
  for (let i = 0; i < g.nClasses; i++) {
    const np = sum.numPools[i];
    if (np === 0) continue;
    const size = g.blockSizeBytes[i];
    const b = sum.numBlocks[i];
    const f = sum.numFreeBlocks[i];
    out += `${pad(i, 5)} ${pad(size, 6)} ${pad(np, 11)} ${pad(b, 15)} ${pad(f, 13)}\n`;
    allocated += b * size;
    available += f * size;
    headers += np * p.poolOverheadBytes;
    quantization += np * ((p.poolSizeBytes - p.poolOverheadBytes) % size);
  }
  out += '\n';
  out += printone('# arenas allocated total', s.ntimesArenaAllocated);
  out += printone('# arenas reclaimed', s.ntimesArenaAllocated - sum.narenas);
  out += printone('# arenas highwater mark', s.narenasHighwater);
  out += printone('# arenas allocated current', sum.narenas);
  out += printone(`${sum.narenas} arenas * ${p.arenaSizeBytes} bytes/arena`, sum.narenas * p.arenaSizeBytes);
  out += '\n';
  const alignment = sum.misalignedArenas * p.poolSizeBytes;
  const unused = sum.numFreePools * p.poolSizeBytes;
  out += printone('# bytes in allocated blocks', allocated);
  out += printone('# bytes in available blocks', available);
  out += printone(`${sum.numFreePools} unused pools * ${p.poolSizeBytes} bytes`, unused);
  out += printone('# bytes lost to pool headers', headers);
  out += printone('# bytes lost to quantization', quantization);
  out += printone('# bytes lost to arena alignment', alignment);
  out += printone('Total', allocated + available + unused + headers + quantization + alignment);
  const bits = p.arenaMapBits;
  const mid = s.arenaMapMidKeys.size;
  const bot = s.arenaMapBot.size;
  const rootBytes = 2 ** bits.top * p.pointerBytes;
  const midBytes = mid * 2 ** bits.mid * p.pointerBytes;
  const botBytes = bot * 2 ** bits.bot * p.arenaMapLeafEntryBytes;
  out += '\narena map counts\n';
  out += printone('# arena map mid nodes', mid);
  out += printone('# arena map bot nodes', bot);
  out += '\n';
  out += printone('# bytes lost to arena map root', rootBytes);
  out += printone('# bytes lost to arena map mid', midBytes);
  out += printone('# bytes lost to arena map bot', botBytes);
  out += printone('Total', rootBytes + midBytes + botBytes);
  return out;
}

/** sys.getallocatedblocks(): blocks in carved pools plus raw blocks of the mem/obj domains. */
export function allocatedBlocks(s: ObmallocState): number {
  const sum = summarize(s);
  return sum.numBlocks.reduce((x, y) => x + y, 0) + s.rawAllocatedBlocks;
}
