/**
 * The program's frames at a position, for the names panel: function frames (innermost
 * first) with their local variables, then the module with its names. The engine's index
 * says which frames are on the stack and what each local is bound to; session.ts hands
 * those answers in (no engine calls here).
 */

export interface VarJson {
  readonly name: string;
  readonly id: number;
  readonly type: string;
  readonly repr: string;
  /** Statics (None, small ints, builtins) are not drawn in the graph: the value is shown inline. */
  readonly inline: boolean;
}

export interface FrameJson {
  /** The frame's number in the log (frames are numbered as entered); -1 for a module frame the log does not show on the stack. */
  readonly id: number;
  /** The function's qualified name, or '<module>'. */
  readonly name: string;
  readonly kind: 'module' | 'function';
  /** 1 for the module, 2 for a function it calls, ... */
  readonly depth: number;
  /** Function frames: the line of the outer frame's call that is waiting for this one, if known. */
  readonly calledFrom?: number | null;
  readonly vars: VarJson[];
}

/** Variables bound to each object (locals of the innermost frame first, then the module's names). */
export function namesById(frames: readonly FrameJson[]): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const f of frames) {
    for (const v of f.vars) {
      const l = m.get(v.id) ?? [];
      if (!l.includes(v.name)) l.push(v.name);
      m.set(v.id, l);
    }
  }
  return m;
}
