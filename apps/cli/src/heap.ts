/**
 * `pymm heap …`: questions about objects, names, lines and collections in a log (a heap
 * log from `pymm run --log`; allocator logs answer the allocator questions only). Every
 * question opens the log with its index (LOG.idx) and reads only what it needs.
 */
import { Timeline, TimelineQuestionError, type ObjectShow } from '@pymm/engine';
import { Kind, type ObjectId } from '@pymm/objects';
import { intFlag, parseArgs, UsageError } from './args.js';
import { EXIT_BAD_INPUT, EXIT_OK, InputError } from './errors.js';
import { fmtInt } from './progress.js';
import { handle, openTimeline, plural, sourceLine, whereAt, type Flags } from './timelineCommon.js';

export const heapHelp = `usage: pymm heap <question> LOG [options]

questions (the position: --at SEQ, the state after record SEQ; or --line N; default
the end of the program, after its last statement, before interpreter shutdown):
  collections LOG [--collection K]    every collection: seq, generation, automatic?, its
                                      results and what it freed (counts by type); with
                                      --collection K the objects the K-th one freed, paged
  show LOG OBJECT [--at SEQ|--line N] an object: its value, type, refcount (and how much
                                      comes from outside the heap; "immortal" for the
                                      interpreter's statics), size, id() and the block it
                                      lives in, GC generation, what it refers to and what
                                      refers to it
  history LOG OBJECT                  every refcount change of an object, with its cause
                                      (the source line), paged with --limit/--offset
  why LOG OBJECT [--at SEQ|--line N]  why it is alive: every holder, named as the program
                                      names it (the variable a of the module, the local
                                      box of make(), b.other), or the cycle keeping it
  objects LOG [--type T] [--made-by-line N] [--at SEQ|--line N]
                                      live objects (of a type, made by a line), paged
  names LOG --name X                  every binding of a variable or name X over time,
                                      with the statement that made it ("at exit": by
                                      interpreter shutdown)
  lines LOG --line N                  each time line N ran (the seqs), paged
  pins LOG --arena A [--at SEQ]       the objects whose memory keeps arena A mapped
  stats LOG [--at SEQ]                sys._debugmallocstats() and gc counts

OBJECT is --object ID, or --name X: the object variable X held (the innermost frame
that has X, else the module's globals) at the position. Without --at or --line, when X
holds nothing (or None) at the end of the program, its last binding to another object
is used, and a first line says which.
--line N means "just after line N ran" (its first run; --run K for the K-th).
Paged answers: --limit N (default 50), --offset N. All questions take --json (why:
{seq, alive, static, garbage, holders: [{kind, text, name, ...}], total, explanation};
collections: [{seq, endSeq, generation, automatic, collected, uncollectable, freed:
{total, byType}}]; --name adds "resolved": {name, object, seq, fallback, ...}).
Exit status: 0 ok, 1 a record of the log does not apply to the model, 2 bad input or usage,
3 answered from the intact prefix of a damaged log (stderr says where the damage starts).`;

const SPEC = {
  object: 'string', name: 'string', at: 'string', line: 'string', run: 'string', arena: 'string', type: 'string',
  'made-by-line': 'string', json: 'boolean', help: 'boolean', limit: 'string', offset: 'string', quiet: 'boolean', collection: 'string',
} as const;

/** Kinds whose value a listing shows (a summary of their items or attributes). */
const containerKinds = new Set<number>([Kind.List, Kind.Tuple, Kind.Dict, Kind.Set, Kind.FrozenSet, Kind.Instance]);

function jsonOut(v: unknown): void {
  console.log(JSON.stringify(v, null, 1));
}

/** The point a question is asked at, and how it was given. */
interface Position {
  readonly seq: number;
  readonly how: 'at' | 'line' | 'end';
  /** In words: "seq 340, just after line 13 ran (b.other = a)" (worked out when printed). */
  text(): string;
}

