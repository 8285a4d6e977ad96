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
  private frames: { depth: Uint32Array; func: Uint32Array; enter: Uint32Array; leave: Uint32Array } | null = null;
  private code: Map<number, { name: string; names: string[] }> | null = null;

  constructor(private readonly part: (name: string) => Uint8Array) {}

  /** Memory the loaded tables hold. */
  get byteLength(): number {
    return (this.statements ? this.statements.seq.byteLength * 3 : 0) + (this.frames ? this.frames.depth.byteLength * 4 : 0);
  }

  private statementTable(): { seq: Uint32Array; line: Uint32Array; depth: Uint32Array } {
    return (this.statements ??= { seq: u32(this.part('statements.seq')), line: u32(this.part('statements.line')), depth: u32(this.part('statements.depth')) });
  }

  /**
   * The last record of the run of the statement whose command is at `statementSeq`: the
   * record before the next statement of its frame or of a frame under it (statements of
   * functions it calls are part of it), or the log's last record.
   */
  statementEnd(statementSeq: number, records: number): number {
    const t = this.statementTable();
    let lo = 0, hi = t.seq.length - 1, k = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (t.seq[mid]! <= statementSeq) { k = mid; lo = mid + 1; } else hi = mid - 1; }
    if (k < 0 || t.seq[k] !== statementSeq) return statementSeq;
    const depth = t.depth[k]!;
    for (let j = k + 1; j < t.seq.length; j++) if (t.depth[j]! <= depth) return t.seq[j]! - 1;
    return records - 1;
  }

  /** The line of the statement being run at record `seq` (the last statement command at or before it), or null. */
  lineAt(seq: number): { line: number; statementSeq: number } | null {
    const t = this.statementTable();
    let lo = 0, hi = t.seq.length - 1, found = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (t.seq[mid]! <= seq) { found = mid; lo = mid + 1; } else hi = mid - 1; }
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

  private frameTable(): { depth: Uint32Array; func: Uint32Array; enter: Uint32Array; leave: Uint32Array } {
    return (this.frames ??= { depth: u32(this.part('frames.depth')), func: u32(this.part('frames.func')), enter: u32(this.part('frames.enter')), leave: u32(this.part('frames.leave')) });
  }
  private codeTable(): Map<number, { name: string; names: string[] }> {
    return (this.code ??= new Map(JSON.parse(new TextDecoder().decode(this.part('code'))) as [number, { name: string; names: string[] }][]));
  }

  frame(n: number): FrameInfo {
    const f = this.frameTable();
    const func = f.func[n]! - 1;
    return {
      frame: n, depth: f.depth[n]!, func: func as ObjectId, name: func < 0 ? '<module>' : this.codeTable().get(func)?.name ?? '?',
      enteredSeq: f.enter[n]!, leftSeq: f.leave[n] === UNSET ? Infinity : f.leave[n]!,
    };
  }

  /** The frames on the stack after record `seq`, outermost first. */
  framesAt(seq: number): FrameInfo[] {
    const f = this.frameTable();
    const out: FrameInfo[] = [];
    // frames are numbered in the order entered: the live ones at seq are those entered at or before it and not left
    let hi = f.enter.length - 1, lo = 0, last = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (f.enter[mid]! <= seq) { last = mid; lo = mid + 1; } else hi = mid - 1; }
    for (let n = last; n >= 0 && out.length < 1000; n--) {
      if (f.leave[n] !== UNSET && f.leave[n]! <= seq) continue;
      out.push(this.frame(n));
      if (f.depth[n] === 1) break;
    }
    return out.reverse();
  }

  /** The local names of the function run by frame n. */
  frameNames(n: number): string[] {
    const func = this.frameTable().func[n]! - 1;
    return this.codeTable().get(func)?.names ?? [];
  }
}
