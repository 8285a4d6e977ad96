/**
 * `pymm verify LOG`: the container (header, checksums, dense seqs, the frame index), then
 * the records against the model: an allocator log's every command re-executed and its
 * events compared; a heap log folded record by record (causes, events applied, the heap's
 * invariants). Exit 0 all holds, 1 the log and the model disagree, 2 the file is damaged.
 */
import { LogReader, verifyLog } from '@pymm/eventlog';
import { checkLogDomain, codecFor, verifyHeapLog, type HeapVerifyResult } from '@pymm/engine';
import { decodeFrame, execute, initialState, type ObmallocEvent, type ObmallocRecord } from '@pymm/obmalloc';
import { statSync } from 'node:fs';
import { parseArgs, UsageError } from './args.js';
import { EXIT_BAD_INPUT, EXIT_DIVERGED, EXIT_OK } from './errors.js';
import { Progress, fmtInt, fmtSeconds } from './progress.js';
import { handle, isTty, jsonOut, plural } from './timelineCommon.js';

export const verifyHelp = `usage: pymm verify LOG [--json]

Checks a log of either kind: its header, every frame's checksum, dense seqs, the frame
index; then every record against the model. An allocator log (pymm log build): every
command is executed again and must cause exactly the events the log holds. A heap log
(pymm run --log): every event must name an earlier command as its cause, touch only live
objects (refcounts never below 0, slots inside the object) and apply to the model's
state. The heap's invariants (references, GC lists, weakrefs, each block with one owner,
the allocator's own) are checked at the end and at sampled points: statement boundaries
where no heap operation is under way (between module-level statements, or inside a call
with no allocation, deallocation, collection or finalizer in progress), at least 1,024
records apart, as many as fit in a fifth of the time the fold takes (a check walks every
object and block: a small heap is checked often, a large one less); the output says how
many points were checked, and where.
A progress bar shows on a terminal. --json: {ok, kind, frames, records, commands, bytes,
problems, recovered, disagreement, heap?: {statements, objectsCreated, objectsDestroyed,
collections, invariantChecks, invariantPoints: {moduleLevel, inCalls, end},
invariantBudget: {records, share, by}, ...}}.
Exit 0 if all holds, 1 if the log and the model disagree, 2 if the file is damaged.`;

interface ModelCheck {
  readonly records: number;
  readonly commands: number;
  readonly events: number;
  /** The first record the model does not accept, or null. */
  readonly disagreement: { readonly seq: number; readonly message: string } | null;
  readonly heap?: Omit<HeapVerifyResult, 'problem'>;
}

/** Re-executes every command of an allocator log and compares the events it makes with the log's. */
function checkAllocatorLog(file: string, onProgress: (done: number, total: number) => void): ModelCheck {
  const reader = LogReader.open(file);
  try {
    const codec = codecFor(reader.header, file);
    const state = initialState({ profile: codec.profile });
    const pending: ObmallocEvent[] = [];
    let command: ObmallocRecord | null = null;
    let cmdSeq = -1, records = 0, commands = 0, events = 0;
    class Disagreement extends Error {
      constructor(readonly seq: number, message: string) { super(message); }
    }
    const check = (): void => {
      if (command === null || command.kind !== 'command') return;
      const made: ObmallocEvent[] = [];
      try {
        execute(state, command.command, (e) => made.push(e));
      } catch (e) {
        throw new Disagreement(cmdSeq, `the model rejects this command: ${(e as Error).message}`);
      }
      if (JSON.stringify(made) !== JSON.stringify(pending)) {
        let k = 0;
        while (k < made.length && k < pending.length && JSON.stringify(made[k]) === JSON.stringify(pending[k])) k++;
        throw new Disagreement(cmdSeq, `the model makes ${made.length} event${made.length === 1 ? '' : 's'} for this command, the log holds ${pending.length}; event ${k + 1}: the model ${made[k] === undefined ? 'makes none' : JSON.stringify(made[k])}, the log ${pending[k] === undefined ? 'holds none' : JSON.stringify(pending[k])}`);
      }
    };
    try {
      for (let f = 0; f < reader.frames.length; f++) {
        const frame = reader.frames[f]!;
        let seq = frame.firstSeq;
        decodeFrame(codec, reader.readFrame(f), seq, (r) => {
          if (r.kind === 'command') {
            check();
            command = r;
            cmdSeq = seq;
            pending.length = 0;
            commands++;
          } else {
            if (r.cause !== cmdSeq) throw new Disagreement(seq, `event caused by seq ${r.cause}, but the command before it is seq ${cmdSeq}`);
            pending.push(r.event);
            events++;
          }
          seq++;
          records++;
        });
        // the frame header's count is checked against the records its payload holds
        if (seq - frame.firstSeq !== frame.count) throw new Disagreement(frame.firstSeq, `frame ${f} holds ${fmtInt(seq - frame.firstSeq)} records, its header says ${fmtInt(frame.count)}`);
        onProgress(records, reader.recordCount);
      }
      check();
    } catch (e) {
      if (e instanceof Disagreement) return { records, commands, events, disagreement: { seq: e.seq, message: e.message } };
      throw e;
    }
    return { records, commands, events, disagreement: null };
  } finally {
    reader.close();
  }
}

