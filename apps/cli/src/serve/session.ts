/**
 * The web debugger's one door to the engine. Every @pymm/engine call of `pymm serve` is
 * in this file: a log (of either kind) is opened with `Timeline.open` and read through
 * the timeline (`timeline.*`, its allocator or heap timeline and the heap log's index).
 * A Session answers each HTTP endpoint with plain JSON; the helpers beside it read the
 * states and index answers handed to them.
 *
 * Positions: the HTTP API's `at` counts the records applied (0 = the initial state,
 * `length` = the end); the engine's seqs mean "the state after record seq" (-1 = the
 * initial state). `seqOf` and `atOf` below are the only conversions.
 */
import { decodeSource, SourceEncodingError, SourceEncodingUnsupported } from '@pymm/pylite/source';
import { LogFormatError } from '@pymm/eventlog';
import {
  arenaPins, buildLogFromTrace, diffSummaries, indexPathFor, labelledReferents, summarizeAt, Timeline,
  type AllocatorTimeline, type HeapFrameInfo, type HeapIndex, type HeapTimeline,
} from '@pymm/engine';
import { cloneGcState, type GcEvent, type GcState } from '@pymm/gc';
import { decodeFrame, hex, type ObmallocRecord, type ObmallocState } from '@pymm/obmalloc';
import { heapFor, type ObjectId } from '@pymm/objects';
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { allocSummary, arenasView, poolView, SeriesBuilder, statsText, type SeriesJson } from './allocViews.js';
import { collectionSteps, type CollectionJson } from './collector.js';
import { namesById, type FrameJson } from './frames.js';
import { heapDiff, poolsDiff, objectDetails, objectPins } from './heapQueries.js';
import { addressHistory, describeCommand, floorIndex, heapMarker, isDetailEntry, isOwnEntry, objectHistory, type FrameWords, type IndexEntry, type Marker } from './heapText.js';
import { graphView, namesOf, resolvePath, varOf, type HeapHelpers } from './heapViews.js';
import type { OutputMarks, Programs } from './programs.js';

export type SessionKind = 'heap' | 'allocator';

/** Bad input, said in one line (the server answers 400/404 with it; the CLI exits 2). */
export class ServeError extends Error {
  override readonly name = 'ServeError';
  constructor(message: string, readonly status = 400) { super(message); }
}

