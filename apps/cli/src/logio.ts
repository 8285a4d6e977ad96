/**
 * `pymm log build|export|import`: a trace into an allocator log; any log (allocator or
 * heap) out to JSON Lines and back.
 */
import { StringDecoder } from 'node:string_decoder';
import { exportJsonl, importJsonl, LogReader, type LogHeader, type RecordCodec } from '@pymm/eventlog';
import { buildLogFromTrace, checkLogDomain, codecFor } from '@pymm/engine';
import { HEAP_CODEC, HeapCodec, heapCodecProblem, type HeapRecord } from '@pymm/gc';
import { resolveProfile } from '@pymm/obmalloc';
import { Kind, LongText } from '@pymm/objects';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parseArgs, UsageError } from './args.js';
import { checkOutput, refuseOutputOntoInput, writeAll, writeAtomically } from './files.js';
import { EXIT_BAD_INPUT, EXIT_DIVERGED, EXIT_OK, InputError, damage, isWriteError, reportError, writeErrorText } from './errors.js';
import { Progress, fmtInt, fmtSeconds } from './progress.js';
import { handle, isTty, jsonOut } from './timelineCommon.js';

export const logHelp = `usage: pymm log build TRACE -o FILE.pymmlog [--profile NAME] [--force] [--json]
       pymm log export LOG [-o FILE.jsonl [--force]]
       pymm log import FILE.jsonl -o FILE.pymmlog [--force]

build: replays a CPython pymalloc trace (checking it as 'pymm replay' does) and writes
every command and every event it caused to an allocator log (docs/formats/pymmlog.md):
frames of compactly encoded records, each checksummed, and its index (FILE.pymmlog.idx).
Prints events, bytes and bytes per event; --json prints {events, records, calls, bytes,
bytesPerEvent, ...}.
export: any log (an allocator log, or a heap log written by 'pymm run --log') as JSON
Lines: a header line, then one record a line with its seq, to FILE.jsonl or standard
output (a float that JSON cannot hold, NaN, inf or -0.0, as the string "nan", "inf",
"-inf" or "-0.0"). import: the other way, for either kind (the header line says which);
errors name the line.
Outputs are written under a temporary name beside them and renamed into place once
complete: a failed or interrupted command leaves an existing file as it was. An output may
not be the command's input, and must be a regular file.
  --force   replace the output if it exists
A damaged log (cut short, a bad frame) is exported up to where the damage starts, said on
stderr, with exit status 3.`;

/**
 * Heap logs in JSON Lines: the heap-v2 codec, with the values JSON cannot hold (a float
 * object's NaN, +-Infinity and -0.0) written as strings ("nan", "inf", "-inf", "-0.0")
 * and read back, so that export and import give back the very same log. A str longer than
 * a host string is { "longText": [[text, times], ...] }.
 */
class HeapJsonLinesCodec implements RecordCodec<HeapRecord> {
  readonly name = HEAP_CODEC;
  private readonly codec = new HeapCodec();
  encode(records: readonly HeapRecord[], firstSeq: number): Uint8Array {
    return this.codec.encode(records.map((r) => {
      if (r.kind === 'event' && r.event.type === 'ObjectCreated' && typeof r.event.value === 'object' && !(r.event.value instanceof LongText)) {
        // a str longer than a host string, as LongText.toJSON writes it
        return { ...r, event: { ...r.event, value: LongText.fromJSON(r.event.value) } };
      }
      if (r.kind !== 'event' || r.event.type !== 'ObjectCreated' || r.event.kind !== Kind.Float || typeof r.event.value !== 'string') return r;
      const v = r.event.value;
      const value = v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === '-0.0' ? -0 : Number(v);
      return { ...r, event: { ...r.event, value } };
    }), firstSeq);
  }
  decode(payload: Uint8Array, firstSeq: number, count: number): HeapRecord[] {
    return this.codec.decode(payload, firstSeq, count).map((r) => {
      if (r.kind !== 'event' || r.event.type !== 'ObjectCreated' || typeof r.event.value !== 'number') return r;
      const v = r.event.value;
      if (Number.isFinite(v) && !Object.is(v, -0)) return r;
      const value = Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : '-0.0';
      return { ...r, event: { ...r.event, value } };
    });
  }
}

