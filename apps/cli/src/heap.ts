/**
 * `pymm heap …`: questions about objects, names, lines and collections in a log (a heap
 * log from `pymm run --log`; allocator logs answer the allocator questions only). Every
 * question opens the log with its index (LOG.idx) and reads only what it needs.
 */
import { LogFormatError } from '@pymm/eventlog';
import { HeapTimelineError, Timeline, TimelineQuestionError, type ObjectShow } from '@pymm/engine';
import type { ObjectId } from '@pymm/objects';
import { intFlag, parseArgs, UsageError } from './args.js';
import { EXIT_BAD_INPUT, EXIT_OK, InputError, reportError } from './errors.js';
import { Progress, fmtInt } from './progress.js';

export const heapHelp = `usage: pymm heap <question> LOG [options]

questions (SEQ: the state after record SEQ; default the end of the log):
  collections LOG                     every collection: seq, generation, automatic?, results
  show LOG OBJECT [--at SEQ|--line N] an object: type, refcount (and how much comes from
                                      outside the heap), size, address, GC generation,
                                      what it refers to and what refers to it
  history LOG OBJECT                  every refcount change of an object, with its cause
                                      (the source line), paged with --limit/--offset
  why LOG OBJECT [--at SEQ|--line N]  why it is alive: a chain of references from an object
                                      the program holds, or the cycle keeping it
  objects LOG [--type T] [--made-by-line N] [--at SEQ|--line N]
                                      live objects (of a type, made by a line), paged
  names LOG --name X                  every binding of a variable or name X over time
  lines LOG --line N                  each time line N ran (the seqs), paged
  pins LOG --arena A [--at SEQ]       the objects whose memory keeps arena A mapped
  stats LOG [--at SEQ]                sys._debugmallocstats() and gc counts at SEQ

OBJECT is --object ID, or --name X (the object variable X held: the innermost frame
that has X, else the module's globals, at --at SEQ or --line N).
--line N means "just after line N ran" (its first run; --run K for the K-th).
Paged answers: --limit N (default 50), --offset N. All questions take --json.
Exit status: 0 ok, 2 bad input or usage.`;

const SPEC = {
  object: 'string', name: 'string', at: 'string', line: 'string', run: 'string', arena: 'string', type: 'string',
  'made-by-line': 'string', json: 'boolean', help: 'boolean', limit: 'string', offset: 'string', quiet: 'boolean',
} as const;

function jsonOut(v: unknown): void {
  console.log(JSON.stringify(v, null, 1));
}

const isTty = (): boolean => process.stderr.isTTY === true && !process.env.CI;

function open(file: string, quiet: boolean): Timeline {
  const progress = new Progress('indexing', !quiet && isTty());
  const t = Timeline.open(file, {
    onProgress: (d, n) => progress.update(d, n),
    onNotice: (m) => { if (!quiet) { progress.clear(); process.stderr.write(`pymm: ${m}\n`); } },
  });
  progress.done();
  if (t.recovered && !quiet) process.stderr.write(`pymm: ${file}: ${t.recovered.reason}; using the intact prefix (${fmtInt(t.length)} records)\n`);
  return t;
}

/** The seq a question is asked at: --at SEQ, --line N [--run K], or the end of the log. */
function seqOf(t: Timeline, flags: Record<string, string | boolean | undefined>): number {
  if (flags.at !== undefined && flags.line !== undefined) throw new UsageError('give --at SEQ or --line N, not both');
  if (flags.line !== undefined) return t.seqOfLine(intFlag(flags.line, 'line', 0, 1), intFlag(flags.run, 'run', 1, 1) - 1);
  if (flags.at === undefined) return t.length - 1;
  const n = intFlag(flags.at, 'at', 0, -1);
  if (n >= t.length) throw new UsageError(`--at ${n} is past the end of the log (its last record is ${t.length - 1})`);
  return n;
}