export interface RunInfo {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The line an error points at (a traceback's last line of the program, a syntax error). */
  readonly errorLine: number | null;
  /** Output got back by running the log's source again (the log does not hold it). */
  readonly recreated?: boolean;
  /** Why the program stopped before its end (the page's Stop, a limit), in words. */
  readonly stopped?: string | null;
  /** Whether each position's answer says how much of the output had been written by then. */
  readonly byPosition?: boolean;
}

/** The position just after record `seq` (the API's positions count records applied). */
export const atOf = (seq: number): number => seq + 1;
/** The seq whose state position `at` is ("after record at - 1"; -1 = the initial state). */
export const seqOf = (at: number): number => at - 1;

const HELPERS: HeapHelpers = { labelledReferents };
const SERIES_SAMPLES = 240;
/** Thrown (not an Error: no stack) to end a frame decode early. */
const STOP = Symbol('stop');
/** Logs up to this many records get their program's output back by a rerun. */
const RERUN_LIMIT = 2_000_000;
/** The graph's "changed since" reads the records in between only up to this many. */
const CHANGED_LIMIT = 50_000;
/** Function frames listed at a position (the innermost ones; a deep recursion has more). */
const MAX_FRAMES = 200;
/** An object's history: at most this many entries, and reference labels for the first ones. */
const HISTORY_LIMIT = 2000;

function num(v: string | null, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(v);
  if (v === null || v === '' || !Number.isInteger(n) || n < min || n > max) throw new ServeError(`${what} must be a whole number in ${min}..${max}, got '${v ?? ''}'`);
  return n;
}

/** What a file is, from its first bytes: a log, a trace (gzip) or a program. */
function sniff(path: string): 'log' | 'trace' | 'program' {
  if (!existsSync(path)) throw new ServeError(`${path}: no such file`, 404);
  if (statSync(path).isDirectory()) throw new ServeError(`${path}: is a directory`);
  const fd = openSync(path, 'r');
  const b = Buffer.alloc(8);
  readSync(fd, b, 0, 8, 0);
  closeSync(fd);
  if (b[0] === 0x1f && b[1] === 0x8b) return 'trace';
  if (path.endsWith('.py')) return 'program';
  if (path.endsWith('.trace')) return 'trace';
  return 'log';
}

export interface OpenOptions {
  /** A directory for the logs it builds (traces, programs); the caller removes it. */
  readonly tmpDir: string;
  /** Where programs run (worker threads, with the server's limits). */
  readonly programs: Programs;
  readonly onProgress?: (text: string) => void;
}

/** What opening a file gave: a session, or for a program that made no log (a syntax error) its source and what it printed. */
export interface Opened {
  readonly session: Session | null;
  readonly run: RunInfo | null;
  /** A program that did not run: the page opens it in its editor with the error. */
  readonly program: { readonly source: string; readonly filename: string } | null;
}

/** Opens FILE.py, LOG.pymmlog or TRACE.gz as a session. */
export async function openPath(path: string, id: string, o: OpenOptions): Promise<Opened> {
  const kind = sniff(path);
  if (kind === 'program') {
    const filename = resolve(path);
    let source: string;
    try {
      source = decodeSource(readFileSync(path), filename);
    } catch (e) {
      // python3 would not read it either: said, not run on a guess of its text
      if (e instanceof SourceEncodingError) throw new Error(`${path}: SyntaxError: ${e.message}`);
      if (e instanceof SourceEncodingUnsupported) throw new Error(`${path}:${e.line}: ${e.message}`);
      throw e;
    }
    const r = await runProgram(source, filename, id, o.tmpDir, o.programs);
    return { session: r.session, run: r.run, program: r.session === null ? { source, filename } : null };
  }
  if (kind === 'trace') {
    const out = join(o.tmpDir, `${basename(path).replace(/\W+/g, '_')}.pymmlog`);
    let last = -1;
    try {
      // writes the log and its index (LOG.idx), which Timeline.open then reads
      await buildLogFromTrace(path, out, {
        overwrite: true,
        onProgress: (p) => {
          const pct = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 0;
          if (pct >= last + 10) { last = pct; o.onProgress?.(`building a log from ${path}: ${pct}% (${p.records} records)`); }
        },
      });
    } catch (e) {
      throw new ServeError(`${path}: not a pymalloc trace the model can replay: ${(e as Error).message.split('\n')[0]}`);
    }
    return { session: await openLog(out, id, o), run: null, program: null };
  }
  return { session: await openLog(path, id, o), run: null, program: null };
}

export interface OpenLogOptions {
  readonly onProgress?: (text: string) => void;
  /** The run that just wrote the log, and where its output was written (else a heap log's source is run again for it). */
  readonly run?: { readonly info: RunInfo; readonly output: OutputMarks | null } | null;
  /** For running a heap log's source again: the programs' runner and a directory for its log. */
  readonly programs?: Programs;
  readonly tmpDir?: string;
}

/**
 * Opens a log of either kind with its index (LOG.idx: read when it belongs to the log,
 * else built, with progress, and written beside it). A heap log opened from a file does
 * not hold its program's output: pylite is deterministic, so its source is run again
 * (in a worker, into a log of its own that is then removed, to learn where each write
 * happened), for logs small enough to rerun.
 */
export async function openLog(path: string, id: string, o: OpenLogOptions = {}): Promise<Session> {
  let t: Timeline;
  let last = -10;
  try {
    t = Timeline.open(path, {
      onNotice: (m) => o.onProgress?.(m),
      onProgress: (done, total) => {
        const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
        if (pct >= last + 10) { last = pct; o.onProgress?.(`indexing ${basename(path)}: ${pct}% (${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} records)`); }
      },
    });
  } catch (e) {
    if (e instanceof LogFormatError) throw new ServeError(`${path}: not a .pymmlog, a CPython trace (.gz) or a Python program (.py): ${e.message}`);
    if (e instanceof Error && !(e instanceof TypeError) && !(e instanceof ReferenceError)) throw new ServeError(`${path}: the log cannot be opened: ${e.message.split('\n')[0]}`);
    throw e;
  }
  if (t.recovered) o.onProgress?.(`${path}: ${t.recovered.reason}; using the intact prefix (${t.length.toLocaleString('en-US')} records)`);
  if (t.kind !== 'heap') return new AllocSession(id, t, basename(path));
  let run = o.run ?? null;
  const source = t.heap!.index.meta.source;
  if (run === null && source !== null && t.length <= RERUN_LIMIT && o.programs !== undefined) run = await recreateOutput(source, t, id, o.programs, o.tmpDir);
  return new HeapSession(id, t, basename(path), run?.info ?? null, run?.output ?? null);
}

/** A heap log's output, by running its source again: tied to positions when the rerun wrote as many records as the log holds. */
async function recreateOutput(source: { text: string; filename: string }, t: Timeline, id: string, programs: Programs, tmpDir?: string): Promise<{ info: RunInfo; output: OutputMarks | null } | null> {
  const logPath = tmpDir === undefined ? undefined : join(tmpDir, `rerun-${id}-${process.pid}.pymmlog`);
  try {
    const w = await programs.run(source.text, source.filename, {
      ...(logPath !== undefined ? { logPath, index: false } : {}), profile: t.profile, limits: { timeLimitMs: programs.limits.timeLimitMs, maxRecords: t.length + 1 },
    });
    if (w.stoppedBy !== null) return null;
    const byPosition = w.records === t.length;
    return {
      info: { exitCode: w.exitCode, stdout: w.output.stdout, stderr: w.output.stderr, errorLine: errorLineOf(w.output.stderr, source.filename, w.exitCode), recreated: true, byPosition },
      output: byPosition ? w.output : null,
    };
  } catch {
    return null;
  } finally {
    if (logPath !== undefined) for (const f of [logPath, indexPathFor(logPath)]) rmSync(f, { force: true });
  }
}

/** The program's line a traceback (or a refusal) ends at. */
function errorLineOf(stderr: string, filename: string, exitCode: number): number | null {
  if (exitCode === 0) return null;
  const lines = [...stderr.matchAll(/File "([^"]*)", line (\d+)|:(\d+): .* is outside the pylite subset/g)].filter((m) => m[1] === undefined || m[1] === filename);
  return lines.length ? Number(lines[lines.length - 1]![2] ?? lines[lines.length - 1]![3]) : null;
}

/**
 * Runs a program with pylite (in a worker, with the server's limits) into a heap log in
 * `tmpDir`, which the worker also indexes; a program that does not run (or is ended
 * before its log is complete) gives no session.
 */
export async function runProgram(source: string, filename: string, id: string, tmpDir: string, programs: Programs): Promise<{ session: Session | null; run: RunInfo }> {
  const logPath = join(tmpDir, `${id}.pymmlog`);
  let w;
  try {
    w = await programs.run(source, filename, { logPath });
  } catch (e) {
    return { session: null, run: { exitCode: 2, stdout: '', stderr: `pymm: the program could not run: ${(e as Error).message}\n`, errorLine: null } };
  }
  const run: RunInfo = {
    exitCode: w.exitCode, stdout: w.output.stdout, stderr: w.output.stderr, errorLine: errorLineOf(w.output.stderr, filename, w.exitCode),
    stopped: w.stopped, byPosition: w.records !== null,
  };
  if (w.records === null || !existsSync(logPath)) {
    // no log, or one the worker did not finish: nothing to open
    for (const f of [logPath, indexPathFor(logPath)]) rmSync(f, { force: true });
    return { session: null, run };
  }
  return { session: await openLog(logPath, id, { run: { info: run, output: w.output } }), run };
}

/** Every endpoint of the HTTP API, one method each (query parameters as they came). */
export interface Session {
  readonly id: string;
  readonly kind: SessionKind;
  readonly length: number;
  info(): object;
  markers(): Marker[];
  lines(): object;
  position(q: URLSearchParams): object;
  graph(q: URLSearchParams): object;
  arenas(q: URLSearchParams): object;
  pool(q: URLSearchParams): object;
  object(q: URLSearchParams): object;
  history(q: URLSearchParams): object;
  why(q: URLSearchParams): object;
  pins(q: URLSearchParams): object;
  diff(q: URLSearchParams): object;
  stats(q: URLSearchParams): object;
  series(): Promise<SeriesJson>;
  collection(q: URLSearchParams): CollectionJson;
  find(q: URLSearchParams): object;
}

abstract class Base {
  abstract readonly length: number;
  protected abstract readonly t: Timeline;
  protected seriesPromise: Promise<SeriesJson> | null = null;
  at(q: URLSearchParams, name = 'at'): number {
    return q.get(name) === null ? this.length : num(q.get(name), name, 0, this.length);
  }
  address(q: URLSearchParams): number {
    const t = (q.get('address') ?? '').toLowerCase().replace(/^0x/, '');
    if (!/^[0-9a-f]{1,13}$/.test(t)) throw new ServeError(`address must be a hex address, got '${q.get('address') ?? ''}'`);
    return parseInt(t, 16);
  }
  /** The allocator at position `at`: the timeline's own state (read it before the next seek). */
  protected mem(at: number): ObmallocState {
    return this.t.allocatorAt(seqOf(at));
  }
  protected indexInfo(): object {
    return { index: this.t.indexOrigin, recovered: this.t.recovered?.reason ?? null };
  }
  arenas(q: URLSearchParams): object { const at = this.at(q); return arenasView(this.mem(at), at); }
  pool(q: URLSearchParams): object {
    const at = this.at(q);
    const p = poolView(this.mem(at), this.address(q), at);
    if (p === null) throw new ServeError(`no carved pool holds ${q.get('address')} at position ${at}`, 404);
    return this.decoratePool(p, at);
  }
  /** Each allocated block of a pool: the call that allocated it (seq), and in heap logs the object made in it. */
  protected decoratePool(p: { blocks: { address: string; status: string }[] }, at: number): object {
    const allocated = p.blocks.filter((b) => b.status === 'allocated').slice(0, 2048);
    return { ...p, allocatedAt: allocated.map((b) => ({ address: b.address, seq: this.t.allocatedAt(parseInt(b.address, 16), seqOf(at)) })) };
  }
  /** Samples spread over the log, computed once in slices so requests interleave. */
  series(): Promise<SeriesJson> {
    this.seriesPromise ??= (async () => {
      const b = new SeriesBuilder();
      const n = Math.min(SERIES_SAMPLES, this.length + 1);
      for (let k = 0; k < n; k++) {
        const at = n === 1 ? 0 : Math.round((k * this.length) / (n - 1));
        b.add(at, this.mem(at));
        if (k % 8 === 7) await new Promise((r) => setImmediate(r));
      }
      return b.finish();
    })();
    return this.seriesPromise;
  }
}

class AllocSession extends Base implements Session {
  readonly kind = 'allocator' as const;
  readonly length: number;
  private readonly a: AllocatorTimeline;
  constructor(readonly id: string, protected readonly t: Timeline, private readonly name: string) {
    super();
    this.length = t.length;
    this.a = t.allocator!;
  }
  info(): object {
    return { id: this.id, kind: this.kind, name: this.name, length: this.length, start: this.length, profile: this.t.profile, source: null, run: null, checkpoints: this.a.checkpointCount, collections: 0, ...this.indexInfo() };
  }
  markers(): Marker[] {
    // arenaEvents: Timeline.markers()'s allocator markers, with the arenas in use after each
    return this.a.arenaEvents.map((e) => ({
      kind: e.kind === 'allocated' ? 'arena-allocated' as const : 'arena-freed' as const,
      at: this.groupEnd(e.seq), label: `arena at ${hex(e.baseAddress)} ${e.kind} (${e.arenasInUse} in use)`,
    }));
  }
  /** The position after the call whose command record is `seq` and all its events. */
  private groupEnd(seq: number): number {
    if (seq + 1 >= this.length) return this.length;
    // record seq + 1 is one of this call's events unless the call caused none
    const hasEvents = this.t.step(seq + 1, -1, 'command') === seq - 1;
    return hasEvents ? atOf(this.t.step(seq, 1, 'command') ?? this.length - 1) : atOf(seq);
  }
  /**
   * The records near position `at`, from one decode of their frame (a frame is a few
   * thousand records; recordAt decodes it again per call): the last applied record, its
   * command, and the seq of the first command after `at` (the next statement stop).
   */
  private around(at: number): { last: ObmallocRecord | null; cmdSeq: number; cmd: ObmallocRecord | null; nextCommand: number } {
    const frames = this.a.source.frames;
    const seq = Math.max(0, seqOf(at));
    let lo = 0, hi = frames.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (frames[mid]!.firstSeq <= seq) lo = mid; else hi = mid - 1; }
    const f = frames[lo]!;
    const from = Math.max(f.firstSeq, seq - 16);
    const got = new Map<number, ObmallocRecord>();
    let nextCommand = -1;
    let k = from;
    try {
      decodeFrame(this.a.codec, this.a.source.payload(lo), f.firstSeq, (r) => {
        got.set(k, r);
        if (k > at && r.kind === 'command') { nextCommand = k; throw STOP; }
        k++;
      }, undefined, from);
    } catch (e) { if (e !== STOP) throw e; }
    if (nextCommand < 0) nextCommand = Math.min(this.length, f.firstSeq + f.count);
    if (at === 0) return { last: null, cmdSeq: -1, cmd: null, nextCommand };
    const last = got.get(seqOf(at)) ?? this.a.recordAt(seqOf(at));
    const cmdSeq = last.kind === 'command' ? seqOf(at) : last.cause;
    return { last, cmdSeq, cmd: got.get(cmdSeq) ?? this.a.recordAt(cmdSeq), nextCommand };
  }
  lines(): object { return { source: null, lines: {} }; }
  private text(r: ObmallocRecord | null): string {
    if (r === null) return '(the initial state)';
    if (r.kind === 'command') { const c = r.command; return c.type === 'Free' ? `Free(${hex(c.address)})` : c.type === 'Realloc' ? `Realloc(${hex(c.address)}, ${c.requestBytes})` : `${c.type}(${c.requestBytes})`; }
    return `${r.event.type} ${Object.entries(r.event).filter(([k]) => k !== 'type').map(([k, v]) => `${k}=${typeof v === 'number' && /ddress/.test(k) ? hex(v) : String(v)}`).join(' ')}`;
  }
  position(q: URLSearchParams): object {
    const at = this.at(q);
    const t0 = performance.now();
    const s = this.mem(at);
    const seekMs = performance.now() - t0;
    const summary = { ...allocSummary(s), liveObjects: null };
    const w = this.around(at);
    // statement stops are the positions just before each command (a command at seq k: position k)
    return {
      at, length: this.length, line: null, nextLine: null, stop: false, nextCommand: null, record: this.text(w.last), command: w.cmd ? this.text(w.cmd) : '',
      prevStmt: Math.max(0, w.cmdSeq), nextStmt: at < this.length ? w.nextCommand : at, frames: [], output: null, summary, seekMs,
    };
  }
  graph(): object { throw new ServeError('an allocator log has no objects (a CPython trace records pymalloc calls only)', 404); }
  object(): object { return this.graph(); }
  why(): object { return this.graph(); }
  find(): object { return this.graph(); }
  collection(): CollectionJson { throw new ServeError('an allocator log has no collections', 404); }
  history(q: URLSearchParams): object {
    const address = this.address(q);
    return {
      address: hex(address),
      entries: this.t.addressHistory(address).map((h) => ({
        seq: h.seq, at: this.groupEnd(h.seq), causeSeq: h.seq, cause: `${h.command} call at seq ${h.seq}`,
        what: `${h.kind} by ${h.command}(${h.requestBytes} B)${h.otherAddress !== undefined ? ` ${h.kind === 'reallocated-from' ? 'to' : 'from'} ${hex(h.otherAddress)}` : ''}`,
      })),
    };
  }
  pins(q: URLSearchParams): object {
    const at = this.at(q);
    const arena = q.get('arena') === null ? undefined : num(q.get('arena'), 'arena');
    let pins;
    try { pins = this.t.pins(seqOf(at), arena); } catch (e) { throw new ServeError((e as Error).message, 404); }
    return { at, arenas: pins.map((a) => ({ arena: a.arenaIndex, base: hex(a.baseAddress), freePools: a.freePools, totalPools: a.totalPools, liveBlocks: a.liveBlocks.length, blocks: a.liveBlocks.slice(0, 500).map((b) => ({ address: hex(b.address), sizeIndex: b.sizeIndex, allocatedAt: b.allocatedAt })) })) };
  }
  diff(q: URLSearchParams): object {
    const from = this.at(q, 'from'), to = this.at(q, 'to');
    // each state is read before the next seek replaces it
    const a = this.mem(from);
    const pa = arenasView(a, from), sa = summarizeAt(a);
    const b = this.mem(to);
    const pb = arenasView(b, to), sb = summarizeAt(b);
    return { from, to, objects: null, ...poolsDiff(pa, pb), alloc: diffSummaries(from, to, sa, sb) };
  }
  stats(q: URLSearchParams): object {
    const at = this.at(q);
    const s = this.mem(at);
    return { at, text: statsText(s), summary: allocSummary(s), gc: null };
  }
}

