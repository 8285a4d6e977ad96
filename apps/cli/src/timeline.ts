/**
 * Timeline commands over logs of either kind (allocator logs from `pymm log build`, heap
 * logs from `pymm run --log`): history, pins and diff here; log build/export/import in
 * logio.ts, show in show.ts, verify in verify.ts, bench seek in benchSeek.ts.
 * Human output by default, --json for tools.
 */
import type { PinnedBlock } from '@pymm/engine';
import { hex } from '@pymm/obmalloc';
import { intFlag, parseArgs, UsageError } from './args.js';
import { EXIT_OK, InputError } from './errors.js';
import { fmtInt, fmtSeconds } from './progress.js';
import { addressEntryText, handle, jsonOut, openTimeline, pageFlags, pageNote, parseAddress, seqFlag } from './timelineCommon.js';

export { logCommand, logHelp } from './logio.js';
export { showCommand, showHelp } from './show.js';
export { verifyCommand, verifyHelp } from './verify.js';
export { benchSeekCommand, benchSeekHelp } from './benchSeek.js';

export const historyHelp = `usage: pymm history LOG --address ADDR [--limit N] [--offset N] [--json]

Every allocation, free and reallocation of the block at ADDR, oldest first, with the
seq of each and its cause: the allocator call (allocator logs), or the statement that
made it happen and the objects made in the block (heap logs). ADDR may lie inside a
block (an object's id(), which is past its GC header): the block containing it is used,
and a first line says so. Says how many there are in all and shows --limit of them
(default 50) from --offset (default 0).
--json: {address, block (the block's start), total, offset, entries}.`;

export function historyCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { address: 'string', limit: 'string', offset: 'string', json: 'boolean', quiet: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(historyHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('history takes one LOG');
    file = positionals[0]!;
    if (flags.address === undefined) throw new UsageError('missing --address ADDR');
    const address = parseAddress(flags.address, '--address');
    const { offset, limit } = pageFlags(flags);
    const { timeline: t, openMs } = openTimeline(file, flags.json === true || flags.quiet === true);
    const q0 = performance.now();
    let block = address;
    let all = t.addressHistory(address);
    // an address inside a block (an object's id(), after its GC header): the block's history
    const containing = all.length === 0 ? t.blocksContaining(address) : [];
    if (containing.length > 0) {
      block = containing[containing.length - 1]!.block;
      all = t.addressHistory(block);
    }
    const queryMs = performance.now() - q0;
    const entries = all.slice(offset, offset + limit);
    if (flags.json) jsonOut({ address, block, total: all.length, offset, entries, openMs: Math.round(openMs), queryMs: Number(queryMs.toFixed(3)) });
    else {
      if (block !== address) {
        const others = containing.slice(0, -1).map((c) => `${hex(c.block)} (${c.blockBytes} B blocks)`);
        console.log(`${hex(address)} is inside the ${containing[containing.length - 1]!.blockBytes}-byte block at ${hex(block)}, ${address - block} bytes in: its history${others.length > 0 ? `; before, its pool served other sizes: ${others.join(', ')}` : ''}`);
      } else if (all.length === 0) {
        console.log(`${hex(address)}: no block starts there, and no block of this log contains it`);
        return EXIT_OK;
      }
      console.log(`${hex(block)}: ${fmtInt(all.length)} event${all.length === 1 ? '' : 's'}${pageNote(offset, entries.length, all.length)}; opened in ${fmtSeconds(openMs)}, query ${queryMs.toFixed(2)} ms`);
      for (const h of entries) console.log(`  seq ${String(h.seq).padStart(10)}  ${addressEntryText(t, h)}`);
    }
    return EXIT_OK;
  } catch (e) {
    return handle('history', file, e);
  }
}

export const pinsHelp = `usage: pymm pins LOG [--at SEQ] [--arena A] [--limit N] [--offset N] [--json]

What keeps arenas from being given back after record SEQ (default: the end of the log):
each live arena's live blocks, with the seq of the call or event that allocated each
(heap logs: and the object in each block). Text shows the newest --limit blocks of each
arena (default 10), after skipping the --offset newest; --json lists them all: {seq, arenas: [{arenaIndex, baseAddress,
freePools, totalPools, liveBlocks: [{address, sizeIndex, allocatedAt, object?}]}]}.`;

