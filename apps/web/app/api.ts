/**
 * The page's only link to the engine: `pymm serve`'s JSON API (apps/web/README.md).
 * Types mirror what apps/cli/src/serve answers.
 */
export type Kind = 'heap' | 'allocator';

export interface RunInfo {
  exitCode: number; stdout: string; stderr: string; errorLine: number | null; recreated?: boolean;
  /** Why the program stopped before its end (the Stop button, a limit), in words. */
  stopped?: string | null;
  /** Whether each position says how much of the output had been written by then (Position.output). */
  byPosition?: boolean;
}
export interface Info {
  id: string; kind: Kind; name: string; length: number; profile: string;
  /** Where the page opens: a heap log just before its module's frame is left (the last statement done, names still bound); an allocator log at its end. */
  start: number;
  source: string | null; filename?: string | null; run: RunInfo | null; collections?: number;
  /** Whether the log's index (LOG.idx) was read or built on opening; a damaged log's recovery, if any. */
  index?: 'read' | 'built'; recovered?: string | null;
}
export interface Marker { kind: 'collection' | 'arena-allocated' | 'arena-freed' | 'finalizer' | 'error'; at: number; end?: number; label: string }
export interface Var { name: string; id: number; type: string; repr: string; inline: boolean }
/** A frame on the stack at the position: function frames innermost first, then the module. */
export interface Frame {
  /** The frame's number in the log (-1: the module shown from its globals before its code starts or after it ends). */
  id: number; name: string; kind: 'module' | 'function'; depth: number;
  /** The line of the call waiting for this frame in the frame below it, if known. */
  calledFrom?: number | null;
  vars: Var[];
}
/** /api/find: the object a name path leads to, and where its first name was found. */
export interface Found { at: number; name: string; id: number; description: string; scope?: 'local' | 'module'; frame?: string }
export interface Summary { arenas: number; pools: number; blocks: number; bytes: number; rawBlocks: number; liveObjects: number | null; gcCounts?: number[] }
export interface Position {
  at: number; length: number;
  /** The line of the statement the last applied record belongs to: just run at a statement stop, else still running. */
  line: number | null;
  /** At a statement stop: the line about to run (else null). */
  nextLine: number | null;
  /** Whether the position is a statement stop (just before a statement's first record). */
  stop: boolean;
  /** At a statement stop: the statement about to run, in words. */
  nextCommand: string | null;
  record: string; command: string;
  prevStmt: number; nextStmt: number; frames: Frame[];
  /** How much of the run's stdout and stderr had been written at this position (null: not known). */
  output: { stdout: number; stderr: number } | null;
  summary: Summary; seekMs: number;
}
/** /api/sessions: the open logs, and the command line's program when it made no log. */
export interface Sessions {
  sessions: Info[]; program: { source: string; filename: string; run: RunInfo | null } | null;
  /** Programs running now, and where each is: running (seconds so far) or indexing its log (0..1 done). */
  running: number; runs: { phase: 'running' | 'indexing'; seconds: number; indexed: number }[];
}
export interface GraphNode {
  id: number; type: string; repr: string; size: number; refcount: number; external: number; generation: string;
  tracked: boolean; address: string; arena: number; pool: string | null; root: boolean; inCycle: boolean; names: string[];
}
export interface Graph { at: number; nodes: GraphNode[]; edges: { from: number; to: number; label: string }[]; hidden: number; total: number; changed: number[] }
export interface ArenaJson { index: number; base: string; firstPool: string; freePools: number; totalPools: number; pools: number[]; liveBlocks: number }
export interface Arenas { at: number; poolBytes: number; arenaBytes: number; blockBytes: number[]; blocksPerPool: number[]; arenas: ArenaJson[] }
export interface Block { address: string; offset: number; status: 'allocated' | 'free' | 'virgin'; freeOrder: number }
export interface Pool {
  at: number; address: string; arena: number; slot: number; sizeIndex: number; blockBytes: number; count: number; blocksPerPool: number;
  nextoffset: number; maxnextoffset: number; blocks: Block[]; freeList: string[]; allocatedAt?: { address: string; seq: number }[];
  /** Heap logs: the object living in each allocated block (null: storage, not an object). */
  objects?: { address: string; id: number | null; description: string | null }[];
}
export interface HistoryEntry { seq: number; at: number; what: string; refcount?: number; cause: string; causeSeq: number; ref?: number }
export interface History { id?: number; address?: string; description?: string; entries: HistoryEntry[]; total?: number }
export interface PathStep { id: number; description: string; via: string }
export interface Why { at: number; id: number; alive: boolean; path: PathStep[]; referrers: PathStep[]; explanation: string }
export interface ObjectInfo extends Partial<GraphNode> {
  at: number; id: number; alive: boolean; description: string; block?: string | null; storage?: string | null;
  references?: { to: number; via: string; description: string; repr: string; static: boolean }[];
  referrers?: { from: number; via: string; description: string }[];
}
export interface Row { id: number; gcRefs: number | null; list: string; refcount: number }
export interface Step { at: number; phase: string; title: string; explain: string; set: Row[]; focus: number[] }
export interface Collection {
  start: number; end: number; generation: number; automatic: boolean; collected: number; uncollectable: number;
  objects: { id: number; description: string }[]; steps: Step[]; omitted: number;
}
export interface Stats { at: number; text: string; summary: Summary; gc: { counts: number[]; thresholds: number[]; liveObjects: number; enabled: boolean } | null }
export interface Series { positions: number[]; arenas: number[]; pools: number[]; blocks: number[]; bytes: number[]; byClass: { sizeIndex: number; blockBytes: number; bytes: number[] }[] }
export interface Diff {
  from: number; to: number;
  objects: null | { added: { id: number; description: string }[]; removed: { id: number; description: string }[]; changed: { id: number; description: string; what: string[] }[]; counts: { added: number; removed: number; changed: number } };
  arenas: { base: string; index: number; status: string; liveBlocks: [number, number] }[];
  pools: { arena: number; slot: number; address: string; status: string; sizeIndex: [number, number]; blocks: [number, number] }[];
  alloc: { classes: { sizeIndex: number; blockBytes: number; pools: [number, number]; blocks: [number, number] }[]; rawBlocks: [number, number]; statsLines: { from: string | null; to: string | null }[] };
}

