/**
 * Code constants (Python/compile.c and the AST optimizer's constant folding): every
 * literal exists, owned by its code, before the module runs; tuples of constants are folded
 * into one constant tuple, sets of constants into a constant frozenset.
 */
import { Kind, type ObjectId } from '@pymm/objects';
import type { Expr, Stmt } from './ast.js';
import { evalExpr } from './ceval_expr.js';
import { ref } from './object.js';
import type { Frame, PyState } from './pystate.js';
import { setAddAny } from './setobject.js';

/**
 * The compiler makes every constant before the module runs (co_consts of each code
 * object, tuples of constants folded into one): they exist, tracked or not, from the start.
 */
export function compileConstants(vm: PyState, body: readonly Stmt[]): void {
  const h = vm.heap;
  const visitExpr = (e: Expr | null | undefined): void => {
    if (!e) return;
    switch (e.k) {
      case 'Int': case 'Float': case 'Str': case 'Bytes': h.decrefUnchecked(evalExpr(vm, e, null as never)); return;
      case 'Tuple':
        if (e.elts.length > 0 && e.elts.every(isConstant)) { for (const x of e.elts) if (x.k !== 'Tuple') visitExpr(x); h.decrefUnchecked(constTuple(vm, e)); return; }
        for (const x of e.elts) visitExpr(x);
        return;
    }
    for (const v of Object.values(e)) {
      if (Array.isArray(v)) for (const x of v) visitAny(x);
      else if (v && typeof v === 'object') visitAny(v);
    }
  };
  const visitAny = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    const o = x as { k?: string };
    if (typeof o.k === 'string' && 'line' in o) {
      if (['Int', 'Float', 'Str', 'Bytes', 'Tuple', 'Name', 'Attr', 'Subscript', 'Slice', 'Call', 'BinOp', 'Unary', 'Compare', 'BoolOp', 'IfExp', 'List', 'Set', 'Dict', 'ListComp', 'SetComp', 'DictComp', 'Lambda', 'Starred', 'FString', 'Const'].includes(o.k)) {
        visitExpr(o as Expr);
        return;
      }
    }
    for (const v of Object.values(o)) {
      if (Array.isArray(v)) for (const y of v) visitAny(y);
      else if (v && typeof v === 'object') visitAny(v);
    }
  };
  for (const s of body) visitAny(s);
}

export function constTuple(vm: PyState, e: Extract<Expr, { k: 'Tuple' }>, key: Expr = e): ObjectId {
  return constant(vm, key, () => {
    const vals = e.elts.map((x) => evalConst(vm, x));
    const t = vm.heap.tuple(vals);
    for (const v of vals) vm.heap.decrefUnchecked(v);
    return t;
  });
}

/**
 * A set of constants as the compiler keeps it: a frozenset made from the items in source
 * order, which merge_consts_recursive then makes again from the first one's table order
 * (the first is dropped). Where the keys collide the two tables differ, and the second
 * is the one the program sees.
 */
export function constFrozenset(vm: PyState, e: Extract<Expr, { k: 'Set' }>): ObjectId {
  return constant(vm, e, () => {
    const h = vm.heap;
    const first = h.set([], true);
    for (const x of e.elts) { const v = evalConst(vm, x); try { setAddAny(vm, first, v); } finally { h.decrefUnchecked(v); } }
    const merged = h.set([], true);
    for (const k of h.setKeys(first)) h.setAdd(merged, k);
    h.decrefUnchecked(first);
    return merged;
  });
}

/**
 * fold_iter (Python/ast_opt.c): what a for loop or a comprehension iterates, and the
 * right side of a last `in` / `not in`: a literal list is made a tuple (a constant one
 * when its items are constants), a literal set of constants is a constant frozenset.
 */
export function evalIterable(vm: PyState, e: Expr, f: Frame): ObjectId {
  if (e.k === 'Set' && e.elts.every(isConstant)) return constFrozenset(vm, e);
  if (e.k === 'List' && !e.elts.some((x) => x.k === 'Starred')) {
    const t = { k: 'Tuple', line: e.line, elts: e.elts } as Extract<Expr, { k: 'Tuple' }>;
    if (e.elts.length > 0 && e.elts.every(isConstant)) return constTuple(vm, t, e);
    return evalExpr(vm, t, f);
  }
  return evalExpr(vm, e, f);
}

