/**
 * What the timeline commands (log, show, history, pins, diff, verify, bench seek) share:
 * opening a log of either kind with its index, reading seqs and addresses from flags,
 * and turning the engine's errors into one-line messages and exit codes.
 */
import { JsonlError, LogFormatError, LogWriteError } from '@pymm/eventlog';
import { HeapTimelineError, Timeline, TimelineError, TimelineQuestionError, UnusableLogError, type AddressEntry } from '@pymm/engine';
import { CodecError, hex } from '@pymm/obmalloc';
import { intFlag, UsageError } from './args.js';
import { EXIT_BAD_INPUT, EXIT_DIVERGED, InputError, damage, reportError } from './errors.js';
import { Progress, fmtInt } from './progress.js';

export type Flags = Record<string, string | boolean | undefined>;

export const jsonOut = (v: unknown): void => console.log(JSON.stringify(v));
/** "1 record", "2,000 records". */
export const plural = (n: number, word: string): string => `${fmtInt(n)} ${word}${n === 1 ? '' : 's'}`;
/** Progress bars and notices go to stderr when it is a terminal (and not under CI). */
export const isTty = (): boolean => process.stderr.isTTY === true && !process.env.CI;

export function parseAddress(text: string | boolean | undefined, what: string): number {
  if (typeof text !== 'string') throw new UsageError(`${what} takes a hex address`);
  const t = text.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{1,13}$/.test(t)) throw new UsageError(`${what} takes a hex address, got '${text}'`);
  return parseInt(t, 16);
}

export function parseSeq(text: string | boolean | undefined, what: string): number {
  if (typeof text !== 'string' || !/^-?\d+$/.test(text)) throw new UsageError(`${what} takes a seq (a whole number, -1 for the initial state), got '${text ?? ''}'`);
  return Number(text);
}

/** A seq flag checked against the log; `undefined` when the flag is absent. */
export function seqFlag(t: Timeline, flags: Flags, name: string): number | undefined {
  if (flags[name] === undefined) return undefined;
  return checkSeq(t, parseSeq(flags[name], `--${name}`));
}

export function checkSeq(t: Timeline, seq: number): number {
  if (seq < -1 || seq >= t.length) throw new InputError(`seq ${seq} is outside the log (-1 .. ${t.length - 1})`);
  return seq;
}

/** --offset N (default 0), --limit N (default `limit`). */
export function pageFlags(flags: Flags, limit = 50): { offset: number; limit: number } {
  return { offset: intFlag(flags.offset, 'offset', 0, 0), limit: intFlag(flags.limit, 'limit', limit, 1) };
}

/** ", 11..60 shown (--offset N, --limit N for others)" when a page shows part of the whole. */
export function pageNote(offset: number, shown: number, total: number): string {
  if (shown >= total && offset === 0) return '';
  if (shown === 0) return `, none shown from ${fmtInt(offset + 1)} (--offset N, --limit N)`;
  return `, ${fmtInt(offset + 1)}..${fmtInt(offset + shown)} shown (--offset N, --limit N for others)`;
}

export interface OpenedTimeline {
  readonly timeline: Timeline;
  /** Opening: reading the index file (or, with a notice, indexing the log). */
  readonly openMs: number;
}

/**
 * Opens a log of either kind with its index (LOG.idx): read when it belongs to the log,
 * else the log is indexed again (a progress bar on a terminal, a one-line notice on
 * stderr unless quiet) and the index written for next time.
 */
export function openTimeline(path: string, quiet: boolean): OpenedTimeline {
  const progress = new Progress('indexing', !quiet && isTty());
  const t0 = performance.now();
  let t: Timeline;
  try {
    t = Timeline.open(path, {
      onProgress: (d, n) => progress.update(d, n, `${fmtInt(d)} records`),
      onNotice: (m) => { if (!quiet) { progress.clear(); process.stderr.write(`pymm: ${m}\n`); } },
    });
  } finally {
    progress.done();
  }
  const r = t.recovered;
  if (r !== null) {
    // said even when quiet: the answer is from part of the log (and the exit status is 3)
    damage.answeredFromPrefix = true;
    process.stderr.write(`pymm: ${path}: ${r.reason} at byte ${r.offset}; using the intact prefix (${fmtInt(t.length)} records; exit status 3)\n`);
  }
  return { timeline: t, openMs: performance.now() - t0 };
}

