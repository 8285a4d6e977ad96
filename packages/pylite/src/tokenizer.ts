/**
 * The program text as CPython's tokenizer (Parser/tokenizer.c) sees it: where each line
 * starts, the bracket check (an unclosed or unmatched bracket is reported where and as
 * CPython reports it), and SyntaxErrors at a position. The lowering to pylite's AST
 * (src/parse.ts) builds on it.
 */
import type { SyntaxNode } from '@lezer/common';

/** Which SyntaxError: the tokenizer's indentation errors are its subclasses. */
export type SyntaxErrorKind = 'SyntaxError' | 'IndentationError' | 'TabError';

/** A Python SyntaxError: printed as CPython prints it (file, line, caret, message). */
export class PySyntaxError extends Error {
  constructor(
    readonly msg: string, readonly line: number, readonly col: number, readonly lineText: string,
    readonly kind: SyntaxErrorKind = 'SyntaxError',
    /** CPython prints no caret for a TabError. */
    readonly caret = true,
  ) {
    super(`line ${line}: ${msg}`);
    this.name = 'PySyntaxError';
  }
}

/** Columns a tab advances to (Parser/tokenizer.c TABSIZE). */
const TABSIZE = 8;

/** Source positions, the bracket check and SyntaxErrors (the base of the AST lowering). */
export class Tokenizer {
  private readonly lineStarts: number[] = [0];

