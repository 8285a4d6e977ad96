/**
 * Streaming parser for pymalloc traces. Reads bytes, never builds a string per line:
 * events go into fixed-size batches of typed arrays that a consumer takes one at a time,
 * so a replay holds one batch in memory and a benchmark can keep them all.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { OP, TraceFormatError, type TraceHeader } from './format.js';

/** Events of one batch: `size` valid entries in each array. */
export interface TraceBatch {
  size: number;
  readonly op: Uint8Array;
  /** M/C/F/A/D: the address; R: the old address. */
  readonly a: Float64Array;
  /** R: the new address. */
  readonly b: Float64Array;
  /** M/C/R: the request size in bytes. */
  readonly n: Float64Array;
  /** 1-based line number of each event. */
  readonly line: Uint32Array;
  /** S events: index in batch -> label. */
  readonly labels: Map<number, string>;
}

export function newBatch(capacity: number): TraceBatch {
  return {
    size: 0,
    op: new Uint8Array(capacity),
    a: new Float64Array(capacity),
    b: new Float64Array(capacity),
    n: new Float64Array(capacity),
    line: new Uint32Array(capacity),
    labels: new Map(),
  };
}

export interface ParseProgress {
  /** Bytes of the file (compressed, if gzip) read so far, and in all. */
  readonly bytesRead: number;
  readonly totalBytes: number;
}

export interface ParseOptions {
  readonly batchSize?: number;
  /** Called once a batch is full, and once at the end with the rest. The batch is reused afterwards. */
  readonly onBatch: (batch: TraceBatch) => void;
  readonly onHeader?: (header: TraceHeader) => void;
  readonly onProgress?: (p: ParseProgress) => void;
}

const NL = 10, CR = 13, SP = 32, HASH = 35;

/** Digit value of a lowercase hex byte, or -1. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) HEX[97 + c] = 10 + c;

const MAX_HEX_DIGITS = 13; // 2^52: every address exact in a double
const MAX_DEC_DIGITS = 15;
/** The longest line a trace may hold (its events are under 100 bytes; a header line is short too). */
export const MAX_TRACE_LINE_BYTES = 1 << 16;
const tooLong = (lineNo: number): TraceFormatError =>
  new TraceFormatError(lineNo, `a line of more than ${MAX_TRACE_LINE_BYTES} bytes: not a trace line (a trace's lines are under 100 bytes)`);

class LineParser {
  lineNo = 0;
  header: TraceHeader | null = null;
  batch: TraceBatch;
  constructor(
    private readonly opts: ParseOptions,
    batchSize: number,
  ) {
    this.batch = newBatch(batchSize);
  }

  /** Parse line bytes buf[start, end) (without the newline). */
  line(buf: Uint8Array, start: number, end: number): void {
    const lineNo = ++this.lineNo;
    if (end - start > MAX_TRACE_LINE_BYTES + 1) throw tooLong(lineNo);
    if (end > start && buf[end - 1] === CR) end -= 1;
    if (this.header === null) {
      const text = Buffer.from(buf.subarray(start, end)).toString('latin1');
      if (text !== '#pymtrace 1') {
        throw new TraceFormatError(lineNo, text.startsWith('#pymtrace ')
          ? `unsupported trace version '${text.slice(10)}' (this reader knows version 1)`
          : `not a pymalloc trace: the first line must be '#pymtrace 1', found '${truncate(text)}'`);
      }
      this.header = { version: 1 };
      return;
    }
    if (end === start) throw new TraceFormatError(lineNo, 'empty line');
    const c = buf[start];
    if (c === HASH) {
      this.comment(Buffer.from(buf.subarray(start + 1, end)).toString('latin1'));
      return;
    }
    let op: number;
    let nFields: number;
    switch (c) {
      case 77: op = OP.M; nFields = 2; break; // M ptr n
      case 67: op = OP.C; nFields = 2; break; // C ptr n
      case 82: op = OP.R; nFields = 3; break; // R old new n
      case 70: op = OP.F; nFields = 1; break; // F ptr
      case 65: op = OP.A; nFields = 1; break; // A base
      case 68: op = OP.D; nFields = 1; break; // D base
      case 83: op = OP.S; nFields = 1; break; // S label
      default:
        throw new TraceFormatError(lineNo, `unknown event '${truncate(Buffer.from(buf.subarray(start, end)).toString('latin1'))}' (expected one of M C R F A D S, or a # line)`);
    }
    if (end - start < 2 || buf[start + 1] !== SP) throw this.bad(buf, start, end, op);
    const b = this.batch;
    const k = b.size;
    b.op[k] = op;
    b.line[k] = lineNo;
    b.a[k] = 0;
    b.b[k] = 0;
    b.n[k] = 0;
    let pos = start + 2;
    if (op === OP.S) {
      const label = Buffer.from(buf.subarray(pos, end)).toString('latin1');
      if (!/^[A-Za-z0-9_.-]+$/.test(label)) throw new TraceFormatError(lineNo, `bad checkpoint label '${truncate(label)}' (letters, digits, '_', '.', '-')`);
      b.labels.set(k, label);
    } else {
      for (let f = 0; f < nFields; f++) {
        if (f > 0) {
          if (pos >= end || buf[pos] !== SP) throw this.bad(buf, start, end, op);
          pos += 1;
        }
        const isSize = f === nFields - 1 && (op === OP.M || op === OP.C || op === OP.R);
        let v = 0;
        const first = pos;
        if (isSize) {
          while (pos < end) {
            const d = buf[pos] - 48;
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
            pos += 1;
          }
          if (pos === first || pos - first > MAX_DEC_DIGITS) throw this.bad(buf, start, end, op);
        } else {
          while (pos < end) {
            const d = HEX[buf[pos]];
            if (d < 0) break;
            v = v * 16 + d;
            pos += 1;
          }
          if (pos === first || pos - first > MAX_HEX_DIGITS) throw this.bad(buf, start, end, op);
        }
        if (isSize) b.n[k] = v;
        else if (f === 0) b.a[k] = v;
        else b.b[k] = v;
      }
      if (pos !== end) throw this.bad(buf, start, end, op);
      if ((op === OP.A || op === OP.D) && b.a[k] === 0) throw new TraceFormatError(lineNo, `arena base must not be 0`);
    }
    b.size = k + 1;
    if (b.size === b.op.length) this.flush();
  }

