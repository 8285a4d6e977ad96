/**
 * `pymm compare TRACE`: every allocator (pymalloc and the classic families) replays the
 * same real trace; a table of footprint, fragmentation and speed, an HTML report, and the
 * allocators side by side at any call (`--at`). `pymm replay TRACE --allocator NAME` (in
 * replay.ts) replays through one of them, with time travel to any call.
 */
import { basename } from 'node:path';
import { allocatorNames, compareAllocators, comparisonHtml, formatBytes, targetNamed, type ReplayTarget, type TargetFigures } from '@pymm/allocators';
import { ReplayTimeline } from '@pymm/engine';
import { HandleCallsBuilder, OP_LETTER, parseTraceFile, type HandleCalls } from '@pymm/obmalloc/trace';
import { intFlag, parseArgs, UsageError } from './args.js';
import { EXIT_OK, reportError } from './errors.js';
import { checkOutput, refuseOutputOntoInput, writeAtomically } from './files.js';
import { Progress, fmtInt, fmtSeconds } from './progress.js';

export const compareHelp = `usage: pymm compare TRACE [--allocators LIST] [--at CALL] [--html OUT.html [--force]]
                    [--runs N] [--json] [--quiet]

Replays the same CPython trace (plain or .gz) through several allocators, each from a fresh
heap, and compares them: peak and final mapped bytes, overhead at peak (peak mapped over
the program's peak live requested bytes), internal fragmentation (headers and rounding),
external fragmentation (mapped bytes in no live block), free blocks, and ns per call of
the replay loop, all measured in this one run. Requests of 1 to 512 bytes go to the
allocator; 0-byte and larger ones to the same raw allocator for all, as PyObject_Malloc
sends them to malloc.

  --allocators LIST  comma-separated, in the order shown (default: all):
                     ${'{names}'}
  --at CALL          instead: every allocator after the first CALL calls (0 .. calls),
                     side by side, and where each put the block of call CALL
  --html OUT.html    also write the report with charts (one self-contained page);
                     an existing file is replaced only with --force
  --runs N           timed replays per allocator, the fastest counts (default 1)
  --json             one JSON object instead of the table
  --quiet            no progress bar

Exit status: 0 ok, 2 bad input (an unreadable or malformed trace, an unknown allocator).`;

export function helpWithNames(text: string): string {
  return text.replace('${names}', allocatorNames().join(', '));
}

/** The trace's calls as handle calls (with a progress bar on a terminal). */
export async function loadHandleCalls(file: string, quiet: boolean, json: boolean): Promise<HandleCalls> {
  const builder = new HandleCallsBuilder();
  const progress = new Progress('reading', !quiet && !json && process.stderr.isTTY === true && !process.env.CI);
  try {
    await parseTraceFile(file, {
      onBatch: (b) => builder.add(b),
      onProgress: (p) => progress.update(p.bytesRead, p.totalBytes, 'trace'),
    });
  } finally {
    progress.done();
  }
  return builder.finish();
}

export function parseAllocators(value: string | boolean | undefined, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  const names = String(value).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError('--allocators needs at least one name');
  const known = allocatorNames();
  for (const n of names) if (!known.includes(n)) throw new UsageError(`unknown allocator '${n}' (known: ${known.join(', ')})`);
  if (new Set(names).size !== names.length) throw new UsageError('--allocators names an allocator twice');
  return names;
}

export function parseCall(value: string | boolean | undefined, calls: HandleCalls): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 0 || n > calls.count) {
    throw new UsageError(`--at takes a call number from 0 to ${calls.count} (the trace's calls), got '${value}'`);
  }
  return n;
}