interface CollectionInfo {
  readonly start: number;
  readonly end: number;
  readonly generation: number;
  readonly automatic: boolean;
  readonly collected: number;
  readonly uncollectable: number;
}

class HeapSession extends Base implements Session {
  readonly kind = 'heap' as const;
  readonly length: number;
  private readonly h: HeapTimeline;
  private readonly ix: HeapIndex;
  private readonly sourceLines: string[] | null;
  private readonly run: RunInfo | null;
  private readonly markerList: Marker[];
  private readonly collections: CollectionInfo[];
  /** Objects with smaller ids were made at interpreter start-up (left out of the graph unless asked for). */
  private readonly firstProgramId: number;
  /** Per function frame: the line of the call in the frame below it (null when unknown). */
  private readonly callLines = new Map<number, number | null>();
  /** Where the page opens: just before the module's frame is left (its last statement done, its names still bound), else the end. */
  readonly start: number;
  constructor(readonly id: string, protected readonly t: Timeline, private readonly name: string, run: RunInfo | null, private readonly output: OutputMarks | null) {
    super();
    this.h = t.heap!;
    this.ix = this.h.index;
    this.length = t.length;
    const source = this.ix.meta.source;
    this.sourceLines = source?.text.split('\n') ?? null;
    this.run = run;
    const engineMarkers = t.markers();
    this.markerList = engineMarkers.map((m) => heapMarker(m, (id) => this.ix.describe(id), atOf));
    this.collections = engineMarkers.filter((m) => m.kind === 'collection').map((m) => ({
      start: m.seq, end: m.endSeq ?? m.seq, generation: m.generation ?? 0, automatic: m.automatic ?? false, collected: m.collected ?? 0, uncollectable: m.uncollectable ?? 0,
    }));
    if (run?.errorLine != null) {
      // the uncaught exception: after the last run of the line it points at
      const { total } = this.ix.seqsOfLine(run.errorLine, 0, 0);
      const last = total > 0 ? this.ix.seqsOfLine(run.errorLine, total - 1, 1).seqs[0] : undefined;
      if (last !== undefined) this.markerList.push({ kind: 'error', at: atOf(last), label: `uncaught exception at line ${run.errorLine}` });
    }
    this.markerList.sort((a, b) => a.at - b.at);
    this.firstProgramId = this.programStart();
    this.start = this.moduleEnd();
  }

