/**
 * `pymm show LOG --at SEQ [--arena A | --pool ADDR | --block ADDR]`: the allocator after
 * any record of a log of either kind (a heap log's allocator is its objects' memory).
 */
import { hex, poolOf } from '@pymm/obmalloc';
import { parseArgs, UsageError } from './args.js';
import { EXIT_OK, InputError } from './errors.js';
import { fmtInt } from './progress.js';
import { addressEntryText, handle, jsonOut, openTimeline, parseAddress, recordLine, seqFlag } from './timelineCommon.js';

export const showHelp = `usage: pymm show LOG [--at SEQ] [--arena A | --pool ADDR | --block ADDR] [--json]

The allocator after record SEQ (-1: before the first; default: the end of the log) of
an allocator log (pymm log build) or a heap log (pymm run --log): its
sys._debugmallocstats() text (heap logs add live objects and gc counts), or in detail
one arena (index or base address), one pool (its free list; allocator logs add the
pool's events: initialised, reused, full, emptied) or one block (free or allocated,
since which seq, its last events; heap logs add the object in it). --block ADDR may lie
inside a block (an object's id(), past its GC header): the block containing it is shown,
and a first line says so (--json: "asked", the address given; "address", the block's).`;

export function showCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { at: 'string', arena: 'string', pool: 'string', block: 'string', json: 'boolean', quiet: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(showHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('show takes one LOG');
    if ([flags.arena, flags.pool, flags.block].filter((x) => x !== undefined).length > 1) throw new UsageError('give one of --arena, --pool, --block');
    file = positionals[0]!;
    const { timeline: t } = openTimeline(file, flags.json === true || flags.quiet === true);
    const seq = seqFlag(t, flags, 'at') ?? t.length - 1;
    const s = t.allocatorAt(seq);
    const at = recordLine(t, seq);
    const g = s.geometry;
    const ix = t.heap?.index ?? null;
    if (flags.arena !== undefined) {
      const text = flags.arena as string;
      const index = /^\d+$/.test(text) ? Number(text) : [...Array(s.maxarenas).keys()].find((a) => s.arenaAddress[a] === parseAddress(text, '--arena'));
      if (index === undefined || index >= s.maxarenas || s.arenaAddress[index] === 0) throw new InputError(`no live arena '${text}' at seq ${seq}`);
      const pools = [];
      for (let slot = 0; slot < s.arenaCarved[index]; slot++) {
        const pid = s.poolId(index, slot);
        const count = s.poolCount[pid], sz = s.poolSzidx[pid];
        const state = count === 0 ? 'empty' : count === g.blocksPerPool[sz] ? 'full' : 'used';
        pools.push({ address: s.poolBase[pid], sizeIndex: sz, blockBytes: g.blockSizeBytes[sz] ?? 0, count, blocksPerPool: g.blocksPerPool[sz] ?? 0, state });
      }
      const info = { seq, record: at, arenaIndex: index, baseAddress: s.arenaAddress[index], freePools: s.arenaNfreepools[index], totalPools: s.arenaNtotalpools[index], carvedPools: s.arenaCarved[index], pools };
      if (flags.json) jsonOut(info);
      else {
        console.log(`seq ${seq}: ${at}\narena ${index} at ${hex(info.baseAddress)}: ${info.freePools} of ${info.totalPools} pools free, ${info.carvedPools} carved`);
        for (const p of pools) console.log(`  pool ${hex(p.address)}  class ${String(p.sizeIndex).padStart(2)} (${String(p.blockBytes).padStart(3)} B)  ${String(p.count).padStart(4)}/${p.blocksPerPool} blocks  ${p.state}`);
      }
      return EXIT_OK;
    }
    if (flags.pool !== undefined || flags.block !== undefined) {
      const isBlock = flags.block !== undefined;
      const asked = parseAddress(flags.pool ?? flags.block, isBlock ? '--block' : '--pool');
      // an address inside a block (an object's id(), after its GC header): that block
      const inside = isBlock ? t.blocksContaining(asked, seq)[0] ?? null : null;
      const address = inside?.block ?? asked;
      const insideNote = address !== asked ? `${hex(asked)} is inside the ${inside!.blockBytes}-byte block at ${hex(address)}, ${asked - address} bytes in: that block` : null;
      const pid = poolOf(s, address);
      // heap logs: the object made in the block, while it is alive
      const objectId = ix !== null && isBlock ? ix.objectAt(address, seq) : null;
      const object = objectId === null || ix === null ? null : { id: objectId, type: ix.typeName(objectId), description: ix.describe(objectId, seq) };
      const recent = (): ReturnType<typeof t.addressHistory> => t.addressHistory(address).filter((h) => h.seq <= seq).slice(-5);
      const printRecent = (hs: ReturnType<typeof t.addressHistory>): void => { for (const h of hs) console.log(`  seq ${h.seq}: ${addressEntryText(t, h, seq)}`); };
      if (isBlock && pid < 0) {
        const raw = s.rawBlocks.get(address);
        const info = { seq, record: at, address, ...(address !== asked ? { asked } : {}), status: raw !== undefined ? 'raw' : 'not allocated', requestBytes: raw ?? null, allocatedAt: raw !== undefined ? t.allocatedAt(address, seq) : null, object, history: recent() };
        if (flags.json) jsonOut(info);
        else {
          if (insideNote !== null) console.log(insideNote);
          console.log(`seq ${seq}: ${at}\nblock ${hex(address)}: ${raw !== undefined ? `a live raw block of ${raw} bytes (malloc), allocated at seq ${info.allocatedAt}` : 'not inside any live arena, and not a live raw block'}`);
          if (object !== null) console.log(`  holds ${object.description}`);
          printRecent(info.history);
        }
        return EXIT_OK;
      }
      if (pid < 0) throw new InputError(`${hex(address)} is not inside a carved pool at seq ${seq}`);
      const sz = s.poolSzidx[pid];
      const size = g.blockSizeBytes[sz];
      const base = s.poolBase[pid];
      const free: number[] = [];
      for (let u = s.poolFreeblock[pid], n = 0; u !== 0 && n < g.unitsPerPool; u = s.links[pid * g.unitsPerPool + u], n++) free.push(base + u * s.profile.alignmentBytes);
      if (isBlock) {
        const off = address - base - s.profile.poolOverheadBytes;
        const isStart = off >= 0 && off % size === 0;
        const status = off < 0 ? 'in the pool\'s header, not in a block' : !isStart ? 'inside a block' : address - base >= s.poolNextoffset[pid] ? 'virgin (never handed out)' : free.includes(address) ? 'free' : 'allocated';
        const info = { seq, record: at, address, ...(address !== asked ? { asked } : {}), pool: base, sizeIndex: sz, blockBytes: size, status, allocatedAt: status === 'allocated' ? t.allocatedAt(address, seq) : null, object, history: recent() };
        if (flags.json) jsonOut(info);
        else {
          if (insideNote !== null) console.log(insideNote);
          console.log(`seq ${seq}: ${at}\nblock ${hex(address)} in pool ${hex(base)} (class ${sz}, ${size} B blocks): ${status}${info.allocatedAt === null ? '' : info.allocatedAt >= 0 ? `, allocated at seq ${info.allocatedAt}` : ', allocated before record 0'}`);
          if (object !== null) console.log(`  holds ${object.description}`);
          else if (ix !== null && status === 'allocated') console.log('  no object was made in it: it holds an object\'s separate storage (items, keys, values) or sits on a free list');
          printRecent(info.history);
        }
        return EXIT_OK;
      }
      const history = t.allocator !== null ? t.allocator.poolHistory(base).filter((h) => h.seq <= seq) : null;
      const info = {
        seq, record: at, pool: base, arenaIndex: s.poolArena(pid), sizeIndex: sz, blockBytes: size, count: s.poolCount[pid], blocksPerPool: g.blocksPerPool[sz],
        nextoffset: s.poolNextoffset[pid], maxnextoffset: s.poolMaxnextoffset[pid], freeList: free, history,
      };
      if (flags.json) jsonOut(info);
      else {
        console.log(`seq ${seq}: ${at}\npool ${hex(base)} (arena ${info.arenaIndex}): class ${sz} (${size} B), ${info.count}/${info.blocksPerPool} blocks allocated, nextoffset ${info.nextoffset}, maxnextoffset ${info.maxnextoffset}`);
        console.log(`  free list (next first): ${free.length ? free.slice(0, 16).map(hex).join(' ') + (free.length > 16 ? ` … (${free.length})` : '') : 'empty'}`);
        if (history === null) console.log('  (pool events are indexed for allocator logs only)');
        else for (const h of history.slice(-8)) console.log(`  seq ${h.seq}: ${h.kind} (class ${h.sizeIndex})`);
      }
      return EXIT_OK;
    }
    const st = t.statsAt(seq);
    const heap = st.liveObjects !== undefined ? { liveObjects: st.liveObjects, gcCounts: st.gcCounts ?? null, thresholds: st.thresholds ?? null } : null;
    if (flags.json) jsonOut({ seq, kind: t.kind, record: at, stats: st.text, heap });
    else {
      const objects = heap !== null ? `\n${fmtInt(heap.liveObjects)} live objects; gc.get_count() ${JSON.stringify(heap.gcCounts)}, thresholds ${JSON.stringify(heap.thresholds)}` : '';
      process.stdout.write(`seq ${seq} of ${t.length - 1}: ${at}${objects}\n\n${st.text}`);
    }
    return EXIT_OK;
  } catch (e) {
    return handle('show', file, e);
  }
}
