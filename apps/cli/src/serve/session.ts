/**
 * The web debugger's one door to the engine. Every @pymm/engine call of `pymm serve`
 * is in this file (the engine's two timelines are about to become one: the port should
 * be a change here only). A Session answers each HTTP endpoint with plain JSON.
 *
 * Positions: `at` counts the records applied (0 = the initial state, `length` = the end),
 * the heap timeline's convention; the allocator timeline's seek(seq) is the state at
 * position seq + 1.
 */
import { LogFormatError, LogReader } from '@pymm/eventlog';
import {
  HeapTimeline, AllocatorTimeline as Timeline, arenaPins, buildLogFromTrace, codecFor, diffSummaries, labelledReferents, logSource, summarizeAt, whyAlive,
} from '@pymm/engine';
import { cloneGcState, evolve, type GcState } from '@pymm/gc';
import { decodeFrame, hex, type ObmallocRecord, type ObmallocState } from '@pymm/obmalloc';
import { heapFor, type ObjectId } from '@pymm/objects';
import { runSource } from '@pymm/pylite';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { allocSummary, arenasView, poolView, SeriesBuilder, statsText, type SeriesJson } from './allocViews.js';
import { collectionSteps, type CollectionJson } from './collector.js';
import { heapDiff, poolsDiff, objectDetails, objectPins } from './heapQueries.js';
import { addressHistory, describeCommand, floorIndex, objectHistory, scanHeapLog, type HeapIndex, type Marker } from './heapIndex.js';
import { graphView, namesOf, resolvePath, type HeapHelpers } from './heapViews.js';

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
}

const HELPERS: HeapHelpers = { labelledReferents };
/** Positions folded forward from a cached state instead of restoring a checkpoint. */
const FOLD_LIMIT = 50_000;
const SERIES_SAMPLES = 240;
/** Thrown (not an Error: no stack) to end a frame decode early. */
const STOP = Symbol('stop');
/** Logs up to this many records get their program's output back by a rerun. */
const RERUN_LIMIT = 2_000_000;

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
  readonly onProgress?: (text: string) => void;
}

