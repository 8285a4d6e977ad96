/**
 * Where execution was, from a heap log's index: the statement table (seq, line and frame
 * depth of each statement command) and the frame table (each frame's depth, function,
 * entering and leaving record), with the code names they refer to. Loaded when first asked.
 */
import type { ObjectId } from '@pymm/objects';

export interface FrameInfo {
  readonly frame: number;
  readonly depth: number;
  readonly func: ObjectId;
  readonly name: string;
  readonly enteredSeq: number;
  readonly leftSeq: number;
}

const u32 = (b: Uint8Array): Uint32Array => new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const UNSET = 0xffff_ffff;

export class ExecutionTables {
  private statements: { seq: Uint32Array; line: Uint32Array; depth: Uint32Array } | null = null;
  private frames: { depth: Uint32Array; func: Uint32Array; enter: Uint32Array; leave: Uint32Array; parent: Int32Array } | null = null;
  private code: Map<number, { name: string; names: string[] }> | null = null;
  private frameColumns: Partial<Record<'depth' | 'func' | 'enter' | 'leave', Uint32Array>> | null = null;

  /** `first`: the first frame's depth and span, and `frames` the count, from the index's meta (no column read). */
  constructor(
    private readonly part: (name: string) => Uint8Array,
    private readonly known: { readonly frames: number; readonly firstFrame: { readonly depth: number; readonly enteredSeq: number; readonly leftSeq: number | null } | null },
  ) {}

  /** Memory the loaded tables hold. */
  get byteLength(): number {
    return (this.statements ? this.statements.seq.byteLength * 3 : 0) + (this.frames ? this.frames.depth.byteLength * 5 : 0);
  }

  get statementsLoaded(): boolean {
    return this.statements !== null;
  }

  private statementTable(): { seq: Uint32Array; line: Uint32Array; depth: Uint32Array } {
    return (this.statements ??= { seq: u32(this.part('statements.seq')), line: u32(this.part('statements.line')), depth: u32(this.part('statements.depth')) });
  }

  /**
   * The last record of the run of the statement whose command is at `statementSeq`: the
   * record before the next statement of its frame or of a frame under it (statements of
   * functions it calls are part of it), and at the latest the record before its frame is
   * left (the module's last statement ends before interpreter shutdown); else the log's
   * last record.
   */
  statementEnd(statementSeq: number, records: number): number {
    const t = this.statementTable();
    const k = this.lastStatementAtOrBefore(statementSeq);
    if (k < 0 || t.seq[k] !== statementSeq) return statementSeq;
    const depth = t.depth[k]!;
    let end = records - 1;
    for (let j = k + 1; j < t.seq.length; j++) if (t.depth[j]! <= depth) { end = t.seq[j]! - 1; break; }
    const n = this.innermostFrameAt(statementSeq);
    if (n >= 0) {
      const leave = this.frameTable().leave[n]!;
      if (leave !== UNSET && leave - 1 < end) end = Math.max(statementSeq, leave - 1);
    }
    return end;
  }

  /** The line of the statement being run at record `seq` (the last statement command at or before it), or null. */
  lineAt(seq: number): { line: number; statementSeq: number } | null {
    const t = this.statementTable();
    const found = this.lastStatementAtOrBefore(seq);
    return found < 0 ? null : { line: t.line[found]!, statementSeq: t.seq[found]! };
  }

  /** The statement command at exactly `seq`, if that record is one. */
  statementAt(seq: number): number | null {
    const l = this.lineAt(seq);
    return l !== null && l.statementSeq === seq ? l.line : null;
  }

  /** Seqs of the statement commands of `line` (each execution of that line), paged. */
  seqsOfLine(line: number, offset = 0, limit = Infinity): { seqs: number[]; total: number } {
    const t = this.statementTable();
    const seqs: number[] = [];
    let total = 0;
    for (let i = 0; i < t.seq.length; i++) {
      if (t.line[i] !== line) continue;
      if (total >= offset && seqs.length < limit) seqs.push(t.seq[i]!);
      total++;
    }
    return { seqs, total };
  }

  /** Statement seqs in [from, to], for stepping by statement. */
  statementSeqs(): Uint32Array {
    return this.statementTable().seq;
  }

  /** A column of the frame table, read when first asked for (a large log's columns are megabytes each). */
  private column(name: 'depth' | 'func' | 'enter' | 'leave'): Uint32Array {
    const f = (this.frameColumns ??= {});
    return (f[name] ??= u32(this.part(`frames.${name}`)));
  }
  private frameTable(): { depth: Uint32Array; func: Uint32Array; enter: Uint32Array; leave: Uint32Array; parent: Int32Array } {
    if (this.frames === null) {
      const depth = this.column('depth');
      // frames are entered and left in stack order: a frame's caller is the last frame
      // entered before it one level up
      const parent = new Int32Array(depth.length);
      const lastAt: number[] = [];
      for (let n = 0; n < depth.length; n++) {
        const d = depth[n]!;
        parent[n] = d >= 2 ? lastAt[d - 1] ?? -1 : -1;
        lastAt[d] = n;
      }
      this.frames = { depth, func: this.column('func'), enter: this.column('enter'), leave: this.column('leave'), parent };
    }
    return this.frames;
  }