export function evalConst(vm: PyState, e: Expr): ObjectId {
  const h = vm.heap;
  if (e.k === 'Unary') {
    const o = e.operand as Extract<Expr, { k: 'Int' | 'Float' }>;
    return constant(vm, e, () => (o.k === 'Int' ? h.int(-o.value) : h.float(-o.value)));
  }
  if (e.k === 'Const') return e.value === 'None' ? h.none() : h.bool(e.value === 'True');
  if (e.k === 'Tuple') {
    // a tuple inside a folded constant is that constant's item, merged with an equal
    // constant the module already has (merge_consts_recursive goes into tuples)
    const vals = e.elts.map((x) => evalConst(vm, x));
    const t = h.tuple(vals);
    for (const v of vals) h.decrefUnchecked(v);
    return mergeConstant(vm, t);
  }
  return evalExpr(vm, e, null as never);
}

/**
 * A code constant: created once ("at compile time"), owned by the code for the run. Equal
 * constants of the module are one object, as merge_consts_recursive makes them (so
 * `a = 1000; b = 1000; a is b` and `(1, 2) is (1, 2)` are True): a later equal one is
 * dropped for the first.
 */
export function constant(vm: PyState, e: Expr, make: () => ObjectId): ObjectId {
  let c = vm.constants.get(e);
  if (c === undefined) {
    c = mergeConstant(vm, make());
    vm.constants.set(e, c);
  }
  return ref(vm, c);
}

/** A new constant (an owned reference), or the equal one the module already has instead (also owned). */
function mergeConstant(vm: PyState, made: ObjectId): ObjectId {
  const key = constantKey(vm, made);
  const first = key === null ? undefined : vm.constantsByValue.get(key);
  if (first === undefined || first === made) {
    if (key !== null) vm.constantsByValue.set(key, made);
    return made;
  }
  vm.heap.decrefUnchecked(made);
  return ref(vm, first);
}

/** _PyCode_ConstantKey: equal values of the same type (0.0 and -0.0 apart; NaN never equal), tuples and frozensets by their items. */
function constantKey(vm: PyState, id: ObjectId): string | null {
  const h = vm.heap;
  switch (h.kindOf(id)) {
    case Kind.Int: return `i${String(h.value(id))}`;
    case Kind.Float: { const v = h.value(id) as number; return Number.isNaN(v) ? null : `f${Object.is(v, -0) ? '-0' : String(v)}`; }
    case Kind.Str: return `s${h.value(id) as string}`;
    case Kind.Bytes: return `b${h.value(id) as string}`;
    case Kind.None: return 'N';
    case Kind.Bool: return h.value(id) ? 'T' : 'F';
    case Kind.Tuple: case Kind.FrozenSet: {
      const parts: string[] = [];
      for (const x of h.kindOf(id) === Kind.Tuple ? h.items(id) : h.setKeys(id)) {
        const k = constantKey(vm, x);
        if (k === null) return null;
        parts.push(JSON.stringify(k));
      }
      return h.kindOf(id) === Kind.Tuple ? `t(${parts.join(',')})` : `F{${parts.sort().join(',')}}`;
    }
    default: return null;
  }
}

/** A constant after the AST optimizer's folding: a literal, a negated number, a tuple of constants. */
export function isConstant(e: Expr): boolean {
  return e.k === 'Int' || e.k === 'Float' || e.k === 'Str' || e.k === 'Bytes' || e.k === 'Const' || (e.k === 'Unary' && e.op === '-' && (e.operand.k === 'Int' || e.operand.k === 'Float'))
    || (e.k === 'Tuple' && e.elts.every(isConstant));
}

/**
 * The compiler's SyntaxWarning for `is` / `is not` with a literal (compile.c's
 * check_compare: either side a constant other than None, True, False or ...), printed on
 * stderr before the module runs as the warnings module prints it: the file and line, the
 * message, then the line's source; every one (the compiler passes no registry to dedupe).
 */
export function compileWarnings(vm: PyState, body: readonly Stmt[]): void {
  const literal = (e: Expr) => isConstant(e) && !(e.k === 'Const');
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) { for (const y of x) visit(y); return; }
    const o = x as { k?: string };
    if (o.k === 'Compare') {
      const c = o as Extract<Expr, { k: 'Compare' }>;
      let left = c.first;
      c.ops.forEach((op, i) => {
        const right = c.rest[i]!;
        if ((op === 'is' || op === 'is not') && (literal(left) || literal(right))) {
          const msg = op === 'is' ? '"is" with a literal. Did you mean "=="?' : '"is not" with a literal. Did you mean "!="?';
          vm.err(`${vm.filename}:${c.line}: SyntaxWarning: ${msg}\n  ${(vm.lines[c.line - 1] ?? '').trim()}\n`);
        }
        left = right;
      });
    }
    for (const v of Object.values(o)) if (v && typeof v === 'object') visit(v);
  };
  visit(body);
}