/** The record codec of a log of either kind, from its header; a clear error for any other. */
export function recordCodecFor(header: Pick<LogHeader, 'domain' | 'codec' | 'profile'>, path?: string): RecordCodec<unknown> {
  if (path !== undefined) checkLogDomain(header, path);
  if (header.domain === 'heap') {
    if (header.codec === 'heap-v1') throw new InputError(heapCodecProblem(path ?? 'this log', header.codec)!);
    if (header.codec !== HEAP_CODEC) throw new InputError(`unknown codec '${header.codec}' for a heap log (this pymm reads ${HEAP_CODEC})`);
    // an allocator log's codec checks its profile; a heap log's names the one its heap runs on
    resolveProfile(header.profile);
    return new HeapJsonLinesCodec() as RecordCodec<unknown>;
  }
  if (header.domain !== 'obmalloc') throw new InputError(`this log holds '${header.domain}' records; pymm reads allocator ('obmalloc') and heap ('heap') logs`);
  return codecFor(header as LogHeader) as RecordCodec<unknown>;
}

/**
 * The lines of a UTF-8 file, read a MiB at a time (the importer is synchronous, which
 * node:readline is not). node:string_decoder keeps a character whose bytes straddle two
 * reads whole; a line's pieces are joined once, at its end.
 */
export function* linesOf(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const decoder = new StringDecoder('utf8');
    let pieces: string[] = [];
    const split = function* (text: string): Generator<string> {
      let at = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
        pieces.push(text.slice(at, nl));
        yield pieces.join('');
        pieces = [];
        at = nl + 1;
      }
      if (at < text.length) pieces.push(text.slice(at));
    };
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      yield* split(decoder.write(buf.subarray(0, n)));
    }
    yield* split(decoder.end());
    if (pieces.length > 0) yield pieces.join('');
  } finally {
    closeSync(fd);
  }
}