/** The position: --at SEQ, --line N [--run K], or the end of the program (before interpreter shutdown). */
function positionOf(t: Timeline, flags: Flags): Position {
  if (flags.at !== undefined && flags.line !== undefined) throw new UsageError('give --at SEQ or --line N, not both');
  if (flags.line !== undefined) {
    const line = intFlag(flags.line, 'line', 0, 1), run = intFlag(flags.run, 'run', 1, 1);
    const seq = t.seqOfLine(line, run - 1);
    return { seq, how: 'line', text: () => { const text = sourceLine(t, line); return `seq ${seq}, just after line ${line} ran${run > 1 ? ` (run ${run})` : ''}${text ? ` (${text})` : ''}`; } };
  }
  if (flags.at === undefined) {
    const seq = t.programEnd();
    if (t.heap === null || t.heap.index.frameCount === 0) return { seq, how: 'end', text: () => `seq ${seq}, the end of the log` };
    return {
      seq, how: 'end',
      text: () => { const w = whereAt(t, seq); return `seq ${seq}, the end of the program (${w.when === 'statement' ? `after ${w.text}` : w.text}), before interpreter shutdown`; },
    };
  }
  const n = intFlag(flags.at, 'at', 0, -1);
  if (n >= t.length) throw new UsageError(`--at ${n} is past the end of the log (its last record is ${t.length - 1})`);
  return { seq: n, how: 'at', text: () => `seq ${n} (${n < 0 ? 'the initial state' : whereAt(t, n).text})` };
}

/** How --name X was resolved (for --json, and the line saying so when it was not at the position asked). */
interface Resolved {
  readonly name: string;
  readonly object: ObjectId;
  /** The seq the question is asked at (the position, or the last seq the binding held). */
  readonly seq: number;
  readonly scope: 'module' | 'local';
  /** True when X held nothing (or None) at the end of the program and its last binding was used. */
  readonly fallback: boolean;
  readonly boundAt?: number;
}

