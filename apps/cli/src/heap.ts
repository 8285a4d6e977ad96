/**
 * `pymm heap …`: questions about a heap log (objects, the collector and the allocator in
 * one timeline; written by @pymm/engine's HeapRecorder, e.g. `pymm run --log`).
 */
import { LogFormatError } from '@pymm/eventlog';
import { HeapTimeline, HeapTimelineError, labelledReferents } from '@pymm/engine';
import { debugMallocStats } from '@pymm/obmalloc';
import { F_TRACKED, heapFor, type ObjectId } from '@pymm/objects';
import { intFlag, parseArgs, UsageError } from './args.js';
import { EXIT_BAD_INPUT, EXIT_OK, reportError } from './errors.js';

export const heapHelp = `usage: pymm heap <question> LOG [options]

questions (SEQ defaults to the end of the log):
  collections LOG                    every collection: seq, generation, automatic?, results
  show LOG --object ID [--at SEQ]    an object: type, refcount (external part), size,
                                     block, GC generation, what it refers to
  history LOG --object ID            every refcount change of an object, with its cause
  why LOG --object ID [--at SEQ]     why it is alive: a path of references from a root
                                     (an object the program holds), or the cycle keeping it
  pins LOG --arena A [--at SEQ]      the objects whose memory keeps arena A mapped
  stats LOG [--at SEQ]               sys._debugmallocstats() and gc counts at SEQ

All take --json. Exit status: 0 ok, 2 bad input or usage.`;

const SPEC = { object: 'string', at: 'string', arena: 'string', json: 'boolean', help: 'boolean', limit: 'string' } as const;

function jsonOut(v: unknown): void {
  console.log(JSON.stringify(v, null, 1));
}

function seqFlag(t: HeapTimeline, v: string | boolean | undefined): number {
  if (v === undefined) return t.length;
  const n = intFlag(v, 'at', 0, 0);
  if (n > t.length) throw new UsageError(`--at ${n} is past the end of the log (${t.length} records)`);
  return n;
}

function objectFlag(t: HeapTimeline, v: string | boolean | undefined): ObjectId {
  if (v === undefined) throw new UsageError('missing --object ID');
  const id = intFlag(v, 'object', 0, 0) as ObjectId;
  void t;
  return id;
}

/** The program's source lines, when the log was written by `pymm run` (its first command holds them). */
let sourceLines: string[] | null = null;

function loadSource(t: HeapTimeline): void {
  sourceLines = null;
  for (const [, r] of t.entries()) {
    if (r.kind === 'command' && typeof r.command['source'] === 'string') { sourceLines = r.command['source'].split('\n'); return; }
  }
}

function describeCause(command: Readonly<Record<string, unknown>> | null): string {
  if (command === null) return '?';
  const line = command['line'];
  if (typeof line === 'string') return line;
  if (typeof line === 'number') {
    if (line === 0) return 'interpreter start-up';
    const text = sourceLines?.[line - 1]?.trim();
    return text !== undefined ? `line ${line}: ${text}` : `line ${line}`;
  }
  if (typeof command['run'] === 'string') return `${command['run']} (start-up and exit)`;
  if (typeof command['text'] === 'string') return command['text'];
  return JSON.stringify(command);
}