type Block = PinnedBlock & { object?: number | null };

export function pinsCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { at: 'string', arena: 'string', json: 'boolean', quiet: 'boolean', limit: 'string', offset: 'string', help: 'boolean' });
    if (flags.help) { console.log(pinsHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('pins takes one LOG');
    file = positionals[0]!;
    const arena = flags.arena === undefined ? undefined : intFlag(flags.arena, 'arena', 0, 0);
    const limit = intFlag(flags.limit, 'limit', 10, 0);
    const offset = intFlag(flags.offset, 'offset', 0, 0);
    const { timeline: t, openMs } = openTimeline(file, flags.json === true || flags.quiet === true);
    const seq = seqFlag(t, flags, 'at') ?? t.length - 1;
    const q0 = performance.now();
    let pins: ReturnType<typeof t.pins>;
    try {
      pins = t.pins(seq, arena);
    } catch (e) {
      if (e instanceof RangeError && /no arena/.test(e.message)) throw new InputError(e.message);
      throw e;
    }
    const queryMs = performance.now() - q0;
    const ix = t.heap?.index ?? null;
    // heap logs: the object in each block (described only where shown: a heap can have millions)
    const describe = (id: number | null): string | null => (id === null || ix === null ? null : ix.describe(id, seq));
    const arenas = pins.map(({ objects, ...a }) => ({
      ...a,
      liveBlocks: objects === undefined || ix === null ? a.liveBlocks as Block[] : a.liveBlocks.map((b, i): Block => ({ ...b, object: objects[i] ?? null })),
    }));
    if (flags.json) {
      const described = ix === null ? arenas : arenas.map((a) => ({ ...a, liveBlocks: a.liveBlocks.map((b) => ({ ...b, description: describe(b.object ?? null) })) }));
      jsonOut({ seq, kind: t.kind, arenas: described, openMs: Math.round(openMs), queryMs: Number(queryMs.toFixed(3)) });
    } else {
      console.log(`seq ${seq}: ${arenas.length} live arena${arenas.length === 1 ? '' : 's'} (opened in ${fmtSeconds(openMs)}, query ${queryMs.toFixed(1)} ms)`);
      for (const a of arenas) {
        console.log(`arena ${a.arenaIndex} at ${hex(a.baseAddress)}: ${a.freePools}/${a.totalPools} pools free, pinned by ${fmtInt(a.liveBlocks.length)} live block${a.liveBlocks.length === 1 ? '' : 's'}`);
        const recent = [...a.liveBlocks].sort((x, y) => y.allocatedAt - x.allocatedAt).slice(offset, offset + limit);
        for (const b of recent) {
          const what = ix === null ? '' : `  ${describe(b.object ?? null) ?? '(no object: storage or a free list)'}`;
          console.log(`  ${hex(b.address)}  class ${String(b.sizeIndex).padStart(2)}  ${b.allocatedAt >= 0 ? `allocated at seq ${b.allocatedAt}` : 'allocated before record 0'}${what}`);
        }
        const rest = a.liveBlocks.length - offset - recent.length;
        if (rest > 0 || offset > 0) console.log(`  … ${offset > 0 ? `${fmtInt(Math.min(offset, a.liveBlocks.length))} newer skipped, ` : ''}${fmtInt(Math.max(0, rest))} older not shown (newest first; --offset N, --limit N, --json for all)`);
      }
    }
    return EXIT_OK;
  } catch (e) {
    return handle('pins', file, e);
  }
}

export const diffHelp = `usage: pymm diff LOG --from SEQ --to SEQ [--limit N] [--offset N] [--json]

What changed between the states after two records: pools and blocks per size class,
arenas gained, lost or changed, raw blocks, and the stats lines that differ; heap logs
add the objects made, freed and whose refcount changed, and live objects by type.
Text lists --limit objects of each kind (default 20) after skipping --offset of them;
--json lists them all:
{fromSeq, toSeq, classes, arenas, rawBlocks, statsLines, heap: null | {added, removed,
changed, byType}}.`;

