/**
 * Tracebacks as 3.11 prints them (Python/traceback.c): the entry a frame adds as an
 * exception leaves it, and the printed form with its source lines and caret lines.
 */
import type { Expr } from './ast.js';
import type { PyException, TracebackEntry } from './errors.js';
import { NULL_ID, type ObjectId } from '@pymm/objects';
import { EXC_CAUSE, EXC_CONTEXT, exceptionMessage } from './exceptions.js';
import { typeName } from './object.js';
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

/** The name a frame has in a traceback. */
export function frameName(frame: Frame): string {
  return frame.kind === 'function' ? frame.info!.name : frame.kind === 'class' ? frame.name : '<module>';
}

/**
 * An exception caught in `frame` (whose failing position in it is `pos`): its traceback
 * down to that frame is kept, as CPython's exception keeps its __traceback__, for printing
 * it later as another's __context__ or __cause__.
 */
export function noteCaught(vm: PyState, e: PyException, pos: PyException['pos'], frame: Frame): void {
  const line = pos ? lineOfOffset(vm, pos.span[0]) : frame.line;
  const here: TracebackEntry = { filename: vm.filename, line, name: frameName(frame), ...(pos ? { span: pos.span, node: pos.node } : {}) };
  vm.excTracebacks.set(e.exc, [...e.traceback, here]);
}

const CAUSE_MESSAGE = '\nThe above exception was the direct cause of the following exception:\n\n';
const CONTEXT_MESSAGE = '\nDuring handling of the above exception, another exception occurred:\n\n';

/**
 * PyErr_Display: the exception's __cause__ (or, unless suppressed, its __context__) first,
 * each printed once, then the exception with its traceback. `chain` false: only the
 * exception (PyErr_WriteUnraisable prints no chain).
 */
export function formatTraceback(vm: PyState, e: PyException, chain = true): string {
  lineOfOffset(vm, 0);
  return (chain ? chained(vm, e.exc, new Set([e.exc])) : '') + formatOne(vm, e.exc, e.traceback, e.typeName);
}

function chained(vm: PyState, exc: ObjectId, seen: Set<ObjectId>): string {
  const h = vm.heap;
  const cause = h.state.slot(exc, EXC_CAUSE);
  const context = h.state.slot(exc, EXC_CONTEXT);
  let link = NULL_ID, message = '';
  if (cause !== NULL_ID) { if (!seen.has(cause)) { link = cause; message = CAUSE_MESSAGE; } }
  else if (context !== NULL_ID && !vm.suppressContext.has(exc) && !seen.has(context)) { link = context; message = CONTEXT_MESSAGE; }
  if (link === NULL_ID) return '';
  seen.add(link);
  return chained(vm, link, seen) + formatOne(vm, link, vm.excTracebacks.get(link) ?? [], typeName(vm, link)) + message;
}

/** PyTraceBack_LIMIT: the innermost entries a traceback prints. */
const TRACEBACK_LIMIT = 1000;
/** TB_RECURSIVE_CUTOFF: a line repeated more often is printed this many times, then counted. */
const RECURSIVE_CUTOFF = 3;

/**
 * One exception: its traceback (when it has one; tb_print_internal: the innermost 1,000
 * entries, a run of the same file, line and function shown 3 times and then counted),
 * then `Type: message`.
 */
function formatOne(vm: PyState, exc: ObjectId, traceback: readonly TracebackEntry[], type: string): string {
  let s = traceback.length > 0 ? 'Traceback (most recent call last):\n' : '';
  const repeated = (cnt: number) => { const n = cnt - RECURSIVE_CUTOFF; return `  [Previous line repeated ${n} more time${n > 1 ? 's' : ''}]\n`; };
  let last: TracebackEntry | null = null;
  let cnt = 0;
  for (const t of [...traceback].slice(0, TRACEBACK_LIMIT).reverse()) {
    if (last === null || t.filename !== last.filename || t.line !== last.line || t.name !== last.name) {
      if (cnt > RECURSIVE_CUTOFF) s += repeated(cnt);
      last = t;
      cnt = 0;
    }
    if (++cnt > RECURSIVE_CUTOFF) continue;
    s += `  File "${t.filename}", line ${t.line}, in ${t.name}\n`;
    const text = (vm.lines[t.line - 1] ?? '').trim();
    if (text) {
      s += `    ${text}\n`;
      const carets = caretLine(vm, t);
      if (carets !== null) s += carets + '\n';
    }
  }
  if (cnt > RECURSIVE_CUTOFF) s += repeated(cnt);
  const msg = exceptionMessage(vm, exc);
  return s + (msg === '' ? `${type}\n` : `${type}: ${msg}\n`);
}