/** A clear one-line message and the exit code for an error of a timeline command; rethrows what is not the user's to act on. */
export function handle(command: string, file: string | undefined, e: unknown): number {
  const say = (m: string): void => void process.stderr.write(`pymm ${command}: ${m}\n`);
  const where = file === undefined ? '' : `${file}: `;
  if (e instanceof LogFormatError) {
    // an empty file: said as such, not as a header cut short
    if (e.code === 'HEADER_TRUNCATED' && e.offset === 0) { say(`${e.path ?? file}: an empty file, not a pymm log`); return EXIT_BAD_INPUT; }
    // its message names the file when it knows it
    say(e.path !== undefined ? e.message : `${where}${e.message}`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof CodecError) {
    say(`${where}a frame's payload is corrupt: ${e.message}`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof TimelineError) {
    say(`${where}seq ${e.seq}: ${e.message}`);
    return EXIT_DIVERGED;
  }
  if (e instanceof HeapTimelineError) {
    // a record that does not apply: the log and the model disagree; else a bad position
    say(`${where}${e.message}`);
    return /does not apply/.test(e.message) ? EXIT_DIVERGED : EXIT_BAD_INPUT;
  }
  if (e instanceof UnusableLogError) {
    say(e.path !== undefined ? e.message : `${where}${e.message}`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof TimelineQuestionError) {
    say(`${where}${e.message}`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof JsonlError) {
    say(`${file}:${e.line}: ${e.reason}`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof Error && (e as { code?: unknown }).code === 'FILE_EXISTS') {
    // the writer's message speaks to its API ("pass { overwrite: true }"): say the flag
    const path = /^(.*) already exists/.exec(e.message)?.[1];
    say(`${path ?? 'the output'} already exists; --force replaces it`);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof LogWriteError) {
    // the log could not be written (not a regular file, a bad header): the writer's own words
    say(e.message);
    return EXIT_BAD_INPUT;
  }
  if (e instanceof Error && !(e instanceof InputError) && /unknown profile/.test(e.message)) {
    say(`${where}${e.message}`);
    return EXIT_BAD_INPUT;
  }
  return reportError(command, file, e);
}

/** A heap log's command that is not a statement, in one short line. */
function heapCommandText(c: Readonly<Record<string, unknown>>): string {
  if (typeof c['run'] === 'string') return `${c['run']} (start-up and exit)`;
  if (c['frame'] === 'enter') return c['depth'] === 1 ? 'the module\'s frame entered' : `a call: frame entered (depth ${String(c['depth'])})`;
  if (c['frame'] === 'leave') return c['depth'] === 1 ? 'the module\'s frame left' : `a return: frame left (depth ${String(c['depth'])})`;
  if (typeof c['local'] === 'number') return `local variable ${c['local']} set (depth ${String(c['depth'])})`;
  if (typeof c['code'] === 'number') return `code of ${String(c['name'])} defined`;
  if (typeof c['text'] === 'string') return c['text'];
  const json = JSON.stringify(c);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/** An event's fields in one line: addresses in hex, objects named (heap logs). */
function eventFields(t: Timeline, e: Readonly<Record<string, unknown>>): string {
  const ix = t.heap?.index ?? null;
  const fields = Object.entries(e).filter(([k]) => k !== 'type').map(([k, v]) => {
    if (typeof v === 'number' && /address|Address/.test(k)) return `${k}=${hex(v)}`;
    if (typeof v === 'number' && ix !== null && (k === 'id' || k === 'wr' || k === 'referent') && ix.exists(v)) return `${k}=${v} (${ix.describe(v)})`;
    if (v !== null && typeof v === 'object') return `${k}=${JSON.stringify(v)}`;
    return `${k}=${String(v)}`;
  });
  return [String(e['type']), ...fields].join(' ');
}

/**
 * The record at `seq` in one line. Heap logs: a command as a short line (not the
 * program's whole source), an event with its allocator event spelled out and its cause
 * (the statement).
 */
export function recordLine(t: Timeline, seq: number): string {
  if (t.heap !== null && seq >= 0) {
    const r = t.heap.recordAt(seq);
    if (r !== undefined && r.kind === 'command' && typeof r.command['line'] !== 'number') return heapCommandText(r.command);
    if (r !== undefined && r.kind === 'event') {
      const e = r.event as unknown as Record<string, unknown>;
      const text = e['type'] === 'MemoryChanged' ? `MemoryChanged: ${eventFields(t, e['event'] as Record<string, unknown>)}` : eventFields(t, e);
      return `${text}  (caused by seq ${r.cause}: ${causeText(t, r.cause)})`;
    }
  }
  return t.recordText(seq);
}

/** What caused record `seq` of a heap log: the statement being run (its line), or the command. */
export function causeText(t: Timeline, cause: number): string {
  const h = t.heap;
  if (h === null) return '';
  const r = h.recordAt(cause);
  if (r !== undefined && r.kind === 'command' && typeof r.command['line'] !== 'number') {
    const l = h.index.lineAt(cause);
    const what = heapCommandText(r.command);
    return l === null || l.line === 0 ? what : `${what}, in ${t.recordText(l.statementSeq)}`;
  }
  return t.recordText(cause);
}

/** Source line N of a heap log's program, trimmed (undefined when the log has no source or no such line). */
export function sourceLine(t: Timeline, line: number): string | undefined {
  return t.heap?.index.meta.source?.text.split('\n')[line - 1]?.trim();
}

/**
 * Where a heap log's program was after record `seq`, in words: the statement of the frame
 * running then ("line 7: r = make()", not the last line of a call that has returned),
 * "interpreter start-up", or "at exit" (after the module's frame is left). The line, when
 * there is one.
 */
export function whereAt(t: Timeline, seq: number): { text: string; line: number | null; when: 'statement' | 'start-up' | 'exit' } {
  const h = t.heap;
  if (h === null || seq < 0) return { text: 'interpreter start-up', line: null, when: 'start-up' };
  // from the log: an event names the statement that caused it (a statement of the frame
  // running then: a caller's, once a call has returned), a statement names its line; the
  // statement and frame tables (read in full) only for the other records
  const r = h.recordAt(seq);
  const c = r === undefined ? undefined : r.kind === 'event' ? h.recordAt(r.cause) : r;
  const line = c !== undefined && c.kind === 'command' ? c.command['line'] : undefined;
  const statement = (n: number) => { const text = sourceLine(t, n); return { text: `line ${n}${text ? `: ${text}` : ''}`, line: n, when: 'statement' as const }; };
  if (typeof line === 'string') return { text: line, line: null, when: 'statement' }; // a log without frames (HeapRecorder): { line: 'gc.collect()' }
  if (typeof line === 'number' && line > 0) return statement(line);
  const w = h.index.whereAt(seq);
  if (w.kind === 'start-up') return { text: 'interpreter start-up', line: null, when: 'start-up' };
  if (w.kind === 'exit') return { text: 'at exit (interpreter shutdown)', line: null, when: 'exit' };
  return statement(w.line);
}

/** One entry of an address's history, as a line. */
export function addressEntryText(t: Timeline, h: AddressEntry, seq?: number): string {
  if (t.heap === null) {
    const other = h.otherAddress !== undefined ? ` ${h.kind === 'reallocated-from' ? 'to' : 'from'} ${hex(h.otherAddress)}` : '';
    const call = h.command === undefined ? '?' : h.command === 'Free' ? 'Free' : `${h.command}(${h.requestBytes} B)`;
    return `${h.kind.padEnd(16)} ${call}${other}`;
  }
  const what = h.kind === 'allocated' ? `allocated (${h.requestBytes} B)` : h.kind === 'freed' ? 'freed' : `made ${h.object !== undefined ? t.heap.index.describe(h.object, seq) : 'an object'}`;
  return `${what.padEnd(24)} [${causeText(t, h.cause)}]`;
}