function openLog(file: string): HeapTimeline {
  const t = HeapTimeline.open(file);
  loadSource(t);
  return t;
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
    if (positionals.length !== 1) throw new UsageError(`heap ${question} takes one LOG`);
    file = positionals[0]!;
    const json = flags.json === true;
    switch (question) {
      case 'collections': {
        const t = openLog(file);
        const cs = t.collections();
        if (json) jsonOut(cs);
        else {
          console.log(`${cs.length} collection${cs.length === 1 ? '' : 's'} in ${t.length} records`);
          for (const c of cs) console.log(`  seq ${String(c.seq).padStart(8)}  gen ${c.generation}${c.automatic ? ' (automatic)' : ''}: ${c.collected} collected, ${c.uncollectable} uncollectable  [${describeCause(t.commandAt(causeOf(t, c.seq)))}]`);
        }
        return EXIT_OK;
      }
      case 'show': {
        const t = openLog(file);
        const id = objectFlag(t, flags.object);
        const seq = seqFlag(t, flags.at);
        const g = t.stateAt(seq);
        const s = g.objects;
        const h = heapFor(s);
        if (id >= s.nextId) throw new UsageError(`no object ${id} at seq ${seq} (ids end at ${s.nextId - 1})`);
        if (!s.isAlive(id)) {
          if (json) jsonOut({ id, seq, alive: false, description: h.describe(id) });
          else console.log(`${h.describe(id)} is not alive at seq ${seq}`);
          return EXIT_OK;
        }
        const refs = labelledReferents(s, id).map((r) => ({ ...r, description: h.describe(r.to) }));
        const generation = (s.flags[id]! & F_TRACKED) !== 0 ? s.listOf(id) : -1;
        const info = {
          id, seq, alive: true, description: h.describe(id), type: h.typeName(id), refcount: s.refcnt[id]!,
          external: s.refcnt[id]! - s.inref[id]!, getsizeof: h.getsizeof(id), address: h.addressOf(id),
          tracked: generation >= 0, generation: generation === 3 ? 'permanent' : generation, finalized: h.isFinalized(id), references: refs,
        };
        if (json) jsonOut(info);
        else {
          console.log(`${info.description} at seq ${seq}`);
          console.log(`  type ${info.type}, refcount ${info.refcount} (${info.external} from outside the heap), sys.getsizeof ${info.getsizeof}, id 0x${info.address.toString(16)}`);
          console.log(`  ${info.tracked ? `tracked in generation ${info.generation}` : 'not tracked by the collector'}${info.finalized ? ', finalized' : ''}`);
          for (const r of refs) console.log(`  ${r.via} -> ${r.description}`);
        }
        return EXIT_OK;
      }
      case 'history': {
        const t = openLog(file);
        const id = objectFlag(t, flags.object);
        const hist = t.refcountHistory(id);
        if (json) jsonOut(hist);
        else {
          if (hist.length === 0) console.log(`object ${id} never appears in this log`);
          for (const c of hist) {
            const what = c.what === 'changed' ? `${c.delta > 0 ? '+' : ''}${c.delta} -> ${c.refcount}` : c.what === 'created' ? `created (${c.refcount})` : 'destroyed';
            console.log(`  seq ${String(c.seq).padStart(8)}  ${what.padEnd(14)} ${describeCause(c.command)}`);
          }
        }
        return EXIT_OK;
      }
      case 'why': {
        const t = openLog(file);
        const id = objectFlag(t, flags.object);
        const w = t.whyAlive(id, seqFlag(t, flags.at));
        if (json) jsonOut(w);
        else console.log(w.explanation);
        return EXIT_OK;
      }
      case 'pins': {
        const t = openLog(file);
        if (flags.arena === undefined) throw new UsageError('missing --arena A');
        const arena = intFlag(flags.arena, 'arena', 0, 0);
        const seq = seqFlag(t, flags.at);
        const pins = t.arenaPins(arena, seq);
        const limit = intFlag(flags.limit, 'limit', 20, 0);
        if (json) jsonOut({ arena, seq, pins });
        else {
          console.log(`arena ${arena} at seq ${seq}: ${pins.length} block${pins.length === 1 ? '' : 's'} of live objects`);
          for (const p of pins.slice(0, limit)) console.log(`  0x${p.address.toString(16)}  ${p.part.padEnd(7)} ${p.description}`);
          if (pins.length > limit) console.log(`  … ${pins.length - limit} more (--limit N)`);
        }
        return EXIT_OK;
      }
      case 'stats': {
        const t = openLog(file);
        const seq = seqFlag(t, flags.at);
        const g = t.stateAt(seq);
        const counts = [...g.objects.gcCounts];
        const text = debugMallocStats(g.objects.mem);
        if (json) jsonOut({ seq, gcCounts: counts, thresholds: g.thresholds, gcStats: g.stats, liveObjects: g.objects.liveCount, debugMallocStats: text });
        else {
          console.log(`seq ${seq}: ${g.objects.liveCount} live objects; gc.get_count() ${JSON.stringify(counts)}, thresholds ${JSON.stringify(g.thresholds)}`);
          process.stdout.write(text);
        }
        return EXIT_OK;
      }
      default:
        throw new UsageError(`unknown question '${question}'`);
    }
  } catch (e) {
    if (e instanceof LogFormatError || e instanceof HeapTimelineError) {
      process.stderr.write(`pymm heap: ${file}: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    return reportError('heap', file, e);
  }
}

function causeOf(t: HeapTimeline, seq: number): number {
  const r = t.recordAt(seq);
  return r !== undefined && r.kind === 'event' ? r.cause : seq;
}