  /** The first frame entered (the module's, in a program's log): its depth and the seqs it was entered and left (Infinity: never). */
  firstFrame(): { depth: number; enteredSeq: number; leftSeq: number } | null {
    const f = this.known.firstFrame;
    return f === null ? null : { depth: f.depth, enteredSeq: f.enteredSeq, leftSeq: f.leftSeq ?? Infinity };
  }
  private codeTable(): Map<number, { name: string; names: string[] }> {
    return (this.code ??= new Map(JSON.parse(new TextDecoder().decode(this.part('code'))) as [number, { name: string; names: string[] }][]));
  }

  /** How many frames were entered in all. */
  get frameCount(): number {
    return this.known.frames;
  }

  frame(n: number): FrameInfo {
    const f = this.frameTable();
    const func = f.func[n]! - 1;
    return {
      frame: n, depth: f.depth[n]!, func: func as ObjectId, name: func < 0 ? '<module>' : this.codeTable().get(func)?.name ?? '?',
      enteredSeq: f.enter[n]!, leftSeq: f.leave[n] === UNSET ? Infinity : f.leave[n]!,
    };
  }

  /**
   * The frame running after record `seq` (the innermost on the stack), -1 when none is
   * (before the module's frame is entered, after it is left). The latest frame entered,
   * or the caller it returned to: O(depth), however many calls came before.
   */
  innermostFrameAt(seq: number): number {
    const f = this.frameTable();
    let lo = 0, hi = f.enter.length - 1, n = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (f.enter[mid]! <= seq) { n = mid; lo = mid + 1; } else hi = mid - 1; }
    while (n >= 0 && f.leave[n] !== UNSET && f.leave[n]! <= seq) n = f.parent[n]!;
    return n;
  }

  /** The frames on the stack after record `seq`, outermost first. */
  framesAt(seq: number): FrameInfo[] {
    const f = this.frameTable();
    const out: FrameInfo[] = [];
    for (let n = this.innermostFrameAt(seq); n >= 0; n = f.parent[n]!) out.push(this.frame(n));
    return out.reverse();
  }

  /**
   * The statement frame `frame` was running after record `seq`: its last statement
   * command at or before seq (the calls it made since are part of it). A frame that has
   * run no statement yet (its parameters being bound) is in its caller's statement: that
   * one is returned, with `caller` set. Null when no statement ran before.
   */
  statementOfFrame(frame: number, seq: number): { line: number; statementSeq: number; caller: boolean } | null {
    const t = this.statementTable();
    const f = this.frameTable();
    if (frame < 0 || frame >= f.depth.length) return null;
    const depth = f.depth[frame]!, entered = f.enter[frame]!;
    let j = this.lastStatementAtOrBefore(seq);
    // skip the statements of the calls it made: each jump goes to just before a call of
    // this frame was entered (the call that ran statement j)
    while (j >= 0 && t.depth[j]! > depth) {
      let n = this.innermostFrameAt(t.seq[j]!);
      while (n >= 0 && f.depth[n]! > depth + 1) n = f.parent[n]!;
      if (n < 0 || f.depth[n] !== depth + 1) { j--; continue; }
      j = this.lastStatementAtOrBefore(f.enter[n]! - 1);
    }
    if (j < 0) return null;
    if (t.depth[j] === depth && t.seq[j]! >= entered) return { line: t.line[j]!, statementSeq: t.seq[j]!, caller: false };
    // none of its own yet: the statement that called it
    const c = f.parent[frame]!;
    const outer = c >= 0 ? this.statementOfFrame(c, entered) : null;
    if (outer !== null) return { ...outer, caller: true };
    const k = this.lastStatementAtOrBefore(entered);
    return k < 0 ? null : { line: t.line[k]!, statementSeq: t.seq[k]!, caller: true };
  }

  private lastStatementAtOrBefore(seq: number): number {
    const t = this.statementTable();
    let lo = 0, hi = t.seq.length - 1, found = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (t.seq[mid]! <= seq) { found = mid; lo = mid + 1; } else hi = mid - 1; }
    return found;
  }

  /** The local names of the function run by frame n. */
  frameNames(n: number): string[] {
    const func = this.frameTable().func[n]! - 1;
    return this.codeTable().get(func)?.names ?? [];
  }
}