  /**
   * The position just before the module's frame is left: its last statement has run (an
   * uncaught exception has been reported) and its names are still bound; after it comes
   * the interpreter's shutdown (globals set to None, exit finalizers). The log's end when
   * the log shows no module frame.
   */
  private moduleEnd(): number {
    const S = this.ix.statementSeqs();
    for (let k = 0; k < S.length && k < 64; k++) {
      if ((this.ix.statementAt(S[k]!) ?? 0) < 1) continue;
      const module = this.ix.framesAt(S[k]!).find((f) => f.depth === 1);
      if (module === undefined) break;
      const left = module.leftSeq;
      return left > S[k]! && left < this.length ? left : this.length;
    }
    return this.length;
  }

  /** The first object the program's run made: the run command made __main__'s globals dict, so the first id made at or after it. */
  private programStart(): number {
    const g = this.ix.meta.mainGlobals;
    if (g < 0 || !this.ix.exists(g)) return 0;
    let runSeq = this.ix.createdAt(g);
    this.ix.forEachEntry(g, (b, p) => { runSeq = b.seq[p]! - b.back[p]!; return false; });
    for (let id = 0; id < g; id++) if (this.ix.exists(id) && this.ix.createdAt(id) >= runSeq) return id;
    return g;
  }

  /** Objects, collector and allocator at position `at`: the timeline's own state (read it before the next seek; clone it to keep it). */
  private heap(at: number): GcState {
    return this.t.heapAt(seqOf(at));
  }
  protected override mem(at: number): ObmallocState { return this.heap(at).objects.mem; }