  /**
   * Parse every complete line in buf[start, end), where buf[end - 1] is a newline. Event
   * lines take a fast path that scans each byte once; anything unusual (comments, S lines,
   * CR, a malformed line) goes through `line`, which also words the errors.
   */
  lines(buf: Uint8Array, start: number, end: number): void {
    let pos = start;
    if (this.header === null) {
      const nl = buf.indexOf(NL, pos);
      this.line(buf, pos, nl);
      pos = nl + 1;
    }
    const hexv = HEX;
    while (pos < end) {
      const lineStart = pos;
      const c = buf[pos];
      let op = 0, nFields = 0;
      if (c === 77) { op = OP.M; nFields = 2; }
      else if (c === 70) { op = OP.F; nFields = 1; }
      else if (c === 82) { op = OP.R; nFields = 3; }
      else if (c === 67) { op = OP.C; nFields = 2; }
      else if (c === 65) { op = OP.A; nFields = 1; }
      else if (c === 68) { op = OP.D; nFields = 1; }
      if (op === 0 || buf[pos + 1] !== SP) {
        const nl = buf.indexOf(NL, pos);
        this.line(buf, pos, nl);
        pos = nl + 1;
        continue;
      }
      pos += 2;
      let ok = true;
      let a = 0, b = 0, n = 0;
      const sized = op === OP.M || op === OP.C || op === OP.R;
      const hexFields = sized ? nFields - 1 : nFields;
      for (let f = 0; f < hexFields; f++) {
        let v = 0, d = 0;
        const first = pos;
        while ((d = hexv[buf[pos]]) >= 0) { v = v * 16 + d; pos++; }
        if (pos === first || pos - first > MAX_HEX_DIGITS) { ok = false; break; }
        if (f === 0) a = v; else b = v;
        if (f < nFields - 1) {
          if (buf[pos] !== SP) { ok = false; break; }
          pos++;
        }
      }
      if (ok && sized) {
        let v = 0;
        const first = pos;
        for (;;) {
          const d = buf[pos] - 48;
          if (d < 0 || d > 9) break;
          v = v * 10 + d;
          pos++;
        }
        if (pos === first || pos - first > MAX_DEC_DIGITS) ok = false;
        n = v;
      }
      if (!ok || buf[pos] !== NL || ((op === OP.A || op === OP.D) && a === 0)) {
        const nl = buf.indexOf(NL, lineStart);
        this.line(buf, lineStart, nl); // throws the precise error, or handles CR line ends
        pos = nl + 1;
        continue;
      }
      pos++;
      const lineNo = ++this.lineNo;
      const bt = this.batch;
      const k = bt.size;
      bt.op[k] = op;
      bt.line[k] = lineNo;
      bt.a[k] = a;
      bt.b[k] = b;
      bt.n[k] = n;
      bt.size = k + 1;
      if (k + 1 === bt.op.length) this.flush();
    }
  }

  flush(): void {
    if (this.batch.size === 0) return;
    this.opts.onBatch(this.batch);
    this.batch.size = 0;
    this.batch.labels.clear();
  }

  private comment(text: string): void {
    const sp = text.indexOf(' ');
    if (sp < 0) return;
    const key = text.slice(0, sp), value = text.slice(sp + 1);
    const h = this.header!;
    if (key === 'python') h.python = value;
    else if (key === 'platform') h.platform = value;
    else if (key === 'pointer') h.pointer = Number(value);
    else if (key === 'workload') h.workload = value;
  }

