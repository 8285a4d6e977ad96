/**
 * Source -> pylite AST, through @lezer/python (the grammar CodeMirror uses, so the web
 * editor and the interpreter agree on what a program is). The lezer tree is error-
 * tolerant; pylite is not: the first error node is a SyntaxError, and any construct
 * outside the subset is an UnsupportedError naming it and its line. Source positions, the
 * bracket check and PySyntaxError are the tokenizer's part (src/tokenizer.ts).
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Arg, Comprehension, ExceptHandler, Expr, FPart, Module, Param, Stmt } from './ast.js';
import { binOp, unaryOp } from './ast_opt.js';
import { isStackOverflow } from './errors.js';
import { parseFString, parseNumber, parseString } from './string_parser.js';
import { PySyntaxError, Tokenizer } from './tokenizer.js';

export { PySyntaxError };

/** A construct outside pylite's subset (never a wrong answer: a clear refusal). */
export class UnsupportedError extends Error {
  constructor(readonly construct: string, readonly line: number) {
    super(`line ${line}: ${construct} is outside the pylite subset`);
    this.name = 'UnsupportedError';
  }
}

/** A grammar node's name in words, for a refusal: 'YieldStatement' -> 'a yield statement'. */
function nodeWords(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

/** Deeper expressions are refused: lezer's tree keeps its structure to 2,500 levels (CPython compiles about 3,000). */
const MAX_EXPR_DEPTH = 2400;

const SKIP = new Set(['Comment', '(', ')', '[', ']', '{', '}', ':', ',', '.', ';']);

class Lowerer extends Tokenizer {
  /** Loops around the statement being lowered, in this function or class body (the compiler's check for break and continue). */
  private loops = 0;

  private inLoop<T>(f: () => T): T {
    this.loops++;
    try { return f(); } finally { this.loops--; }
  }

  /** Whether the statement being lowered is in a function's body (not a class body inside one). */
  private inFunction = false;

  /** A function or class body: the loops around its definition do not count. */
  private ownBody<T>(isFunction: boolean, f: () => T): T {
    const saved = this.loops, savedFunction = this.inFunction;
    this.loops = 0;
    this.inFunction = isFunction;
    try { return f(); } finally { this.loops = saved; this.inFunction = savedFunction; }
  }

  /** All children, comments dropped. */
  all(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c !== null; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
    return out;
  }

  /** Children that carry meaning (punctuation dropped). */
  kids(n: SyntaxNode): SyntaxNode[] {
    return this.all(n).filter((c) => !SKIP.has(c.name));
  }

  unsupported(what: string, n: SyntaxNode): never {
    throw new UnsupportedError(what, this.line(n.from));
  }

  checkErrors(root: SyntaxNode): void {
    // CPython's parser reads tokens as the tokenizer makes them: an indentation error (at
    // the start of its line) is reported unless a bracket that does not match, or a parse
    // error, comes on an earlier line; a bracket never closed is met only at the end
    const caught = (check: () => void): PySyntaxError | null => {
      try { check(); return null; } catch (e) { if (e instanceof PySyntaxError) return e; throw e; }
    };
    const indentation = caught(() => this.checkIndentation());
    const bracket = caught(() => this.checkBrackets());
    if (bracket !== null) {
      const unclosed = bracket.msg.endsWith('was never closed');
      throw indentation !== null && (unclosed || indentation.line <= bracket.line) ? indentation : bracket;
    }
    const cur = root.cursor();
    do {
      if (cur.type.isError) {
        if (indentation !== null && indentation.line <= this.line(cur.node.from)) throw indentation;
        this.withFormsLezerLacks(cur.node);
        this.syntaxError(cur.node);
      }
    } while (cur.next());
    if (indentation !== null) throw indentation;
  }

  /**
   * 3.9's parenthesized with items and a target that is not a name (`as (a, b)`, `as o.x`)
   * are valid Python that lezer's grammar does not parse: refused, not a SyntaxError.
   */
  private withFormsLezerLacks(error: SyntaxNode): void {
    // lezer's recovery may leave the error outside the with statement: its line says
    const line = this.line(error.from);
    const header = (this.src.split('\n')[line - 1] ?? '').trim();
    if (!/^with\b/.test(header)) return;
    if (/^with\s*\(/.test(header) || /\bas\s*[([]/.test(header) || /\bas\s+[\w.]+\s*[.[]/.test(header)) {
      throw new UnsupportedError("a with statement's parenthesized items, or a target that is not a name,", line);
    }
  }

  // --- statements ---------------------------------------------------------------------

  module(root: SyntaxNode, filename: string): Module {
    this.checkErrors(root);
    return { body: this.stmts(this.all(root)), source: this.src, filename };
  }

  body(n: SyntaxNode): Stmt[] {
    return this.stmts(this.all(n).filter((c) => c.name !== ':'));
  }

  stmts(nodes: SyntaxNode[]): Stmt[] {
    const out: Stmt[] = [];
    for (const n of nodes) {
      if (n.name === ';' || n.name === 'newline') continue;
      if (n.name === 'StatementGroup') out.push(...this.stmts(this.all(n)));
      else out.push(this.stmt(n));
    }
    return out;
  }

  stmt(n: SyntaxNode): Stmt {
    const st = this.stmtInner(n);
    (st as { span?: [number, number] }).span = [n.from, n.to];
    return st;
  }

  stmtInner(n: SyntaxNode): Stmt {
    const line = this.line(n.from);
    const all = this.all(n);
    switch (n.name) {
      case 'ExpressionStatement':
        return { k: 'Expr', line, value: this.exprList(all) };
      case 'AssignStatement': {
        if (all.some((c) => c.name === 'TypeDef')) this.unsupported('an annotated assignment', n);
        const segments: SyntaxNode[][] = [[]];
        for (const c of all) {
          if (c.name === 'AssignOp') segments.push([]);
          else segments[segments.length - 1]!.push(c);
        }
        const exprs = segments.map((seg) => this.exprList(seg));
        return { k: 'Assign', line, targets: exprs.slice(0, -1).map((t) => this.target(t, n)), value: exprs[exprs.length - 1]! };
      }
      case 'UpdateStatement': {
        const op = all.find((c) => c.name === 'UpdateOp')!;
        const i = all.indexOf(op);
        return { k: 'AugAssign', line, target: this.target(this.exprList(all.slice(0, i)), n), op: this.text(op).slice(0, -1), value: this.exprList(all.slice(i + 1)) };
      }
      case 'DeleteStatement':
        return { k: 'Del', line, targets: this.splitCommas(all.slice(1)).map((seg) => this.target(this.expr(seg[0]!), n)) };
      case 'PassStatement': return { k: 'Pass', line };
      case 'BreakStatement':
        if (this.loops === 0) this.syntaxError(n, "'break' outside loop");
        return { k: 'Break', line };
      case 'ContinueStatement':
        if (this.loops === 0) this.syntaxError(n, "'continue' not properly in loop");
        return { k: 'Continue', line };
      case 'ReturnStatement':
        if (!this.inFunction) this.syntaxError(n, "'return' outside function");
        return { k: 'Return', line, value: all.length > 1 ? this.exprList(all.slice(1)) : null };
      case 'IfStatement': return this.ifStmt(all, 0, line);
      case 'WhileStatement': {
        const bodies = all.filter((c) => c.name === 'Body');
        return { k: 'While', line, test: this.expr(all[1]!), body: this.inLoop(() => this.body(bodies[0]!)), orelse: bodies[1] ? this.body(bodies[1]) : [] };
      }
      case 'ForStatement': {
        if (all[0]!.name === 'async') this.unsupported("'async for'", n);
        const inAt = all.findIndex((c) => c.name === 'in');
        const bodyAt = all.findIndex((c) => c.name === 'Body');
        const bodies = all.filter((c) => c.name === 'Body');
        return {
          k: 'For', line, target: this.target(this.exprList(all.slice(1, inAt)), n), iter: this.exprList(all.slice(inAt + 1, bodyAt)),
          body: this.inLoop(() => this.body(bodies[0]!)), orelse: bodies[1] ? this.body(bodies[1]) : [],
        };
      }
      case 'FunctionDefinition': return this.def(all, [], line);
      case 'ClassDefinition': return this.classDef(all, [], line);
      case 'DecoratedStatement': {
        const decorators = all.filter((c) => c.name === 'Decorator').map((d) => this.decorator(d));
        const inner = all.find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition')!;
        return inner.name === 'FunctionDefinition' ? this.def(this.all(inner), decorators, line) : this.classDef(this.all(inner), decorators, line);
      }
      case 'ScopeStatement': {
        const names = all.filter((c) => c.name === 'VariableName').map((c) => this.text(c));
        return { k: this.text(all[0]!) === 'global' ? 'Global' : 'Nonlocal', line, names };
      }
      case 'AssertStatement': {
        const parts = this.splitCommas(all.slice(1));
        return { k: 'Assert', line, test: this.exprList(parts[0]!), msg: parts[1] ? this.exprList(parts[1]) : null };
      }
      case 'ImportStatement': {
        const names: { name: string; asname: string | null }[] = [];
        const isFrom = all[0]!.name === 'from';
        let module = '';
        let i = 1;
        if (isFrom) {
          const importAt = all.findIndex((c) => c.name === 'import');
          module = all.slice(1, importAt).map((c) => this.text(c)).join('');
          i = importAt + 1;
        }
        let pending: string[] = [];
        for (; i < all.length; i++) {
          const c = all[i]!;
          if (c.name === ',') { if (pending.length) names.push({ name: pending.join(''), asname: null }); pending = []; continue; }
          if (c.name === 'as') { names.push({ name: pending.join(''), asname: this.text(all[++i]!) }); pending = []; continue; }
          if (c.name === '*') this.unsupported("'import *'", n);
          pending.push(this.text(c));
        }
        if (pending.length) names.push({ name: pending.join(''), asname: null });
        return isFrom ? { k: 'ImportFrom', line, module, names } : { k: 'Import', line, names };
      }
      case 'TryStatement': return this.tryStmt(all, line);
      case 'RaiseStatement': {
        const fromAt = all.findIndex((c) => c.name === 'from');
        const exc = all.length > 1 ? this.exprList(all.slice(1, fromAt < 0 ? undefined : fromAt)) : null;
        return { k: 'Raise', line, exc, cause: fromAt >= 0 ? this.exprList(all.slice(fromAt + 1)) : null };
      }
      case 'WithStatement': {
        const bodyAt = all.findIndex((c) => c.name === 'Body');
        const items = this.splitCommas(all.slice(1, bodyAt)).map((seg) => {
          const asAt = seg.findIndex((c) => c.name === 'as');
          if (asAt < 0) return { ctx: this.exprList(seg), target: null };
          return { ctx: this.exprList(seg.slice(0, asAt)), target: this.target(this.exprList(seg.slice(asAt + 1)), n) };
        });
        return { k: 'With', line, items, body: this.body(all[bodyAt]!) };
      }
      case 'MatchStatement': return this.unsupported("'match'", n);
      default:
        return this.unsupported(nodeWords(n.name), n);
    }
  }

  ifStmt(all: SyntaxNode[], start: number, line: number): Stmt {
    // if/elif cond Body ... [else Body]
    const test = this.expr(all[start + 1]!);
    const body = this.body(all[start + 2]!);
    const next = all[start + 3];
    if (next === undefined) return { k: 'If', line, test, body, orelse: [] };
    if (next.name === 'elif') return { k: 'If', line, test, body, orelse: [this.ifStmt(all, start + 3, this.line(next.from))] };
    return { k: 'If', line, test, body, orelse: this.body(all[start + 4]!) };
  }

  tryStmt(all: SyntaxNode[], line: number): Stmt {
    const body = this.body(all[1]!);
    const handlers: ExceptHandler[] = [];
    let orelse: Stmt[] = [];
    let finalbody: Stmt[] = [];
    for (let i = 2; i < all.length; i++) {
      const c = all[i]!;
      if (c.name === 'except') {
        const hline = this.line(c.from);
        let j = i + 1;
        const typeNodes: SyntaxNode[] = [];
        let name: string | null = null;
        while (all[j]!.name !== 'Body') {
          if (all[j]!.name === 'as') { name = this.text(all[j + 1]!); j += 2; continue; }
          typeNodes.push(all[j]!);
          j++;
        }
        handlers.push({ line: hline, type: typeNodes.length ? this.exprList(typeNodes) : null, name, body: this.body(all[j]!) });
        i = j;
      } else if (c.name === 'else') {
        orelse = this.body(all[++i]!);
      } else if (c.name === 'finally') {
        finalbody = this.body(all[++i]!);
      }
    }
    return { k: 'Try', line, body, handlers, orelse, finalbody };
  }

  /** `@name`, `@a.b.c` or `@a.b(args)` (the grammar's dotted name and optional argument list). */
  decorator(d: SyntaxNode): Expr {
    const parts = this.all(d).slice(1);
    const first = parts[0];
    if (first === undefined || first.name !== 'VariableName') return this.syntaxError(d, 'invalid syntax');
    const line = this.line(first.from);
    let e: Expr = { k: 'Name', line, id: this.text(first), span: [first.from, first.to] } as Expr;
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === '.' && parts[i + 1]?.name === 'VariableName') {
        e = { k: 'Attr', line, obj: e, name: this.text(parts[++i]!), span: [first.from, parts[i]!.to] } as Expr;
      } else if (p.name === 'ArgList') {
        e = { k: 'Call', line, func: e, args: this.args(p), span: [first.from, p.to] } as Expr;
      } else return this.syntaxError(p, 'invalid syntax');
    }
    return e;
  }

  def(all: SyntaxNode[], decorators: Expr[], line: number): Stmt {
    if (all[0]!.name === 'async') this.unsupported("'async def'", all[0]!);
    const name = this.text(all[1]!);
    const params = this.params(all.find((c) => c.name === 'ParamList')!);
    if (all.some((c) => c.name === 'TypeDef')) this.unsupported('a return annotation', all[0]!);
    return { k: 'Def', line, name, params, body: this.ownBody(true, () => this.body(all.find((c) => c.name === 'Body')!)), decorators };
  }

  classDef(all: SyntaxNode[], decorators: Expr[], line: number): Stmt {
    const name = this.text(all[1]!);
    const argList = all.find((c) => c.name === 'ArgList');
    const bases = argList ? this.args(argList).map((a) => {
      if (a.name !== null || a.star !== '') this.unsupported('a class keyword argument or *bases', argList);
      return a.value;
    }) : [];
    return { k: 'Class', line, name, bases, body: this.ownBody(false, () => this.body(all.find((c) => c.name === 'Body')!)), decorators };
  }

  params(n: SyntaxNode): Param[] {
    const out: Param[] = [];
    const all = this.all(n).filter((c) => c.name !== '(' && c.name !== ')');
    let star: '' | '*' | '**' = '';
    for (let i = 0; i < all.length; i++) {
      const c = all[i]!;
      if (c.name === ',') continue;
      if (c.name === '*' || c.name === '**') {
        star = c.name;
        if (all[i + 1]?.name !== 'VariableName') this.unsupported("keyword-only parameters ('*,')", c);
        continue;
      }
      if (c.name === '/') this.unsupported("positional-only parameters ('/')", c);
      if (c.name === 'TypeDef') this.unsupported('a parameter annotation', c);
      if (c.name !== 'VariableName') this.unsupported(`${nodeWords(c.name)} in a parameter list`, c);
      let def: Expr | null = null;
      if (all[i + 1]?.name === 'AssignOp') { def = this.expr(all[i + 2]!); i += 2; }
      out.push({ name: this.text(c), default: def, star });
      star = '';
    }
    return out;
  }

  args(n: SyntaxNode): Arg[] {
    const out: Arg[] = [];
    const all = this.all(n).filter((c) => c.name !== '(' && c.name !== ')');
    if (all.some((c) => c.name === 'for')) this.unsupported('a generator expression argument', n);
    for (let i = 0; i < all.length; i++) {
      const c = all[i]!;
      if (c.name === ',') continue;
      if (c.name === '*' || c.name === '**') { out.push({ name: null, value: this.expr(all[i + 1]!), star: c.name }); i++; continue; }
      if (c.name === 'VariableName' && all[i + 1]?.name === 'AssignOp') { out.push({ name: this.text(c), value: this.expr(all[i + 2]!), star: '' }); i += 2; continue; }
      out.push({ name: null, value: this.expr(c), star: '' });
    }
    return out;
  }

  // --- expressions --------------------------------------------------------------------

  splitCommas(nodes: SyntaxNode[]): SyntaxNode[][] {
    const out: SyntaxNode[][] = [[]];
    for (const c of nodes) {
      if (c.name === ',') out.push([]);
      else out[out.length - 1]!.push(c);
    }
    if (out.length > 1 && out[out.length - 1]!.length === 0) out.pop();
    return out;
  }

  /** A comma-separated list of expressions: one expression, or a tuple. */
  exprList(nodes: SyntaxNode[]): Expr {
    const hasComma = nodes.some((c) => c.name === ',');
    const parts = this.splitCommas(nodes.filter((c) => c.name !== 'Comment'));
    const exprs = parts.map((p) => {
      if (p.length === 2 && p[0]!.name === '*') return { k: 'Starred', line: this.line(p[0]!.from), value: this.expr(p[1]!) } as Expr;
      if (p.length !== 1) this.syntaxError(p[1] ?? nodes[0]!);
      return this.expr(p[0]!);
    });
    if (!hasComma) return exprs[0]!;
    const t = { k: 'Tuple', line: this.line(nodes[0]!.from), elts: exprs } as Expr;
    (t as { span?: [number, number] }).span = [nodes[0]!.from, nodes[nodes.length - 1]!.to];
    return t;
  }

  /** Checks an assignment / del / for target. */
  target(e: Expr, n: SyntaxNode): Expr {
    switch (e.k) {
      case 'Name': case 'Attr': case 'Subscript': return e;
      case 'Tuple': case 'List': return { ...e, elts: e.elts.map((x) => this.target(x, n)) } as Expr;
      case 'Starred': return this.unsupported('starred assignment', n);
      default: return this.syntaxError(n, `cannot assign to ${e.k === 'Call' ? 'function call' : 'expression'}`);
    }
  }

  /** An expression, with its source span (CPython's col_offset .. end_col_offset) for tracebacks. */
  /** How deep the expression being lowered is nested in the one its statement holds. */
  private exprDepth = 0;

  expr(n: SyntaxNode): Expr {
    // lezer flattens what is nested more than 2,500 deep in its tree (parseTree)
    if (this.exprDepth >= MAX_EXPR_DEPTH) this.unsupported(`an expression nested more than ${MAX_EXPR_DEPTH.toLocaleString('en-US')} deep`, n);
    this.exprDepth++;
    try {
      const e = this.exprInner(n);
      if ((e as { span?: unknown }).span === undefined) (e as { span?: [number, number] }).span = [n.from, n.to];
      return e;
    } catch (e) {
      // the JavaScript stack ran out below (a small one: pylite called outside `pymm run`'s
      // worker); said at the outermost expression, where there is stack again
      if (this.exprDepth === 1 && isStackOverflow(e)) {
        this.unsupported('an expression nested deeper than this JavaScript stack holds (`pymm run` has room for 2,400 levels)', n);
      }
      throw e;
    } finally {
      this.exprDepth--;
    }
  }

  exprInner(n: SyntaxNode): Expr {
    const line = this.line(n.from);
    const all = this.all(n);
    switch (n.name) {
      case 'VariableName': return { k: 'Name', line, id: this.text(n) };
      case 'Number': return this.number(n, line);
      case 'String': return this.string(this.text(n), n, line);
      case 'ContinuedString': {
        const parts = all.map((c) => this.expr(c));
        if (parts.every((p) => p.k === 'Str')) return { k: 'Str', line, value: parts.map((p) => (p as { value: string }).value).join('') };
        if (parts.every((p) => p.k === 'Bytes')) return { k: 'Bytes', line, value: parts.map((p) => (p as { value: string }).value).join('') };
        const fparts: FPart[] = [];
        for (const p of parts) {
          if (p.k === 'Str') fparts.push(p.value);
          else if (p.k === 'FString') fparts.push(...p.parts);
          else this.syntaxError(n, 'cannot mix bytes and nonbytes literals');
        }
        return { k: 'FString', line, parts: fparts };
      }
      case 'FormatString': return this.fstring(n, line);
      case 'None': return { k: 'Const', line, value: 'None' };
      case 'Boolean': return { k: 'Const', line, value: this.text(n) as 'True' | 'False' };
      case 'Ellipsis': return this.unsupported('Ellipsis (...)', n);
      case 'ParenthesizedExpression': {
        const inner = this.kids(n);
        if (inner.length !== 1) this.syntaxError(n);
        return this.expr(inner[0]!);
      }
      case 'TupleExpression': {
        const inner = all.slice(1, -1);
        const parts = this.splitCommas(inner);
        return { k: 'Tuple', line, elts: inner.length === 0 ? [] : parts.map((p) => this.starOr(p)) };
      }
      case 'ArrayExpression': {
        const inner = all.slice(1, -1);
        return { k: 'List', line, elts: inner.length === 0 ? [] : this.splitCommas(inner).map((p) => this.starOr(p)) };
      }
      case 'SetExpression':
        return { k: 'Set', line, elts: this.splitCommas(all.slice(1, -1)).map((p) => this.starOr(p)) };
      case 'DictionaryExpression': {
        const keys: Expr[] = [];
        const values: Expr[] = [];
        for (const p of this.splitCommas(all.slice(1, -1))) {
          if (p.length === 0) continue;
          if (p[0]!.name === '**') this.unsupported('dict unpacking (**)', p[0]!);
          const colon = p.findIndex((c) => c.name === ':');
          keys.push(this.expr(p[0]!));
          values.push(this.expr(p[colon + 1]!));
        }
        return { k: 'Dict', line, keys, values };
      }
      case 'ArrayComprehensionExpression': {
        const inner = all.slice(1, -1);
        const forAt = inner.findIndex((c) => c.name === 'for');
        return { k: 'ListComp', line, elt: this.exprList(inner.slice(0, forAt)), gens: this.comprehension(inner.slice(forAt), n) };
      }
      case 'DictionaryComprehensionExpression': {
        const inner = all.slice(1, -1);
        const forAt = inner.findIndex((c) => c.name === 'for');
        const colon = inner.findIndex((c) => c.name === ':');
        return { k: 'DictComp', line, key: this.exprList(inner.slice(0, colon)), value: this.exprList(inner.slice(colon + 1, forAt)), gens: this.comprehension(inner.slice(forAt), n) };
      }
      case 'SetComprehensionExpression': {
        const inner = all.slice(1, -1);
        const forAt = inner.findIndex((c) => c.name === 'for');
        return { k: 'SetComp', line, elt: this.exprList(inner.slice(0, forAt)), gens: this.comprehension(inner.slice(forAt), n) };
      }
      case 'ComprehensionExpression': return this.unsupported('a generator expression', n);
      case 'MemberExpression': {
        const obj = this.expr(all[0]!);
        if (all[1]!.name === '.') return { k: 'Attr', line, obj, name: this.text(all[2]!) };
        const inner = all.slice(2, -1);
        return { k: 'Subscript', line, obj, index: this.subscript(inner, n) };
      }
      case 'CallExpression':
        return { k: 'Call', line, func: this.expr(all[0]!), args: this.args(all[1]!) };
      case 'BinaryExpression': return this.binary(n, all, line);
      case 'UnaryExpression': {
        const op = this.text(all[0]!);
        return op === 'not' ? this.notOf(all[1]!, line, 1) : unaryOp(line, op, this.expr(all[1]!));
      }
      case 'ConditionalExpression':
        return { k: 'IfExp', line, body: this.expr(all[0]!), test: this.expr(all[2]!), orelse: this.expr(all[4]!) };
      case 'LambdaExpression': {
        const pl = all.find((c) => c.name === 'ParamList');
        return { k: 'Lambda', line, params: pl ? this.params(pl) : [], body: this.expr(all[all.length - 1]!) };
      }
      case 'YieldExpression': return this.unsupported("'yield'", n);
      case 'AwaitExpression': return this.unsupported("'await'", n);
      case 'NamedExpression': return this.unsupported("':='", n);
      default: return this.unsupported(nodeWords(n.name), n);
    }
  }

  starOr(p: SyntaxNode[]): Expr {
    if (p.length === 2 && p[0]!.name === '*') return { k: 'Starred', line: this.line(p[0]!.from), value: this.expr(p[1]!) };
    if (p.length !== 1) this.syntaxError(p[0]!);
    return this.expr(p[0]!);
  }

  subscript(inner: SyntaxNode[], n: SyntaxNode): Expr {
    const line = this.line(n.from);
    if (inner.some((c) => c.name === ',')) return this.exprList(inner);
    if (!inner.some((c) => c.name === ':')) return this.expr(inner[0]!);
    const parts: (SyntaxNode | null)[] = [null, null, null];
    let k = 0;
    for (const c of inner) {
      if (c.name === ':') { k++; continue; }
      parts[k] = c;
    }
    const e = (x: SyntaxNode | null) => (x === null ? null : this.expr(x));
    return { k: 'Slice', line, lower: e(parts[0]!), upper: e(parts[1]!), step: e(parts[2]!) };
  }

  comprehension(nodes: SyntaxNode[], n: SyntaxNode): Comprehension[] {
    const gens: Comprehension[] = [];
    let i = 0;
    while (i < nodes.length) {
      if (nodes[i]!.name !== 'for') this.syntaxError(nodes[i]!);
      if (nodes[i]!.name === 'async') this.unsupported('async comprehension', n);
      const inAt = nodes.findIndex((c, j) => j > i && c.name === 'in');
      let j = inAt + 1;
      while (j < nodes.length && nodes[j]!.name !== 'for' && nodes[j]!.name !== 'if') j++;
      const target = this.target(this.exprList(nodes.slice(i + 1, inAt)), n);
      const iter = this.exprList(nodes.slice(inAt + 1, j));
      const ifs: Expr[] = [];
      while (j < nodes.length && nodes[j]!.name === 'if') {
        let k = j + 1;
        while (k < nodes.length && nodes[k]!.name !== 'for' && nodes[k]!.name !== 'if') k++;
        ifs.push(this.exprList(nodes.slice(j + 1, k)));
        j = k;
      }
      gens.push({ target, iter, ifs });
      i = j;
    }
    return gens;
  }

  /**
   * `not` (`depth` times) before `operand`. lezer's grammar reads `not a or b` as
   * `not (a or b)`, but Python's `not` binds tighter than `and` and `or` (not_test in the
   * grammar): the nots go to the leftmost operand of an unparenthesized and/or chain.
   */
  notOf(operand: SyntaxNode, line: number, depth: number): Expr {
    const parts = this.all(operand);
    if (operand.name === 'UnaryExpression' && this.text(parts[0]!) === 'not') return this.notOf(parts[1]!, line, depth + 1);
    const op = operand.name === 'BinaryExpression' ? parts.slice(1, -1).map((c) => this.text(c)).join(' ') : '';
    if (op === 'and' || op === 'or') {
      const l = this.notOf(parts[0]!, line, depth);
      const r = this.expr(parts[parts.length - 1]!);
      return { k: 'BoolOp', line, op, values: l.k === 'BoolOp' && l.op === op && parts[0]!.name !== 'ParenthesizedExpression' ? [...l.values, r] : [l, r] };
    }
    let e = this.expr(operand);
    for (let k = 0; k < depth; k++) e = unaryOp(line, 'not', e);
    return e;
  }

  binary(n: SyntaxNode, all: SyntaxNode[], line: number): Expr {
    const left = all[0]!;
    const right = all[all.length - 1]!;
    const opNodes = all.slice(1, -1);
    const op = opNodes.map((c) => this.text(c)).join(' ');
    if (op === 'and' || op === 'or') {
      const l = this.expr(left);
      const r = this.expr(right);
      const values = l.k === 'BoolOp' && l.op === op && left.name !== 'ParenthesizedExpression' ? [...l.values, r] : [l, r];
      return { k: 'BoolOp', line, op, values };
    }
    const compare = ['<', '>', '==', '!=', '<=', '>=', 'in', 'not in', 'is', 'is not'];
    if (compare.includes(op)) {
      const l = this.expr(left);
      const r = this.expr(right);
      if (l.k === 'Compare' && left.name === 'BinaryExpression') return { k: 'Compare', line, first: l.first, ops: [...l.ops, op], rest: [...l.rest, r] };
      return { k: 'Compare', line, first: l, ops: [op], rest: [r] };
    }
    return binOp(line, op, this.expr(left), this.expr(right));
  }

  number(n: SyntaxNode, line: number): Expr {
    return parseNumber(this.text(n), line, (msg) => this.syntaxError(n, msg), (what) => this.unsupported(what, n));
  }

  string(raw: string, n: SyntaxNode, line: number): Expr {
    return parseString(raw, line, (msg) => this.syntaxError(n, msg));
  }

  fstring(n: SyntaxNode, line: number): Expr {
    return parseFString(this, n, line);
  }
}

export function parse(source: string, filename = '<string>'): Module {
  const lowerer = new Lowerer(source);
  let tree: Tree;
  try {
    tree = parseTree(lowerer.lezerText());
  } catch (e) {
    // lezer builds its tree recursively: a chain thousands deep on a small stack
    if (isStackOverflow(e)) {
      throw new UnsupportedError('a program whose syntax tree is deeper than this JavaScript stack holds (`pymm run` has room for expressions 2,400 levels deep)', 1);
    }
    throw e;
  }
  return lowerer.module(tree.topNode, filename);
}

/**
 * The lezer tree of a program. lezer's LR driver cuts a left-associative chain short
 * once about 300 reductions of 2,000 characters or more have started at one position
 * (`bigReductionCount`, a guard for editors against trees too deep to walk), which made
 * `1 + 1 + ... + 1` of 700 operands a syntax error; CPython takes about 3,000. The
 * lowering below walks deep trees itself, so that guard is turned off for this parse;
 * lezer's tree builder still flattens nodes more than 2,500 deep, which lowering refuses
 * by name (`tooDeep`).
 */
function parseTree(source: string): Tree {
  const parse = parser.startParse(source);
  if ('bigReductionCount' in parse) Object.defineProperty(parse, 'bigReductionCount', { get: () => 0, set: () => {} });
  for (;;) {
    const tree = parse.advance();
    if (tree !== null) return tree;
  }
}