  /** The frame a frame command (entered, left, local set) at `seq` is about, in words. */
  private frameWords(seq: number, c: Readonly<Record<string, unknown>>): FrameWords | null {
    const frames = this.ix.framesAt(c['frame'] === 'leave' ? seq - 1 : seq);
    const f = frames[frames.length - 1];
    if (f === undefined) return null;
    if (typeof c['local'] !== 'number') return { name: f.name };
    const value = typeof c['value'] === 'number' ? c['value'] : -1;
    return { name: f.name, local: this.ix.frameNames(f.frame)[c['local']] ?? `local ${c['local']}`, value: value >= 0 ? this.ix.describe(value, seq) : 'NULL' };
  }
  /** The command at `seq` in words. */
  private cmdText = (seq: number): string => {
    const c = this.h.commandAt(seq);
    return describeCommand(c, this.sourceLines, () => (c === null ? null : this.frameWords(seq, c)));
  };
  /**
   * The line of the last statement frame `f` ran at or before `seq` (statements of frames
   * it called, since returned, skipped; a bounded walk back), or null.
   */
  private lastLineIn(f: HeapFrameInfo, seq: number): number | null {
    const S = this.ix.statementSeqs();
    for (let k = floorIndex(S, seq), steps = 0; k >= 0 && steps < 64 && S[k]! >= f.enteredSeq; k--, steps++) {
      if (this.ix.framesAt(S[k]!).at(-1)?.frame === f.frame) return this.ix.statementAt(S[k]!);
    }
    return null;
  }
  /**
   * The source line a command belongs to: a statement's own; for a call, the caller's
   * statement; for a return, the returning function's last statement; for a local
   * stored, its function's statement. None for start-up, the module's frame and exit.
   */
  private lineOfCommand(seq: number): number | null {
    const st = this.ix.statementAt(seq);
    if (st !== null) return st > 0 ? st : null;
    const c = this.h.commandAt(seq);
    if (c === null || c['depth'] === 1) return null;
    if (c['frame'] === 'enter') { const fr = this.ix.framesAt(seq); const outer = fr.at(-2); return outer ? this.lastLineIn(outer, seq) : null; }
    if (c['frame'] === 'leave') { const left = this.ix.framesAt(seq - 1).at(-1); return left ? this.lastLineIn(left, seq) : null; }
    if (typeof c['local'] === 'number') { const f = this.ix.framesAt(seq).at(-1); return f ? this.lastLineIn(f, seq) : null; }
    return null;
  }