export function diffCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { from: 'string', to: 'string', limit: 'string', offset: 'string', json: 'boolean', quiet: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(diffHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('diff takes one LOG');
    file = positionals[0]!;
    if (flags.from === undefined || flags.to === undefined) throw new UsageError('diff needs --from SEQ and --to SEQ');
    const limit = intFlag(flags.limit, 'limit', 20, 0);
    const offset = intFlag(flags.offset, 'offset', 0, 0);
    const { timeline: t } = openTimeline(file, flags.json === true || flags.quiet === true);
    const from = seqFlag(t, flags, 'from')!, to = seqFlag(t, flags, 'to')!;
    const full = t.diff(from, to);
    const d = full.allocator;
    const ix = t.heap?.index ?? null;
    const heap = full.heap === null || ix === null ? null : {
      added: full.heap.added.map((id) => ({ id, description: ix.describe(id, to) })),
      removed: full.heap.removed.map((id) => ({ id, description: ix.describe(id, from) })),
      changed: full.heap.changed.map((c) => ({ ...c, description: ix.describe(c.id, to) })),
      byType: full.heap.byType,
    };
    if (flags.json) { jsonOut({ ...d, kind: t.kind, heap }); return EXIT_OK; }
    console.log(`seq ${from} -> ${to}`);
    const sign = (x: number): string => (x > 0 ? `+${x}` : String(x));
    for (const c of d.classes) console.log(`  class ${String(c.sizeIndex).padStart(2)} (${String(c.blockBytes).padStart(3)} B): pools ${c.pools[0]} -> ${c.pools[1]} (${sign(c.pools[1] - c.pools[0])}), blocks ${c.blocks[0]} -> ${c.blocks[1]} (${sign(c.blocks[1] - c.blocks[0])})`);
    for (const a of d.arenas) console.log(`  arena ${hex(a.baseAddress)}: ${a.status}, used pools ${a.usedPools[0]} -> ${a.usedPools[1]}, blocks ${a.blocks[0]} -> ${a.blocks[1]}`);
    if (d.rawBlocks[0] !== d.rawBlocks[1]) console.log(`  raw blocks ${d.rawBlocks[0]} -> ${d.rawBlocks[1]}`);
    if (d.statsLines.length) {
      console.log('  stats lines:');
      for (const l of d.statsLines) if (l.from !== null) console.log(`  - ${l.from}`);
      for (const l of d.statsLines) if (l.to !== null) console.log(`  + ${l.to}`);
    }
    const allocatorSame = !d.classes.length && !d.arenas.length && d.rawBlocks[0] === d.rawBlocks[1];
    if (heap === null) {
      if (allocatorSame) console.log('  no change');
      return EXIT_OK;
    }
    if (allocatorSame) console.log('  allocator: no change');
    console.log(`  objects: ${fmtInt(heap.added.length)} made, ${fmtInt(heap.removed.length)} freed, ${fmtInt(heap.changed.length)} with another refcount`);
    for (const b of heap.byType) console.log(`  type ${b.type}: ${b.count[0]} -> ${b.count[1]} (${sign(b.count[1] - b.count[0])})`);
    const list = <T>(mark: string, xs: readonly T[], text: (x: T) => string): void => {
      const shown = xs.slice(offset, offset + limit);
      for (const x of shown) console.log(`  ${mark} ${text(x)}`);
      const rest = xs.length - offset - shown.length;
      if (rest > 0 || (offset > 0 && xs.length > 0)) console.log(`    … ${offset > 0 ? `${fmtInt(Math.min(offset, xs.length))} skipped, ` : ''}${fmtInt(Math.max(0, rest))} more (--offset N, --limit N, --json for all)`);
    };
    list('+', heap.added, (o) => o.description);
    list('-', heap.removed, (o) => o.description);
    list('~', heap.changed, (c) => `${c.description}: refcount ${c.refcount[0]} -> ${c.refcount[1]}`);
    return EXIT_OK;
  } catch (e) {
    return handle('diff', file, e);
  }
}
