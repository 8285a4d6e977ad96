/**
 * The pymalloc trace format, version 1 (docs/formats/pymalloc-trace.md): one event a
 * line, `#` lines are header or comments, plain text or gzip.
 */

/** Event kinds, as stored in a parsed batch. */
export const OP = Object.freeze({ M: 1, C: 2, R: 3, F: 4, A: 5, D: 6, S: 7 });
export type OpCode = (typeof OP)[keyof typeof OP];
export const OP_LETTER = ['', 'M', 'C', 'R', 'F', 'A', 'D', 'S'] as const;

export interface TraceHeader {
  version: number;
  python?: string;
  platform?: string;
  pointer?: number;
  workload?: string;
}

/** A malformed trace: names the line (1-based) and what is wrong with it. */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** Renders one parsed event as its trace line (for messages). */
export function formatEvent(op: number, a: number, b: number, n: number, label?: string): string {
  const h = (x: number): string => x.toString(16);
  switch (op) {
    case OP.M: return `M ${h(a)} ${n}`;
    case OP.C: return `C ${h(a)} ${n}`;
    case OP.R: return `R ${h(a)} ${h(b)} ${n}`;
    case OP.F: return `F ${h(a)}`;
    case OP.A: return `A ${h(a)}`;
    case OP.D: return `D ${h(a)}`;
    case OP.S: return `S ${label ?? ''}`;
    default: return `? ${op}`;
  }
}