  info(): object {
    const source = this.ix.meta.source;
    return {
      id: this.id, kind: this.kind, name: this.name, length: this.length, start: this.start, profile: this.t.profile, source: source?.text ?? null, filename: source?.filename ?? null,
      run: this.run, collections: this.collections.length, ...this.indexInfo(),
    };
  }
  markers(): Marker[] { return this.markerList; }
  lines(): object {
    // statement k's command at seq S[k]: the position just before it is S[k] (its line is next to run)
    const lines: Record<number, number[]> = {};
    for (const seq of this.ix.statementSeqs()) {
      const l = this.ix.statementAt(seq);
      if (l === null || l < 1) continue;
      const a = (lines[l] ??= []);
      if (a.length < 1000) a.push(atOf(seq - 1));
    }
    return { source: this.ix.meta.source?.text ?? null, lines };
  }

  /** The line of the call in the frame below function frame `f` (`outer`) that is waiting for `f`. */
  private calledFrom(f: HeapFrameInfo, outer: HeapFrameInfo | undefined): number | null {
    let line = this.callLines.get(f.frame);
    if (line === undefined) {
      line = outer === undefined ? null : this.lastLineIn(outer, f.enteredSeq);
      this.callLines.set(f.frame, line);
    }
    return line;
  }

  /**
   * The frames at `seq`: function frames, innermost first, with their locals (the index's
   * frames and each local's newest binding), then the module with its names (__main__'s
   * globals dict, read off the state already folded for the position: the index would
   * fold the dict's own entries). The module is shown while its globals live, also before
   * its code starts and after it ends. At most MAX_FRAMES function frames (the innermost).
   */
  private framesAt(seq: number, g: GcState): FrameJson[] {
    const s = g.objects;
    const stack = seq >= 0 ? this.ix.framesAt(seq) : [];
    const out: FrameJson[] = [];
    for (let i = stack.length - 1; i >= 0 && out.length < MAX_FRAMES; i--) {
      const f = stack[i]!;
      if (f.depth === 1) continue;
      const vars = this.ix.variablesAt(f, seq).map((v) => varOf(s, v.name, v.value));
      out.push({ id: f.frame, name: f.name, kind: 'function', depth: f.depth, calledFrom: this.calledFrom(f, stack[i - 1]), vars });
    }
    const globals = this.ix.meta.mainGlobals;
    const module = stack.find((f) => f.depth === 1);
    if (module !== undefined || (globals >= 0 && this.ix.aliveAt(globals, seq))) {
      out.push({ id: module?.frame ?? -1, name: '<module>', kind: 'module', depth: 1, vars: namesOf(s, globals) });
    }
    return out;
  }