/** Where the heap's invariants were checked, exactly. */
function invariantText(h: Omit<HeapVerifyResult, 'problem'>): string {
  const p = h.invariantPoints, b = h.invariantBudget;
  const parts = [
    ...(p.moduleLevel > 0 ? [`${fmtInt(p.moduleLevel)} between module-level statements`] : []),
    ...(p.inCalls > 0 ? [`${fmtInt(p.inCalls)} between statements inside calls`] : []),
    ...(p.end > 0 ? ['the end'] : []),
  ];
  const budget = b.share === Infinity ? 'at every one' : `as many as fit in ${Math.round(b.share * 100)}% of the ${b.by === 'time' ? 'time' : 'work'} the fold took`;
  return `${plural(h.invariantChecks, 'point')} (${parts.join(', ')}; sampled: statement boundaries at least ${fmtInt(b.records)} records apart, ${budget})`;
}

function checkHeapLog(file: string, onProgress: (done: number, total: number) => void): ModelCheck {
  // the checks may take a fifth of the time the fold takes: a small heap is checked often, a large one less
  const { problem, ...r } = verifyHeapLog(file, { onProgress, checkBudget: { share: 0.2, clock: () => performance.now() } });
  return { records: r.records, commands: r.commands, events: r.events, disagreement: problem, heap: r };
}

export function verifyCommand(argv: string[]): number {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { json: 'boolean', quiet: 'boolean', help: 'boolean' });
    if (flags.help) { console.log(verifyHelp); return EXIT_OK; }
    if (positionals.length !== 1) throw new UsageError('verify takes one LOG');
    file = positionals[0]!;
    statSync(file);
    const t0 = performance.now();
    // a file that is not a log (or whose header is damaged) is one line, from here
    const h = LogReader.open(file, { verify: 'headers' });
    const domain = h.header.domain;
    h.close();
    checkLogDomain(h.header, file);
    const container = verifyLog(file);
    const problems = [...container.problems];
    let kind: 'allocator' | 'heap' | null = null;
    let model: ModelCheck | null = null;
    if (container.frames > 0 || container.ok) {
      const progress = new Progress('verify', flags.json !== true && flags.quiet !== true && isTty());
      const onProgress = (d: number, n: number): void => progress.update(d, n, `${fmtInt(d)} of ${fmtInt(n)} records`);
      try {
        if (domain === 'heap') { kind = 'heap'; model = checkHeapLog(file, onProgress); }
        else { kind = 'allocator'; model = checkAllocatorLog(file, onProgress); }
      } finally {
        progress.done();
      }
    }
    const damaged = problems.length > 0 || container.recovered !== null;
    const disagreement = model?.disagreement ?? null;
    const ok = !damaged && disagreement === null;
    const ms = performance.now() - t0;
    const result = {
      ok, kind, frames: container.frames, records: model?.records ?? container.records, commands: model?.commands ?? 0, events: model?.events ?? 0,
      bytes: container.bytes, problems, recovered: container.recovered, disagreement, ...(model?.heap !== undefined ? { heap: model.heap } : {}), elapsedMs: Math.round(ms),
    };
    if (flags.json) jsonOut(result);
    else if (ok) {
      const m = model!;
      if (m.heap !== undefined) {
        const h = m.heap;
        console.log(`ok: ${file}: a heap log, ${plural(container.frames, 'frame')}, ${plural(m.records, 'record')} (${plural(h.statements, 'statement')}, ${plural(m.commands, 'command')}, ${plural(m.events, 'event')}; ${plural(h.objectsCreated, 'object')} made, ${fmtInt(h.objectsDestroyed)} freed, ${plural(h.collections, 'collection')}): every checksum holds, every event has a command as its cause and touches only live objects, and applies to the model; the heap's invariants hold at ${invariantText(h)}; ${fmtSeconds(ms)}`);
      } else {
        console.log(`ok: ${file}: an allocator log, ${plural(container.frames, 'frame')}, ${plural(m.records, 'record')} (${plural(m.commands, 'command')}): every checksum and every event matches the model; ${fmtSeconds(ms)}`);
      }
    } else {
      if (damaged) {
        process.stderr.write(`pymm verify: ${file}: damaged\n`);
        for (const p of problems) process.stderr.write(`  ${p}\n`);
        if (container.recovered && !problems.some((p) => p.startsWith(container.recovered!.reason))) {
          process.stderr.write(`  ${container.recovered.reason} at byte ${container.recovered.offset}: ${fmtInt(container.recovered.validBytes)} bytes of intact prefix\n`);
        }
        if (model !== null && disagreement === null) process.stderr.write(`  the intact frames (${plural(model.records, 'record')}) agree with the model\n`);
      }
      if (disagreement !== null) {
        process.stderr.write(`pymm verify: ${file}: seq ${disagreement.seq}: the log and the model disagree: ${disagreement.message}\n`);
      }
    }
    return ok ? EXIT_OK : damaged ? EXIT_BAD_INPUT : EXIT_DIVERGED;
  } catch (e) {
    return handle('verify', file, e);
  }
}
