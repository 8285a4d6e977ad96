/**
 * The program text as CPython's tokenizer (Parser/tokenizer.c) sees it: where each line
 * starts, the bracket check (an unclosed or unmatched bracket is reported where and as
 * CPython reports it), and SyntaxErrors at a position. The lowering to pylite's AST
 * (src/parse.ts) builds on it.
 */
import type { SyntaxNode } from '@lezer/common';

/** A Python SyntaxError: printed as CPython prints it (file, line, caret, message). */
export class PySyntaxError extends Error {
  constructor(readonly msg: string, readonly line: number, readonly col: number, readonly lineText: string) {
    super(`line ${line}: ${msg}`);
    this.name = 'PySyntaxError';
  }
}

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

  /** The tokenizer's bracket check: an unclosed or unmatched bracket is reported where CPython reports it. */
  checkBrackets(): void {
    const src = this.src;
    const stack: { ch: string; pos: number }[] = [];
    const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    for (let i = 0; i < src.length; i++) {
      const c = src[i]!;
      if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
      if (c === '"' || c === "'") {
        const triple = src.slice(i, i + 3) === c.repeat(3);
        const q = triple ? c.repeat(3) : c;
        i += q.length;
        while (i < src.length && src.slice(i, i + q.length) !== q) { if (src[i] === '\\') i++; if (!triple && src[i] === '\n') break; i++; }
        i += q.length - 1;
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

  syntaxErrorAt(pos: number, msg: string): never {
    const line = this.line(pos);
    throw new PySyntaxError(msg, line, pos - this.lineStarts[line - 1]! + 1, this.lineText(line));
  }
}
