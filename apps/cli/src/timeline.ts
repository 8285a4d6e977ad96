/**
 * Timeline commands: log build, show, history, pins, diff, verify, bench seek.
 * Human output by default, --json for tools.
 */
import { JsonlError, LogFormatError, LogReader, exportJsonl, importJsonl, verifyLog } from '@pymm/eventlog';
import { Timeline, TimelineError, buildLogFromTrace, codecFor, openAllocatorLog, type ArenaPins } from '@pymm/engine';
import { CodecError, debugMallocStats, decodeFrame, execute, hex, initialState, poolOf, type ObmallocEvent, type ObmallocRecord } from '@pymm/obmalloc';
import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { intFlag, parseArgs, UsageError } from './args.js';
import { EXIT_BAD_INPUT, EXIT_DIVERGED, EXIT_OK, InputError, reportError } from './errors.js';
import { Progress, fmtInt, fmtSeconds } from './progress.js';

const jsonOut = (v: unknown): void => console.log(JSON.stringify(v));
const isTty = (): boolean => process.stderr.isTTY === true && !process.env.CI;

function parseAddress(text: string, what: string): number {
  const t = text.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{1,13}$/.test(t)) throw new UsageError(`${what} takes a hex address, got '${text}'`);
  return parseInt(t, 16);
}

function parseSeq(text: string | boolean | undefined, what: string): number {
  if (typeof text !== 'string' || !/^-?\d+$/.test(text)) throw new UsageError(`${what} takes a seq (a whole number), got '${text ?? ''}'`);
  return Number(text);
}

/**
 * Opens a log with its index (LOG.idx): read when it belongs to the log, else the log is
 * indexed again (a progress bar on a terminal, a one-line notice) and the index written.
 */
function openTimeline(path: string, quiet: boolean): { timeline: Timeline; reader: LogReader; openMs: number } {
  const progress = new Progress('index', !quiet && isTty());
  const t0 = performance.now();
  const opened = openAllocatorLog(path, {
    onProgress: (d, n) => progress.update(d, n),
    onNotice: (m) => { if (!quiet) { progress.clear(); process.stderr.write(`pymm: ${m}\n`); } },
  });
  progress.done();
  const reader = opened.reader;
  if (reader.recovered && !quiet) {
    process.stderr.write(`pymm: ${path}: ${reader.recovered.reason} at byte ${reader.recovered.offset}; using the intact prefix (${fmtInt(reader.recordCount)} records)\n`);
  }
  return { timeline: opened.timeline, reader, openMs: performance.now() - t0 };
}

function checkSeq(t: Timeline, seq: number): number {
  if (seq < -1 || seq >= t.length) throw new InputError(`seq ${seq} is outside the log (-1 .. ${t.length - 1})`);
  return seq;
}

function describeRecord(r: ObmallocRecord): string {
  if (r.kind === 'command') {
    const c = r.command;
    return c.type === 'Free' ? `Free(${hex(c.address)})` : c.type === 'Realloc' ? `Realloc(${hex(c.address)}, ${c.requestBytes})` : `${c.type}(${c.requestBytes})`;
  }
  return `${describeEvent(r.event)}  (caused by seq ${r.cause})`;
}

function describeEvent(e: ObmallocEvent): string {
  const fields = Object.entries(e).filter(([k]) => k !== 'type').map(([k, v]) => `${k}=${typeof v === 'number' && /address|Address/.test(k) ? hex(v) : String(v)}`);
  return `${e.type} ${fields.join(' ')}`;
}

