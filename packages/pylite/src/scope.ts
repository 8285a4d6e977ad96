/**
 * Scopes, as CPython's symtable decides them: which names of a function are locals, cells
 * (captured by an inner function), free (captured from an outer one) or globals. The
 * order of locals is co_varnames' (parameters, then other names in order of first use);
 * cells and free variables are sorted, as `dictbytype` sorts them. The order matters:
 * a frame releases its locals in that order when it returns.
 */
import type { Comprehension, Expr, Param, Stmt } from './ast.js';

export interface Scope {
  readonly kind: 'module' | 'function' | 'class' | 'comprehension';
  readonly name: string;
  /** co_varnames: parameters first. */
  readonly varnames: string[];
  readonly cellvars: string[];
  readonly freevars: string[];
  readonly globals: Set<string>;
  /** Names assigned in this scope (before global/nonlocal are applied). */
  readonly bound: Set<string>;
  readonly used: string[];
  readonly parent: Scope | null;
  readonly children: Map<object, Scope>;
  readonly params: readonly Param[];
  readonly nonlocals: Set<string>;
}

function newScope(kind: Scope['kind'], name: string, parent: Scope | null, params: readonly Param[]): Scope {
  return {
    kind, name, varnames: params.map((p) => p.name), cellvars: [], freevars: [], globals: new Set(), bound: new Set(params.map((p) => p.name)),
    used: [], parent, children: new Map(), params, nonlocals: new Set(),
  };
}

class Analyzer {
  visitBody(scope: Scope, body: readonly Stmt[]): void {
    for (const s of body) this.stmt(scope, s);
  }

  note(scope: Scope, name: string, store: boolean): void {
    if (!scope.used.includes(name)) scope.used.push(name);
    if (store) scope.bound.add(name);
  }

  target(scope: Scope, e: Expr): void {
    switch (e.k) {
      case 'Name': this.note(scope, e.id, true); return;
      case 'Tuple': case 'List': for (const x of e.elts) this.target(scope, x); return;
      case 'Starred': this.target(scope, e.value); return;
      default: this.expr(scope, e);
    }
  }

  stmt(scope: Scope, s: Stmt): void {
    switch (s.k) {
      case 'Expr': this.expr(scope, s.value); return;
      case 'Assign': this.expr(scope, s.value); for (const t of s.targets) this.target(scope, t); return;
      case 'AugAssign':
        if (s.target.k === 'Name') this.note(scope, s.target.id, false);
        this.expr(scope, s.value);
        this.target(scope, s.target);
        return;
      case 'Del': for (const t of s.targets) this.target(scope, t); return;
      case 'If': case 'While':
        this.expr(scope, s.test);
        this.visitBody(scope, s.body);
        this.visitBody(scope, s.orelse);
        return;
      case 'For':
        this.expr(scope, s.iter);
        this.target(scope, s.target);
        this.visitBody(scope, s.body);
        this.visitBody(scope, s.orelse);
        return;
      case 'Def': {
        for (const d of s.decorators) this.expr(scope, d);
        for (const p of s.params) if (p.default) this.expr(scope, p.default);
        this.note(scope, s.name, true);
        const child = newScope('function', s.name, scope, s.params);
        scope.children.set(s, child);
        this.visitBody(child, s.body);
        return;
      }
      case 'Class': {
        for (const d of s.decorators) this.expr(scope, d);
        for (const b of s.bases) this.expr(scope, b);
        this.note(scope, s.name, true);
        const child = newScope('class', s.name, scope, []);
        scope.children.set(s, child);
        this.visitBody(child, s.body);
        return;
      }
      case 'Return': if (s.value) this.expr(scope, s.value); return;
      case 'Global': for (const n of s.names) scope.globals.add(n); return;
      case 'Nonlocal': for (const n of s.names) scope.nonlocals.add(n); return;
      case 'Assert': this.expr(scope, s.test); if (s.msg) this.expr(scope, s.msg); return;
      case 'Import': for (const n of s.names) this.note(scope, n.asname ?? n.name.split('.')[0]!, true); return;
      case 'ImportFrom': for (const n of s.names) this.note(scope, n.asname ?? n.name, true); return;
      case 'With':
        for (const it of s.items) {
          this.expr(scope, it.ctx);
          if (it.target) this.target(scope, it.target);
        }
        this.visitBody(scope, s.body);
        return;
      case 'Try':
        this.visitBody(scope, s.body);
        for (const h of s.handlers) {
          if (h.type) this.expr(scope, h.type);
          if (h.name) this.note(scope, h.name, true);
          this.visitBody(scope, h.body);
        }
        this.visitBody(scope, s.orelse);
        this.visitBody(scope, s.finalbody);
        return;
      case 'Raise': if (s.exc) this.expr(scope, s.exc); if (s.cause) this.expr(scope, s.cause); return;
      default:
    }
  }

