/**
 * Tracebacks as 3.11 prints them (Python/traceback.c): the entry a frame adds as an
 * exception leaves it, and the printed form with its source lines and caret lines.
 */
import type { Expr } from './ast.js';
import type { PyException, TracebackEntry } from './errors.js';
import { exceptionMessage } from './exceptions.js';
import type { Frame, PyState } from './pystate.js';

/** The traceback entry of a frame the exception leaves: where, and the failing expression. */
export function tracebackEntry(vm: PyState, e: PyException, frame: Frame, name: string): TracebackEntry {
  const pos = e.pos;
  e.pos = undefined;
  const line = pos ? lineOfOffset(vm, pos.span[0]) : frame.line;
  return { filename: vm.filename, line, name, ...(pos ? { span: pos.span, node: pos.node } : {}) };
}

function lineOfOffset(vm: PyState, off: number): number {
  if (vm.lineStarts === null) {
    vm.lineStarts = [0];
    let at = 0;
    for (const l of vm.lines) { at += l.length + 1; vm.lineStarts.push(at); }
  }
  let lo = 0, hi = vm.lineStarts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (vm.lineStarts[mid]! <= off) lo = mid; else hi = mid - 1; }
  return lo + 1;
}

/**
 * tb_displayline: the source line, stripped, and under it the failing expression's
 * carets (~~^~~ anchors for a binary operation or a subscript), left out when the
 * expression is the whole line.
 */
function caretLine(vm: PyState, t: TracebackEntry): string | null {
  if (t.span === undefined) return null;
  const raw = vm.lines[t.line - 1] ?? '';
  const lineStart = vm.lineStarts![t.line - 1]!;
  const text = raw.replace(/\s+$/, '');
  const leading = text.length - text.trimStart().length;
  const start = t.span[0] - lineStart;
  let end = t.span[1] - lineStart;
  if (end > text.length) end = text.length; // a multi-line expression: to the end of the line
  let left = -1, right = -1;
  let primary = '^', secondary = '^';
  const node = t.node as Expr | undefined;
  const sp = (x: Expr) => (x as { span?: [number, number] }).span!;
  if (node && end <= text.length && t.span[1] - lineStart <= text.length) {
    if (node.k === 'BinOp') {
      for (let i = sp(node.left)[1] - lineStart; i < sp(node.right)[0] - lineStart; i++) {
        const c = raw[i]!;
        if (c === ' ' || c === '\t' || c === '\f' || c === '(' || c === ')') continue;
        left = i;
        right = i + 1;
        const n2 = raw[i + 1];
        if (i + 1 < sp(node.right)[0] - lineStart && n2 !== ' ' && n2 !== '\t' && n2 !== '\f') right++;
        primary = '~';
        secondary = '^';
        break;
      }
    } else if (node.k === 'Subscript') {
      left = sp(node.obj)[1] - lineStart;
      // to the closing bracket (a slice index has no span of its own: the subscript's end)
      const index = (node.index as { span?: [number, number] }).span;
      right = index !== undefined ? index[1] - lineStart + 1 : t.span[1] - lineStart;
      primary = '~';
      secondary = '^';
    }
  }
  if (end - start === text.length - leading && left === -1) return null;
  let out = '    ';
  for (let i = leading; i < end; i++) {
    if (i < start) out += ' ';
    else if (left !== -1 && i >= left && i < right) out += secondary;
    else out += primary;
  }
  return out;
}

export function formatTraceback(vm: PyState, e: PyException): string {
  let s = 'Traceback (most recent call last):\n';
  lineOfOffset(vm, 0);
  for (const t of [...e.traceback].reverse()) {
    s += `  File "${t.filename}", line ${t.line}, in ${t.name}\n`;
    const text = (vm.lines[t.line - 1] ?? '').trim();
    if (text) {
      s += `    ${text}\n`;
      const carets = caretLine(vm, t);
      if (carets !== null) s += carets + '\n';
    }
  }
  const msg = exceptionMessage(vm, e.exc);
  return s + (msg === '' ? `${e.typeName}\n` : `${e.typeName}: ${msg}\n`);
}