  private bad(buf: Uint8Array, start: number, end: number, op: number): TraceFormatError {
    const shapes: Record<number, string> = {
      [OP.M]: 'M <hex address> <decimal size>', [OP.C]: 'C <hex address> <decimal size>',
      [OP.R]: 'R <hex old> <hex new> <decimal size>', [OP.F]: 'F <hex address>',
      [OP.A]: 'A <hex base>', [OP.D]: 'D <hex base>', [OP.S]: 'S <label>',
    };
    const text = Buffer.from(buf.subarray(start, end)).toString('latin1');
    return new TraceFormatError(this.lineNo, `malformed event '${truncate(text)}' (expected '${shapes[op]}', lowercase hex of at most ${MAX_HEX_DIGITS} digits)`);
  }
}

function truncate(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** Parse a trace file (plain or gzip) in one streaming pass. Resolves with the header. */
export async function parseTraceFile(path: string, opts: ParseOptions): Promise<TraceHeader> {
  const fh = await open(path, 'r');
  let totalBytes: number;
  let gz: boolean;
  try {
    totalBytes = (await fh.stat()).size;
    const magic = Buffer.alloc(2);
    const { bytesRead } = await fh.read(magic, 0, 2, 0);
    gz = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await fh.close();
  }
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
    opts.onProgress?.({ bytesRead, totalBytes });
  });
  const source: AsyncIterable<Buffer> = gz ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
  try {
    return await parseTraceChunks(source, opts);
  } finally {
    file.destroy();
  }
}

/**
 * Parse a trace from any source of byte chunks (lines may be split anywhere). Gzip and
 * stream errors from the source are reported as a TraceFormatError at the line where the
 * data ended.
 */
export async function parseTraceChunks(source: AsyncIterable<Uint8Array>, opts: ParseOptions): Promise<TraceHeader> {
  const parser = new LineParser(opts, opts.batchSize ?? 1 << 16);
  let carry: Buffer | null = null;
  try {
    for await (const chunk of source) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let start = 0;
      if (carry !== null) {
        const nl = buf.indexOf(NL);
        if (nl < 0) {
          // a line without its newline grows only up to the limit (joining every chunk of a
          // long one cost time and memory in the square of its length)
          if (carry.length + buf.length > MAX_TRACE_LINE_BYTES + 1) throw tooLong(parser.lineNo + 1);
          carry = Buffer.concat([carry, buf]);
          continue;
        }
        const joined = Buffer.concat([carry, buf.subarray(0, nl + 1)]);
        parser.lines(joined, 0, joined.length);
        carry = null;
        start = nl + 1;
      }
      const last = buf.lastIndexOf(NL);
      if (last >= start) {
        parser.lines(buf, start, last + 1);
        start = last + 1;
      }
      if (start < buf.length) {
        if (buf.length - start > MAX_TRACE_LINE_BYTES + 1) throw tooLong(parser.lineNo + 1);
        carry = Buffer.from(buf.subarray(start));
      }
    }
  } catch (e) {
    if (e instanceof TraceFormatError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || /unexpected end of file|incorrect header check/i.test(String((e as Error).message))) {
      throw new TraceFormatError(parser.lineNo + 1, `the gzip data is ${code === 'Z_BUF_ERROR' || /unexpected end/.test(String((e as Error).message)) ? 'truncated (unexpected end of file)' : 'corrupt (' + (e as Error).message + ')'}`);
    }
    throw e;
  }
  if (carry !== null && carry.length > 0) parser.line(carry, 0, carry.length);
  if (parser.header === null) throw new TraceFormatError(1, "empty file: a trace starts with '#pymtrace 1'");
  parser.flush();
  opts.onHeader?.(parser.header);
  return parser.header;
}

/** A whole trace in memory, for benchmarks and random access. */
export interface ParsedTrace extends Omit<TraceBatch, 'labels'> {
  readonly header: TraceHeader;
  readonly labels: Map<number, string>;
}

export async function loadTrace(path: string, onProgress?: (p: ParseProgress) => void): Promise<ParsedTrace> {
  let all = newBatch(1 << 20);
  const labels = new Map<number, string>();
  const header = await parseTraceFile(path, {
    onProgress,
    onBatch(b) {
      if (all.size + b.size > all.op.length) {
        const bigger = newBatch(Math.max(all.op.length * 2, all.size + b.size));
        bigger.op.set(all.op.subarray(0, all.size));
        bigger.a.set(all.a.subarray(0, all.size));
        bigger.b.set(all.b.subarray(0, all.size));
        bigger.n.set(all.n.subarray(0, all.size));
        bigger.line.set(all.line.subarray(0, all.size));
        bigger.size = all.size;
        all = bigger;
      }
      const k = all.size;
      all.op.set(b.op.subarray(0, b.size), k);
      all.a.set(b.a.subarray(0, b.size), k);
      all.b.set(b.b.subarray(0, b.size), k);
      all.n.set(b.n.subarray(0, b.size), k);
      all.line.set(b.line.subarray(0, b.size), k);
      for (const [i, label] of b.labels) labels.set(k + i, label);
      all.size = k + b.size;
    },
  });
  return { ...all, labels, header };
}