/** --object ID, or --name X resolved at seq. */
function objectOf(t: Timeline, flags: Record<string, string | boolean | undefined>, seq: number): ObjectId {
  if (flags.object !== undefined && flags.name !== undefined) throw new UsageError('give --object ID or --name X, not both');
  if (flags.name !== undefined) {
    if (typeof flags.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(flags.name)) throw new UsageError(`--name takes a Python name, got '${String(flags.name)}'`);
    const r = t.resolveName(flags.name, seq);
    if (r === null) throw new InputError(`no variable '${flags.name}' holds an object at seq ${seq}`);
    return r.value;
  }
  if (flags.object === undefined) throw new UsageError('missing --object ID (or --name X)');
  const id = intFlag(flags.object, 'object', 0, 0) as ObjectId;
  if (t.heap !== null && !t.heap.index.exists(id)) throw new InputError(`no object ${id} in this log (ids go up to ${t.heap.index.objectCount - 1})`);
  return id;
}

function page(flags: Record<string, string | boolean | undefined>): { offset: number; limit: number } {
  return { offset: intFlag(flags.offset, 'offset', 0, 0), limit: intFlag(flags.limit, 'limit', 50, 1) };
}

function describeCause(t: Timeline, cause: number, command: Readonly<Record<string, unknown>> | null): string {
  if (command === null) return '?';
  const line = command['line'];
  if (typeof line === 'string') return line;
  if (typeof line === 'number') {
    if (line === 0) return 'interpreter start-up';
    const text = t.heap?.index.meta.source?.text.split('\n')[line - 1]?.trim();
    return text !== undefined ? `line ${line}: ${text}` : `line ${line}`;
  }
  if (typeof command['run'] === 'string') return `${command['run']} (start-up and exit)`;
  if (typeof command['text'] === 'string') return command['text'];
  if (typeof command['type'] === 'string') return JSON.stringify(command);
  return `record ${cause}`;
}

function printShow(s: ObjectShow): void {
  if (!s.alive) {
    console.log(`${s.description} is not alive at seq ${s.seq} (made at seq ${s.createdSeq}${s.destroyedSeq !== null ? `, freed at seq ${s.destroyedSeq}` : ''})`);
    return;
  }
  console.log(`${s.description} at seq ${s.seq}`);
  console.log(`  type ${s.type}, refcount ${s.refcount} (${s.external} from outside the heap), sys.getsizeof ${s.getsizeof}, id 0x${s.address.toString(16)}`);
  console.log(`  ${s.tracked ? `tracked in generation ${s.generation}` : 'not tracked by the collector'}${s.finalized ? ', finalized' : ''}; made at seq ${s.createdSeq}`);
  for (const r of s.references.slice(0, 50)) console.log(`  ${r.via} -> ${r.description}`);
  if (s.references.length > 50) console.log(`  … ${s.references.length - 50} more references (--json lists them all)`);
  for (const r of s.referrers.slice(0, 20)) console.log(`  <- ${r.description}${r.via}`);
  if (s.referrers.length > 20) console.log(`  … ${s.referrers.length - 20} more referrers`);
}