function handle(command: string, file: string | undefined, e: unknown): number {
  if (e instanceof LogFormatError) {
    process.stderr.write(`pymm ${command}: ${file}: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof CodecError) {
    process.stderr.write(`pymm ${command}: ${file}: a frame's payload is corrupt: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof TimelineError) {
    process.stderr.write(`pymm ${command}: ${file}: seq ${e.seq}: ${e.message}\n`);
    return EXIT_DIVERGED;
  }
  if (e instanceof Error && /this log holds|unknown codec|unknown profile/.test(e.message)) {
    process.stderr.write(`pymm ${command}: ${file}: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  return reportError(command, file, e);
}

export const logHelp = `usage: pymm log build TRACE -o FILE.pymmlog [--profile NAME] [--force] [--json]
       pymm log export FILE.pymmlog [-o FILE.jsonl]
       pymm log import FILE.jsonl -o FILE.pymmlog [--force]

build: replays a CPython pymalloc trace (checking it as 'pymm replay' does) and writes
every command and every event it caused to a .pymmlog (docs/formats/pymmlog.md): frames
of compactly encoded records, each checksummed; an index at the end. Prints events,
bytes and bytes per event; --json prints {events, records, calls, bytes, bytesPerEvent, ...}.
export: the log as JSON Lines (a header line, then one record a line with its seq), to
FILE.jsonl or standard output. import: the other way; errors name the line.
  --force   overwrite the output if it exists`;

function* linesOf(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let carry = '';
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = carry + buf.toString('utf8', 0, n);
      const parts = text.split('\n');
      carry = parts.pop()!;
      for (const p of parts) yield p;
    }
    if (carry.length > 0) yield carry;
  } finally {
    closeSync(fd);
  }
}

function logExport(rest: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(rest, { o: 'string', output: 'string', help: 'boolean' });
    if (positionals.length !== 1) throw new UsageError('log export takes one LOG');
    file = positionals[0];
    const reader = LogReader.open(file);
    const codec = codecFor(reader.header);
    const out = (flags.o ?? flags.output) as string | undefined;
    const fd = out === undefined ? 1 : openSync(out, 'w');
    let pending = '';
    const write = (line: string): void => {
      pending += line + '\n';
      if (pending.length > 1 << 20) { writeSync(fd, pending); pending = ''; }
    };
    const n = exportJsonl(reader, codec, write);
    writeSync(fd, pending);
    if (out !== undefined) {
      closeSync(fd);
      process.stderr.write(`pymm log export: ${fmtInt(n)} records -> ${out}\n`);
    }
    return EXIT_OK;
  } catch (e) {
    return handle('log', file, e);
  }
}

function logImport(rest: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(rest, { o: 'string', output: 'string', force: 'boolean', help: 'boolean' });
    if (positionals.length !== 1) throw new UsageError('log import takes one FILE.jsonl');
    file = positionals[0];
    const out = (flags.o ?? flags.output) as string | undefined;
    if (!out) throw new UsageError('missing -o FILE.pymmlog');
    statSync(file);
    // The codec depends on the header's profile: read the first line for it.
    const first = linesOf(file).next();
    let header: { profile?: unknown; codec?: unknown; domain?: unknown } = {};
    try {
      header = (JSON.parse(first.done ? '{}' : first.value) as { header?: typeof header }).header ?? {};
    } catch {
      throw new InputError(`${file}:1: the first line must be the JSON header ({"header": ...})`);
    }
    const codec = codecFor(header as never);
    const r = importJsonl(linesOf(file), codec, out, { overwrite: flags.force === true });
    console.log(`${out}: ${fmtInt(r.records)} records imported from ${file}`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof JsonlError) {
      process.stderr.write(`pymm log import: ${file}:${e.line}: ${e.reason}\n`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof Error && 'code' in e && (e as { code: string }).code === 'FILE_EXISTS') {
      process.stderr.write(`pymm log: ${e.message} (use --force to overwrite)\n`);
      return EXIT_BAD_INPUT;
    }
    return handle('log', file, e);
  }
}

export async function logCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'export') return logExport(rest);
  if (sub === 'import') return logImport(rest);
  if (sub !== 'build') {
    if (sub === undefined || sub === '--help' || sub === 'help') {
      console.log(logHelp);
      return sub === undefined ? EXIT_BAD_INPUT : EXIT_OK;
    }
    return reportError('log', undefined, new UsageError(`unknown subcommand 'log ${sub}' (known: build, export, import)`));
  }
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(rest, { o: 'string', output: 'string', profile: 'string', force: 'boolean', json: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(logHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('log build takes one TRACE');
    file = positionals[0];
    const out = (flags.o ?? flags.output) as string | undefined;
    if (!out) throw new UsageError('missing -o FILE.pymmlog');
    const progress = new Progress('log build', flags.json !== true && isTty());
    const t0 = performance.now();
    const r = await buildLogFromTrace(file, out, {
      profile: flags.profile as string | undefined,
      overwrite: flags.force === true,
      onProgress: (p) => progress.update(p.bytesRead, p.totalBytes, `${fmtInt(p.records)} records`),
    });
    progress.done();
    const ms = performance.now() - t0;
    const summary = {
      output: out, events: r.events, records: r.records, calls: r.commands, frames: r.frames, bytes: r.bytes,
      bytesPerEvent: Number((r.bytes / Math.max(1, r.events)).toFixed(4)),
      bytesPerRecord: Number((r.bytes / Math.max(1, r.records)).toFixed(4)),
      bytesPerCall: Number((r.bytes / Math.max(1, r.commands)).toFixed(4)),
      escapedGroups: r.escapedGroups, index: r.indexPath, indexBytes: r.indexBytes, elapsedMs: Math.round(ms),
    };
    if (flags.json) jsonOut(summary);
    else console.log(`${out}: ${fmtInt(r.events)} events (${fmtInt(r.commands)} calls, ${fmtInt(r.records)} records), ${fmtInt(r.bytes)} bytes, ${summary.bytesPerEvent} bytes/event (${summary.bytesPerCall} bytes/call); index ${r.indexPath} ${fmtInt(r.indexBytes)} bytes; ${fmtSeconds(ms)}`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof Error && 'code' in e && (e as { code: string }).code === 'FILE_EXISTS') {
      process.stderr.write(`pymm log: ${e.message} (use --force to overwrite)\n`);
      return EXIT_BAD_INPUT;
    }
    const { ReplayDivergence } = await import('@pymm/obmalloc/trace');
    if (e instanceof ReplayDivergence) {
      process.stderr.write(`pymm log: ${file}:${e.divergence.line}: the model diverged from CPython at '${e.divergence.event}': expected ${e.divergence.expected}, got ${e.divergence.actual}\n`);
      return EXIT_DIVERGED;
    }
    return handle('log', file, e);
  }
}

export const showHelp = `usage: pymm show LOG --at SEQ [--arena A | --pool ADDR | --block ADDR] [--json]

The allocator at seq SEQ (after that record; -1 = before the first): its stats, or one
arena (index or base address), one pool (address) or one block (address) in detail.`;

export function showCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { at: 'string', arena: 'string', pool: 'string', block: 'string', json: 'boolean', quiet: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(showHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('show takes one LOG');
    file = positionals[0];
    const seq = parseSeq(flags.at, '--at');
    const { timeline: t } = openTimeline(file, flags.json === true || flags.quiet === true);
    checkSeq(t, seq);
    const s = t.seek(seq);
    const at = seq >= 0 ? describeRecord(t.recordAt(seq)) : '(initial state)';
    const g = s.geometry;
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
      const address = parseAddress((flags.pool ?? flags.block) as string, flags.pool !== undefined ? '--pool' : '--block');
      const pid = poolOf(s, address);
      if (flags.block !== undefined && pid < 0) {
        const raw = s.rawBlocks.get(address);
        const info = { seq, record: at, address, status: raw !== undefined ? 'raw' : 'not allocated', requestBytes: raw ?? null, allocatedAt: raw !== undefined ? t.allocatedAt(address, seq) : null };
        if (flags.json) jsonOut(info);
        else console.log(`seq ${seq}: ${at}\nblock ${hex(address)}: ${raw !== undefined ? `a live raw block of ${raw} bytes (malloc), allocated at seq ${info.allocatedAt}` : 'not inside any live arena, and not a live raw block'}`);
        return EXIT_OK;
      }
      if (pid < 0) throw new InputError(`${hex(address)} is not inside a carved pool at seq ${seq}`);
      const sz = s.poolSzidx[pid];
      const size = g.blockSizeBytes[sz];
      const base = s.poolBase[pid];
      const free: number[] = [];
      for (let u = s.poolFreeblock[pid], n = 0; u !== 0 && n < g.unitsPerPool; u = s.links[pid * g.unitsPerPool + u], n++) free.push(base + u * s.profile.alignmentBytes);
      if (flags.block !== undefined) {
        const off = address - base - s.profile.poolOverheadBytes;
        const isStart = off >= 0 && off % size === 0;
        const status = !isStart ? 'inside a block' : address - base >= s.poolNextoffset[pid] ? 'virgin (never handed out)' : free.includes(address) ? 'free' : 'allocated';
        const info = { seq, record: at, address, pool: base, sizeIndex: sz, blockBytes: size, status, allocatedAt: status === 'allocated' ? t.allocatedAt(address, seq) : null, history: t.history(address).filter((h) => h.seq <= seq).slice(-5) };
        if (flags.json) jsonOut(info);
        else {
          console.log(`seq ${seq}: ${at}\nblock ${hex(address)} in pool ${hex(base)} (class ${sz}, ${size} B blocks): ${status}${info.allocatedAt !== null ? `, allocated at seq ${info.allocatedAt}` : ''}`);
          for (const h of info.history) console.log(`  seq ${h.seq}: ${h.kind} by ${h.command}(${h.requestBytes} B)`);
        }
        return EXIT_OK;
      }
      const info = {
        seq, record: at, pool: base, arenaIndex: s.poolArena(pid), sizeIndex: sz, blockBytes: size, count: s.poolCount[pid], blocksPerPool: g.blocksPerPool[sz],
        nextoffset: s.poolNextoffset[pid], maxnextoffset: s.poolMaxnextoffset[pid], freeList: free, history: t.poolHistory(base).filter((h) => h.seq <= seq),
      };
      if (flags.json) jsonOut(info);
      else {
        console.log(`seq ${seq}: ${at}\npool ${hex(base)} (arena ${info.arenaIndex}): class ${sz} (${size} B), ${info.count}/${info.blocksPerPool} blocks allocated, nextoffset ${info.nextoffset}, maxnextoffset ${info.maxnextoffset}`);
        console.log(`  free list (next first): ${free.length ? free.slice(0, 16).map(hex).join(' ') + (free.length > 16 ? ` … (${free.length})` : '') : 'empty'}`);
        for (const h of info.history.slice(-8)) console.log(`  seq ${h.seq}: ${h.kind} (class ${h.sizeIndex})`);
      }
      return EXIT_OK;
    }
    const stats = debugMallocStats(s);
    if (flags.json) jsonOut({ seq, record: at, stats });
    else process.stdout.write(`seq ${seq} of ${t.length - 1}: ${at}\n\n${stats}`);
    return EXIT_OK;
  } catch (e) {
    return handle('show', file, e);
  }
}

export const historyHelp = `usage: pymm history LOG --address ADDR [--json]

Every allocation, free and reallocation that touched ADDR, with the seq of its command.`;

export function historyCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { address: 'string', json: 'boolean', quiet: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(historyHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('history takes one LOG');
    file = positionals[0];
    if (flags.address === undefined) throw new UsageError('missing --address ADDR');
    const address = parseAddress(flags.address as string, '--address');
    const { timeline: t, openMs } = openTimeline(file, flags.json === true || flags.quiet === true);
    const q0 = performance.now();
    const entries = t.history(address);
    const queryMs = performance.now() - q0;
    if (flags.json) jsonOut({ address, entries, indexMs: Math.round(openMs), queryMs: Number(queryMs.toFixed(3)) });
    else {
      console.log(`${hex(address)}: ${entries.length} events (index built in ${fmtSeconds(openMs)}, query ${queryMs.toFixed(2)} ms)`);
      for (const h of entries) console.log(`  seq ${String(h.seq).padStart(10)}  ${h.kind.padEnd(16)} ${h.command}(${h.requestBytes} B)${h.otherAddress !== undefined ? ` ${h.kind === 'reallocated-from' ? 'to' : 'from'} ${hex(h.otherAddress)}` : ''}`);
    }
    return EXIT_OK;
  } catch (e) {
    return handle('history', file, e);
  }
}

export const pinsHelp = `usage: pymm pins LOG --at SEQ [--arena A] [--json]

What keeps arenas from being given back at seq SEQ: each live arena's live blocks, with
the seq of the command that allocated each.`;

export function pinsCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { at: 'string', arena: 'string', json: 'boolean', quiet: 'boolean', limit: 'string', help: 'boolean' });
    if (flags.help) { console.log(pinsHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('pins takes one LOG');
    file = positionals[0];
    const seq = parseSeq(flags.at, '--at');
    const arena = flags.arena === undefined ? undefined : intFlag(flags.arena, 'arena', 0, 0);
    const limit = intFlag(flags.limit, 'limit', 10, 0);
    const { timeline: t, openMs } = openTimeline(file, flags.json === true || flags.quiet === true);
    checkSeq(t, seq);
    const q0 = performance.now();
    let pins: ArenaPins[];
    try {
      pins = t.pins(seq, arena);
    } catch (e) {
      if (e instanceof RangeError) throw new InputError(e.message);
      throw e;
    }
    const queryMs = performance.now() - q0;
    if (flags.json) jsonOut({ seq, arenas: pins, indexMs: Math.round(openMs), queryMs: Number(queryMs.toFixed(3)) });
    else {
      console.log(`seq ${seq}: ${pins.length} live arenas (index built in ${fmtSeconds(openMs)}, query ${queryMs.toFixed(1)} ms)`);
      for (const a of pins) {
        console.log(`arena ${a.arenaIndex} at ${hex(a.baseAddress)}: ${a.freePools}/${a.totalPools} pools free, pinned by ${fmtInt(a.liveBlocks.length)} live blocks`);
        const recent = [...a.liveBlocks].sort((x, y) => y.allocatedAt - x.allocatedAt).slice(0, limit);
        for (const b of recent) console.log(`  ${hex(b.address)}  class ${String(b.sizeIndex).padStart(2)}  allocated at seq ${b.allocatedAt}`);
        if (a.liveBlocks.length > limit) console.log(`  … ${fmtInt(a.liveBlocks.length - limit)} more (newest shown; --limit N, --json for all)`);
      }
    }
    return EXIT_OK;
  } catch (e) {
    return handle('pins', file, e);
  }
}

export const diffHelp = `usage: pymm diff LOG --from SEQ --to SEQ [--json]

What changed between two seqs: pools and blocks per size class, arenas gained, lost or
changed, raw blocks, and the stats lines that differ.`;

export function diffCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { from: 'string', to: 'string', json: 'boolean', quiet: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(diffHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('diff takes one LOG');
    file = positionals[0];
    const from = parseSeq(flags.from, '--from'), to = parseSeq(flags.to, '--to');
    const { timeline: t } = openTimeline(file, flags.json === true || flags.quiet === true);
    checkSeq(t, from);
    checkSeq(t, to);
    const d = t.diff(from, to);
    if (flags.json) { jsonOut(d); return EXIT_OK; }
    console.log(`seq ${from} -> ${to}`);
    const sign = (x: number): string => (x > 0 ? `+${x}` : String(x));
    for (const c of d.classes) console.log(`  class ${String(c.sizeIndex).padStart(2)} (${String(c.blockBytes).padStart(3)} B): pools ${c.pools[0]} -> ${c.pools[1]} (${sign(c.pools[1] - c.pools[0])}), blocks ${c.blocks[0]} -> ${c.blocks[1]} (${sign(c.blocks[1] - c.blocks[0])})`);
    for (const a of d.arenas) console.log(`  arena ${hex(a.baseAddress)}: ${a.status}, used pools ${a.usedPools[0]} -> ${a.usedPools[1]}, blocks ${a.blocks[0]} -> ${a.blocks[1]}`);
    if (d.rawBlocks[0] !== d.rawBlocks[1]) console.log(`  raw blocks ${d.rawBlocks[0]} -> ${d.rawBlocks[1]}`);
    if (d.statsLines.length) {
      console.log('  stats lines:');
      for (const l of d.statsLines) {
        if (l.from !== null) console.log(`  - ${l.from}`);
        if (l.to !== null) console.log(`  + ${l.to}`);
      }
    }
    if (!d.classes.length && !d.arenas.length && d.rawBlocks[0] === d.rawBlocks[1]) console.log('  no change');
    return EXIT_OK;
  } catch (e) {
    return handle('diff', file, e);
  }
}

export const verifyHelp = `usage: pymm verify LOG [--json]

Checks a .pymmlog: its header, every frame's checksum, dense seqs, the index; then replays
every command through the model and checks that it causes exactly the events the log
holds. Exit 0 if all holds, 1 if the log and the model disagree, 2 if the file is damaged.`;

export function verifyCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { json: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(verifyHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('verify takes one LOG');
    file = positionals[0];
    statSync(file);
    const container = verifyLog(file);
    const problems = [...container.problems];
    let records = 0, commands = 0;
    if (container.ok || container.frames > 0) {
      const reader = LogReader.open(file);
      const codec = codecFor(reader.header);
      const state = initialState({ profile: codec.profile });
      const pending: ObmallocEvent[] = [];
      let command: ObmallocRecord | null = null;
      let cmdSeq = -1;
      const check = (): void => {
        if (command === null || command.kind !== 'command') return;
        const made: ObmallocEvent[] = [];
        execute(state, command.command, (e) => made.push(e));
        if (JSON.stringify(made) !== JSON.stringify(pending)) throw new TimelineError(cmdSeq, `the model makes ${made.length} events for this command, the log holds ${pending.length}: ${JSON.stringify(made[0])} vs ${JSON.stringify(pending[0])}`);
      };
      for (let f = 0; f < reader.frames.length; f++) {
        let seq = reader.frames[f].firstSeq;
        decodeFrame(codec, reader.readFrame(f), seq, (r) => {
          if (r.kind === 'command') {
            check();
            command = r;
            cmdSeq = seq;
            pending.length = 0;
            commands++;
          } else {
            if (r.cause !== cmdSeq) throw new TimelineError(seq, `event caused by seq ${r.cause}, but the command before it is seq ${cmdSeq}`);
            pending.push(r.event);
          }
          seq++;
          records++;
        });
      }
      check();
      reader.close();
    }
    const ok = problems.length === 0 && container.recovered === null;
    const result = { ok, frames: container.frames, records, commands, bytes: container.bytes, problems, recovered: container.recovered };
    if (flags.json) jsonOut(result);
    else if (ok) console.log(`ok: ${file}: ${fmtInt(container.frames)} frames, ${fmtInt(records)} records (${fmtInt(commands)} commands), every checksum and every event matches the model`);
    else {
      process.stderr.write(`pymm verify: ${file}: damaged\n`);
      for (const p of problems) process.stderr.write(`  ${p}\n`);
      if (container.recovered) process.stderr.write(`  ${container.recovered.reason} at byte ${container.recovered.offset}: ${fmtInt(container.recovered.validBytes)} bytes of intact prefix\n`);
    }
    return ok ? EXIT_OK : EXIT_BAD_INPUT;
  } catch (e) {
    return handle('verify', file, e);
  }
}

export const benchSeekHelp = `usage: pymm bench seek LOG [--n 1000] [--warmup 20] [--json]

Opens the log (one pass: checkpoints and indexes), then times N seeks to seqs drawn by a
fixed-seed generator, after a few untimed warm-up seeks. Reports p50/p99/max ms, the
checkpoint memory and the log size, and the time of history and pins queries.
--json: {p50Ms, p99Ms, maxMs, seeks, checkpointBytes, logBytes, indexBytes, openMs, historyMs, pinsMs}.`;

export function benchSeekCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { n: 'string', warmup: 'string', json: 'boolean', seed: 'string', help: 'boolean' });
    if (flags.help) { console.log(benchSeekHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('bench seek takes one LOG');
    file = positionals[0];
    const n = intFlag(flags.n, 'n', 1000);
    const warmup = intFlag(flags.warmup, 'warmup', 20, 0);
    let x = intFlag(flags.seed, 'seed', 20261127, 0) >>> 0 || 1;
    const rnd = (): number => {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      return x / 4294967296;
    };
    const { timeline: t, openMs } = openTimeline(file, flags.json === true);
    const times: number[] = [];
    for (let i = 0; i < warmup + n; i++) {
      const seq = Math.floor(rnd() * t.length) - 1;
      const a = performance.now();
      t.seek(seq);
      if (i >= warmup) times.push(performance.now() - a);
    }
    times.sort((p, q) => p - q);
    const pct = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    // Queries: the history of a busy address and the pins of every arena, at random seqs.
    const q: number[] = [], pq: number[] = [];
    for (let i = 0; i < 20; i++) {
      const seq = Math.floor(rnd() * t.length);
      const s = t.seek(seq);
      const pid = s.poolNext[i % s.geometry.nClasses];
      const address = pid >= s.geometry.nClasses ? s.poolBase[pid] + s.profile.poolOverheadBytes : 0;
      let a = performance.now();
      t.history(address);
      q.push(performance.now() - a);
      a = performance.now();
      t.pins(seq);
      pq.push(performance.now() - a);
    }
    const r2 = (v: number): number => Number(v.toFixed(3));
    const result = {
      seeks: n, p50Ms: r2(pct(0.5)), p99Ms: r2(pct(0.99)), maxMs: r2(times[times.length - 1]),
      checkpointBytes: t.checkpointBytes, checkpoints: t.checkpointCount, logBytes: statSync(file).size, indexBytes: t.indexBytes,
      records: t.length, openMs: Math.round(openMs), historyMs: r2(Math.max(...q)), pinsMs: r2(Math.max(...pq)),
    };
    if (flags.json) jsonOut(result);
    else {
      console.log(`${file}: ${fmtInt(t.length)} records; index and ${t.checkpointCount} checkpoints built in ${fmtSeconds(openMs)}`);
      console.log(`  ${n} random seeks: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms`);
      console.log(`  checkpoints ${fmtInt(result.checkpointBytes)} bytes (log ${fmtInt(result.logBytes)} bytes, ${(100 * result.checkpointBytes / result.logBytes).toFixed(0)}%); indexes ${fmtInt(result.indexBytes)} bytes`);
      console.log(`  slowest of 20: history ${result.historyMs} ms, pins (all arenas, seek included) ${result.pinsMs} ms`);
    }
    return EXIT_OK;
  } catch (e) {
    return handle('bench', file, e);
  }
}