/** --object ID, or --name X resolved at the position (without one: at the end of the program, else X's last binding). */
function objectOf(t: Timeline, flags: Flags, pos: Position, note: (line: string) => void): { id: ObjectId; seq: number; resolved: Resolved | null } {
  if (flags.object !== undefined && flags.name !== undefined) throw new UsageError('give --object ID or --name X, not both');
  if (flags.name !== undefined) {
    const name = flags.name;
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--name takes a Python name, got '${String(name)}'`);
    const r = t.resolveName(name, pos.seq);
    const ix = t.heap!.index;
    const isNone = (id: number): boolean => ix.kindOf(id) === Kind.None;
    if (r !== null && (pos.how !== 'end' || !isNone(r.value))) {
      return { id: r.value, seq: pos.seq, resolved: { name, object: r.value, seq: pos.seq, scope: r.scope, fallback: false } };
    }
    if (pos.how !== 'end') throw new InputError(`no variable '${name}' holds an object at ${pos.text()}`);
    const last = ix.lastHeld(name);
    if (last === null) throw new InputError(`no variable '${name}' ever held an object other than None in this log`);
    const bound = whereAt(t, last.boundAt), until = whereAt(t, last.until);
    const where = last.scope === 'local' ? `the local ${name} of ${ix.frame(last.frame).name}() (frame ${last.frame})` : `'${name}'`;
    note(`'${name}' ${r === null ? 'holds nothing' : 'holds None'} at the end of the program; using ${where} as last bound: ${ix.describe(last.value)}, bound at seq ${last.boundAt} (${bound.text}), asked at seq ${last.until}, the last it held it (${until.text})`);
    return { id: last.value, seq: last.until, resolved: { name, object: last.value, seq: last.until, scope: last.scope, fallback: true, boundAt: last.boundAt } };
  }
  if (flags.object === undefined) throw new UsageError('missing --object ID (or --name X)');
  const id = intFlag(flags.object, 'object', 0, 0) as ObjectId;
  if (t.heap !== null && !t.heap.index.exists(id)) throw new InputError(`no object ${id} in this log (ids go up to ${t.heap.index.objectCount - 1})`);
  return { id, seq: pos.seq, resolved: null };
}

function page(flags: Flags): { offset: number; limit: number } {
  return { offset: intFlag(flags.offset, 'offset', 0, 0), limit: intFlag(flags.limit, 'limit', 50, 1) };
}

/** ", 11..60 shown (--offset/--limit for more)" when a page shows part of the whole. */
function pageSuffix(offset: number, shown: number, total: number): string {
  return total > shown ? ` (${offset + 1}..${offset + shown}; --offset/--limit for more)` : '';
}

/** The cause of a change in words: its statement's line; for another command (a return, exit), where the program was. */
function describeCause(t: Timeline, seq: number, cause: number, command: Readonly<Record<string, unknown>> | null): string {
  if (command === null) return '?';
  const line = command['line'];
  if (typeof line === 'string') return line;
  if (typeof line === 'number') {
    if (line === 0) return 'interpreter start-up';
    const text = sourceLine(t, line);
    return text !== undefined ? `line ${line}: ${text}` : `line ${line}`;
  }
  if (typeof command['text'] === 'string') return command['text'];
  if (command['frame'] === 'leave') return `a return (frame left), in ${whereAt(t, seq).text}`;
  if (command['frame'] === 'enter') return `a call (frame entered), in ${whereAt(t, seq).text}`;
  if (typeof command['run'] === 'string' || typeof command['local'] === 'number') return whereAt(t, seq).text;
  if (typeof command['type'] === 'string') return JSON.stringify(command);
  return `record ${cause}`;
}

function printShow(t: Timeline, s: ObjectShow, where: string): void {
  if (!s.alive) {
    console.log(`${s.description} is not alive at ${where} (made at seq ${s.createdSeq}${s.destroyedSeq !== null ? `, freed at seq ${s.destroyedSeq}` : ''})`);
    return;
  }
  const hex = (a: number): string => `0x${a.toString(16)}`;
  console.log(`${s.description} at ${where}`);
  console.log(`  value ${s.value}`);
  const refcount = s.static
    ? 'refcount immortal (a static object of the interpreter: never freed, its count is not a real one)'
    : `refcount ${s.refcount} (${s.external} from outside the heap)`;
  console.log(`  type ${s.type}, ${refcount}, sys.getsizeof ${s.getsizeof}`);
  const off = s.address - s.block;
  const block = s.static ? 'a static object: in no heap block'
    : off === 0 ? `the start of its block` : `${off} bytes into the block at ${hex(s.block)} (after the GC header${off > 16 ? ' and the managed-dict pre-header' : ''})`;
  console.log(`  id ${hex(s.address)}: ${block}`);
  const made = s.createdSeq === 0 ? 'made at interpreter start-up' : `made at seq ${s.createdSeq} (${whereAt(t, s.createdSeq).text})`;
  console.log(`  ${s.tracked ? `tracked in generation ${s.generation}` : 'not tracked by the collector'}${s.finalized ? ', finalized' : ''}; ${made}`);
  for (const r of s.references.slice(0, 50)) console.log(`  ${r.via} -> ${r.description}`);
  if (s.referenceCount > Math.min(50, s.references.length)) console.log(`  … ${s.referenceCount - Math.min(50, s.references.length)} more references (--json lists up to 100)`);
  for (const r of s.referrers.slice(0, 20)) console.log(`  <- ${r.description}${r.via}`);
  if (s.referrerCount > 20) console.log(`  … ${s.referrerCount - 20} more referrers`);
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
    const { timeline: t } = openTimeline(file, json || flags.quiet === true);
    const notes: string[] = [];
    const note = (line: string): void => { if (!json) notes.push(line); };
    const flush = (): void => { for (const n of notes.splice(0)) console.log(n); };
    switch (question) {
      case 'collections': return collections(t, flags, json);
      case 'show': {
        const pos = positionOf(t, flags);
        const { id, seq, resolved } = objectOf(t, flags, pos, note);
        const s = t.show(id, seq);
        if (json) jsonOut({ ...s, ...(resolved !== null ? { resolved } : {}) });
        else { flush(); printShow(t, s, seq === pos.seq ? pos.text() : `seq ${seq} (${whereAt(t, seq).text})`); }
        return EXIT_OK;
      }
      case 'history': {
        // an object's whole history: a position only picks the object a name held
        const pos = flags.object !== undefined && flags.at === undefined && flags.line === undefined ? { seq: t.length - 1, how: 'at' as const, text: () => '' } : positionOf(t, flags);
        const { id, resolved } = objectOf(t, flags, pos, note);
        const { offset, limit } = page(flags);
        // only the page is read: an object can have millions of changes
        const { total, entries: hist } = t.objectHistoryPage(id, offset, limit);
        if (json) jsonOut({ object: id, total, offset, entries: hist, ...(resolved !== null ? { resolved } : {}) });
        else {
          flush();
          if (total === 0) console.log(`object ${id} never appears in this log`);
          else console.log(`${t.heap!.index.describe(id)}: ${plural(total, 'refcount change')}${pageSuffix(offset, hist.length, total)}`);
          const stat = t.heap!.index.isStatic(id);
          for (const c of hist) {
            const what = c.what === 'changed' ? (stat ? `${c.delta > 0 ? '+' : ''}${c.delta}` : `${c.delta > 0 ? '+' : ''}${c.delta} -> ${c.refcount}`)
              : c.what === 'created' ? (stat ? 'created (static)' : `created (${c.refcount})`) : 'destroyed';
            console.log(`  seq ${String(c.seq).padStart(8)}  ${what.padEnd(14)} ${describeCause(t, c.seq, c.cause, c.command)}`);
          }
        }
        return EXIT_OK;
      }
      case 'why': {
        const pos = positionOf(t, flags);
        const { id, seq, resolved } = objectOf(t, flags, pos, note);
        const h = t.holders(id, seq, page(flags).limit);
        if (json) { jsonOut({ ...h, ...(resolved !== null ? { resolved } : {}) }); return EXIT_OK; }
        flush();
        const where = seq === pos.seq ? pos.text() : `seq ${seq} (${whereAt(t, seq).text})`;
        if (!h.alive || h.static || h.holders.length <= 5) console.log(`at ${where}: ${h.explanation}`);
        else {
          console.log(`at ${where}: ${t.heap!.index.describe(id, seq)}${h.garbage ? ', which nothing the program holds reaches (a cycle the collector will free),' : ''} is held by ${h.total} holders:`);
          for (const x of h.holders) console.log(`  ${x.text}`);
          if (h.total > h.holders.length) console.log(`  … and ${h.total - h.holders.length} more (--limit N)`);
        }
        return EXIT_OK;
      }
      case 'objects': {
        const pos = positionOf(t, flags);
        const seq = pos.seq;
        const filter = {
          ...(typeof flags.type === 'string' ? { type: flags.type } : {}),
          ...(flags['made-by-line'] !== undefined ? { line: intFlag(flags['made-by-line'], 'made-by-line', 0, 1) } : {}),
        };
        const ids = t.objects(seq, filter);
        const { offset, limit } = page(flags);
        const ix = t.heap!.index;
        const shown = ids.slice(offset, offset + limit).map((id) => {
          const madeAt = ix.createdAt(id), w = whereAt(t, madeAt);
          return { id, description: ix.describe(id, seq), value: containerKinds.has(ix.kindOf(id)) ? ix.summary(id, seq) : null, type: ix.typeName(id), madeAt, line: w.line, made: w.when };
        });
        if (json) jsonOut({ seq, total: ids.length, offset, objects: shown });
        else {
          console.log(`${plural(ids.length, 'live object')}${filter.type ? ` of type ${filter.type}` : ''}${filter.line ? ` made by line ${filter.line}` : ''} at ${pos.text()}${pageSuffix(offset, shown.length, ids.length)}`);
          for (const o of shown) {
            const made = o.made === 'statement' ? `made at seq ${o.madeAt} (line ${o.line})` : o.made === 'exit' ? `made at seq ${o.madeAt} (at exit)` : 'made at start-up';
            const value = o.value === null ? '' : ` ${o.value.length > 60 ? `${o.value.slice(0, 59)}…` : o.value}`;
            console.log(`  ${`${o.description}${value}`.padEnd(40)} ${made}`);
          }
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
        const shown = all.slice(offset, offset + limit).map((b) => {
          // the statement of the frame that bound it (a call it made has returned by then)
          const w = whereAt(t, b.seq);
          return {
            ...b, where: b.scope === 'local' ? `${ix.frame(b.frame).name}() (frame ${b.frame})` : b.scope === 'module' ? '__main__' : `dict#${b.dict}`,
            description: b.value >= 0 ? ix.describe(b.value, b.seq) : null, line: w.line, made: w.when,
          };
        });
        if (json) jsonOut({ name: flags.name, total: all.length, offset, bindings: shown });
        else {
          console.log(`'${flags.name}': ${plural(all.length, 'binding')}${pageSuffix(offset, shown.length, all.length)}`);
          for (const b of shown) {
            const at = b.made === 'statement' ? `  [line ${b.line}]` : b.made === 'exit' ? '  [at exit]' : '  [start-up]';
            const unbound = b.scope === 'local' && b.seq === ix.frame(b.frame).leftSeq ? '(unbound: its frame left)'
              : b.made === 'exit' && b.scope === 'module' ? '(unbound: __main__ freed)' : '(unbound: deleted)';
            console.log(`  seq ${String(b.seq).padStart(8)}  ${b.where.padEnd(28)} ${b.description ?? unbound}${at}`);
          }
        }
        return EXIT_OK;
      }
      case 'lines': {
        const line = intFlag(flags.line, 'line', NaN, 1);
        if (Number.isNaN(line)) throw new UsageError('missing --line N');
        if (t.heap === null) throw new TimelineQuestionError('source lines need a heap log (pymm run --log)');
        const { offset, limit } = page(flags);
        const { seqs, total } = t.heap.index.seqsOfLine(line, offset, limit);
        const text = sourceLine(t, line);
        if (json) jsonOut({ line, text: text ?? null, total, offset, seqs });
        else {
          console.log(`line ${line} ran ${fmtInt(total)} time${total === 1 ? '' : 's'}${pageSuffix(offset, seqs.length, total)}${text ? `: ${text}` : ''}`);
          for (const s of seqs) console.log(`  seq ${s}`);
        }
        return EXIT_OK;
      }
      case 'pins': {
        if (flags.arena === undefined) throw new UsageError('missing --arena A');
        const arena = intFlag(flags.arena, 'arena', 0, 0);
        const pos = positionOf(t, flags);
        const seq = pos.seq;
        let pinned: ReturnType<typeof t.pins>;
        try {
          pinned = t.pins(seq, arena);
        } catch (e) {
          if (e instanceof RangeError && /no arena/.test(e.message)) throw new InputError(`no arena ${arena} is live at ${pos.text()}`);
          throw e;
        }
        const a = pinned[0]!;
        const ix = t.heap?.index ?? null;
        const pins = a.liveBlocks.map((b, i) => ({ ...b, object: a.objects?.[i] ?? null, description: ix !== null && a.objects?.[i] != null ? ix.describe(a.objects[i]!, seq) : null }));
        const { offset, limit } = page(flags);
        if (json) jsonOut({ arena, seq, baseAddress: a.baseAddress, total: pins.length, pins: pins.slice(offset, offset + limit) });
        else {
          console.log(`arena ${arena} (0x${a.baseAddress.toString(16)}) at ${pos.text()}: ${plural(pins.length, 'live block')} keep it mapped`);
          for (const p of pins.slice(offset, offset + limit)) console.log(`  0x${p.address.toString(16)}  class ${String(p.sizeIndex).padStart(2)}  allocated at seq ${p.allocatedAt}${p.description !== null ? `  ${p.description}` : ''}`);
          if (pins.length > offset + limit) console.log(`  … ${pins.length - offset - limit} more (--offset/--limit)`);
        }
        return EXIT_OK;
      }
      case 'stats': {
        const pos = positionOf(t, flags);
        const seq = pos.seq;
        const st = t.statsAt(seq);
        if (json) jsonOut({ seq, gcCounts: st.gcCounts ?? null, thresholds: st.thresholds ?? null, gcStats: st.gcStats ?? null, liveObjects: st.liveObjects ?? null, debugMallocStats: st.text });
        else {
          if (st.liveObjects !== undefined) console.log(`${pos.text()}: ${plural(st.liveObjects, 'live object')}; gc.get_count() ${JSON.stringify(st.gcCounts)}, thresholds ${JSON.stringify(st.thresholds)}`);
          else console.log(`${pos.text()} (an allocator log)`);
          process.stdout.write(st.text);
        }
        return EXIT_OK;
      }
      default:
        throw new UsageError(`unknown question '${question}'`);
    }
  } catch (e) {
    return handle('heap', file, e);
  }
}

