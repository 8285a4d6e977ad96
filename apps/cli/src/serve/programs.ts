/**
 * Programs run by `pymm serve` (the command line's FILE.py, Run on the page, a log's
 * source run again for its output): each in a worker thread (../programWorker.ts), so the
 * server answers while one runs, a run can be stopped (the page's Stop button, a limit),
 * and SIGTERM ends them all. Also the program's output tied to log positions: each write
 * carries the number of records written before it.
 */
import { startProgram, type ProgramRun, type StopReason } from '../programWorker.js';

/** What a run from the page may use: then it raises KeyboardInterrupt at its next statement. */
export interface RunLimits {
  /** Wall-clock limit in ms (0: none). */
  readonly timeLimitMs: number;
  /** Records of its log (0: none). */
  readonly maxRecords: number;
}

export const DEFAULT_LIMITS: RunLimits = { timeLimitMs: 30_000, maxRecords: 10_000_000 };
/** After an interrupt (Stop, a limit), how long a program may take to reach a statement before its worker is ended. */
const GRACE_MS = 3_000;

/**
 * The output of a run and where in its log each part was written: after `records[i]`
 * records, stdout had `out[i]` and stderr `err[i]` UTF-16 units (the page slices the text).
 */
export class OutputMarks {
  private readonly records: number[] = [];
  private readonly out: number[] = [];
  private readonly err: number[] = [];
  private stdoutParts: string[] = [];
  private stderrParts: string[] = [];
  private outLen = 0;
  private errLen = 0;

  add(stream: 'stdout' | 'stderr', text: string, records: number): void {
    if (stream === 'stdout') { this.stdoutParts.push(text); this.outLen += text.length; } else { this.stderrParts.push(text); this.errLen += text.length; }
    const n = this.records.length - 1;
    if (n >= 0 && this.records[n] === records) { this.out[n] = this.outLen; this.err[n] = this.errLen; return; }
    this.records.push(records); this.out.push(this.outLen); this.err.push(this.errLen);
  }
  get stdout(): string { if (this.stdoutParts.length > 1) this.stdoutParts = [this.stdoutParts.join('')]; return this.stdoutParts[0] ?? ''; }
  get stderr(): string { if (this.stderrParts.length > 1) this.stderrParts = [this.stderrParts.join('')]; return this.stderrParts[0] ?? ''; }

  /** How much of stdout and stderr had been written at position `at` (the state after `at` records). */
  at(at: number): { stdout: number; stderr: number } {
    let lo = 0, hi = this.records.length - 1, k = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (this.records[mid]! <= at) { k = mid; lo = mid + 1; } else hi = mid - 1; }
    return k < 0 ? { stdout: 0, stderr: 0 } : { stdout: this.out[k]!, stderr: this.err[k]! };
  }
}

export interface WorkerRun {
  readonly exitCode: number;
  readonly output: OutputMarks;
  /** The log's records when one was written completely. */
  readonly records: number | null;
  /** Whether the worker wrote the log's index. */
  readonly indexed: boolean;
  /** Why it stopped early, in words (null: it ran to its end). */
  readonly stopped: string | null;
  readonly stoppedBy: StopReason | null;
}

/** Where a run is, for the page while it waits: running (for how long), or indexing its log (how far). */
export interface RunStatus {
  readonly phase: 'running' | 'indexing';
  readonly seconds: number;
  /** Indexing: the share of the log done, 0..1. */
  readonly indexed: number;
}

/** The programs running now: stopped by the page's Stop button, and all ended when the server stops. */
export class Programs {
  private readonly live = new Map<ProgramRun, { started: number; phase: 'running' | 'indexing'; indexed: number }>();
  constructor(readonly limits: RunLimits = DEFAULT_LIMITS) {}

  get running(): number { return this.live.size; }

  status(): RunStatus[] {
    const now = performance.now();
    return [...this.live.values()].map((s) => ({ phase: s.phase, seconds: Math.floor((now - s.started) / 1000), indexed: s.indexed }));
  }

  /** Runs a program in a worker; `logPath` gets its heap log, indexed by the worker (unless `index` is false). */
  async run(source: string, filename: string, o: { logPath?: string; index?: boolean; profile?: string; limits?: RunLimits } = {}): Promise<WorkerRun> {
    const limits = o.limits ?? this.limits;
    const output = new OutputMarks();
    const state = { started: performance.now(), phase: 'running' as 'running' | 'indexing', indexed: 0 };
    const run = startProgram({
      source, filename,
      ...(o.logPath !== undefined ? { logPath: o.logPath, index: o.index ?? true, trackRecords: true } : {}),
      ...(o.profile !== undefined ? { profile: o.profile } : {}),
      ...(limits.maxRecords > 0 ? { maxRecords: limits.maxRecords } : {}),
      ...(limits.timeLimitMs > 0 ? { timeLimitMs: limits.timeLimitMs } : {}),
      graceMs: GRACE_MS,
      onOutput: (stream, text, records) => output.add(stream, text, records),
      onRan: () => { state.phase = 'indexing'; },
      onIndexProgress: (done, total) => { state.indexed = total > 0 ? done / total : 0; },
    });
    this.live.set(run, state);
    try {
      const r = await run.done;
      return { exitCode: r.exitCode, output, records: r.log?.records ?? null, indexed: r.indexed, stoppedBy: r.stoppedBy, stopped: stoppedText(r.stoppedBy, limits) };
    } finally {
      this.live.delete(run);
    }
  }

  /** The page's Stop: every running program raises KeyboardInterrupt at its next statement. */
  interruptAll(): number {
    for (const r of this.live.keys()) r.interrupt();
    return this.live.size;
  }

  /** The server stops: every worker ends now. */
  async terminateAll(): Promise<void> {
    await Promise.all([...this.live.keys()].map((r) => r.terminate()));
  }
}

function stoppedText(by: StopReason | null, limits: RunLimits): string | null {
  switch (by) {
    case null: return null;
    case 'interrupt': return 'stopped (KeyboardInterrupt at its next statement, as Ctrl-C does)';
    case 'time-limit': return `stopped after ${limits.timeLimitMs / 1000} s, the time limit of a run here (KeyboardInterrupt at its next statement); \`pymm run FILE.py --log LOG\` has no limit, and \`pymm serve LOG\` opens the log it writes`;
    case 'record-limit': return `stopped at ${limits.maxRecords.toLocaleString('en-US')} records, the record limit of a run here (KeyboardInterrupt at its next statement); \`pymm run FILE.py --log LOG\` has no limit, and \`pymm serve LOG\` opens the log it writes`;
    case 'terminated': return 'ended at once: it did not reach a statement after being stopped (inside one long builtin call?); no log';
    case 'out-of-memory': return 'ended: it ran out of memory; no log';
  }
}