/** Writes `text` to `path` through a temporary file beside it, renamed on success. */
export function writeReport(path: string, text: string, force: boolean, input: string): void {
  refuseOutputOntoInput(path, input, '--html', 'trace');
  checkOutput(path, '--html', force);
  writeAtomically(path, (append) => append(text));
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** What call `i` is, in the trace's words. */
export function describeCall(calls: HandleCalls, i: number): string {
  const o = OP_LETTER[calls.op[i]!];
  const n = calls.n[i]!;
  return `line ${calls.line[i]}: ${o}${o === 'F' ? '' : ` ${fmtInt(n)} bytes`}`;
}

function figuresRow(name: string, f: TargetFigures, address: number | null): string {
  return [name.padEnd(18), formatBytes(f.mappedBytes).padStart(11), fmtInt(f.regions).padStart(8), fmtInt(f.liveBlocks).padStart(10),
    formatBytes(f.blockBytes).padStart(11), formatBytes(f.freeBytes).padStart(11), fmtInt(f.freeBlocks).padStart(10),
    (address === null ? '-' : '0x' + address.toString(16)).padStart(16)].join(' ');
}

async function compareAt(file: string, calls: HandleCalls, targets: ReplayTarget[], at: number, json: boolean): Promise<number> {
  const rows: { name: string; figures: TargetFigures; address: number | null }[] = [];
  for (const t of targets) {
    const tl = new ReplayTimeline(t, calls);
    tl.seek(at);
    const h = at > 0 ? calls.handle[at - 1]! : -1;
    rows.push({ name: t.name, figures: tl.figures(), address: h >= 0 ? tl.addressOf(h) : null });
  }
  const call = at > 0 ? describeCall(calls, at - 1) : null;
  if (json) {
    console.log(JSON.stringify({ trace: file, calls: calls.count, at, call, allocators: rows }));
    return EXIT_OK;
  }
  console.log(`${file}: after ${fmtInt(at)} of ${fmtInt(calls.count)} calls${call ? ` (the last: ${call})` : ''}`);
  console.log(['allocator'.padEnd(18), 'mapped'.padStart(11), 'regions'.padStart(8), 'blocks'.padStart(10), 'in blocks'.padStart(11),
    'free'.padStart(11), 'free blks'.padStart(10), 'its block at'.padStart(16)].join(' '));
  for (const r of rows) console.log(figuresRow(r.name, r.figures, r.address));
  return EXIT_OK;
}

export async function compareCommand(argv: string[]): Promise<number> {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, {
      allocators: 'string', at: 'string', html: 'string', force: 'boolean', runs: 'string', json: 'boolean', quiet: 'boolean', help: 'boolean',
    });
    if (flags.help) {
      console.log(helpWithNames(compareHelp));
      return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing TRACE' : `one TRACE at a time, got ${positionals.length}`);
    file = positionals[0]!;
    const names = parseAllocators(flags.allocators, allocatorNames());
    const runs = intFlag(flags.runs, 'runs', 1);
    const json = flags.json === true, quiet = flags.quiet === true;
    const html = flags.html as string | undefined;
    if (html !== undefined && flags.at !== undefined) throw new UsageError('--html and --at do not go together (--at compares one call)');
    if (flags.force === true && html === undefined) throw new UsageError('--force only goes with --html');
    if (html !== undefined) refuseOutputOntoInput(html, file, '--html', 'trace');
    if (html !== undefined) checkOutput(html, '--html', flags.force === true); // before the replays, not after
    const calls = await loadHandleCalls(file, quiet, json);
    const targets = names.map((n) => targetNamed(n));
    const at = parseCall(flags.at, calls);
    if (at !== undefined) return await compareAt(file, calls, targets, at, json);
    const progress = new Progress('compare', !quiet && !json && process.stderr.isTTY === true && !process.env.CI);
    const started = performance.now();
    const result = compareAllocators(calls, targets, {
      now: () => performance.now(),
      runs,
      onProgress: (p) => progress.update(p.index * 2 + (p.pass === 'sampled' ? 1 : 0), p.of * 2, `${p.target} (${p.pass})`),
    });
    progress.done();
    const elapsedMs = performance.now() - started;
    if (html !== undefined) writeReport(html, comparisonHtml(result, basename(file)), flags.force === true, file);
    if (json) {
      const { sampleCalls: _s, requestedSeries: _r, ...rest } = result;
      console.log(JSON.stringify({
        trace: file, ...rest,
        targets: result.targets.map(({ mappedSeries: _m, blockSeries: _b, ...t }) => t),
        html: html ?? null, elapsedMs: Math.round(elapsedMs),
      }));
      return EXIT_OK;
    }
    console.log(`${file}: ${fmtInt(result.calls)} calls; the program's live requests (1..512 bytes) peak at ${formatBytes(result.peakRequestedBytes)}, end at ${formatBytes(result.finalRequestedBytes)}`);
    console.log(['allocator'.padEnd(18), 'peak mapped'.padStart(12), 'final mapped'.padStart(12), 'overhead'.padStart(9), 'internal'.padStart(9),
      'external'.padStart(9), 'free blocks'.padStart(12), 'ns/call'.padStart(8)].join(' '));
    for (const t of result.targets) {
      console.log([t.name.padEnd(18), formatBytes(t.peakMappedBytes).padStart(12), formatBytes(t.final.mappedBytes).padStart(12),
        pct(t.overheadAtPeak).padStart(9), pct(t.internalFragmentation).padStart(9), pct(t.externalFragmentation).padStart(9),
        fmtInt(t.final.freeBlocks).padStart(12), (t.nsPerCall === null ? '-' : t.nsPerCall.toFixed(0)).padStart(8)].join(' '));
    }
    console.log(`overhead = peak mapped / peak live requested - 1; internal = (block - requested) / block bytes and external = free / mapped bytes, at the end; ${fmtSeconds(elapsedMs)}${html ? `; report: ${html}` : ''}`);
    return EXIT_OK;
  } catch (e) {
    return reportError('compare', file, e);
  }
}