/** `heap collections`: each collection, its results and what it freed; --collection K: the objects the K-th freed, paged. */
function collections(t: Timeline, flags: Flags, json: boolean): number {
  const cs = t.heap === null ? [] : t.heap.collections();
  const ix = t.heap?.index ?? null;
  // what each freed: the objects destroyed from its start to its end (finalizers and the
  // objects their deallocation freed included)
  const freed = ix === null ? [] : ix.destroyedIn(cs.map((c) => ({ from: c.seq, to: c.endSeq })));
  const byType = (ids: readonly number[]): [string, number][] => {
    const m = new Map<string, number>();
    for (const id of ids) { const k = ix!.typeName(id); m.set(k, (m.get(k) ?? 0) + 1); }
    return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  };
  if (flags.collection !== undefined) {
    const k = intFlag(flags.collection, 'collection', 1, 1);
    if (k > cs.length) throw new InputError(`there ${cs.length === 1 ? 'is 1 collection' : `are ${cs.length} collections`} in this log; no collection ${k}`);
    const c = cs[k - 1]!, ids = freed[k - 1]!;
    const { offset, limit } = page(flags);
    const shown = ids.slice(offset, offset + limit).map((id) => ({ id, description: ix!.describe(id), type: ix!.typeName(id), madeAt: ix!.createdAt(id), freedAt: ix!.destroyedAt(id) }));
    if (json) { jsonOut({ collection: k, ...c, freed: { total: ids.length, offset, objects: shown } }); return EXIT_OK; }
    console.log(`collection ${k} (seq ${c.seq}..${c.endSeq}, gen ${c.generation}${c.automatic ? ', automatic' : ''}): ${plural(ids.length, 'object')} freed${pageSuffix(offset, shown.length, ids.length)}`);
    for (const o of shown) console.log(`  ${o.description.padEnd(40)} made at seq ${o.madeAt}, freed at seq ${o.freedAt}`);
    return EXIT_OK;
  }
  if (json) {
    jsonOut(cs.map((c, i) => ({ ...c, freed: { total: freed[i]!.length, byType: Object.fromEntries(byType(freed[i]!)) } })));
    return EXIT_OK;
  }
  const { offset, limit } = page(flags);
  console.log(`${plural(cs.length, 'collection')} in ${fmtInt(t.length)} records${t.kind === 'allocator' ? ' (an allocator log: no collector)' : ''}${pageSuffix(offset, Math.min(limit, Math.max(0, cs.length - offset)), cs.length)}`);
  cs.slice(offset, offset + limit).forEach((c, j) => {
    const i = offset + j;
    const cause = t.heap!.recordAt(c.seq);
    const causeSeq = cause !== undefined && cause.kind === 'event' ? cause.cause : c.seq;
    const types = byType(freed[i]!);
    const what = freed[i]!.length === 0 ? 'freed nothing' : `freed ${plural(freed[i]!.length, 'object')}: ${types.slice(0, 6).map(([k, n]) => `${k} (${n})`).join(', ')}${types.length > 6 ? ', …' : ''}`;
    console.log(`  ${String(i + 1).padStart(3)}. seq ${String(c.seq).padStart(8)}  gen ${c.generation}${c.automatic ? ' (automatic)' : ''}: ${c.collected} collected, ${c.uncollectable} uncollectable  [${describeCause(t, c.seq, causeSeq, t.heap!.commandAt(causeSeq))}]`);
    console.log(`       ${what}`);
  });
  if (cs.length > 0) console.log('  (--collection K lists the objects the K-th freed)');
  return EXIT_OK;
}