export function heapCommand(argv: string[]): number {
  const [question, ...rest] = argv;
  let file: string | undefined;
  try {
    if (question === undefined || question === 'help' || question === '--help' || question === '-h') {
      console.log(heapHelp);
      return question === undefined ? EXIT_BAD_INPUT : EXIT_OK;
    }
    const { positionals, flags } = parseArgs(rest, SPEC);
    if (flags.help) { console.log(heapHelp); return EXIT_OK; }
    const known = ['collections', 'show', 'history', 'why', 'objects', 'names', 'lines', 'pins', 'stats'];
    if (!known.includes(question)) throw new UsageError(`unknown question '${question}' (known: ${known.join(', ')})`);
    if (positionals.length !== 1) throw new UsageError(`heap ${question} takes one LOG`);
    file = positionals[0]!;
    const json = flags.json === true;
    const t = open(file, json || flags.quiet === true);
    switch (question) {
      case 'collections': {
        const cs = t.heap === null ? [] : t.heap.collections();
        if (json) jsonOut(cs);
        else {
          console.log(`${cs.length} collection${cs.length === 1 ? '' : 's'} in ${fmtInt(t.length)} records${t.kind === 'allocator' ? ' (an allocator log: no collector)' : ''}`);
          for (const c of cs) {
            const cause = t.heap!.recordAt(c.seq);
            const causeSeq = cause !== undefined && cause.kind === 'event' ? cause.cause : c.seq;
            console.log(`  seq ${String(c.seq).padStart(8)}  gen ${c.generation}${c.automatic ? ' (automatic)' : ''}: ${c.collected} collected, ${c.uncollectable} uncollectable  [${describeCause(t, causeSeq, t.heap!.commandAt(causeSeq))}]`);
          }
        }
        return EXIT_OK;
      }
      case 'show': {
        const seq = seqOf(t, flags);
        const s = t.show(objectOf(t, flags, seq), seq);
        if (json) jsonOut(s);
        else printShow(s);
        return EXIT_OK;
      }
      case 'history': {
        const id = objectOf(t, flags, seqOf(t, flags));
        const { offset, limit } = page(flags);
        // only the page is read: an object can have millions of changes
        const { total, entries: hist } = t.objectHistoryPage(id, offset, limit);
        if (json) jsonOut({ object: id, total, offset, entries: hist });
        else {
          if (total === 0) console.log(`object ${id} never appears in this log`);
          else console.log(`${t.heap!.index.describe(id)}: ${total} refcount change${total === 1 ? '' : 's'}${total > hist.length ? ` (${offset + 1}..${offset + hist.length}; --offset/--limit for more)` : ''}`);
          for (const c of hist) {
            const what = c.what === 'changed' ? `${c.delta > 0 ? '+' : ''}${c.delta} -> ${c.refcount}` : c.what === 'created' ? `created (${c.refcount})` : 'destroyed';
            console.log(`  seq ${String(c.seq).padStart(8)}  ${what.padEnd(14)} ${describeCause(t, c.cause, c.command)}`);
          }
        }
        return EXIT_OK;
      }
      case 'why': {
        const seq = seqOf(t, flags);
        const w = t.whyAlive(objectOf(t, flags, seq), seq);
        if (json) jsonOut({ seq, ...w });
        else console.log(w.explanation);
        return EXIT_OK;
      }
      case 'objects': {
        const seq = seqOf(t, flags);
        const filter = {
          ...(typeof flags.type === 'string' ? { type: flags.type } : {}),
          ...(flags['made-by-line'] !== undefined ? { line: intFlag(flags['made-by-line'], 'made-by-line', 0, 1) } : {}),
        };
        const ids = t.objects(seq, filter);
        const { offset, limit } = page(flags);
        const ix = t.heap!.index;
        const shown = ids.slice(offset, offset + limit).map((id) => ({ id, description: ix.describe(id, seq), type: ix.typeName(id), madeAt: ix.createdAt(id), line: ix.lineAt(ix.createdAt(id))?.line ?? null }));
        if (json) jsonOut({ seq, total: ids.length, offset, objects: shown });
        else {
          console.log(`${fmtInt(ids.length)} live object${ids.length === 1 ? '' : 's'}${filter.type ? ` of type ${filter.type}` : ''}${filter.line ? ` made by line ${filter.line}` : ''} at seq ${seq}${ids.length > shown.length ? ` (${offset + 1}..${offset + shown.length}; --offset/--limit for more)` : ''}`);
          for (const o of shown) console.log(`  ${o.description.padEnd(40)} made at seq ${o.madeAt}${o.line !== null ? ` (line ${o.line})` : ''}`);
          if (ids.length === 0 && filter.type) {
            const counts = [...ix.typeCounts(seq)].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} (${v})`).join(', ');
            console.log(`  types alive then: ${counts}`);
          }
        }
        return EXIT_OK;
      }
      case 'names': {
        if (typeof flags.name !== 'string') throw new UsageError('missing --name X');
        const ix = t.heap === null ? null : t.heap.index;
        if (ix === null) throw new TimelineQuestionError('names need a heap log (pymm run --log)');
        const all = ix.bindings(flags.name);
        const { offset, limit } = page(flags);
        const shown = all.slice(offset, offset + limit).map((b) => ({
          ...b, where: b.scope === 'local' ? `${ix.frame(b.frame).name} (frame ${b.frame})` : b.scope === 'module' ? '__main__' : `dict#${b.dict}`,
          description: b.value >= 0 ? ix.describe(b.value, b.seq) : null, line: ix.lineAt(b.seq)?.line ?? null,
        }));
        if (json) jsonOut({ name: flags.name, total: all.length, offset, bindings: shown });
        else {
          console.log(`'${flags.name}': ${all.length} binding${all.length === 1 ? '' : 's'}${all.length > shown.length ? ` (${offset + 1}..${offset + shown.length}; --offset/--limit for more)` : ''}`);
          for (const b of shown) console.log(`  seq ${String(b.seq).padStart(8)}  ${b.where.padEnd(28)} ${b.description ?? '(unbound)'}${b.line !== null ? `  [line ${b.line}]` : ''}`);
        }
        return EXIT_OK;
      }
      case 'lines': {
        const line = intFlag(flags.line, 'line', NaN, 1);
        if (Number.isNaN(line)) throw new UsageError('missing --line N');
        if (t.heap === null) throw new TimelineQuestionError('source lines need a heap log (pymm run --log)');
        const { offset, limit } = page(flags);
        const { seqs, total } = t.heap.index.seqsOfLine(line, offset, limit);
        const text = t.heap.index.meta.source?.text.split('\n')[line - 1]?.trim();
        if (json) jsonOut({ line, text: text ?? null, total, offset, seqs });
        else {
          console.log(`line ${line}${text !== undefined ? `: ${text}` : ''}: ran ${fmtInt(total)} time${total === 1 ? '' : 's'}${total > seqs.length ? ` (${offset + 1}..${offset + seqs.length}; --offset/--limit for more)` : ''}`);
          for (const s of seqs) console.log(`  seq ${s}`);
        }
        return EXIT_OK;
      }
      case 'pins': {
        if (flags.arena === undefined) throw new UsageError('missing --arena A');
        const arena = intFlag(flags.arena, 'arena', 0, 0);
        const seq = seqOf(t, flags);
        const [a] = t.pins(seq, arena);
        const ix = t.heap?.index ?? null;
        const pins = a!.liveBlocks.map((b, i) => ({ ...b, object: a!.objects?.[i] ?? null, description: ix !== null && a!.objects?.[i] != null ? ix.describe(a!.objects[i]!, seq) : null }));
        const { offset, limit } = page(flags);
        if (json) jsonOut({ arena, seq, baseAddress: a!.baseAddress, total: pins.length, pins: pins.slice(offset, offset + limit) });
        else {
          console.log(`arena ${arena} (0x${a!.baseAddress.toString(16)}) at seq ${seq}: ${pins.length} live block${pins.length === 1 ? '' : 's'} keep it mapped`);
          for (const p of pins.slice(offset, offset + limit)) console.log(`  0x${p.address.toString(16)}  class ${String(p.sizeIndex).padStart(2)}  allocated at seq ${p.allocatedAt}${p.description !== null ? `  ${p.description}` : ''}`);
          if (pins.length > offset + limit) console.log(`  … ${pins.length - offset - limit} more (--offset/--limit)`);
        }
        return EXIT_OK;
      }
      case 'stats': {
        const seq = seqOf(t, flags);
        const st = t.statsAt(seq);
        if (json) jsonOut({ seq, gcCounts: st.gcCounts ?? null, thresholds: st.thresholds ?? null, gcStats: st.gcStats ?? null, liveObjects: st.liveObjects ?? null, debugMallocStats: st.text });
        else {
          if (st.liveObjects !== undefined) console.log(`seq ${seq}: ${st.liveObjects} live objects; gc.get_count() ${JSON.stringify(st.gcCounts)}, thresholds ${JSON.stringify(st.thresholds)}`);
          else console.log(`seq ${seq} (an allocator log)`);
          process.stdout.write(st.text);
        }
        return EXIT_OK;
      }
      default:
        throw new UsageError(`unknown question '${question}'`);
    }
  } catch (e) {
    if (e instanceof LogFormatError || e instanceof HeapTimelineError || e instanceof TimelineQuestionError) {
      // a LogFormatError's message names the file when it knows it
      process.stderr.write(`pymm heap: ${e instanceof LogFormatError && e.path !== undefined ? '' : `${file}: `}${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    return reportError('heap', file, e);
  }
}