function logExport(rest: string[]): number {
  let file: string | undefined;
  let out: string | undefined;
  try {
    const { positionals, flags } = parseArgs(rest, { o: 'string', output: 'string', force: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(logHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('log export takes one LOG');
    file = positionals[0]!;
    out = (flags.o ?? flags.output) as string | undefined;
    if (flags.force === true && out === undefined) throw new UsageError('--force only goes with -o');
    if (out !== undefined) {
      refuseOutputOntoInput(out, file, '-o', 'log');
      checkOutput(out, '-o', flags.force === true);
    }
    const reader = LogReader.open(file);
    try {
      const codec = recordCodecFor(reader.header, file);
      if (reader.recovered) {
        damage.answeredFromPrefix = true;
        process.stderr.write(`pymm log export: ${file}: ${reader.recovered.reason} at byte ${reader.recovered.offset}; exporting the intact prefix (${fmtInt(reader.recordCount)} records; exit status 3)\n`);
      }
      const exportTo = (append: (text: string) => void): number => {
        let pending = '';
        const n = exportJsonl(reader, codec, (line) => {
          pending += line + '\n';
          if (pending.length > 1 << 20) { append(pending); pending = ''; }
        });
        append(pending);
        return n;
      };
      if (out === undefined) exportTo((text) => writeAll(1, text));
      else {
        let n = 0;
        writeAtomically(out, (append) => { n = exportTo(append); });
        process.stderr.write(`pymm log export: ${fmtInt(n)} records -> ${out}\n`);
      }
    } finally {
      reader.close();
    }
    return EXIT_OK;
  } catch (e) {
    // `pymm log export LOG | head`: the reader went away; the output ends quietly
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return EXIT_OK;
    // an output that could not be written is named, not the input
    return handle('log export', isWriteError(e) && out !== undefined ? out : file, e);
  }
}

function logImport(rest: string[]): number {
  let file: string | undefined;
  let out: string | undefined;
  try {
    const { positionals, flags } = parseArgs(rest, { o: 'string', output: 'string', force: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(logHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('log import takes one FILE.jsonl');
    file = positionals[0]!;
    out = (flags.o ?? flags.output) as string | undefined;
    if (!out) throw new UsageError('missing -o FILE.pymmlog');
    statSync(file);
    refuseOutputOntoInput(out, file, '-o', 'JSON Lines file');
    checkOutput(out, '-o', flags.force === true);
    // the codec depends on the header's domain, codec and profile: read the first line for them
    const first = linesOf(file).next();
    let header: Record<string, unknown>;
    try {
      const value = JSON.parse(first.done ? '' : first.value) as { header?: unknown };
      if (typeof value.header !== 'object' || value.header === null) throw new Error('no header');
      header = value.header as Record<string, unknown>;
    } catch {
      throw new InputError(`${file}:1: the first line must be the JSON header ({"header": {"domain": ..., "codec": ..., "profile": ...}})`);
    }
    for (const k of ['domain', 'codec', 'profile']) {
      if (typeof header[k] !== 'string') throw new InputError(`${file}:1: the header has no "${k}" (a string)`);
    }
    let codec: RecordCodec<unknown>;
    try {
      codec = recordCodecFor(header as unknown as LogHeader);
    } catch (e) {
      throw new InputError(`${file}:1: ${(e as Error).message}`);
    }
    const r = importJsonl(linesOf(file), codec, out, { overwrite: flags.force === true });
    console.log(`${out}: ${fmtInt(r.records)} records imported from ${file} (${header['domain'] === 'heap' ? 'a heap log' : 'an allocator log'})`);
    return EXIT_OK;
  } catch (e) {
    // an output that could not be written is named, not the input
    return handle('log import', isWriteError(e) && out !== undefined ? out : file, e);
  }
}

async function logBuild(rest: string[]): Promise<number> {
  let file: string | undefined;
  let out: string | undefined;
  try {
    const { positionals, flags } = parseArgs(rest, { o: 'string', output: 'string', profile: 'string', force: 'boolean', json: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(logHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('log build takes one TRACE');
    file = positionals[0];
    out = (flags.o ?? flags.output) as string | undefined;
    if (!out) throw new UsageError('missing -o FILE.pymmlog');
    refuseOutputOntoInput(out, file!, '-o', 'trace');
    checkOutput(out, '-o', flags.force === true);
    const progress = new Progress('log build', flags.json !== true && isTty());
    const t0 = performance.now();
    const r = await buildLogFromTrace(file!, out, {
      profile: flags.profile as string | undefined,
      overwrite: flags.force === true,
      onProgress: (p) => progress.update(p.bytesRead, p.totalBytes, `${fmtInt(p.records)} records`),
    }).finally(() => progress.done());
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
    const { ReplayDivergence } = await import('@pymm/obmalloc/trace');
    if (e instanceof ReplayDivergence) {
      process.stderr.write(`pymm log build: ${file}:${e.divergence.line}: the model diverged from CPython at '${e.divergence.event}': expected ${e.divergence.expected}, got ${e.divergence.actual}\n`);
      return EXIT_DIVERGED;
    }
    const written = (e as { logWritten?: string } | null)?.logWritten;
    if (isWriteError(e) && written !== undefined) {
      // the log is whole; its index (rebuilt when the log is next read) is what failed
      process.stderr.write(`pymm log build: ${written}.idx: ${writeErrorText(e)}; the log ${written} was written, its index was not (it is built when the log is next read)\n`);
      return EXIT_BAD_INPUT;
    }
    // an output that could not be written is named, not the input
    return handle('log build', isWriteError(e) && out !== undefined ? out : file, e);
  }
}

export async function logCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'build') return logBuild(rest);
  if (sub === 'export') return logExport(rest);
  if (sub === 'import') return logImport(rest);
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(logHelp);
    return sub === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  return reportError('log', undefined, new UsageError(`unknown subcommand 'log ${sub}' (known: build, export, import)`));
}