  expr(scope: Scope, e: Expr): void {
    switch (e.k) {
      case 'Name': this.note(scope, e.id, false); return;
      case 'Int': case 'Float': case 'Str': case 'Bytes': case 'Const': return;
      case 'FString': for (const p of e.parts) if (typeof p !== 'string') this.fpart(scope, p); return;
      case 'Attr': this.expr(scope, e.obj); return;
      case 'Subscript': this.expr(scope, e.obj); this.expr(scope, e.index); return;
      case 'Slice': for (const x of [e.lower, e.upper, e.step]) if (x) this.expr(scope, x); return;
      case 'Call': this.expr(scope, e.func); for (const a of e.args) this.expr(scope, a.value); return;
      case 'BinOp': this.expr(scope, e.left); this.expr(scope, e.right); return;
      case 'Unary': this.expr(scope, e.operand); return;
      case 'Compare': this.expr(scope, e.first); for (const r of e.rest) this.expr(scope, r); return;
      case 'BoolOp': for (const v of e.values) this.expr(scope, v); return;
      case 'IfExp': this.expr(scope, e.test); this.expr(scope, e.body); this.expr(scope, e.orelse); return;
      case 'List': case 'Tuple': case 'Set': for (const x of e.elts) this.expr(scope, x); return;
      case 'Dict': e.keys.forEach((k, i) => { this.expr(scope, k); this.expr(scope, e.values[i]!); }); return;
      case 'Starred': this.expr(scope, e.value); return;
      case 'ListComp': this.comprehension(scope, e, e.gens, [e.elt]); return;
      case 'SetComp': this.comprehension(scope, e, e.gens, [e.elt]); return;
      case 'DictComp': this.comprehension(scope, e, e.gens, [e.key, e.value]); return;
      case 'Lambda': {
        for (const p of e.params) if (p.default) this.expr(scope, p.default);
        const child = newScope('function', '<lambda>', scope, e.params);
        scope.children.set(e, child);
        this.expr(child, e.body);
        return;
      }
    }
  }

  fpart(scope: Scope, p: Exclude<import('./ast.js').FPart, string>): void {
    this.expr(scope, p.expr);
    for (const q of p.spec ?? []) if (typeof q !== 'string') this.fpart(scope, q);
  }

  /** A comprehension is a function whose single parameter is the first iterator ('.0'). */
  comprehension(scope: Scope, node: object, gens: readonly Comprehension[], elts: readonly Expr[]): void {
    this.expr(scope, gens[0]!.iter);
    const child = newScope('comprehension', comprehensionName(node as Expr), scope, [{ name: '.0', default: null, star: '' }]);
    scope.children.set(node, child);
    gens.forEach((g, i) => {
      if (i > 0) this.expr(child, g.iter);
      this.target(child, g.target);
      for (const c of g.ifs) this.expr(child, c);
    });
    for (const e of elts) this.expr(child, e);
  }
}

/** Resolves each scope's names once the whole tree has been seen. */
function resolve(scope: Scope): void {
  if (scope.kind === 'function' || scope.kind === 'comprehension') {
    for (const n of scope.used) {
      if (scope.globals.has(n) || scope.nonlocals.has(n)) continue;
      if (scope.bound.has(n) && !scope.varnames.includes(n)) scope.varnames.push(n);
    }
  }
  for (const child of scope.children.values()) resolve(child);
  // free names of children: found in an enclosing function scope's locals
  for (const child of scope.children.values()) collectFree(child);
}

/** co_cellvars and co_freevars in the compiler's order (dictbytype sorts the names), once every scope is resolved. */
function sortCellsAndFrees(scope: Scope): void {
  scope.cellvars.sort();
  scope.freevars.sort();
  for (const child of scope.children.values()) sortCellsAndFrees(child);
}

function isLocal(s: Scope, n: string): boolean {
  return (s.kind === 'function' || s.kind === 'comprehension') && !s.globals.has(n) && !s.nonlocals.has(n) && s.bound.has(n);
}

function collectFree(child: Scope): void {
  const needs = new Set<string>();
  const gather = (s: Scope) => {
    for (const n of s.used) if (!isLocal(s, n) && !s.globals.has(n) && (s.kind !== 'class' || !s.bound.has(n))) needs.add(n);
    for (const n of s.nonlocals) needs.add(n);
    for (const c of s.children.values()) gather(c);
  };
  gather(child);
  for (const n of needs) {
    // the nearest enclosing function scope (classes are skipped) that binds it
    for (let p = child.parent; p !== null; p = p.parent) {
      if (p.kind === 'class') continue;
      if (p.kind === 'module') break;
      if (isLocal(p, n)) {
        if (!p.cellvars.includes(n)) p.cellvars.push(n);
        markFree(child, p, n);
        break;
      }
    }
  }
}

/** n is free in every scope between `from` (inclusive) and its owner `owner` (exclusive) that uses it. */
function markFree(from: Scope, owner: Scope, n: string): void {
  const uses = (s: Scope): boolean => s.used.includes(n) || s.nonlocals.has(n) || [...s.children.values()].some(uses);
  for (let s: Scope | null = from; s !== null && s !== owner; s = s.parent) {
    if (s.kind !== 'class' && uses(s) && !isLocal(s, n) && !s.freevars.includes(n)) s.freevars.push(n);
  }
  // also intermediate scopes between a deeper user and `from`
  const down = (s: Scope) => {
    for (const c of s.children.values()) {
      if (c.kind !== 'class' && uses(c) && !isLocal(c, n) && !c.freevars.includes(n)) c.freevars.push(n);
      if (!isLocal(c, n)) down(c);
    }
  };
  if (!isLocal(from, n)) down(from);
}

export function analyze(body: readonly Stmt[]): Scope {
  const module = newScope('module', '<module>', null, []);
  new Analyzer().visitBody(module, body);
  resolve(module);
  sortCellsAndFrees(module);
  return module;
}

/** The code name CPython gives a comprehension's function. */
export function comprehensionName(e: Expr): string {
  return e.k === 'ListComp' ? '<listcomp>' : e.k === 'SetComp' ? '<setcomp>' : '<dictcomp>';
}