  position(q: URLSearchParams): object {
    const at = this.at(q);
    const seq = seqOf(at);
    const t0 = performance.now();
    const g = this.heap(at);
    const seekMs = performance.now() - t0;
    const s = g.objects;
    const r = seq >= 0 ? this.h.recordAt(seq) : undefined;
    const cause = r === undefined ? -1 : r.kind === 'command' ? seq : r.cause;
    // statement stops: position S[k] is just before statement k (its line is next to run);
    // between two stops the last applied record's statement is running
    const S = this.ix.statementSeqs();
    const prevIdx = floorIndex(S, seq);
    const k = floorIndex(S, at);
    // the module's end (where the page opens) is a stop too: its last statement done, shutdown next
    const moduleEnd = at === this.start && at < this.length;
    const stop = (k >= 0 && S[k] === at) || moduleEnd;
    const nextLine = stop && !moduleEnd ? this.ix.statementAt(S[k]!) : null;
    const record = r === undefined ? '(the initial state)' : r.kind === 'command' ? `command: ${this.cmdText(seq)}` : `${r.event.type}`;
    return {
      at, length: this.length, line: cause >= 0 ? this.lineOfCommand(cause) : null, nextLine: nextLine !== null && nextLine > 0 ? nextLine : null,
      stop, nextCommand: moduleEnd ? this.cmdText(at) : stop ? this.cmdText(S[k]!) : null,
      record, command: cause >= 0 ? this.cmdText(cause) : '',
      prevStmt: prevIdx >= 0 ? S[prevIdx]! : 0,
      nextStmt: k + 1 < S.length ? S[k + 1]! : this.length,
      frames: this.framesAt(seq, g),
      output: this.output?.at(at) ?? null,
      summary: { ...allocSummary(s.mem), liveObjects: s.liveCount, gcCounts: [...s.gcCounts] }, seekMs,
    };
  }
  graph(q: URLSearchParams): object {
    const at = this.at(q);
    const g = this.heap(at);
    const s = g.objects;
    const focus = q.get('focus') === null ? undefined : num(q.get('focus'), 'focus');
    const limit = q.get('limit') === null ? 300 : num(q.get('limit'), 'limit', 1, 3000);
    const names = namesById(this.framesAt(seqOf(at), g));
    const view = graphView(s, { focus, limit, all: q.get('all') === '1', firstProgramId: this.firstProgramId, type: q.get('type') ?? undefined, names, globals: this.ix.meta.mainGlobals }, HELPERS);
    let changed: number[] = [];
    if (q.get('prev') !== null) {
      const prev = num(q.get('prev'), 'prev', 0, this.length);
      const ids = new Set(view.nodes.map((n) => n.id));
      const seen = new Set<number>();
      if (Math.abs(prev - at) <= CHANGED_LIMIT) {
        // records prev .. at - 1 lie between the two positions
        for (const [, r] of this.h.entries(Math.min(prev, at), Math.max(prev, at))) {
          if (r.kind !== 'event') continue;
          const e = r.event as { id?: number; wr?: number };
          const x = e.id ?? e.wr;
          if (x !== undefined && ids.has(x)) seen.add(x);
        }
      }
      changed = [...seen];
    }
    return { at, ...view, changed };
  }
  /** An id the log knows, or 404. */
  private objectId(q: URLSearchParams, at: number): number {
    const id = num(q.get('id'), 'id');
    if (!this.ix.exists(id)) throw new ServeError(`no object ${id} in this log${at >= 0 ? ` at position ${at}` : ''}`, 404);
    return id;
  }
  object(q: URLSearchParams): object {
    const at = this.at(q);
    const seq = seqOf(at);
    const id = this.objectId(q, at);
    // what refers to it: the index's answer (the object's own entries, no scan of the heap)
    const shown = this.ix.aliveAt(id, seq) ? this.t.show(id as ObjectId, seq) : null;
    const referrers = shown?.referrers.map((r) => ({ from: r.from as number, via: r.via, description: r.description })) ?? [];
    const g = this.heap(at);
    const names = namesById(this.framesAt(seq, g)).get(id) ?? [];
    return objectDetails(g.objects, id, at, HELPERS, { referrers, names: [...names] });
  }
  history(q: URLSearchParams): object {
    if (q.get('id') !== null) {
      const id = this.objectId(q, -1);
      // created, refcount changes, freed: the engine's object history (its first page); the
      // rest from the object's own index entries up to where that page ends
      const page = this.t.objectHistoryPage(id as ObjectId, 0, HISTORY_LIMIT);
      const cut = page.total > page.entries.length ? page.entries[page.entries.length - 1]!.seq : Infinity;
      const details: IndexEntry[] = [];
      let count = 0;
      this.ix.forEachEntry(id, (b, p) => {
        const kind = b.kind[p]!;
        if (!isDetailEntry(kind)) return true;
        if (isOwnEntry(kind)) count++;
        if (b.seq[p]! <= cut && details.length < HISTORY_LIMIT) details.push({ seq: b.seq[p]!, kind, op: b.op[p]!, aux: b.aux[p]!, other: b.other[p]!, back: b.back[p]! });
        return true;
      });
      let labels = 0;
      const r = objectHistory(id, page.entries, details, {
        // a dict's label reads the dict at that seq: the first entries only
        labelOf: (c, l, seq) => (labels++ < 500 ? this.ix.labelOf(c, l, seq) : `slot ${l - 2}`),
        describe: (x, seq) => this.ix.describe(x, seq),
        cause: this.cmdText,
        address: this.ix.blockAddressOf(id),
      }, HISTORY_LIMIT);
      const total = page.total + count;
      return { id, description: this.ix.describe(id), entries: r.entries, total };
    }
    const address = this.address(q);
    return { address: hex(address), entries: addressHistory(this.t.addressHistory(address), (id, seq) => this.ix.describe(id, seq), this.cmdText) };
  }
  why(q: URLSearchParams): object {
    const at = this.at(q);
    const id = this.objectId(q, at);
    return { at, id, ...this.t.whyAlive(id as ObjectId, seqOf(at)) };
  }
  pins(q: URLSearchParams): object {
    const at = this.at(q);
    const s = this.heap(at).objects;
    if (q.get('id') !== null) return { at, ...objectPins(s, this.objectId(q, at)) };
    const arena = num(q.get('arena'), 'arena');
    const pins = arenaPins(s, arena);
    return { at, arena, objects: pins.slice(0, 1000).map((p) => ({ ...p, address: hex(p.address) })), count: pins.length };
  }
  protected override decoratePool(p: { blocks: { address: string; status: string }[] }, at: number): object {
    // each allocated block's object (the address index: the object made in the block live at the position)
    const base = super.decoratePool(p, at) as { allocatedAt: { address: string; seq: number }[] };
    const objects = base.allocatedAt.map((b) => {
      const id = this.ix.objectAt(parseInt(b.address, 16), seqOf(at));
      return { address: b.address, id, description: id === null ? null : this.ix.describe(id, seqOf(at)) };
    });
    return { ...base, objects };
  }
  diff(q: URLSearchParams): object {
    const from = this.at(q, 'from'), to = this.at(q, 'to');
    // the earlier position first (the timeline moves forward to the later one); a copy of it is kept
    const first = Math.min(from, to), second = Math.max(from, to);
    const x = cloneGcState(this.heap(first));
    const y = this.heap(second);
    const [a, b] = from <= to ? [x, y] : [y, x];
    return { from, to, ...heapDiff(a.objects, b.objects), ...poolsDiff(arenasView(a.objects.mem, from), arenasView(b.objects.mem, to)), alloc: diffSummaries(from, to, summarizeAt(a.objects.mem), summarizeAt(b.objects.mem)) };
  }
  stats(q: URLSearchParams): object {
    const at = this.at(q);
    const g = this.heap(at);
    return { at, text: statsText(g.objects.mem), summary: allocSummary(g.objects.mem), gc: { counts: [...g.objects.gcCounts], thresholds: g.thresholds, stats: g.stats, liveObjects: g.objects.liveCount, enabled: g.enabled } };
  }
  collection(q: URLSearchParams): CollectionJson {
    const at = this.at(q);
    const cs = this.collections;
    if (cs.length === 0) throw new ServeError('this log has no collection', 404);
    // the collection around `at`, else the next one, else the last
    const c = cs.find((x) => at >= x.start && at <= x.end + 1) ?? cs.find((x) => x.start >= at) ?? cs[cs.length - 1]!;
    const events: { seq: number; event: GcEvent }[] = [];
    let scanSeq = -1;
    for (const [seq, r] of this.h.entries(c.start, c.end + 1)) {
      if (r.kind !== 'event') continue;
      events.push({ seq, event: r.event });
      if (scanSeq < 0 && r.event.type === 'YoungScanned') scanSeq = seq;
    }
    // the state just before the scan (a copy: the stepper borrows its arrays), then the end
    const before = scanSeq >= 0 ? cloneGcState(this.t.heapAt(scanSeq - 1)).objects : null;
    const end = this.t.heapAt(c.end).objects;
    const describe = (id: number): string => heapFor(before !== null && id < before.nextId ? before : end).describe(id as ObjectId);
    return collectionSteps({ ...c, events, beforeScan: before, describe });
  }
  find(q: URLSearchParams): object {
    const at = this.at(q);
    const seq = seqOf(at);
    const name = q.get('name') ?? '';
    const s = this.heap(at).objects;
    let where: { scope: 'local' | 'module'; frame: string } | null = null;
    const r = resolvePath(s, name, (first) => {
      // the innermost frame that has the name, else the module's globals (the index's bindings)
      const b = this.t.resolveName(first, seq);
      if (b === null) return null;
      where = { scope: b.scope, frame: b.scope === 'local' ? this.ix.framesAt(seq).find((f) => f.frame === b.frame)?.name ?? '?' : '<module>' };
      return b.value;
    }, HELPERS);
    if (r === null) throw new ServeError(`no name '${name}' at position ${at}`, 404);
    return { at, name, id: r.id, description: heapFor(s).describe(r.id as ObjectId), ...(where ?? {}) };
  }
}