/** Opens FILE.py, LOG.pymmlog or TRACE.gz as a session. */
export async function openPath(path: string, id: string, o: OpenOptions): Promise<{ session: Session; run: RunInfo | null }> {
  const kind = sniff(path);
  if (kind === 'program') {
    const { readFileSync } = await import('node:fs');
    const r = runProgram(readFileSync(path, 'utf8'), resolve(path), id, o.tmpDir);
    if (r.session === null) throw new ServeError(`${path}: ${r.run.stderr.trim().split('\n').pop() ?? 'the program did not run'}`);
    return { session: r.session, run: r.run };
  }
  if (kind === 'trace') {
    const out = join(o.tmpDir, `${basename(path).replace(/\W+/g, '_')}.pymmlog`);
    let last = -1;
    try {
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
    return { session: openLog(out, id, o.onProgress), run: null };
  }
  return { session: openLog(path, id, o.onProgress), run: null };
}

export function openLog(path: string, id: string, onProgress?: (text: string) => void): Session {
  let reader: LogReader;
  try {
    reader = LogReader.open(path);
  } catch (e) {
    if (e instanceof LogFormatError) throw new ServeError(`${path}: not a .pymmlog, a CPython trace (.gz) or a Python program (.py): ${e.message}`);
    throw e;
  }
  if (reader.header.domain === 'heap') {
    reader.close();
    return new HeapSession(id, HeapTimeline.open(path), basename(path), null);
  }
  let codec;
  try { codec = codecFor(reader.header); } catch (e) { throw new ServeError(`${path}: ${(e as Error).message}`); }
  onProgress?.(`indexing ${path} (${reader.recordCount} records)`);
  const t = Timeline.open(logSource(reader), codec);
  return new AllocSession(id, t, basename(path));
}

/** The program's line a traceback (or a refusal) ends at. */
function errorLineOf(stderr: string, filename: string, exitCode: number): number | null {
  if (exitCode === 0) return null;
  const lines = [...stderr.matchAll(/File "([^"]*)", line (\d+)|:(\d+): .* is outside the pylite subset/g)].filter((m) => m[1] === undefined || m[1] === filename);
  return lines.length ? Number(lines[lines.length - 1]![2] ?? lines[lines.length - 1]![3]) : null;
}

/** Runs a program with pylite into a heap log in `tmpDir`; a program that does not run gives no session. */
export function runProgram(source: string, filename: string, id: string, tmpDir: string): { session: Session | null; run: RunInfo } {
  const logPath = join(tmpDir, `${id}.pymmlog`);
  let r;
  try {
    r = runSource(source, { filename, logPath });
  } catch (e) {
    return { session: null, run: { exitCode: 2, stdout: '', stderr: `pymm: the program could not run: ${(e as Error).message}\n`, errorLine: null } };
  }
  const run: RunInfo = { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, errorLine: errorLineOf(r.stderr, filename, r.exitCode) };
  if (!existsSync(logPath)) return { session: null, run };
  return { session: new HeapSession(id, HeapTimeline.open(logPath), basename(filename), run), run };
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
  protected seriesPromise: Promise<SeriesJson> | null = null;
  at(q: URLSearchParams, name = 'at'): number {
    return q.get(name) === null ? this.length : num(q.get(name), name, 0, this.length);
  }
  address(q: URLSearchParams): number {
    const t = (q.get('address') ?? '').toLowerCase().replace(/^0x/, '');
    if (!/^[0-9a-f]{1,13}$/.test(t)) throw new ServeError(`address must be a hex address, got '${q.get('address') ?? ''}'`);
    return parseInt(t, 16);
  }
  protected abstract mem(at: number): ObmallocState;
  arenas(q: URLSearchParams): object { const at = this.at(q); return arenasView(this.mem(at), at); }
  pool(q: URLSearchParams): object {
    const at = this.at(q);
    const p = poolView(this.mem(at), this.address(q), at);
    if (p === null) throw new ServeError(`no carved pool holds ${q.get('address')} at position ${at}`, 404);
    return this.decoratePool(p, at);
  }
  protected decoratePool(p: object, _at: number): object { return p; }
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
  constructor(readonly id: string, private readonly t: Timeline, private readonly name: string) {
    super();
    this.length = t.length;
  }
  protected mem(at: number): ObmallocState { return this.t.seek(at - 1); }
  info(): object {
    return { id: this.id, kind: this.kind, name: this.name, length: this.length, profile: this.t.codec.profile.name, source: null, run: null, checkpoints: this.t.checkpointCount };
  }
  markers(): Marker[] {
    return this.t.arenaEvents.map((e) => ({
      kind: e.kind === 'allocated' ? 'arena-allocated' as const : 'arena-freed' as const,
      at: this.groupEnd(e.seq), label: `arena at ${hex(e.baseAddress)} ${e.kind} (${e.arenasInUse} in use)`,
    }));
  }
  /** Position after the command at `seq` and all its events. */
  private groupEnd(seq: number): number {
    return seq + 1 >= this.length ? this.length : this.around(seq).nextCommand;
  }
  /**
   * The records near position `at`, from one decode of their frame (a frame is a few
   * thousand records; recordAt decodes it again per call): the last applied record, its
   * command, and the seq of the first command after `at` (the next statement stop).
   */
  private around(at: number): { last: ObmallocRecord | null; cmdSeq: number; cmd: ObmallocRecord | null; nextCommand: number } {
    const frames = this.t.source.frames;
    const seq = Math.max(0, at - 1);
    let lo = 0, hi = frames.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (frames[mid]!.firstSeq <= seq) lo = mid; else hi = mid - 1; }
    const f = frames[lo]!;
    const from = Math.max(f.firstSeq, seq - 16);
    const got = new Map<number, ObmallocRecord>();
    let nextCommand = -1;
    let k = from;
    try {
      decodeFrame(this.t.codec, this.t.source.payload(lo), f.firstSeq, (r) => {
        got.set(k, r);
        if (k > at && r.kind === 'command') { nextCommand = k; throw STOP; }
        k++;
      }, undefined, from);
    } catch (e) { if (e !== STOP) throw e; }
    if (nextCommand < 0) nextCommand = Math.min(this.length, f.firstSeq + f.count);
    if (at === 0) return { last: null, cmdSeq: -1, cmd: null, nextCommand };
    const last = got.get(at - 1) ?? this.t.recordAt(at - 1);
    const cmdSeq = last.kind === 'command' ? at - 1 : last.cause;
    return { last, cmdSeq, cmd: got.get(cmdSeq) ?? this.t.recordAt(cmdSeq), nextCommand };
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
    // statement stops are the positions just before each command
    return {
      at, length: this.length, line: null, nextLine: null, record: this.text(w.last), command: w.cmd ? this.text(w.cmd) : '',
      prevStmt: Math.max(0, w.cmdSeq), nextStmt: at < this.length ? w.nextCommand : at, frames: [], summary, seekMs,
    };
  }
  graph(): object { throw new ServeError('an allocator log has no objects (a CPython trace records pymalloc calls only)', 404); }
  object(): object { return this.graph(); }
  why(): object { return this.graph(); }
  find(): object { return this.graph(); }
  collection(): CollectionJson { throw new ServeError('an allocator log has no collections', 404); }
  protected override decoratePool(p: object, at: number): object {
    const blocks = (p as { blocks: { address: string; status: string }[] }).blocks;
    return { ...p, allocatedAt: blocks.filter((b) => b.status === 'allocated').slice(0, 2048).map((b) => ({ address: b.address, seq: this.t.allocatedAt(parseInt(b.address, 16), at - 1) })) };
  }
  history(q: URLSearchParams): object {
    const address = this.address(q);
    return { address: hex(address), entries: this.t.history(address).map((h) => ({ seq: h.seq, at: this.groupEnd(h.seq), what: `${h.kind} by ${h.command}(${h.requestBytes} B)${h.otherAddress !== undefined ? ` ${h.kind === 'reallocated-from' ? 'to' : 'from'} ${hex(h.otherAddress)}` : ''}`, cause: `${h.command} call at seq ${h.seq}`, causeSeq: h.seq })) };
  }
  pins(q: URLSearchParams): object {
    const at = this.at(q);
    const arena = q.get('arena') === null ? undefined : num(q.get('arena'), 'arena');
    let pins;
    try { pins = this.t.pins(at - 1, arena); } catch (e) { throw new ServeError((e as Error).message, 404); }
    return { at, arenas: pins.map((a) => ({ arena: a.arenaIndex, base: hex(a.baseAddress), freePools: a.freePools, totalPools: a.totalPools, liveBlocks: a.liveBlocks.length, blocks: a.liveBlocks.slice(0, 500).map((b) => ({ address: hex(b.address), sizeIndex: b.sizeIndex, allocatedAt: b.allocatedAt })) })) };
  }
  diff(q: URLSearchParams): object {
    const from = this.at(q, 'from'), to = this.at(q, 'to');
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

class HeapSession extends Base implements Session {
  readonly kind = 'heap' as const;
  readonly length: number;
  private readonly index: HeapIndex;
  private readonly sourceLines: string[] | null;
  /** Recently visited states (read-only for the views), newest last. */
  private readonly cache: { at: number; state: GcState }[] = [];
  private readonly run: RunInfo | null;
  constructor(readonly id: string, private readonly t: HeapTimeline, private readonly name: string, run: RunInfo | null) {
    super();
    this.length = t.length;
    this.index = scanHeapLog(t.entries());
    this.sourceLines = this.index.source?.split('\n') ?? null;
    // a log opened from a file does not hold the program's output: pylite is deterministic,
    // so running its source again (no log) gives it back, for logs small enough to rerun
    if (run === null && this.index.source !== null && this.length <= RERUN_LIMIT) {
      try {
        const r = runSource(this.index.source, { filename: this.index.filename ?? '<string>' });
        run = { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, errorLine: errorLineOf(r.stderr, this.index.filename ?? '<string>', r.exitCode), recreated: true };
      } catch { run = null; }
    }
    this.run = run;
    if (run?.errorLine != null) {
      const i = this.index.stmtLines.lastIndexOf(run.errorLine);
      if (i >= 0) this.index.markers.push({ kind: 'error', at: this.index.stmtSeqs[i]! + 1, label: `uncaught exception at line ${run.errorLine}` });
    }
  }
  private state(at: number): GcState {
    const hit = this.cache.find((c) => c.at === at);
    if (hit) return hit.state;
    let base: { at: number; state: GcState } | undefined;
    for (const c of this.cache) if (c.at <= at && at - c.at <= FOLD_LIMIT && (!base || c.at > base.at)) base = c;
    let s: GcState;
    if (base) {
      s = cloneGcState(base.state);
      for (const [, r] of this.t.entries(base.at, at)) if (r.kind === 'event') evolve(s, r.event);
    } else s = this.t.stateAt(at);
    this.cache.push({ at, state: s });
    if (this.cache.length > 6) this.cache.shift();
    return s;
  }
  protected mem(at: number): ObmallocState { return this.state(at).objects.mem; }
  private cmdText = (seq: number): string => describeCommand(this.t.commandAt(seq), this.sourceLines);
  info(): object {
    return { id: this.id, kind: this.kind, name: this.name, length: this.length, profile: this.t.profile, source: this.index.source, filename: this.index.filename, run: this.run, collections: this.index.collections.length };
  }
  markers(): Marker[] { return this.index.markers; }
  lines(): object {
    const lines: Record<number, number[]> = {};
    this.index.stmtLines.forEach((l, i) => { const a = (lines[l] ??= []); if (a.length < 1000) a.push(this.index.stmtSeqs[i]!); });
    return { source: this.index.source, lines };
  }
  private lineAt(at: number): { line: number | null; cause: number } {
    if (at <= 0) return { line: null, cause: -1 };
    const r = this.t.recordAt(at - 1)!;
    const cause = r.kind === 'command' ? at - 1 : r.cause;
    const c = this.t.commandAt(cause);
    return { line: typeof c?.['line'] === 'number' && c['line'] > 0 ? c['line'] : null, cause };
  }
  position(q: URLSearchParams): object {
    const at = this.at(q);
    const t0 = performance.now();
    const g = this.state(at);
    const seekMs = performance.now() - t0;
    const s = g.objects;
    const { line, cause } = this.lineAt(at);
    // statement stops: position S[k] is just before statement k (its line is next to run)
    const S = this.index.stmtSeqs;
    const prevIdx = floorIndex(S, at - 1);
    const nextIdx = floorIndex(S, at) + 1;
    const upcoming = floorIndex(S, at - 1) + 1;
    const r = at > 0 ? this.t.recordAt(at - 1) : undefined;
    const record = r === undefined ? '(the initial state)' : r.kind === 'command' ? `command: ${this.cmdText(at - 1)}` : `${r.event.type}`;
    return {
      at, length: this.length, line, nextLine: this.index.stmtLines[upcoming] ?? null, record, command: cause >= 0 ? this.cmdText(cause) : '',
      prevStmt: prevIdx >= 0 ? S[prevIdx]! : 0,
      nextStmt: nextIdx < S.length ? S[nextIdx]! : this.length,
      // function frames are not in today's logs (statements carry only their line): the module's names
      frames: [{ name: '<module>', kind: 'module', vars: namesOf(s, this.index.globalsId) }],
      summary: { ...allocSummary(s.mem), liveObjects: s.liveCount, gcCounts: [...s.gcCounts] }, seekMs,
    };
  }
  graph(q: URLSearchParams): object {
    const at = this.at(q);
    const s = this.state(at).objects;
    const focus = q.get('focus') === null ? undefined : num(q.get('focus'), 'focus');
    const limit = q.get('limit') === null ? 300 : num(q.get('limit'), 'limit', 1, 3000);
    const g = graphView(s, { focus, limit, all: q.get('all') === '1', firstProgramId: this.index.firstProgramId, type: q.get('type') ?? undefined, globals: this.index.globalsId }, HELPERS);
    let changed: number[] = [];
    if (q.get('prev') !== null) {
      const prev = num(q.get('prev'), 'prev', 0, this.length);
      const ids = new Set(g.nodes.map((n) => n.id));
      const seen = new Set<number>();
      if (Math.abs(prev - at) <= FOLD_LIMIT) {
        for (const [, r] of this.t.entries(Math.min(prev, at), Math.max(prev, at))) {
          if (r.kind !== 'event') continue;
          const e = r.event as { id?: number; wr?: number };
          const x = e.id ?? e.wr;
          if (x !== undefined && ids.has(x)) seen.add(x);
        }
      }
      changed = [...seen];
    }
    return { at, ...g, changed };
  }
  object(q: URLSearchParams): object {
    const at = this.at(q);
    return objectDetails(this.state(at).objects, num(q.get('id'), 'id'), at, HELPERS);
  }
  history(q: URLSearchParams): object {
    if (q.get('id') !== null) {
      const id = num(q.get('id'), 'id');
      return { id, entries: objectHistory(this.t.entries(), id, this.cmdText) };
    }
    const address = this.address(q);
    return { address: hex(address), entries: addressHistory(this.t.entries(), address, this.cmdText) };
  }
  why(q: URLSearchParams): object {
    const at = this.at(q);
    const id = num(q.get('id'), 'id');
    const s = this.state(at).objects;
    if (id >= s.nextId) throw new ServeError(`no object ${id} at position ${at}`, 404);
    return { at, id, ...whyAlive(s, id as ObjectId) };
  }
  pins(q: URLSearchParams): object {
    const at = this.at(q);
    const s = this.state(at).objects;
    if (q.get('id') !== null) return { at, ...objectPins(s, num(q.get('id'), 'id')) };
    const arena = num(q.get('arena'), 'arena');
    const pins = arenaPins(s, arena);
    return { at, arena, objects: pins.slice(0, 1000).map((p) => ({ ...p, address: hex(p.address) })), count: pins.length };
  }
  diff(q: URLSearchParams): object {
    const from = this.at(q, 'from'), to = this.at(q, 'to');
    const a = this.state(from), b = this.state(to);
    return { from, to, ...heapDiff(a.objects, b.objects), ...poolsDiff(arenasView(a.objects.mem, from), arenasView(b.objects.mem, to)), alloc: diffSummaries(from, to, summarizeAt(a.objects.mem), summarizeAt(b.objects.mem)) };
  }
  stats(q: URLSearchParams): object {
    const at = this.at(q);
    const g = this.state(at);
    return { at, text: statsText(g.objects.mem), summary: allocSummary(g.objects.mem), gc: { counts: [...g.objects.gcCounts], thresholds: g.thresholds, stats: g.stats, liveObjects: g.objects.liveCount, enabled: g.enabled } };
  }
  collection(q: URLSearchParams): CollectionJson {
    const at = this.at(q);
    const cs = this.index.collections;
    if (cs.length === 0) throw new ServeError('this log has no collection', 404);
    // the collection around `at`, else the next one, else the last
    const c = cs.find((x) => at >= x.start && at <= x.end + 1) ?? cs.find((x) => x.start >= at) ?? cs[cs.length - 1]!;
    const events: { seq: number; event: import('@pymm/gc').GcEvent }[] = [];
    for (const [seq, r] of this.t.entries(c.start, c.end + 1)) if (r.kind === 'event') events.push({ seq, event: r.event });
    const before = c.scanSeq >= 0 ? this.t.stateAt(c.scanSeq).objects : null;
    const end = this.state(c.end + 1).objects;
    const describe = (id: number): string => heapFor(before !== null && id < before.nextId ? before : end).describe(id as ObjectId);
    return collectionSteps({ ...c, events, beforeScan: before, describe });
  }
  find(q: URLSearchParams): object {
    const at = this.at(q);
    const name = q.get('name') ?? '';
    const s = this.state(at).objects;
    const r = resolvePath(s, this.index.globalsId, name, HELPERS);
    if (r === null) throw new ServeError(`no name '${name}' at position ${at}`, 404);
    return { at, name, id: r.id, description: heapFor(s).describe(r.id as ObjectId) };
  }
}