  constructor(readonly src: string) {
    for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  line(pos: number): number {
    let lo = 0, hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= pos) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  }

  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? 0;
    const end = this.lineStarts[line] ?? this.src.length;
    return this.src.slice(start, end).replace(/\r?\n$/, '');
  }

  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  syntaxError(n: SyntaxNode, msg = 'invalid syntax'): never {
    const line = this.line(n.from);
    throw new PySyntaxError(msg, line, n.from - this.lineStarts[line - 1]! + 1, this.lineText(line));
  }

  /** Just past the string literal whose quote is at `i` (its line's end when a one-quote string is not closed). */
  private stringEnd(i: number): number {
    const src = this.src;
    const c = src[i]!;
    const triple = src.slice(i, i + 3) === c.repeat(3);
    const q = triple ? c.repeat(3) : c;
    i += q.length;
    while (i < src.length && src.slice(i, i + q.length) !== q) { if (src[i] === '\\') i++; if (!triple && src[i] === '\n') break; i++; }
    return i + q.length;
  }

  /** The tokenizer's bracket check: an unclosed or unmatched bracket is reported where CPython reports it. */
  checkBrackets(): void {
    const src = this.src;
    const stack: { ch: string; pos: number }[] = [];
    const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    for (let i = 0; i < src.length; i++) {
      const c = src[i]!;
      if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
      if (c === '"' || c === "'") {
        i = this.stringEnd(i) - 1;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') stack.push({ ch: c, pos: i });
      else if (c === ')' || c === ']' || c === '}') {
        const open = stack.pop();
        if (open === undefined) this.syntaxErrorAt(i, `unmatched '${c}'`);
        else if (open.ch !== pairs[c]) {
          const ol = this.line(open.pos);
          const cl = this.line(i);
          this.syntaxErrorAt(i, `closing parenthesis '${c}' does not match opening parenthesis '${open.ch}'${ol !== cl ? ` on line ${ol}` : ''}`);
        }
      }
    }
    const first = stack[0];
    if (first !== undefined) this.syntaxErrorAt(first.pos, `'${first.ch}' was never closed`);
  }

  /**
   * The tokenizer's indentation check (tok_get's indentation block): each logical line's
   * indentation is measured twice, tabs to the next multiple of 8 (col) and as one column
   * (altcol); the two must order lines the same way, else TabError; a dedent must land on
   * an enclosing level, else IndentationError. Lines inside brackets, after a backslash,
   * inside a triple-quoted string, and blank or comment-only lines are not measured.
   */
  checkIndentation(): void {
    const src = this.src;
    const ind = [0], alt = [0];
    let depth = 0;
    let lineStart = true;
    // the last character of the current logical line (comments aside), and whether the
    // previous logical line ended with ':' (only then may the next one be indented)
    let last = '';
    let opener = false;
    for (let i = 0; i < src.length;) {
      if (lineStart) {
        lineStart = false;
        let col = 0, altcol = 0, j = i;
        for (; j < src.length; j++) {
          const c = src[j];
          if (c === ' ') { col++; altcol++; } else if (c === '\t') { col = (Math.floor(col / TABSIZE) + 1) * TABSIZE; altcol++; } else if (c === '\f') { col = 0; altcol = 0; } else break;
        }
        const c = src[j];
        if (depth === 0 && j < src.length && c !== '\n' && c !== '\r' && c !== '#') {
          const line = this.line(j);
          const text = this.lineText(line);
          const tabError = (): never => { throw new PySyntaxError('inconsistent use of tabs and spaces in indentation', line, 1, text, 'TabError', false); };
          const top = ind.length - 1;
          if (col === ind[top]) {
            if (altcol !== alt[top]) tabError();
          } else if (col > ind[top]!) {
            if (altcol <= alt[top]!) tabError(); // the tokenizer's, before the parser sees the indent
            if (!opener) throw new PySyntaxError('unexpected indent', line, 1, text, 'IndentationError', false);
            ind.push(col);
            alt.push(altcol);
          } else {
            while (ind.length > 1 && col < ind[ind.length - 1]!) { ind.pop(); alt.pop(); }
            if (col !== ind[ind.length - 1]) throw new PySyntaxError('unindent does not match any outer indentation level', line, text.length + 1, text, 'IndentationError');
            if (altcol !== alt[alt.length - 1]) tabError();
          }
        }
        i = j;
        continue;
      }
      const c = src[i]!;
      if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
      if (c === '"' || c === "'") {
        i = this.stringEnd(i);
        last = c;
        continue;
      }
      if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) { i += src[i + 1] === '\n' ? 2 : 3; continue; }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
      else if (c === '\n') {
        lineStart = true;
        if (depth === 0 && last !== '') { opener = last === ':'; last = ''; }
      }
      if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\f' && c !== '\n') last = c;
      i++;
    }
  }

  /**
   * The text for lezer's grammar. At a form feed in a line's indentation, CPython's
   * tokenizer starts counting columns again (`\f    x` is indented 4); lezer counts only
   * spaces and tabs, and does not take a line of form feeds (a page break, as editors
   * put between functions) as blank. So in each line's leading whitespace holding a form
   * feed, what follows the last one moves to the front and the rest becomes form feeds,
   * which lezer skips after the indentation; a blank line's whitespace becomes spaces.
   * The length stays, and so does every offset after it. Lines inside strings and after
   * a backslash continuation are not indentation and are left alone.
   */
  lezerText(): string {
    const src = this.src;
    if (!src.includes('\f')) return src;
    const out: string[] = [];
    let copied = 0;
    let lineStart = true;
    for (let i = 0; i < src.length;) {
      if (lineStart) {
        lineStart = false;
        let j = i, lastFormFeed = -1;
        for (; j < src.length && (src[j] === ' ' || src[j] === '\t' || src[j] === '\f'); j++) if (src[j] === '\f') lastFormFeed = j;
        if (lastFormFeed >= 0) {
          const blank = j === src.length || src[j] === '\n' || src[j] === '\r' || src[j] === '#';
          const after = src.slice(lastFormFeed + 1, j);
          out.push(src.slice(copied, i), blank ? ' '.repeat(j - i) : after + '\f'.repeat(j - i - after.length));
          copied = j;
        }
        i = j;
        continue;
      }
      const c = src[i]!;
      if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
      if (c === '"' || c === "'") { i = this.stringEnd(i); continue; }
      if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) { i += src[i + 1] === '\n' ? 2 : 3; continue; }
      if (c === '\n') lineStart = true;
      i++;
    }
    out.push(src.slice(copied));
    return out.join('');
  }

  syntaxErrorAt(pos: number, msg: string): never {
    const line = this.line(pos);
    throw new PySyntaxError(msg, line, pos - this.lineStarts[line - 1]! + 1, this.lineText(line));
  }
}