export class ApiError extends Error {
  constructor(message: string, readonly status: number) { super(message); }
}

/** The API's base: the page's own origin (pymm serve serves both). */
const base = new URL('api/', document.baseURI);

export async function get<T>(endpoint: string, params: Record<string, string | number | undefined | null>, signal?: AbortSignal): Promise<T> {
  const u = new URL(endpoint, base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
  const r = await fetch(u, signal ? { signal } : {});
  const body = await readJson(r, signal);
  if (!r.ok) throw new ApiError((body as { error?: string }).error ?? `HTTP ${r.status}`, r.status);
  return body as T;
}

/**
 * The answer's JSON. A request aborted while its body was being read rejects with the
 * AbortError (callers drop those): it used to resolve as `{error}`, which a view then
 * took for its data (the graph view read `nodes` of it and the page went blank).
 */
async function readJson(r: Response, signal?: AbortSignal): Promise<unknown> {
  try {
    return await r.json();
  } catch (e) {
    if (signal?.aborted || (e as Error).name === 'AbortError') throw e;
    if (!r.ok) return { error: `the server answered ${r.status} without JSON` };
    throw new ApiError(`the server answered ${r.status} without JSON`, r.status);
  }
}

export async function post<T>(endpoint: string, body: BodyInit, signal?: AbortSignal): Promise<T> {
  const r = await fetch(new URL(endpoint, base), { method: 'POST', body, ...(signal ? { signal } : {}) });
  const j = await readJson(r, signal);
  if (!r.ok) throw new ApiError((j as { error?: string }).error ?? `HTTP ${r.status}`, r.status);
  return j as T;
}

/**
 * Latest-wins requests on one channel: while one is in flight, newer asks only replace the
 * pending key (no request per mouse-move pixel); when it returns, the newest pending one
 * goes out. `abortStale` aborts an in-flight request as soon as a newer key arrives (for
 * the expensive panels, whose stale answers are useless).
 */
export class Channel<K, T> {
  private inflight: { key: K; ctl: AbortController } | null = null;
  private pending: K | null = null;
  constructor(
    private readonly fetcher: (key: K, signal: AbortSignal) => Promise<T>,
    private readonly deliver: (key: K, value: T | null, error: Error | null) => void,
    private readonly same: (a: K, b: K) => boolean,
    private readonly abortStale = false,
  ) {}
  ask(key: K): void {
    if (this.inflight && this.same(this.inflight.key, key)) { this.pending = null; return; }
    if (this.inflight) {
      this.pending = key;
      if (this.abortStale) this.inflight.ctl.abort();
      return;
    }
    this.send(key);
  }
  private send(key: K): void {
    const ctl = new AbortController();
    this.inflight = { key, ctl };
    this.fetcher(key, ctl.signal).then(
      (v) => { if (!ctl.signal.aborted) this.deliver(key, v, null); },
      (e: Error) => { if (!ctl.signal.aborted && e.name !== 'AbortError') this.deliver(key, null, e); },
    ).finally(() => {
      this.inflight = null;
      const next = this.pending;
      this.pending = null;
      if (next !== null) this.send(next);
    });
  }
}
