/**
 * The pylite interpreter: walks the AST and keeps references exactly as CPython 3.11's
 * evaluation loop does, so refcounts, deallocation order, finalizers and collections on
 * the simulated heap are CPython's.
 *
 *   CPython                                  here
 *   value stack entry                        an owned ObjectId returned by `eval`
 *   LOAD_FAST / LOAD_GLOBAL (Py_INCREF)      `load` returns a new reference
 *   BINARY_OP (result, then DECREF operands) `binop` releases left, then right
 *   frame localsplus (varnames, cells, free) `Frame.slots`, released in index order at return
 *   f_func held by the frame                 incref at call, decref after the locals
 *   MAKE_FUNCTION / MAKE_CELL / closures      heap functions, cells and closure tuples
 *   list / dict comprehensions               a function object called with iter(first iterable)
 *   __build_class__                          a body function, a namespace dict, type_new
 *
 * Not modelled: generators, with, async, decorators other than plain calls, user
 * exception classes (builtin ones only), operator overloading beyond __eq__, __lt__ and
 * friends, __repr__ / __str__ / __len__ / __bool__; each is refused with the line.
 */
import { Heap, Kind, NULL_ID, F_SPLIT, F_STATIC, ObjectsError, type ObjectId, type ObjectsHost } from '@pymm/objects';
import type { Collector } from '@pymm/gc';
import type { Arg, Comprehension, ExceptHandler, Expr, FPart, Module, Param, Stmt } from './ast.js';
import { EXCEPTION_BASES, isSubclassName, PyException, type TracebackEntry } from './errors.js';
import { bytesRepr, floatRepr, formatFloat, formatInt, formatStr, FormatSpecError, strRepr } from './format.js';
import { UnsupportedError } from './parse.js';
import { analyze, type Scope } from './scope.js';

type SlotKind = 'local' | 'cell' | 'free';

interface FuncInfo {
  readonly name: string;
  readonly qualname: string;
  readonly scope: Scope;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[] | null;
  readonly expr: Expr | null;
  readonly comp: { readonly gens: readonly Comprehension[]; readonly elt: Expr | null; readonly key: Expr | null; readonly value: Expr | null } | null;
  readonly names: string[];
  readonly kinds: SlotKind[];
  readonly index: Map<string, number>;
}

class Frame {
  line = 0;
  readonly slots: ObjectId[];
  constructor(
    readonly kind: 'module' | 'function' | 'class',
    readonly scope: Scope,
    readonly info: FuncInfo | null,
    readonly func: ObjectId,
    readonly globals: ObjectId,
    /** The class namespace (class bodies) or the globals (module). */
    readonly ns: ObjectId,
    readonly name: string,
  ) {
    this.slots = info ? new Array<ObjectId>(info.names.length).fill(NULL_ID) : [];
  }
}

class ReturnSignal { constructor(readonly value: ObjectId) {} }
class BreakSignal {}
class ContinueSignal {}

type Builtin = (args: ObjectId[], kw: [string, ObjectId][]) => ObjectId;

interface IterState {
  kind: 'seq' | 'str' | 'bytes' | 'dict' | 'range' | 'enumerate' | 'zip' | 'set';
  seq: ObjectId;
  index: number;
  /** range: current, stop, step; dict: size at start, mode. */
  a: bigint; b: bigint; c: bigint;
  mode?: 'keys' | 'values' | 'items';
  size?: number;
  parts?: ObjectId[];
}

export interface InterpreterOptions {
  readonly heap: Heap;
  readonly gc: Collector;
  readonly filename: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Wraps each statement (for the log): default runs it. */
  readonly record?: <T>(command: Record<string, unknown>, fn: () => T) => T;
  /**
   * Told of every frame pushed (depth 1 = the module; its function, NULL_ID for the
   * module; its local slots), popped, and local slot set (NULL_ID when deleted): how a
   * heap log learns which variable held which object.
   */
  readonly tracer?: {
    frameEntered(depth: number, func: number, slots: readonly number[], code: { readonly name: string; readonly names: readonly string[] } | null): void;
    frameLeft(depth: number): void;
    localSet(depth: number, local: number, value: number): void;
  };
}

const RECURSION_LIMIT = 1000;

/** ObjectsError codes that are Python exceptions (the others are interpreter bugs). */
const OBJECTS_ERROR_TYPES: Partial<Record<string, string>> = {
  TYPE_ERROR: 'TypeError', KEY_ERROR: 'KeyError', INDEX_ERROR: 'IndexError', ATTRIBUTE_ERROR: 'AttributeError', VALUE_ERROR: 'ValueError',
};

export class Interpreter implements ObjectsHost {
  readonly heap: Heap;
  readonly gc: Collector;
  private readonly filename: string;
  private readonly out: (text: string) => void;
  private readonly err: (text: string) => void;
  private readonly record: <T>(command: Record<string, unknown>, fn: () => T) => T;
  private readonly tracer: NonNullable<InterpreterOptions['tracer']> | null;
  private readonly builtins = new Map<string, ObjectId>();
  private readonly builtinFns = new Map<ObjectId, Builtin>();
  private readonly functions = new Map<ObjectId, FuncInfo>();
  private readonly excTypes = new Map<string, ObjectId>();
  private readonly excTypeName = new Map<ObjectId, string>();
  private readonly modules = new Map<string, ObjectId>();
  private readonly moduleAttrs = new Map<ObjectId, Map<string, () => ObjectId>>();
  private readonly iters = new Map<ObjectId, IterState>();
  private readonly constants = new Map<Expr, ObjectId>();
  private readonly stack: Frame[] = [];
  private readonly lines: string[] = [];
  private globals: ObjectId = NULL_ID;
  /** The exception being handled (sys.exc_info), for bare `raise`. */
  /** The exceptions being handled (innermost last), with where each was raised in its handler's frame. */
  private handling: { e: PyException; pos: PyException['pos'] }[] = [];
  private reprDepth = new Set<ObjectId>();

  constructor(options: InterpreterOptions) {
    this.heap = options.heap;
    this.gc = options.gc;
    this.filename = options.filename;
    this.out = options.stdout;
    this.err = options.stderr;
    this.record = options.record ?? (<T>(_c: Record<string, unknown>, fn: () => T) => fn());
    this.tracer = options.tracer ?? null;
    this.heap.host = this;
    this.setupBuiltins();
  }

  // --- running a module -----------------------------------------------------------------

  /** Runs the module; returns the exit status (0, or 1 after an uncaught exception's traceback). */
  run(mod: Module): number {
    this.lines.push(...mod.source.split('\n'));
    const h = this.heap;
    const scope = analyze(mod.body);
    this.globals = h.dict();
    // __main__'s dict as CPython fills it before running the file
    for (const [k, v] of [['__name__', h.str('__main__')], ['__doc__', h.none()], ['__package__', h.none()], ['__loader__', h.none()],
      ['__spec__', h.none()], ['__annotations__', h.dict()], ['__builtins__', this.moduleObject('builtins')], ['__file__', h.str(this.filename)], ['__cached__', h.none()]] as const) {
      const key = h.internedStr(k);
      h.dictSetItem(this.globals, key, v);
      h.decrefUnchecked(key);
      h.decrefUnchecked(v);
    }
    this.compileConstants(mod.body);
    const frame = new Frame('module', scope, null, NULL_ID, this.globals, this.globals, '<module>');
    let status = 0;
    try {
      this.stack.push(frame);
      this.tracer?.frameEntered(1, NULL_ID, [], null);
      this.execBlock(mod.body, frame);
    } catch (e) {
      if (e instanceof PyException) {
        e.traceback.push(this.tracebackEntry(e, frame, '<module>'));
        status = this.uncaught(e);
      } else throw e;
    } finally {
      this.tracer?.frameLeft(1);
      this.stack.pop();
    }
    this.runExitFinalizers();
    this.finalizeModule();
    return status;
  }

  /**
   * The compiler makes every constant before the module runs (co_consts of each code
   * object, tuples of constants folded into one): they exist, tracked or not, from the start.
   */
  private compileConstants(body: readonly Stmt[]): void {
    const h = this.heap;
    const visitExpr = (e: Expr | null | undefined): void => {
      if (!e) return;
      switch (e.k) {
        case 'Int': case 'Float': case 'Str': case 'Bytes': h.decrefUnchecked(this.eval(e, null as never)); return;
        case 'Tuple':
          if (e.elts.length > 0 && e.elts.every(isConstant)) { for (const x of e.elts) visitExpr(x); h.decrefUnchecked(this.constTuple(e)); return; }
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
        if (['Int', 'Float', 'Str', 'Bytes', 'Tuple', 'Name', 'Attr', 'Subscript', 'Slice', 'Call', 'BinOp', 'Unary', 'Compare', 'BoolOp', 'IfExp', 'List', 'Set', 'Dict', 'ListComp', 'DictComp', 'Lambda', 'Starred', 'FString', 'Const'].includes(o.k)) {
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

  private constTuple(e: Extract<Expr, { k: 'Tuple' }>, key: Expr = e): ObjectId {
    return this.constant(key, () => {
      const vals = e.elts.map((x) => this.evalConst(x));
      const t = this.heap.tuple(vals);
      for (const v of vals) this.heap.decrefUnchecked(v);
      return t;
    });
  }

  private evalConst(e: Expr): ObjectId {
    const h = this.heap;
    if (e.k === 'Unary') {
      const o = e.operand as Extract<Expr, { k: 'Int' | 'Float' }>;
      return this.constant(e, () => (o.k === 'Int' ? h.int(-o.value) : h.float(-o.value)));
    }
    if (e.k === 'Const') return e.value === 'None' ? h.none() : h.bool(e.value === 'True');
    return this.eval(e, null as never);
  }

  private uncaught(e: PyException): number {
    if (e.typeName === 'SystemExit') {
      const args = this.heap.items(this.heap.state.slot(e.exc, 0));
      const code = args.length > 0 ? args[0]! : NULL_ID;
      let status = 0;
      if (code !== NULL_ID && this.heap.kindOf(code) === Kind.Int) status = Number(this.heap.value(code));
      else if (code !== NULL_ID && code !== this.heap.noneId) { this.err(this.str(code) + '\n'); status = 1; }
      this.dropException(e);
      return status;
    }
    this.err(this.formatTraceback(e));
    this.dropException(e);
    return 1;
  }

  /** The traceback entry of a frame the exception leaves: where, and the failing expression. */
  private tracebackEntry(e: PyException, frame: Frame, name: string): TracebackEntry {
    const pos = e.pos;
    e.pos = undefined;
    const line = pos ? this.lineOfOffset(pos.span[0]) : frame.line;
    return { filename: this.filename, line, name, ...(pos ? { span: pos.span, node: pos.node } : {}) };
  }

  private lineStarts: number[] | null = null;

  private lineOfOffset(off: number): number {
    if (this.lineStarts === null) {
      this.lineStarts = [0];
      let at = 0;
      for (const l of this.lines) { at += l.length + 1; this.lineStarts.push(at); }
    }
    let lo = 0, hi = this.lineStarts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (this.lineStarts[mid]! <= off) lo = mid; else hi = mid - 1; }
    return lo + 1;
  }

  /**
   * tb_displayline: the source line, stripped, and under it the failing expression's
   * carets (~~^~~ anchors for a binary operation or a subscript), left out when the
   * expression is the whole line.
   */
  private caretLine(t: TracebackEntry): string | null {
    if (t.span === undefined) return null;
    const raw = this.lines[t.line - 1] ?? '';
    const lineStart = this.lineStarts![t.line - 1]!;
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
        right = sp(node.index)[1] - lineStart + 1;
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

  formatTraceback(e: PyException): string {
    let s = 'Traceback (most recent call last):\n';
    this.lineOfOffset(0);
    for (const t of [...e.traceback].reverse()) {
      s += `  File "${t.filename}", line ${t.line}, in ${t.name}\n`;
      const text = (this.lines[t.line - 1] ?? '').trim();
      if (text) {
        s += `    ${text}\n`;
        const carets = this.caretLine(t);
        if (carets !== null) s += carets + '\n';
      }
    }
    const msg = this.exceptionMessage(e.exc);
    return s + (msg === '' ? `${e.typeName}\n` : `${e.typeName}: ${msg}\n`);
  }

  /** str(exc) as the traceback's last line shows it. */
  private exceptionMessage(exc: ObjectId): string {
    const args = this.heap.items(this.heap.state.slot(exc, 0));
    const name = this.excTypeName.get(this.excClassOf(exc)) ?? '';
    if (args.length === 0) return '';
    if (args.length === 1) return name === 'KeyError' ? this.repr(args[0]!) : this.str(args[0]!);
    return this.repr(this.heap.state.slot(exc, 0));
  }

  /** What CPython does to __main__ at exit: clear its dict (underscore names first), then collect. */
  private finalizeModule(): void {
    const h = this.heap;
    const s = h.state;
    try {
      const entries = s.slots(this.globals);
      const names: ObjectId[] = [];
      for (let i = 0; i < entries.length; i += 2) if (entries[i] !== NULL_ID) names.push(entries[i]!);
      const strOf = (k: ObjectId) => (h.kindOf(k) === Kind.Str ? (h.value(k) as string) : '');
      const order = [...names.filter((k) => strOf(k).startsWith('_') && !strOf(k).startsWith('__')), ...names.filter((k) => !strOf(k).startsWith('_') || strOf(k).startsWith('__'))];
      for (const k of order) {
        if (strOf(k) === '__builtins__') continue;
        if (h.dictGetItem(this.globals, k) === NULL_ID) continue;
        h.dictSetItem(this.globals, k, h.noneId);
      }
      this.gc.collect();
    } catch (e) {
      if (!(e instanceof PyException)) throw e;
    }
  }

  // --- errors -------------------------------------------------------------------------

  /** Raise a builtin exception: an exception object on the heap, thrown as PyException. */
  raise(typeName: string, message?: string | ObjectId): never {
    const h = this.heap;
    const args: ObjectId[] = [];
    if (typeof message === 'string') args.push(h.str(message));
    else if (message !== undefined) { h.incref(message); args.push(message); }
    const exc = this.newException(typeName, args);
    for (const a of args) h.decrefUnchecked(a);
    throw new PyException(exc, typeName, message === undefined ? '' : typeof message === 'string' ? message : this.str(message));
  }

  private newException(typeName: string, args: ObjectId[]): ObjectId {
    const h = this.heap;
    const tuple = h.tuple(args);
    const exc = h.opaque(typeName, 88, [tuple, this.excTypes.get(typeName)!]);
    h.decrefUnchecked(tuple);
    return exc;
  }

  private excClassOf(exc: ObjectId): ObjectId {
    return this.heap.state.slot(exc, 1);
  }

  private isException(x: ObjectId): boolean {
    return this.heap.kindOf(x) === Kind.Opaque && this.excTypeName.has(this.heap.state.slot(x, 1));
  }

  private unsupported(what: string, line: number): never {
    throw new UnsupportedError(what, line);
  }

  // --- builtins -----------------------------------------------------------------------

  private moduleObject(name: string): ObjectId {
    let m = this.modules.get(name);
    if (m === undefined) {
      m = this.heap.staticObject('module', name);
      this.modules.set(name, m);
    }
    return m;
  }

  private defineBuiltin(name: string, fn: Builtin, typeName = 'builtin_function_or_method'): ObjectId {
    const id = this.heap.staticObject(typeName, name);
    this.builtinFns.set(id, fn);
    return id;
  }

  private setupBuiltins(): void {
    const h = this.heap;
    const b = (name: string, fn: Builtin) => this.builtins.set(name, this.defineBuiltin(name, fn));
    for (const name of Object.keys(EXCEPTION_BASES)) {
      const id = h.staticObject('type', name);
      this.excTypes.set(name, id);
      this.excTypeName.set(id, name);
      this.builtins.set(name, id);
      this.builtinFns.set(id, (args) => this.newException(name, args));
    }
    for (const t of ['int', 'float', 'str', 'bytes', 'list', 'dict', 'tuple', 'set', 'frozenset', 'bool', 'object', 'type']) {
      const id = h.typeIds.get(t)!;
      this.builtins.set(t, id);
    }
    this.builtins.set('None', h.noneId);
    b('print', (args, kw) => {
      let sep = ' ', end = '\n';
      for (const [k, v] of kw) {
        if (k === 'sep') sep = v === h.noneId ? ' ' : this.str(v);
        else if (k === 'end') end = v === h.noneId ? '\n' : this.str(v);
        else if (k !== 'flush' && k !== 'file') this.raise('TypeError', `'${k}' is an invalid keyword argument for print()`);
      }
      this.out(args.map((a) => this.str(a)).join(sep) + end);
      return h.none();
    });
    b('len', (args) => this.newInt(BigInt(this.len(this.one(args, 'len')))));
    b('repr', (args) => h.str(this.repr(this.one(args, 'repr'))));
    b('id', (args) => this.newInt(BigInt(h.addressOf(this.one(args, 'id')))));
    b('hash', (args) => this.newInt(this.hash(this.one(args, 'hash'))));
    b('isinstance', (args) => h.bool(this.isInstance(args[0]!, args[1]!)));
    b('iter', (args) => this.getIter(this.one(args, 'iter')));
    b('next', (args) => {
      const v = this.next(args[0]!);
      if (v !== null) return v;
      if (args.length > 1) { h.incref(args[1]!); return args[1]!; }
      return this.raise('StopIteration');
    });
    b('range', (args) => this.makeRange(args));
    b('enumerate', (args, kw) => {
      const it = this.getIter(args[0]!);
      const startArg = args[1] ?? kw.find(([k]) => k === 'start')?.[1];
      const result = this.resultTuple(2);
      const e = h.opaque('enumerate', 72, [it, result]);
      h.decrefUnchecked(it);
      h.decrefUnchecked(result);
      this.iters.set(e, { kind: 'enumerate', seq: it, index: 0, a: startArg ? this.intOf(startArg) : 0n, b: 0n, c: 0n });
      return e;
    });
    b('zip', (args) => {
      const its = args.map((a) => this.getIter(a));
      const result = this.resultTuple(its.length);
      const z = h.opaque('zip', 64, [...its, result]);
      for (const it of its) h.decrefUnchecked(it);
      h.decrefUnchecked(result);
      this.iters.set(z, { kind: 'zip', seq: NULL_ID, index: 0, a: 0n, b: 0n, c: 0n, parts: its });
      return z;
    });
    b('sorted', (args, kw) => {
      const list = this.listFrom(args[0]!);
      this.sortList(list, kw);
      return list;
    });
    b('min', (args, kw) => this.minmax(args, kw, 'min'));
    b('max', (args, kw) => this.minmax(args, kw, 'max'));
    b('sum', (args) => {
      let acc = args[1] !== undefined ? (h.incref(args[1]), args[1]) : this.newInt(0n);
      const it = this.getIter(args[0]!);
      try {
        for (let x = this.next(it); x !== null; x = this.next(it)) acc = this.binop('+', acc, x, 0);
      } finally { h.decrefUnchecked(it); }
      return acc;
    });
    b('abs', (args) => {
      const x = this.one(args, 'abs');
      if (h.kindOf(x) === Kind.Float) return h.float(Math.abs(h.value(x) as number));
      const v = this.intOf(x);
      return this.newInt(v < 0n ? -v : v);
    });
    b('divmod', (args) => {
      const q = this.binop('//', this.ref(args[0]!), this.ref(args[1]!), 0);
      const r = this.binop('%', this.ref(args[0]!), this.ref(args[1]!), 0);
      const t = h.tuple([q, r]);
      h.decrefUnchecked(q); h.decrefUnchecked(r);
      return t;
    });
    b('round', (args) => {
      const x = args[0]!;
      if (args.length > 1 && args[1] !== h.noneId) {
        const nd = Number(this.intOf(args[1]!));
        if (h.kindOf(x) !== Kind.Float) { h.incref(x); return x; }
        return h.float(Number((h.value(x) as number).toFixed(nd)));
      }
      if (h.kindOf(x) !== Kind.Float) { h.incref(x); return x; }
      const v = h.value(x) as number;
      const r = Math.round(v);
      return this.newInt(BigInt(Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r));
    });
    b('chr', (args) => h.str(String.fromCodePoint(Number(this.intOf(args[0]!)))));
    b('ord', (args) => this.newInt(BigInt((h.value(args[0]!) as string).codePointAt(0)!)));
    b('callable', (args) => h.bool(this.isCallable(args[0]!)));
    b('getattr', (args) => {
      const name = this.strOf(args[1]!);
      try {
        return this.getAttr(args[0]!, name, 0);
      } catch (e) {
        if (args.length > 2 && e instanceof PyException && e.typeName === 'AttributeError') {
          this.dropException(e);
          h.incref(args[2]!);
          return args[2]!;
        }
        throw e;
      }
    });
    b('setattr', (args) => { this.setAttr(args[0]!, this.strOf(args[1]!), args[2]!, 0); return h.none(); });
    b('hasattr', (args) => {
      try {
        const v = this.getAttr(args[0]!, this.strOf(args[1]!), 0);
        h.decrefUnchecked(v);
        return h.bool(true);
      } catch (e) {
        if (e instanceof PyException && e.typeName === 'AttributeError') { this.dropException(e); return h.bool(false); }
        throw e;
      }
    });
    b('delattr', (args) => { this.delAttr(args[0]!, this.strOf(args[1]!), 0); return h.none(); });
    b('globals', () => { h.incref(this.globals); return this.globals; });
    b('any', (args) => this.anyAll(args[0]!, true));
    b('all', (args) => this.anyAll(args[0]!, false));
    b('reversed', (args) => {
      const l = this.listFrom(args[0]!);
      const items = h.items(l).reverse();
      const r = h.list(items);
      h.decrefUnchecked(l);
      const it = this.getIter(r);
      h.decrefUnchecked(r);
      return it;
    });
    b('format', (args) => h.str(this.format(args[0]!, args[1] !== undefined ? this.strOf(args[1]) : '')));
    b('dir', (args) => {
      const names = args.length > 0 && h.kindOf(args[0]!) === Kind.Instance ? this.instanceAttrNames(args[0]!) : [];
      const strs = names.sort().map((n) => h.str(n));
      const l = h.list(strs);
      for (const s of strs) h.decrefUnchecked(s);
      return l;
    });
    b('__build_class__', () => this.raise('TypeError', '__build_class__ is not callable from pylite'));
    this.setupModules();
  }

  private setupModules(): void {
    const h = this.heap;
    const gc = this.gc;
    const attrs = (mod: string, entries: Record<string, () => ObjectId>) => this.moduleAttrs.set(this.moduleObject(mod), new Map(Object.entries(entries)));
    const fn = (mod: string, name: string, f: Builtin) => { const id = this.defineBuiltin(`${mod}.${name}`, f); return () => (h.incref(id), id); };
    const intc = (v: number) => () => this.newInt(BigInt(v));
    const tupleOf = (vals: number[]) => { const items = vals.map((v) => this.newInt(BigInt(v))); const t = h.tuple(items); for (const x of items) h.decrefUnchecked(x); return t; };
    const listOf = (ids: ObjectId[]) => h.list(ids);
    const gen = (args: ObjectId[], kw: [string, ObjectId][]) => {
      const g = args[0] ?? kw.find(([k]) => k === 'generation')?.[1];
      return g === undefined || g === h.noneId ? undefined : Number(this.intOf(g));
    };
    attrs('gc', {
      collect: fn('gc', 'collect', (args, kw) => {
        const g = gen(args, kw) ?? 2;
        if (g < 0 || g > 2) this.raise('ValueError', 'invalid generation');
        return this.newInt(BigInt(gc.collect(g)));
      }),
      enable: fn('gc', 'enable', () => { gc.enable(); return h.none(); }),
      disable: fn('gc', 'disable', () => { gc.disable(); return h.none(); }),
      isenabled: fn('gc', 'isenabled', () => h.bool(gc.isEnabled())),
      get_count: fn('gc', 'get_count', () => tupleOf(gc.getCount())),
      get_threshold: fn('gc', 'get_threshold', () => tupleOf(gc.getThreshold())),
      set_threshold: fn('gc', 'set_threshold', (args) => {
        if (args.length === 0) this.raise('TypeError', `set_threshold() takes at least 1 argument (0 given)`);
        const v = args.map((a) => Number(this.intOf(a)));
        gc.setThreshold(v[0]!, v[1], v[2]);
        return h.none();
      }),
      get_objects: fn('gc', 'get_objects', (args, kw) => {
        const g = gen(args, kw);
        if (g !== undefined && g >= 3) this.raise('ValueError', 'generation parameter must be less than the number of available generations (3)');
        if (g !== undefined && g < 0) this.raise('ValueError', 'generation parameter cannot be negative');
        return listOf(gc.getObjects(g));
      }),
      get_referrers: fn('gc', 'get_referrers', (args) => listOf(gc.getReferrers(args))),
      get_referents: fn('gc', 'get_referents', (args) => listOf(gc.getReferents(args))),
      is_tracked: fn('gc', 'is_tracked', (args) => h.bool(h.isGc(args[0]!) && h.isTracked(args[0]!))),
      is_finalized: fn('gc', 'is_finalized', (args) => h.bool(h.isFinalized(args[0]!))),
      freeze: fn('gc', 'freeze', () => { gc.freeze(); return h.none(); }),
      unfreeze: fn('gc', 'unfreeze', () => { gc.unfreeze(); return h.none(); }),
      get_freeze_count: fn('gc', 'get_freeze_count', () => this.newInt(BigInt(gc.getFreezeCount()))),
      get_stats: fn('gc', 'get_stats', () => {
        const dicts = gc.getStats().map((st) => {
          const d = h.dict();
          for (const [k, v] of Object.entries(st)) { const key = h.internedStr(k); const val = this.newInt(BigInt(v)); h.dictSetItem(d, key, val); h.decrefUnchecked(key); h.decrefUnchecked(val); }
          return d;
        });
        const l = h.list(dicts);
        for (const d of dicts) h.decrefUnchecked(d);
        return l;
      }),
      set_debug: fn('gc', 'set_debug', (args) => { gc.setDebug(Number(this.intOf(args[0]!))); return h.none(); }),
      get_debug: fn('gc', 'get_debug', () => this.newInt(BigInt(gc.getDebug()))),
      garbage: () => (h.incref(gc.garbage()), gc.garbage()),
      callbacks: () => (h.incref(gc.callbacks()), gc.callbacks()),
      DEBUG_STATS: intc(1), DEBUG_COLLECTABLE: intc(2), DEBUG_UNCOLLECTABLE: intc(4), DEBUG_SAVEALL: intc(32), DEBUG_LEAK: intc(38),
    });
    attrs('sys', {
      getrefcount: fn('sys', 'getrefcount', (args) => this.newInt(BigInt(h.refcount(this.one(args, 'getrefcount'))))),
      getsizeof: fn('sys', 'getsizeof', (args) => this.newInt(BigInt(this.sizeof(args[0]!)))),
      exit: fn('sys', 'exit', (args) => { throw new PyException(this.newException('SystemExit', args), 'SystemExit', ''); }),
      maxsize: () => this.newInt(2n ** 63n - 1n),
    });
    attrs('weakref', {
      ref: () => { const id = this.weakrefType(); h.incref(id); return id; },
      finalize: fn('weakref', 'finalize', (args, kw) => this.makeFinalize(args, kw)),
    });
  }

  /** weakref.finalize objects still pending, in creation order (weakref._registry). */
  private readonly finalizers: ObjectId[] = [];

  /**
   * weakref.finalize(obj, func, *args, **kwargs): an object holding func and its
   * arguments, registered (kept alive) until it runs, with a weakref to obj whose
   * callback is the finalize object itself.
   */
  private makeFinalize(args: ObjectId[], kw: [string, ObjectId][]): ObjectId {
    const h = this.heap;
    const [obj, func, ...rest] = args;
    if (obj === undefined || func === undefined) this.raise('TypeError', 'finalize expected at least 2 positional arguments');
    const tuple = h.tuple(rest);
    const kwargs = h.dict();
    for (const [k, v] of kw) { const key = h.str(k); h.dictSetItem(kwargs, key, v); h.decrefUnchecked(key); }
    const fin = h.opaque('finalize', 48, [func, tuple, kwargs, NULL_ID]);
    h.decrefUnchecked(tuple);
    h.decrefUnchecked(kwargs);
    const wr = h.weakref(obj, fin);
    h.opaqueSet(fin, 3, wr);
    h.decrefUnchecked(wr);
    h.incref(fin);
    this.finalizers.push(fin);
    return fin;
  }

  /** finalize.__call__: runs once (detaching it from the registry), returns func's result; later calls give None. */
  private callFinalize(fin: ObjectId): ObjectId {
    const h = this.heap;
    const i = this.finalizers.indexOf(fin);
    if (i < 0) return h.none();
    this.finalizers.splice(i, 1);
    const [func, tuple, kwargs] = [0, 1, 2].map((k) => h.state.slot(fin, k));
    h.incref(func!);
    const args = h.items(tuple!);
    for (const a of args) h.incref(a);
    const kw = this.dictPairs(kwargs!).map(([k, v]): [string, ObjectId] => { h.incref(v); return [h.value(k) as string, v]; });
    try {
      return this.call(func!, args, kw, this.currentLine());
    } finally {
      h.decrefUnchecked(func!);
      h.decrefUnchecked(fin); // the registry's reference
    }
  }

  /** weakref's atexit hook: pending finalizers, newest first. */
  private runExitFinalizers(): void {
    while (this.finalizers.length > 0) {
      const fin = this.finalizers[this.finalizers.length - 1]!;
      this.heap.incref(fin);
      try {
        this.heap.decrefUnchecked(this.callFinalize(fin));
      } catch (e) {
        if (!(e instanceof PyException)) throw e;
        this.err('Exception ignored in atexit callback\n' + this.formatTraceback(e));
        this.dropException(e);
      } finally {
        this.heap.decrefUnchecked(fin);
      }
    }
  }

  private weakrefTypeId: ObjectId = NULL_ID;
  private weakrefType(): ObjectId {
    if (this.weakrefTypeId === NULL_ID) {
      this.weakrefTypeId = this.heap.typeIds.get('weakref')!;
      this.builtinFns.set(this.weakrefTypeId, (args) => this.heap.weakref(args[0]!, args[1] ?? NULL_ID));
    }
    return this.weakrefTypeId;
  }

  private one(args: ObjectId[], name: string): ObjectId {
    if (args.length !== 1) this.raise('TypeError', `${name}() takes exactly one argument (${args.length} given)`);
    return args[0]!;
  }

  private currentLine(): number {
    return this.stack[this.stack.length - 1]?.line ?? 0;
  }

  // --- small helpers ---------------------------------------------------------------------

  private ref(id: ObjectId): ObjectId {
    this.heap.incref(id);
    return id;
  }

  private newInt(v: bigint): ObjectId {
    return this.heap.int(v);
  }

  private intOf(id: ObjectId): bigint {
    const k = this.heap.kindOf(id);
    if (k === Kind.Int) return this.heap.value(id) as bigint;
    if (k === Kind.Bool) return this.heap.value(id) ? 1n : 0n;
    return this.raise('TypeError', `'${this.typeName(id)}' object cannot be interpreted as an integer`);
  }

  private strOf(id: ObjectId): string {
    if (this.heap.kindOf(id) !== Kind.Str) this.raise('TypeError', `expected str, got ${this.typeName(id)}`);
    return this.heap.value(id) as string;
  }

  typeName(id: ObjectId): string {
    if (this.isException(id)) return this.excTypeName.get(this.excClassOf(id))!;
    return this.heap.typeName(id);
  }

  /** A reusable result tuple (enumerate's, zip's): PyTuple_New filled with None. */
  private resultTuple(n: number): ObjectId {
    const nones = new Array<ObjectId>(n).fill(this.heap.noneId);
    return this.heap.tuple(nones);
  }

  // --- statements -------------------------------------------------------------------------

  private execBlock(body: readonly Stmt[], f: Frame): void {
    for (const s of body) this.exec(s, f);
  }

  private exec(s: Stmt, f: Frame): void {
    f.line = s.line;
    this.record({ line: s.line }, () => {
      try {
        this.execInner(s, f);
      } catch (e) {
        if (e instanceof PyException && e.pos === undefined) {
          const span = (s as { span?: [number, number] }).span;
          if (span !== undefined) e.pos = { span, node: s };
        }
        // the heap refused an operation the way CPython raises: the same exception here
        if (e instanceof ObjectsError) {
          const type = OBJECTS_ERROR_TYPES[e.code];
          if (type !== undefined) this.raise(type, e.message.replace(/^KeyError: /, ''));
        }
        throw e;
      }
    });
  }

  private execInner(s: Stmt, f: Frame): void {
    const h = this.heap;
    switch (s.k) {
      case 'Expr': h.decrefUnchecked(this.eval(s.value, f)); return;
      case 'Assign': {
        const v = this.eval(s.value, f);
        for (let i = 0; i < s.targets.length; i++) {
          if (i < s.targets.length - 1) h.incref(v);
          this.assign(s.targets[i]!, v, f);
        }
        return;
      }
      case 'AugAssign': return this.augAssign(s, f);
      case 'Del': for (const t of s.targets) this.del(t, f); return;
      case 'Pass': return;
      case 'If': {
        if (this.truthEval(s.test, f)) this.execBlock(s.body, f);
        else this.execBlock(s.orelse, f);
        return;
      }
      case 'While': {
        for (;;) {
          f.line = s.line;
          if (!this.truthEval(s.test, f)) { this.execBlock(s.orelse, f); return; }
          try {
            this.execBlock(s.body, f);
          } catch (e) {
            if (e instanceof BreakSignal) return;
            if (e instanceof ContinueSignal) continue;
            throw e;
          }
        }
      }
      case 'For': return this.forStmt(s, f);
      case 'Break': throw new BreakSignal();
      case 'Continue': throw new ContinueSignal();
      case 'Return': throw new ReturnSignal(s.value ? this.eval(s.value, f) : h.none());
      case 'Def': {
        const fn = this.makeFunction(s.name, s.params, s.body, null, null, f, s);
        this.storeName(s.name, this.decorate(fn, s.decorators, f), f);
        return;
      }
      case 'Class': return this.classDef(s, f);
      case 'Global': case 'Nonlocal': return;
      case 'Assert': {
        if (!this.truthEval(s.test, f)) {
          // the traceback points at the test (where the compiler puts the raise)
          const at = (e: unknown) => { if (e instanceof PyException && e.pos === undefined) e.pos = { span: (s.test as unknown as { span: [number, number] }).span, node: s.test }; return e; };
          if (s.msg) {
            const m = this.eval(s.msg, f);
            try { this.raise('AssertionError', m); } catch (e) { throw at(e); } finally { h.decrefUnchecked(m); }
          }
          try { this.raise('AssertionError'); } catch (e) { throw at(e); }
        }
        return;
      }
      case 'Import':
        for (const n of s.names) {
          if (!['gc', 'sys', 'weakref'].includes(n.name)) this.unsupported(`import of '${n.name}'`, s.line);
          this.storeName(n.asname ?? n.name, this.ref(this.moduleObject(n.name)), f);
        }
        return;
      case 'ImportFrom': {
        if (!['gc', 'sys', 'weakref'].includes(s.module)) this.unsupported(`import from '${s.module}'`, s.line);
        const m = this.moduleObject(s.module);
        for (const n of s.names) this.storeName(n.asname ?? n.name, this.getAttr(m, n.name, s.line), f);
        return;
      }
      case 'Try': return this.tryStmt(s, f);
      case 'Raise': {
        if (s.exc === null) {
          const cur = this.handling[this.handling.length - 1];
          if (cur === undefined) this.raise('RuntimeError', 'No active exception to reraise');
          // RERAISE: the same exception with the traceback it already has (where it was first raised)
          h.incref(cur.e.exc);
          const again = new PyException(cur.e.exc, cur.e.typeName, this.exceptionMessage(cur.e.exc));
          again.traceback.push(...cur.e.traceback);
          again.frames.push(...cur.e.frames.splice(0));
          again.pos = cur.pos;
          throw again;
        }
        let exc = this.eval(s.exc, f);
        if (s.cause) h.decrefUnchecked(this.eval(s.cause, f));
        if (this.excTypeName.has(exc)) {
          const inst = this.newException(this.excTypeName.get(exc)!, []);
          h.decrefUnchecked(exc);
          exc = inst;
        }
        if (!this.isException(exc)) {
          h.decrefUnchecked(exc);
          this.raise('TypeError', 'exceptions must derive from BaseException');
        }
        throw new PyException(exc, this.typeName(exc), this.exceptionMessage(exc));
      }
    }
  }

  private decorate(fn: ObjectId, decorators: readonly Expr[], f: Frame): ObjectId {
    let v = fn;
    for (const d of [...decorators].reverse()) {
      const dec = this.eval(d, f);
      v = this.call(dec, [v], [], f.line);
    }
    return v;
  }

  private forStmt(s: Extract<Stmt, { k: 'For' }>, f: Frame): void {
    const h = this.heap;
    // GET_ITER: the iterator takes its own reference, then the iterable is released
    const src = this.eval(s.iter, f);
    let it: ObjectId;
    try { it = this.getIter(src); } finally { h.decrefUnchecked(src); }
    try {
      for (;;) {
        f.line = s.line;
        const v = this.next(it);
        if (v === null) break;
        this.assign(s.target, v, f);
        try {
          this.execBlock(s.body, f);
        } catch (e) {
          if (e instanceof BreakSignal) return;
          if (e instanceof ContinueSignal) continue;
          throw e;
        }
      }
      this.execBlock(s.orelse, f);
    } finally {
      h.decrefUnchecked(it);
    }
  }

  private tryStmt(s: Extract<Stmt, { k: 'Try' }>, f: Frame): void {
    const h = this.heap;
    try {
      let handled = false;
      try {
        this.execBlock(s.body, f);
      } catch (e) {
        if (!(e instanceof PyException) || s.handlers.length === 0) throw e;
        const handler = this.matchHandler(s.handlers, e, f);
        if (handler === null) throw e;
        handled = true;
        this.handling.push({ e, pos: e.pos });
        e.pos = undefined;
        try {
          if (handler.name) { h.incref(e.exc); this.storeName(handler.name, e.exc, f); }
          this.execBlock(handler.body, f);
        } finally {
          this.handling.pop();
          if (handler.name) this.deleteName(handler.name, f, true);
          this.dropException(e);
        }
      }
      if (!handled) this.execBlock(s.orelse, f);
    } finally {
      if (s.finalbody.length > 0) this.execBlock(s.finalbody, f);
    }
  }

  private matchHandler(handlers: readonly ExceptHandler[], e: PyException, f: Frame): ExceptHandler | null {
    for (const hd of handlers) {
      if (hd.type === null) return hd;
      const t = this.eval(hd.type, f);
      try {
        const types = this.heap.kindOf(t) === Kind.Tuple ? this.heap.items(t) : [t];
        for (const ty of types) {
          const name = this.excTypeName.get(ty);
          if (name === undefined) this.raise('TypeError', 'catching classes that do not inherit from BaseException is not allowed');
          if (isSubclassName(e.typeName, name)) return hd;
        }
      } finally {
        this.heap.decrefUnchecked(t);
      }
    }
    return null;
  }

  // --- assignment -----------------------------------------------------------------------

  /** Stores the owned value `v` into `target`. */
  private assign(target: Expr, v: ObjectId, f: Frame): void {
    const h = this.heap;
    switch (target.k) {
      case 'Name': this.storeName(target.id, v, f); return;
      case 'Attr': {
        const obj = this.eval(target.obj, f);
        try { this.setAttr(obj, target.name, v, target.line); } catch (e) { throw this.at(e, target); } finally { h.decrefUnchecked(v); h.decrefUnchecked(obj); }
        return;
      }
      case 'Subscript': {
        const obj = this.eval(target.obj, f);
        const idx = this.eval(target.index, f);
        try { this.setItem(obj, idx, v, target.line); } catch (e) { throw this.at(e, target); } finally { h.decrefUnchecked(v); h.decrefUnchecked(obj); h.decrefUnchecked(idx); }
        return;
      }
      case 'Tuple': case 'List': {
        // UNPACK_SEQUENCE: the items get new references, then the sequence is released
        const items = this.unpack(v, target.elts.length, target.line);
        h.decrefUnchecked(v);
        target.elts.forEach((t, i) => this.assign(t, items[i]!, f));
        return;
      }
      default: this.unsupported(`assignment to ${target.k}`, target.line);
    }
  }

  /** Marks a Python exception as raised at `node` (a store / delete target) in this frame. */
  private at(e: unknown, node: Expr): unknown {
    if (e instanceof PyException && e.pos === undefined) {
      const span = (node as { span?: [number, number] }).span;
      if (span !== undefined) e.pos = { span, node };
    }
    return e;
  }

  private unpack(v: ObjectId, n: number, line: number): ObjectId[] {
    const h = this.heap;
    const k = h.kindOf(v);
    let items: ObjectId[];
    if (k === Kind.Tuple || k === Kind.List) items = h.items(v);
    else {
      const l = this.listFrom(v);
      items = h.items(l);
      for (const x of items) h.incref(x);
      h.decrefUnchecked(l);
      if (items.length !== n) { for (const x of items) h.decrefUnchecked(x); this.unpackError(items.length, n); }
      return items;
    }
    if (items.length !== n) this.unpackError(items.length, n);
    for (const x of items) h.incref(x);
    void line;
    return items;
  }

  private unpackError(got: number, want: number): never {
    if (got > want) this.raise('ValueError', `too many values to unpack (expected ${want})`);
    return this.raise('ValueError', `not enough values to unpack (expected ${want}, got ${got})`);
  }

  private augAssign(s: Extract<Stmt, { k: 'AugAssign' }>, f: Frame): void {
    const h = this.heap;
    const t = s.target;
    if (t.k === 'Name') {
      const cur = this.loadName(t.id, f, t.line);
      const v = this.eval(s.value, f);
      this.storeName(t.id, this.binop(s.op, cur, v, s.line, true), f);
      return;
    }
    if (t.k === 'Attr') {
      const obj = this.eval(t.obj, f);
      try {
        const cur = this.getAttr(obj, t.name, t.line);
        const v = this.eval(s.value, f);
        const r = this.binop(s.op, cur, v, s.line, true);
        try { this.setAttr(obj, t.name, r, t.line); } finally { h.decrefUnchecked(r); }
      } finally { h.decrefUnchecked(obj); }
      return;
    }
    if (t.k === 'Subscript') {
      const obj = this.eval(t.obj, f);
      const idx = this.eval(t.index, f);
      try {
        const cur = this.getItem(obj, idx, t.line);
        const v = this.eval(s.value, f);
        const r = this.binop(s.op, cur, v, s.line, true);
        try { this.setItem(obj, idx, r, t.line); } finally { h.decrefUnchecked(r); }
      } finally { h.decrefUnchecked(obj); h.decrefUnchecked(idx); }
      return;
    }
    this.unsupported('this augmented assignment target', s.line);
  }

  private del(t: Expr, f: Frame): void {
    const h = this.heap;
    switch (t.k) {
      case 'Name': this.deleteName(t.id, f, false); return;
      case 'Attr': {
        const obj = this.eval(t.obj, f);
        try { this.delAttr(obj, t.name, t.line); } finally { h.decrefUnchecked(obj); }
        return;
      }
      case 'Subscript': {
        const obj = this.eval(t.obj, f);
        const idx = this.eval(t.index, f);
        try { this.delItem(obj, idx, t.line); } finally { h.decrefUnchecked(obj); h.decrefUnchecked(idx); }
        return;
      }
      case 'Tuple': case 'List': for (const e of t.elts) this.del(e, f); return;
      default: this.unsupported(`del of ${t.k}`, t.line);
    }
  }

  // --- names ------------------------------------------------------------------------------

  private slotOf(name: string, f: Frame): number {
    return f.info?.index.get(name) ?? -1;
  }

  private isGlobalIn(name: string, f: Frame): boolean {
    if (f.kind === 'module') return true;
    return f.scope.globals.has(name);
  }

  private storeName(name: string, v: ObjectId, f: Frame): void {
    const h = this.heap;
    if (f.kind === 'function' && !f.scope.globals.has(name)) {
      const i = this.slotOf(name, f);
      if (i >= 0) {
        const kind = f.info!.kinds[i]!;
        if (kind === 'local') {
          const old = f.slots[i]!;
          f.slots[i] = v;
          this.tracer?.localSet(this.depthOf(f), i, v);
          if (old !== NULL_ID) h.decrefUnchecked(old);
        } else {
          h.cellSet(f.slots[i]!, v);
          h.decrefUnchecked(v);
        }
        return;
      }
    }
    const target = f.kind === 'class' && !f.scope.globals.has(name) ? f.ns : f.globals;
    const key = h.internedStr(name);
    try { h.dictSetItem(target, key, v); } finally { h.decrefUnchecked(key); h.decrefUnchecked(v); }
  }

  private deleteName(name: string, f: Frame, silent: boolean): void {
    const h = this.heap;
    if (f.kind === 'function' && !f.scope.globals.has(name)) {
      const i = this.slotOf(name, f);
      if (i >= 0) {
        if (f.info!.kinds[i] === 'local') {
          const old = f.slots[i]!;
          if (old === NULL_ID) { if (silent) return; this.raise('UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`); }
          f.slots[i] = NULL_ID;
          this.tracer?.localSet(this.depthOf(f), i, NULL_ID);
          h.decrefUnchecked(old);
        } else {
          h.cellSet(f.slots[i]!, NULL_ID);
        }
        return;
      }
    }
    const target = f.kind === 'class' && !f.scope.globals.has(name) ? f.ns : f.globals;
    const key = h.internedStr(name);
    try {
      if (h.dictGetItem(target, key) === NULL_ID) { if (silent) return; this.raise('NameError', `name '${name}' is not defined`); }
      h.dictDelItem(target, key);
    } finally { h.decrefUnchecked(key); }
  }

  /** LOAD_FAST / LOAD_DEREF / LOAD_NAME / LOAD_GLOBAL: a new reference. */
  private loadName(name: string, f: Frame, line: number): ObjectId {
    const h = this.heap;
    if (f.kind !== 'module' && !this.isGlobalIn(name, f)) {
      const i = this.slotOf(name, f);
      if (i >= 0) {
        const kind = f.info!.kinds[i]!;
        const v = kind === 'local' ? f.slots[i]! : h.state.slot(f.slots[i]!, 0);
        if (v === NULL_ID) {
          if (kind === 'local') this.raise('UnboundLocalError', `cannot access local variable '${name}' where it is not associated with a value`);
          this.raise('NameError', `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`);
        }
        h.incref(v);
        return v;
      }
    }
    if (f.kind === 'class') {
      const v = h.dictGetStr(f.ns, name);
      if (v !== NULL_ID) return this.ref(v);
    }
    const g = h.dictGetStr(f.globals, name);
    if (g !== NULL_ID) return this.ref(g);
    const b = this.builtins.get(name);
    if (b !== undefined) return this.ref(b);
    void line;
    return this.raise('NameError', `name '${name}' is not defined`);
  }

  // --- functions and classes --------------------------------------------------------------

  private funcInfo(name: string, qualname: string, scope: Scope, params: readonly Param[], body: readonly Stmt[] | null, expr: Expr | null, comp: FuncInfo['comp']): FuncInfo {
    const names: string[] = [];
    const kinds: SlotKind[] = [];
    for (const v of scope.varnames) { names.push(v); kinds.push(scope.cellvars.includes(v) ? 'cell' : 'local'); }
    for (const c of scope.cellvars) if (!names.includes(c)) { names.push(c); kinds.push('cell'); }
    for (const fv of scope.freevars) { names.push(fv); kinds.push('free'); }
    return { name, qualname, scope, params, body, expr, comp, names, kinds, index: new Map(names.map((n, i) => [n, i])) };
  }

  private qualnameFor(name: string, f: Frame): string {
    if (f.kind === 'module') return name;
    if (f.kind === 'class') return `${f.name}.${name}`;
    return `${f.info?.qualname ?? f.name}.<locals>.${name}`;
  }

  /** MAKE_FUNCTION: defaults tuple, closure tuple (the cells of the free variables), the function object. */
  private makeFunction(name: string, params: readonly Param[], body: readonly Stmt[] | null, expr: Expr | null, comp: FuncInfo['comp'], f: Frame, node: object): ObjectId {
    const h = this.heap;
    const scope = f.scope.children.get(node)!;
    const defaults = params.filter((p) => p.default !== null);
    let defaultsTuple = NULL_ID;
    if (defaults.length > 0) {
      const vals = defaults.map((p) => this.eval(p.default!, f));
      defaultsTuple = h.tuple(vals);
      for (const v of vals) h.decrefUnchecked(v);
    }
    let closure = NULL_ID;
    if (scope.freevars.length > 0) {
      const cells = scope.freevars.map((n) => {
        const i = this.slotOf(n, f);
        if (i < 0) throw new Error(`pylite: no cell for free variable ${n}`);
        return f.slots[i]!;
      });
      closure = h.tuple(cells);
    }
    const qualname = this.qualnameFor(name, f);
    const fn = h.func({ name, qualname, globals: f.globals, defaults: defaultsTuple, closure });
    if (defaultsTuple !== NULL_ID) h.decrefUnchecked(defaultsTuple);
    if (closure !== NULL_ID) h.decrefUnchecked(closure);
    this.functions.set(fn, this.funcInfo(name, qualname, scope, params, body, expr, comp));
    return fn;
  }

  private classDef(s: Extract<Stmt, { k: 'Class' }>, f: Frame): void {
    const h = this.heap;
    // LOAD_BUILD_CLASS; MAKE_FUNCTION (the body); bases; CALL __build_class__
    const bodyFn = this.makeFunction(s.name, [], s.body, null, null, f, s);
    const bases = s.bases.map((b) => this.eval(b, f));
    const ns = h.dict();
    const scope = f.scope.children.get(s)!;
    const info = this.functions.get(bodyFn)!;
    const frame = new Frame('class', scope, info, bodyFn, f.globals, ns, s.name);
    let cls: ObjectId = NULL_ID;
    try {
      // the class body sets __module__ and __qualname__ first
      const mod = h.str('__main__');
      this.storeName('__module__', mod, frame);
      this.storeName('__qualname__', h.str(this.qualnameFor(s.name, f)), frame);
      this.callFrame(frame, () => this.execBlock(s.body, frame));
      const attrs: [string, ObjectId][] = [];
      let slots: string[] | undefined;
      let hasDel = false;
      const entries = h.state.slots(ns);
      for (let i = 0; i < entries.length; i += 2) {
        const k = entries[i]!;
        if (k === NULL_ID) continue;
        const name = h.value(k) as string;
        const v = entries[i + 1]!;
        if (name === '__module__' || name === '__qualname__') continue;
        if (name === '__slots__') {
          const kind = h.kindOf(v);
          slots = kind === Kind.Str ? [h.value(v) as string] : h.items(v).map((x) => this.strOf(x));
        }
        if (name === '__del__') hasDel = true;
        attrs.push([name, v]);
      }
      for (const b of bases) {
        if (h.kindOf(b) !== Kind.Type || (b !== h.typeIds.get('object') && h.state.types.get(b)?.isHeap !== true)) {
          this.unsupported(`a class deriving from '${this.repr(b)}'`, s.line);
        }
      }
      cls = h.newClass(s.name, { bases, attributes: attrs, hasDel, ...(slots ? { slots } : {}) });
      this.classQualnames.set(cls, this.qualnameFor(s.name, f));
    } finally {
      h.decrefUnchecked(ns);
      for (const b of bases) h.decrefUnchecked(b);
      h.decrefUnchecked(bodyFn);
    }
    this.storeName(s.name, this.decorate(cls, s.decorators, f), f);
  }

  private readonly classQualnames = new Map<ObjectId, string>();

  /** Pushes a frame, runs `body`, then releases the frame's slots in index order and its function. */
  private callFrame<T>(frame: Frame, body: () => T): T {
    const h = this.heap;
    if (this.stack.length >= RECURSION_LIMIT) this.raise('RecursionError', 'maximum recursion depth exceeded');
    if (frame.func !== NULL_ID) h.incref(frame.func);
    this.stack.push(frame);
    const depth = this.stack.length;
    this.tracer?.frameEntered(depth, frame.func, frame.slots, frame.info !== null ? { name: frame.info.qualname, names: frame.info.names } : null);
    let result: T;
    try {
      result = body();
    } catch (e) {
      if (e instanceof PyException) {
        e.traceback.push(this.tracebackEntry(e, frame, frame.kind === 'function' ? frame.info!.name : frame.kind === 'class' ? frame.name : '<module>'));
        // the traceback holds the frame: its locals (and its function) live as long as the exception
        e.frames.push([...frame.slots.filter((v) => v !== NULL_ID), ...(frame.func !== NULL_ID ? [frame.func] : [])]);
        frame.slots.fill(NULL_ID);
        this.tracer?.frameLeft(depth);
        this.stack.pop();
        throw e;
      }
      this.tracer?.frameLeft(depth);
      this.stack.pop();
      this.releaseFrame(frame);
      throw e;
    }
    this.tracer?.frameLeft(depth);
    this.stack.pop();
    this.releaseFrame(frame);
    return result;
  }

  /** The stack depth of frame f (1 = the module). */
  private depthOf(f: Frame): number {
    const n = this.stack.length;
    return this.stack[n - 1] === f ? n : this.stack.lastIndexOf(f) + 1;
  }

  /** _PyFrame_Clear: the slots in index order, then the function. */
  private releaseFrame(frame: Frame): void {
    const h = this.heap;
    for (let i = 0; i < frame.slots.length; i++) {
      const v = frame.slots[i]!;
      if (v !== NULL_ID) { frame.slots[i] = NULL_ID; h.decrefUnchecked(v); }
    }
    if (frame.func !== NULL_ID) h.decrefUnchecked(frame.func);
  }

  /** The exception is gone: its object, then the frames its traceback kept (innermost first). */
  dropException(e: PyException): void {
    const h = this.heap;
    h.decrefUnchecked(e.exc);
    const frames = e.frames.splice(0);
    for (const f of frames) for (const v of f) h.decrefUnchecked(v as ObjectId);
  }

  /** Calls a Python function with owned positional args and keyword args. */
  private callFunction(fn: ObjectId, args: ObjectId[], kw: [string, ObjectId][]): ObjectId {
    const h = this.heap;
    const info = this.functions.get(fn)!;
    const globals = h.state.slot(fn, 1);
    const frame = new Frame('function', info.scope, info, fn, globals, globals, info.name);
    frame.line = this.currentLine();
    const release = (ids: ObjectId[]) => { for (const x of ids) h.decrefUnchecked(x); };
    // bind parameters (references move into the frame)
    const positional = info.params.filter((p) => p.star === '');
    const varargs = info.params.find((p) => p.star === '*');
    const varkw = info.params.find((p) => p.star === '**');
    const defaultsTuple = h.state.slot(fn, 3);
    const defaults = defaultsTuple === NULL_ID ? [] : h.items(defaultsTuple);
    const firstDefault = positional.length - defaults.length;
    if (args.length > positional.length && !varargs) {
      release(args); release(kw.map(([, v]) => v));
      this.raise('TypeError', `${info.qualname}() takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
    }
    positional.forEach((p, i) => { if (i < args.length) frame.slots[info.index.get(p.name)!] = args[i]!; });
    const extra: [string, ObjectId][] = [];
    for (const [k, v] of kw) {
      const p = positional.find((q) => q.name === k);
      if (p === undefined) {
        if (varkw) { extra.push([k, v]); continue; }
        release([v]);
        this.discardFrameSlots(frame);
        this.raise('TypeError', `${info.qualname}() got an unexpected keyword argument '${k}'`);
      }
      const i = info.index.get(k)!;
      if (frame.slots[i] !== NULL_ID) { release([v]); this.discardFrameSlots(frame); this.raise('TypeError', `${info.qualname}() got multiple values for argument '${k}'`); }
      frame.slots[i] = v;
    }
    const missing: string[] = [];
    positional.forEach((p, i) => {
      const slot = info.index.get(p.name)!;
      if (frame.slots[slot] !== NULL_ID) return;
      if (i >= firstDefault) { const d = defaults[i - firstDefault]!; h.incref(d); frame.slots[slot] = d; } else missing.push(p.name);
    });
    if (missing.length > 0) {
      this.discardFrameSlots(frame);
      this.raise('TypeError', `${info.qualname}() missing ${missing.length} required positional argument${missing.length === 1 ? '' : 's'}: ${missing.map((m) => `'${m}'`).join(missing.length === 2 ? ' and ' : ', ')}`);
    }
    if (varargs) {
      const rest = args.slice(positional.length);
      const t = h.tuple(rest);
      release(rest);
      frame.slots[info.index.get(varargs.name)!] = t;
    }
    if (varkw) {
      const d = h.dict();
      for (const [k, v] of extra) { const key = h.str(k); h.dictSetItem(d, key, v); h.decrefUnchecked(key); h.decrefUnchecked(v); }
      frame.slots[info.index.get(varkw.name)!] = d;
    }
    // MAKE_CELL for cell variables, COPY_FREE_VARS from the closure
    info.kinds.forEach((kind, i) => {
      if (kind === 'cell') {
        const c = h.cell(frame.slots[i]!);
        if (frame.slots[i] !== NULL_ID) h.decrefUnchecked(frame.slots[i]!);
        frame.slots[i] = c;
      }
    });
    const closure = h.state.slot(fn, 8);
    if (closure !== NULL_ID) {
      const cells = h.items(closure);
      let k = 0;
      info.kinds.forEach((kind, i) => { if (kind === 'free') { h.incref(cells[k]!); frame.slots[i] = cells[k++]!; } });
    }
    return this.callFrame(frame, () => {
      if (info.expr !== null) return this.eval(info.expr, frame);
      if (info.comp !== null) return this.runComprehension(info, frame);
      try {
        this.execBlock(info.body!, frame);
      } catch (e) {
        if (e instanceof ReturnSignal) return e.value;
        throw e;
      }
      return h.none();
    });
  }

  private discardFrameSlots(frame: Frame): void {
    for (let i = 0; i < frame.slots.length; i++) {
      if (frame.slots[i] !== NULL_ID) { this.heap.decrefUnchecked(frame.slots[i]!); frame.slots[i] = NULL_ID; }
    }
  }

  /** Calls any callable with owned args; returns an owned result. */
  call(fn: ObjectId, args: ObjectId[], kw: [string, ObjectId][], line: number): ObjectId {
    const h = this.heap;
    if (this.functions.has(fn)) return this.callFunction(fn, args, kw);
    try {
      const k = h.kindOf(fn);
      const builtin = this.builtinFns.get(fn);
      if (builtin !== undefined) return builtin(args, kw);
      if (k === Kind.Method) {
        const func = h.state.slot(fn, 0);
        const self = h.state.slot(fn, 1);
        h.incref(func);
        h.incref(self);
        try { return this.call(func, [self, ...args], kw, line); } finally { h.decrefUnchecked(func); args = []; kw = []; }
      }
      if (k === Kind.Type) return this.callType(fn, args, kw, line);
      if (k === Kind.Weakref) return h.weakrefGet(fn);
      if (k === Kind.Opaque && h.typeName(fn) === 'builtin_function_or_method') return this.callBoundBuiltin(fn, args, kw, line);
      if (k === Kind.Opaque && h.typeName(fn) === 'finalize') return this.callFinalize(fn);
      if (k === Kind.Instance) {
        const m = this.lookupSpecial(fn, '__call__');
        if (m !== NULL_ID) { h.incref(fn); h.incref(m); try { return this.call(m, [fn, ...args], kw, line); } finally { h.decrefUnchecked(m); args = []; kw = []; } }
      }
      return this.raise('TypeError', `'${this.typeName(fn)}' object is not callable`);
    } finally {
      for (const a of args) h.decrefUnchecked(a);
      for (const [, v] of kw) h.decrefUnchecked(v);
    }
  }

  /** type(...) calls: builtin constructors, and classes (object.__new__ then __init__). */
  private callType(t: ObjectId, args: ObjectId[], kw: [string, ObjectId][], line: number): ObjectId {
    const h = this.heap;
    const spec = h.state.types.get(t)!;
    if (!spec.isHeap) return this.construct(spec.name, args, kw);
    const obj = h.instance(t);
    const init = this.lookupClassAttr(t, '__init__');
    if (init === NULL_ID) {
      if (args.length > 0 || kw.length > 0) { h.decrefUnchecked(obj); this.raise('TypeError', `${spec.name}() takes no arguments`); }
      return obj;
    }
    h.incref(init);
    h.incref(obj);
    for (const a of args) h.incref(a);
    for (const [, v] of kw) h.incref(v);
    let r: ObjectId;
    try {
      r = this.call(init, [obj, ...args], kw, line);
    } catch (e) {
      h.decrefUnchecked(obj);
      throw e;
    } finally {
      h.decrefUnchecked(init);
    }
    if (r !== h.noneId) {
      h.decrefUnchecked(r);
      h.decrefUnchecked(obj);
      this.raise('TypeError', `__init__() should return None, not '${this.typeName(r)}'`);
    }
    h.decrefUnchecked(r);
    return obj;
  }

  // --- builtin types' constructors ------------------------------------------------------

  private construct(name: string, args: ObjectId[], kw: [string, ObjectId][]): ObjectId {
    const h = this.heap;
    const a = args[0];
    switch (name) {
      case 'int': {
        if (a === undefined) return this.newInt(0n);
        const k = h.kindOf(a);
        if (k === Kind.Int) return this.ref(a);
        if (k === Kind.Bool) return this.newInt(h.value(a) ? 1n : 0n);
        if (k === Kind.Float) {
          const v = h.value(a) as number;
          if (!Number.isFinite(v)) this.raise(Number.isNaN(v) ? 'ValueError' : 'OverflowError', Number.isNaN(v) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
          return this.newInt(BigInt(Math.trunc(v)));
        }
        if (k === Kind.Str) {
          const text = (h.value(a) as string).trim().replace(/_/g, '');
          const base = args[1] !== undefined ? Number(this.intOf(args[1])) : 10;
          const ok = base === 10 ? /^[+-]?\d+$/.test(text) : base === 16 ? /^[+-]?(0x)?[0-9a-f]+$/i.test(text) : base === 2 ? /^[+-]?(0b)?[01]+$/i.test(text) : base === 8 ? /^[+-]?(0o)?[0-7]+$/i.test(text) : false;
          if (!ok) this.raise('ValueError', `invalid literal for int() with base ${base}: ${strRepr(h.value(a) as string)}`);
          const neg = text.startsWith('-');
          const digits = text.replace(/^[+-]/, '').replace(/^0[xbo]/i, '');
          let v = base === 10 ? BigInt(digits) : BigInt((base === 16 ? '0x' : base === 2 ? '0b' : '0o') + digits);
          if (neg) v = -v;
          // PyLong_FromString sizes the result from the number of digits in the text
          const alloc = Math.floor(digits.length * (Math.log(base) / Math.log(2 ** 30))) + 1;
          return h.int(v, alloc);
        }
        return this.raise('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${this.typeName(a)}'`);
      }
      case 'float': {
        if (a === undefined) return h.float(0);
        const k = h.kindOf(a);
        if (k === Kind.Float) return this.ref(a);
        if (k === Kind.Int || k === Kind.Bool) return h.float(Number(this.intOf(a)));
        if (k === Kind.Str) {
          const t = (h.value(a) as string).trim().toLowerCase();
          const v = t === 'inf' || t === '+inf' || t === 'infinity' ? Infinity : t === '-inf' || t === '-infinity' ? -Infinity : t === 'nan' ? NaN : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t) ? Number(t) : null;
          if (v === null) this.raise('ValueError', `could not convert string to float: ${strRepr(h.value(a) as string)}`);
          return h.float(v);
        }
        return this.raise('TypeError', `float() argument must be a string or a real number, not '${this.typeName(a)}'`);
      }
      case 'str': return a === undefined ? h.str('') : h.str(this.str(a));
      case 'bool': return h.bool(a === undefined ? false : this.truth(a));
      case 'list': return a === undefined ? h.list() : this.listFrom(a);
      case 'tuple': {
        if (a === undefined) return h.tuple([]);
        if (h.kindOf(a) === Kind.Tuple) return this.ref(a);
        const l = this.listFrom(a);
        const t = h.tuple(h.items(l));
        h.decrefUnchecked(l);
        return t;
      }
      case 'dict': {
        const d = h.dict();
        if (a !== undefined) {
          if (h.kindOf(a) === Kind.Dict) this.dictUpdate(d, a);
          else {
            const it = this.getIter(a);
            try {
              for (let x = this.next(it); x !== null; x = this.next(it)) {
                const [k2, v2] = this.unpack(x, 2, 0);
                h.decrefUnchecked(x);
                h.dictSetItem(d, k2!, v2!);
                h.decrefUnchecked(k2!); h.decrefUnchecked(v2!);
              }
            } finally { h.decrefUnchecked(it); }
          }
        }
        for (const [k, v] of kw) { const key = h.str(k); h.dictSetItem(d, key, v); h.decrefUnchecked(key); }
        return d;
      }
      case 'set': case 'frozenset': {
        const s = h.set([], name === 'frozenset');
        if (a !== undefined) {
          const it = this.getIter(a);
          try { for (let x = this.next(it); x !== null; x = this.next(it)) { this.setAddAny(s, x); h.decrefUnchecked(x); } } finally { h.decrefUnchecked(it); }
        }
        return s;
      }
      case 'object': return h.object();
      case 'type': {
        if (args.length === 1) return this.ref(this.typeOf(a!));
        return this.unsupported('type() with three arguments', this.currentLine());
      }
      case 'bytes': {
        if (a === undefined) return h.bytes('');
        if (h.kindOf(a) === Kind.Int) return h.bytes('\0'.repeat(Number(this.intOf(a))), { fresh: true });
        return this.unsupported('bytes() of this argument', this.currentLine());
      }
      case 'weakref': return h.weakref(args[0]!, args[1] ?? NULL_ID);
      default: return this.raise('TypeError', `cannot create '${name}' instances`);
    }
  }

  private typeOf(x: ObjectId): ObjectId {
    const h = this.heap;
    if (this.isException(x)) return this.excClassOf(x);
    const k = h.kindOf(x);
    if (k === Kind.Builtin || k === Kind.Opaque || k === Kind.OpaqueAtom) return h.staticObject('type', this.typeName(x));
    return h.state.typeOf[x]! as ObjectId;
  }

  // --- attributes -------------------------------------------------------------------------

  /** Looks `name` up in the class's mro dicts (borrowed, or NULL_ID). */
  private lookupClassAttr(cls: ObjectId, name: string): ObjectId {
    const h = this.heap;
    const spec = h.state.types.get(cls);
    if (spec === undefined) return NULL_ID;
    for (const t of spec.mro) {
      const ts = h.state.types.get(t)!;
      if (!ts.isHeap) continue;
      const dict = h.state.slot(t, 0);
      if (dict === NULL_ID) continue;
      const v = h.dictGetStr(dict, name);
      if (v !== NULL_ID) return v;
    }
    return NULL_ID;
  }

  private lookupSpecial(obj: ObjectId, name: string): ObjectId {
    const h = this.heap;
    if (h.kindOf(obj) !== Kind.Instance) return NULL_ID;
    return this.lookupClassAttr(h.state.typeOf[obj]! as ObjectId, name);
  }

  /** obj.name: a new reference (a bound method for functions found on the class). */
  getAttr(obj: ObjectId, name: string, line: number): ObjectId {
    const h = this.heap;
    const k = h.kindOf(obj);
    if (k === Kind.Instance) {
      if (name === '__dict__') return this.ref(h.instanceDict(obj));
      if (name === '__class__') return this.ref(h.state.typeOf[obj]! as ObjectId);
      const v = h.getAttr(obj, name);
      if (v !== NULL_ID) return this.ref(v);
      const c = this.lookupClassAttr(h.state.typeOf[obj]! as ObjectId, name);
      if (c !== NULL_ID) return this.functions.has(c) ? h.method(c, obj) : this.ref(c);
    } else if (k === Kind.Type && (h.state.flags[obj]! & F_STATIC) === 0) {
      if (name === '__name__') return h.str(h.state.types.get(obj)!.name);
      if (name === '__qualname__') return h.str(this.classQualnames.get(obj) ?? h.state.types.get(obj)!.name);
      if (name === '__dict__') return this.ref(h.state.slot(obj, 0));
      if (name === '__mro__') return this.ref(h.state.slot(obj, 1));
      if (name === '__bases__') return this.ref(h.state.slot(obj, 2));
      if (name === '__base__') return this.ref(h.state.slot(obj, 3));
      const c = this.lookupClassAttr(obj, name);
      if (c !== NULL_ID) return this.ref(c);
    } else if (k === Kind.Builtin) {
      const attrs = this.moduleAttrs.get(obj);
      const a = attrs?.get(name);
      if (a !== undefined) return a();
      if (name === '__name__') return h.str(((h.value(obj) as string).split(':')[1] ?? '').replace(/^.*\./, ''));
      if (this.excTypeName.has(obj) && name === '__name__') return h.str(this.excTypeName.get(obj)!);
    } else if (k === Kind.Function) {
      if (name === '__name__') return this.ref(h.state.slot(obj, 6));
      if (name === '__qualname__') return this.ref(h.state.slot(obj, 10));
      if (name === '__module__') return h.str('__main__');
    } else if (k === Kind.Type) {
      if (name === '__name__') return h.str(h.state.types.get(obj)!.name);
    } else if (k === Kind.Opaque && h.typeName(obj) === 'finalize') {
      if (name === 'alive') return h.bool(this.finalizers.includes(obj));
      if (name === 'detach' || name === 'peek') return this.unsupported(`finalize.${name}()`, line);
    } else if (k === Kind.Opaque && this.isException(obj)) {
      if (name === 'args') return this.ref(h.state.slot(obj, 0));
    } else if (k === Kind.Method) {
      if (name === '__self__') return this.ref(h.state.slot(obj, 1));
      if (name === '__func__') return this.ref(h.state.slot(obj, 0));
    } else if (k === Kind.Weakref) {
      if (name === '__callback__') { const cb = h.state.slot(obj, 0); return this.ref(cb === NULL_ID ? h.noneId : cb); }
    }
    if (this.hasMethod(obj, name)) {
      // a builtin method object bound to obj (PyCFunction with m_self)
      const m = h.opaque('builtin_function_or_method', 72, [obj]);
      this.boundMethods.set(m, name);
      return m;
    }
    return this.raise('AttributeError', this.attrErrorMessage(obj, name));
  }

  private attrErrorMessage(obj: ObjectId, name: string): string {
    const h = this.heap;
    if (h.kindOf(obj) === Kind.Type) return `type object '${h.state.types.get(obj)!.name}' has no attribute '${name}'`;
    if (h.kindOf(obj) === Kind.Builtin && this.moduleAttrs.has(obj)) return `module '${(h.value(obj) as string).split(':')[1]}' has no attribute '${name}'`;
    return `'${this.typeName(obj)}' object has no attribute '${name}'`;
  }

  private setAttr(obj: ObjectId, name: string, v: ObjectId, line: number): void {
    const h = this.heap;
    const k = h.kindOf(obj);
    if (k === Kind.Instance) {
      const spec = h.state.types.get(h.state.typeOf[obj]!)!;
      if (!spec.managedDict && !spec.slotNames.includes(name)) this.raise('AttributeError', `'${spec.name}' object has no attribute '${name}'`);
      h.setAttr(obj, name, v);
      return;
    }
    if (k === Kind.Type && (h.state.flags[obj]! & F_STATIC) === 0) { h.setClassAttr(obj, name, v); return; }
    void line;
    this.raise('AttributeError', `'${this.typeName(obj)}' object has no attribute '${name}'`);
  }

  private delAttr(obj: ObjectId, name: string, line: number): void {
    const h = this.heap;
    if (h.kindOf(obj) === Kind.Instance) {
      if (h.getAttr(obj, name) === NULL_ID) this.raise('AttributeError', `'${this.typeName(obj)}' object has no attribute '${name}'`);
      h.delAttr(obj, name);
      return;
    }
    void line;
    this.raise('AttributeError', `'${this.typeName(obj)}' object has no attribute '${name}'`);
  }

  private instanceAttrNames(obj: ObjectId): string[] {
    const h = this.heap;
    return this.dictPairs(h.instanceDict(obj)).map(([k]) => h.value(k) as string);
  }

  // --- methods of builtin types -----------------------------------------------------------

  private readonly boundMethods = new Map<ObjectId, string>();

  private callBoundBuiltin(m: ObjectId, args: ObjectId[], kw: [string, ObjectId][], line: number): ObjectId {
    const self = this.heap.state.slot(m, 0);
    return this.callMethod(self, this.boundMethods.get(m)!, args, kw, line);
  }

  private static readonly METHODS: Record<string, readonly string[]> = {
    list: ['append', 'extend', 'pop', 'insert', 'remove', 'clear', 'index', 'count', 'reverse', 'sort', 'copy'],
    dict: ['get', 'keys', 'values', 'items', 'pop', 'setdefault', 'update', 'clear', 'copy', 'popitem'],
    set: ['add', 'discard', 'remove', 'clear', 'copy', 'union', 'intersection', 'difference', 'pop', 'symmetric_difference', 'issubset', 'issuperset', 'isdisjoint', 'update'],
    str: ['rfind', 'partition', 'swapcase', 'isalnum', 'join', 'split', 'strip', 'lstrip', 'rstrip', 'upper', 'lower', 'startswith', 'endswith', 'replace', 'find', 'count', 'format', 'isdigit', 'isalpha', 'title', 'capitalize', 'zfill', 'ljust', 'rjust', 'center', 'index', 'splitlines', 'isspace', 'isupper', 'islower'],
    tuple: ['index', 'count'],
    int: ['bit_length'],
  };

  private hasMethod(obj: ObjectId, name: string): boolean {
    return (Interpreter.METHODS[this.typeName(obj)] ?? []).includes(name);
  }

  /** self.name(*args): a builtin type's method (LOAD_METHOD: no bound object is made). */
  private callMethod(self: ObjectId, name: string, args: ObjectId[], kw: [string, ObjectId][], line: number): ObjectId {
    const h = this.heap;
    const t = this.typeName(self);
    const a = args;
    void kw;
    switch (t) {
      case 'list':
        switch (name) {
          case 'append': h.listAppend(self, a[0]!); return h.none();
          case 'extend': this.extendList(self, a[0]!); return h.none();
          case 'pop': {
            const n = h.state.slotLen[self]!;
            if (n === 0) this.raise('IndexError', 'pop from empty list');
            const i = a[0] !== undefined ? Number(this.intOf(a[0])) : -1;
            if (i >= n || i < -n) this.raise('IndexError', 'pop index out of range');
            return h.listPop(self, i);
          }
          case 'insert': h.listInsert(self, Number(this.intOf(a[0]!)), a[1]!); return h.none();
          case 'remove': {
            const i = h.items(self).findIndex((x) => this.eq(x, a[0]!));
            if (i < 0) this.raise('ValueError', 'list.remove(x): x not in list');
            h.listDelItem(self, i);
            return h.none();
          }
          case 'clear': h.listClear(self); return h.none();
          case 'index': {
            const i = h.items(self).findIndex((x) => this.eq(x, a[0]!));
            if (i < 0) this.raise('ValueError', `${this.repr(a[0]!)} is not in list`);
            return this.newInt(BigInt(i));
          }
          case 'count': return this.newInt(BigInt(h.items(self).filter((x) => this.eq(x, a[0]!)).length));
          case 'reverse': {
            const items = h.items(self);
            items.reverse().forEach((x, i) => { h.incref(x); h.listSetItem(self, i, x); h.decrefUnchecked(x); });
            return h.none();
          }
          case 'sort': this.sortList(self, kw); return h.none();
          case 'copy': return h.list(h.items(self));
        }
        break;
      case 'dict':
        switch (name) {
          case 'get': { const v = this.dictGet(self, a[0]!); return v === NULL_ID ? this.ref(a[1] ?? h.noneId) : this.ref(v); }
          case 'keys': case 'values': case 'items': {
            // dict views: small GC objects; iteration makes a dict iterator
            const view = h.opaque(`dict_${name}`, 40, [self]);
            return view;
          }
          case 'pop': {
            const v = this.dictGet(self, a[0]!);
            if (v === NULL_ID) { if (a[1] !== undefined) return this.ref(a[1]); this.raise('KeyError', a[0]!); }
            h.incref(v);
            h.dictDelItem(self, a[0]!);
            return v;
          }
          case 'setdefault': {
            const v = this.dictGet(self, a[0]!);
            if (v !== NULL_ID) return this.ref(v);
            const d = a[1] ?? h.noneId;
            h.dictSetItem(self, a[0]!, d);
            return this.ref(d);
          }
          case 'update': this.dictUpdate(self, a[0]!); return h.none();
          case 'clear': h.dictClear(self); return h.none();
          case 'copy': { const d = h.dict(); this.dictUpdate(d, self); return d; }
          case 'popitem': {
            const pairs = this.dictPairs(self);
            if (pairs.length === 0) this.raise('KeyError', 'popitem(): dictionary is empty');
            const [k, v] = pairs[pairs.length - 1]!;
            h.incref(k); h.incref(v);
            h.dictDelItem(self, k);
            const t = h.tuple([k, v]);
            h.decrefUnchecked(k); h.decrefUnchecked(v);
            return t;
          }
        }
        break;
      case 'set':
        switch (name) {
          case 'add': this.setAddAny(self, a[0]!); return h.none();
          case 'discard': h.setDiscard(self, a[0]!); return h.none();
          case 'remove': {
            if (!this.contains(self, a[0]!)) this.raise('KeyError', a[0]!);
            h.setDiscard(self, a[0]!);
            return h.none();
          }
          case 'clear': { for (const x of h.items(self)) if (x !== NULL_ID) h.setDiscard(self, x); return h.none(); }
          case 'copy': return this.construct('set', [self], []);
          case 'union': { const s = this.construct('set', [self], []); for (const x of a) { const it = this.getIter(x); for (let y = this.next(it); y !== null; y = this.next(it)) { this.setAddAny(s, y); h.decrefUnchecked(y); } h.decrefUnchecked(it); } return s; }
          case 'intersection': { const s = h.set(); for (const x of h.items(self)) if (x !== NULL_ID && this.contains(a[0]!, x)) this.setAddAny(s, x); return s; }
          case 'difference': { const s = h.set(); for (const x of h.items(self)) if (x !== NULL_ID && !this.contains(a[0]!, x)) this.setAddAny(s, x); return s; }
          case 'symmetric_difference': { const s2 = h.set(); for (const x of h.items(self)) if (x !== NULL_ID && !this.contains(a[0]!, x)) this.setAddAny(s2, x); for (const x of h.items(a[0]!)) if (x !== NULL_ID && !this.contains(self, x)) this.setAddAny(s2, x); return s2; }
          case 'issubset': return h.bool(h.items(self).every((x) => x === NULL_ID || this.contains(a[0]!, x)));
          case 'issuperset': return h.bool(h.items(a[0]!).every((x) => x === NULL_ID || this.contains(self, x)));
          case 'isdisjoint': return h.bool(h.items(self).every((x) => x === NULL_ID || !this.contains(a[0]!, x)));
          case 'update': { for (const src of a) { const it = this.getIter(src); for (let y = this.next(it); y !== null; y = this.next(it)) { this.setAddAny(self, y); h.decrefUnchecked(y); } h.decrefUnchecked(it); } return h.none(); }
          case 'pop': {
            const x = h.items(self).find((y) => y !== NULL_ID);
            if (x === undefined) this.raise('KeyError', 'pop from an empty set');
            h.incref(x);
            h.setDiscard(self, x);
            return x;
          }
        }
        break;
      case 'str': return this.strMethod(h.value(self) as string, name, a, line);
      case 'tuple':
        if (name === 'count') return this.newInt(BigInt(h.items(self).filter((x) => this.eq(x, a[0]!)).length));
        if (name === 'index') {
          const i = h.items(self).findIndex((x) => this.eq(x, a[0]!));
          if (i < 0) this.raise('ValueError', 'tuple.index(x): x not in tuple');
          return this.newInt(BigInt(i));
        }
        break;
      case 'int':
        if (name === 'bit_length') { const v = this.intOf(self); return this.newInt(BigInt((v < 0n ? -v : v).toString(2).replace(/^0$/, '').length)); }
        break;
    }
    return this.raise('AttributeError', `'${t}' object has no attribute '${name}'`);
  }

  private strMethod(s: string, name: string, a: ObjectId[], line: number): ObjectId {
    const h = this.heap;
    const arg = (i: number) => (a[i] === undefined || a[i] === h.noneId ? undefined : this.strOf(a[i]!));
    const strList = (parts: string[]) => { const ids = parts.map((p) => h.str(p)); const l = h.list(ids); for (const x of ids) h.decrefUnchecked(x); return l; };
    switch (name) {
      case 'join': {
        const l = this.listFrom(a[0]!);
        const parts = h.items(l).map((x) => {
          if (h.kindOf(x) !== Kind.Str) { h.decrefUnchecked(l); this.raise('TypeError', `sequence item 0: expected str instance, ${this.typeName(x)} found`); }
          return h.value(x) as string;
        });
        h.decrefUnchecked(l);
        return h.str(parts.join(s));
      }
      case 'split': {
        const sep = arg(0);
        const max = a[1] !== undefined ? Number(this.intOf(a[1])) : -1;
        if (sep === undefined) {
          const out: string[] = [];
          let rest = s.replace(/^\s+/, '');
          while (rest !== '') {
            if (max >= 0 && out.length === max) { out.push(rest); break; }
            const m = /\s+/.exec(rest);
            if (!m) { out.push(rest); break; }
            out.push(rest.slice(0, m.index));
            rest = rest.slice(m.index + m[0].length);
          }
          return strList(out);
        }
        if (sep === '') this.raise('ValueError', 'empty separator');
        const parts = s.split(sep);
        return strList(max >= 0 && parts.length > max + 1 ? [...parts.slice(0, max), parts.slice(max).join(sep)] : parts);
      }
      case 'splitlines': return strList(s.split(/\r?\n/).filter((x, i, arr) => !(i === arr.length - 1 && x === '')));
      case 'strip': { const c = arg(0); return h.str(c === undefined ? s.trim() : trimChars(s, c, true, true)); }
      case 'lstrip': { const c = arg(0); return h.str(c === undefined ? s.trimStart() : trimChars(s, c, true, false)); }
      case 'rstrip': { const c = arg(0); return h.str(c === undefined ? s.trimEnd() : trimChars(s, c, false, true)); }
      case 'upper': return h.str(s.toUpperCase());
      case 'lower': return h.str(s.toLowerCase());
      case 'title': return h.str(s.replace(/[A-Za-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()));
      case 'capitalize': return h.str(s.slice(0, 1).toUpperCase() + s.slice(1).toLowerCase());
      case 'startswith': return h.bool(s.startsWith(arg(0)!));
      case 'endswith': return h.bool(s.endsWith(arg(0)!));
      case 'replace': {
        const n = a[2] !== undefined ? Number(this.intOf(a[2])) : -1;
        const parts = s.split(arg(0)!);
        if (n < 0 || parts.length - 1 <= n) return h.str(parts.join(arg(1)!));
        return h.str(parts.slice(0, n + 1).join(arg(1)!) + arg(0)! + parts.slice(n + 1).join(arg(0)!));
      }
      case 'partition': { const sep = arg(0)!; const i = s.indexOf(sep); const parts = i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)]; const ids = parts.map((p) => h.str(p)); const t = h.tuple(ids); for (const x of ids) h.decrefUnchecked(x); return t; }
      case 'swapcase': return h.str([...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''));
      case 'isalnum': return h.bool(s.length > 0 && /^[A-Za-z0-9]+$/.test(s));
      case 'find': case 'index': case 'rfind': {
        const [lo, hi] = this.strRange(s.length, a[1], a[2]);
        const part = s.slice(lo, hi);
        const j = name === 'rfind' ? part.lastIndexOf(arg(0)!) : part.indexOf(arg(0)!);
        if (j < 0 && name === 'index') this.raise('ValueError', 'substring not found');
        return this.newInt(BigInt(j < 0 ? -1 : j + lo));
      }
      case 'count': return this.newInt(BigInt(arg(0)! === '' ? s.length + 1 : s.split(arg(0)!).length - 1));
      case 'isdigit': return h.bool(s.length > 0 && /^\d+$/.test(s));
      case 'isalpha': return h.bool(s.length > 0 && /^[A-Za-z]+$/.test(s));
      case 'isspace': return h.bool(s.length > 0 && /^\s+$/.test(s));
      case 'isupper': return h.bool(/[A-Z]/.test(s) && s === s.toUpperCase());
      case 'islower': return h.bool(/[a-z]/.test(s) && s === s.toLowerCase());
      case 'zfill': { const w = Number(this.intOf(a[0]!)); const neg = s.startsWith('-') || s.startsWith('+'); return h.str(neg ? s[0] + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0')); }
      case 'ljust': return h.str(s.padEnd(Number(this.intOf(a[0]!)), arg(1) ?? ' '));
      case 'rjust': return h.str(s.padStart(Number(this.intOf(a[0]!)), arg(1) ?? ' '));
      case 'center': { const w = Number(this.intOf(a[0]!)); const fill = arg(1) ?? ' '; const total = Math.max(0, w - s.length); const left = Math.floor(total / 2) + (total % 2 && w % 2 ? 1 : 0); return h.str(fill.repeat(left) + s + fill.repeat(total - left)); }
      case 'format': this.unsupported('str.format', line);
    }
    return this.raise('AttributeError', `'str' object has no attribute '${name}'`);
  }

  /** str.find's start / end arguments, adjusted like slice indices. */
  private strRange(n: number, start: ObjectId | undefined, end: ObjectId | undefined): [number, number] {
    const h = this.heap;
    const adj = (x: ObjectId | undefined, def: number) => {
      if (x === undefined || x === h.noneId) return def;
      let v = Number(this.intOf(x));
      if (v < 0) v = Math.max(0, v + n);
      return Math.min(v, n);
    };
    return [adj(start, 0), adj(end, n)];
  }

  private dictGet(d: ObjectId, k: ObjectId): ObjectId {
    this.hash(k);
    return this.heap.dictGetItem(d, k);
  }

  private dictUpdate(d: ObjectId, src: ObjectId): void {
    const h = this.heap;
    if (h.kindOf(src) !== Kind.Dict) this.unsupported('dict.update() from a non-dict', this.currentLine());
    for (const [k, v] of this.dictPairs(src)) h.dictSetItem(d, k, v);
  }

  /** Key/value pairs of a dict in order (borrowed), split tables included. */
  private dictPairs(d: ObjectId): [ObjectId, ObjectId][] {
    const h = this.heap;
    const e = h.state.slots(d);
    const out: [ObjectId, ObjectId][] = [];
    if ((h.state.flags[d]! & F_SPLIT) !== 0) {
      const keys = h.state.sharedKeys.get(this.heap.splitOwner(d))!;
      e.forEach((v, i) => { if (v !== NULL_ID) out.push([h.internedStr(keys.names[i]!), v]); });
      for (const [k] of out) h.decrefUnchecked(k);
      return out;
    }
    for (let i = 0; i < e.length; i += 2) if (e[i] !== NULL_ID) out.push([e[i]!, e[i + 1]!]);
    return out;
  }

  private setAddAny(s: ObjectId, x: ObjectId): void {
    this.hash(x);
    this.heap.setAdd(s, x);
  }

  // --- iteration -------------------------------------------------------------------------

  /** GET_ITER: a new iterator object (the heap object CPython allocates for it). */
  getIter(obj: ObjectId): ObjectId {
    const h = this.heap;
    if (this.iters.has(obj)) return this.ref(obj);
    const t = this.typeName(obj);
    const mk = (type: string, bytes: number, kind: IterState['kind'], gc = true, extra: Partial<IterState> = {}) => {
      const it = h.opaque(type, bytes, [obj], gc);
      this.iters.set(it, { kind, seq: obj, index: 0, a: 0n, b: 0n, c: 0n, ...extra });
      return it;
    };
    switch (t) {
      case 'list': return mk('list_iterator', 48, 'seq');
      case 'tuple': return mk('tuple_iterator', 48, 'seq');
      case 'str': return mk('str_ascii_iterator', 48, 'str');
      case 'bytes': return mk('bytes_iterator', 48, 'bytes');
      case 'set': case 'frozenset': return mk('set_iterator', 64, 'set', true, { size: this.len(obj) });
      case 'dict': return this.dictIter(obj, 'keys');
      case 'dict_keys': return this.dictIter(h.state.slot(obj, 0), 'keys');
      case 'dict_values': return this.dictIter(h.state.slot(obj, 0), 'values');
      case 'dict_items': return this.dictIter(h.state.slot(obj, 0), 'items');
      case 'range': {
        const [start, stop, step] = this.rangeParts.get(obj)!;
        const it = h.opaque('range_iterator', 48, [], false);
        this.iters.set(it, { kind: 'range', seq: NULL_ID, index: 0, a: start, b: stop, c: step });
        return it;
      }
    }
    return this.raise('TypeError', `'${t}' object is not iterable`);
  }

  private dictIter(d: ObjectId, mode: 'keys' | 'values' | 'items'): ObjectId {
    const h = this.heap;
    const refs: ObjectId[] = [d];
    let result = NULL_ID;
    if (mode === 'items') { result = this.resultTuple(2); refs.push(result); }
    const it = h.opaque(mode === 'keys' ? 'dict_keyiterator' : mode === 'values' ? 'dict_valueiterator' : 'dict_itemiterator', 72, refs);
    if (result !== NULL_ID) h.decrefUnchecked(result);
    this.iters.set(it, { kind: 'dict', seq: d, index: 0, a: 0n, b: 0n, c: 0n, mode, size: this.len(d) });
    return it;
  }

  /** FOR_ITER: the next item (owned), or null when exhausted. */
  next(it: ObjectId): ObjectId | null {
    const h = this.heap;
    const st = this.iters.get(it);
    if (st === undefined) return this.raise('TypeError', `'${this.typeName(it)}' object is not an iterator`);
    switch (st.kind) {
      case 'seq': {
        if (st.seq === NULL_ID) return null;
        const items = h.state.slotLen[st.seq]!;
        if (st.index >= items) { this.exhaust(it, st); return null; }
        const v = h.state.slot(st.seq, st.index++);
        return this.ref(v);
      }
      case 'str': {
        if (st.seq === NULL_ID) return null;
        const chars = [...(h.value(st.seq) as string)];
        if (st.index >= chars.length) { this.exhaust(it, st); return null; }
        return h.str(chars[st.index++]!);
      }
      case 'bytes': {
        if (st.seq === NULL_ID) return null;
        const b = h.value(st.seq) as string;
        if (st.index >= b.length) { this.exhaust(it, st); return null; }
        return this.newInt(BigInt(b.charCodeAt(st.index++)));
      }
      case 'set': {
        if (st.seq === NULL_ID) return null;
        if (this.len(st.seq) !== st.size) this.raise('RuntimeError', 'Set changed size during iteration');
        const items = h.state.slots(st.seq);
        while (st.index < items.length && items[st.index] === NULL_ID) st.index++;
        if (st.index >= items.length) { this.exhaust(it, st); return null; }
        return this.ref(items[st.index++]!);
      }
      case 'dict': {
        if (st.seq === NULL_ID) return null;
        if (this.len(st.seq) !== st.size) { st.size = -1; this.raise('RuntimeError', 'dictionary changed size during iteration'); }
        // walk the entries in place (st.index is the raw entry position)
        const d = st.seq;
        const split = (h.state.flags[d]! & F_SPLIT) !== 0;
        const n = split ? h.state.slotLen[d]! : h.state.slotLen[d]! >> 1;
        let k = NULL_ID, v = NULL_ID;
        while (st.index < n) {
          const i = st.index++;
          if (split) {
            v = h.state.slot(d, i);
            if (v === NULL_ID) continue;
            k = h.internedStr(h.state.sharedKeys.get(this.heap.splitOwner(d))!.names[i]!);
          } else {
            k = h.state.slot(d, 2 * i);
            if (k === NULL_ID) continue;
            v = h.state.slot(d, 2 * i + 1);
          }
          break;
        }
        if (k === NULL_ID) { this.exhaust(it, st); return null; }
        if (st.mode === 'keys') return this.ref(k);
        if (st.mode === 'values') return this.ref(v);
        return this.pairResult(it, 1, k, v);
      }
      case 'range': {
        const cur = st.a;
        if ((st.c > 0n && cur >= st.b) || (st.c < 0n && cur <= st.b)) return null;
        st.a = cur + st.c;
        return this.newInt(cur);
      }
      case 'enumerate': {
        const v = this.next(st.seq);
        if (v === null) return null;
        const i = this.newInt(st.a++);
        const r = this.pairResult(it, 1, i, v);
        h.decrefUnchecked(i);
        h.decrefUnchecked(v);
        return r;
      }
      case 'zip': {
        if (st.parts!.length === 0) return null;
        const vals: ObjectId[] = [];
        for (const p of st.parts!) {
          const v = this.next(p);
          if (v === null) { for (const x of vals) h.decrefUnchecked(x); return null; }
          vals.push(v);
        }
        const slot = st.parts!.length;
        const result = h.state.slot(it, slot);
        let out: ObjectId;
        if (h.state.refcnt[result] === 1) {
          vals.forEach((v, i) => { const old = h.state.slot(result, i); h.incref(v); this.tupleSet(result, i, v); h.decrefUnchecked(old); });
          out = this.ref(result);
        } else out = h.tuple(vals);
        for (const x of vals) h.decrefUnchecked(x);
        return out;
      }
    }
  }

  /** dictiter / enumerate: reuse the result tuple when nobody else holds it, else a new one. */
  private pairResult(it: ObjectId, slot: number, a: ObjectId, b: ObjectId): ObjectId {
    const h = this.heap;
    const result = h.state.slot(it, slot);
    if (h.state.refcnt[result] === 1) {
      const old0 = h.state.slot(result, 0);
      const old1 = h.state.slot(result, 1);
      h.incref(a); h.incref(b);
      this.tupleSet(result, 0, a);
      this.tupleSet(result, 1, b);
      h.decrefUnchecked(old0);
      h.decrefUnchecked(old1);
      return this.ref(result);
    }
    return h.tuple([a, b]);
  }

  /** PyTuple_SET_ITEM on a tuple only the iterator holds (the reference passes in). */
  private tupleSet(t: ObjectId, i: number, v: ObjectId): void {
    const h = this.heap;
    // the reference taken by the caller's incref now belongs to the tuple
    h.emit({ type: 'SlotSet', id: t, index: i, value: v });
  }

  private exhaust(it: ObjectId, st: IterState): void {
    // an exhausted sequence iterator drops its sequence (Py_CLEAR(it->it_seq))
    const seq = st.seq;
    st.seq = NULL_ID;
    this.heap.opaqueSet(it, 0, NULL_ID);
    void seq;
  }

  // --- ranges ---------------------------------------------------------------------------

  private readonly rangeParts = new Map<ObjectId, [bigint, bigint, bigint]>();

  private makeRange(args: ObjectId[]): ObjectId {
    const h = this.heap;
    const v = args.map((a) => this.intOf(a));
    let [start, stop, step] = v.length === 1 ? [0n, v[0]!, 1n] : [v[0]!, v[1]!, v[2] ?? 1n];
    if (step === 0n) this.raise('ValueError', 'range() arg 3 must not be zero');
    void start; void stop;
    const ints = [start, stop, step].map((x) => this.newInt(x));
    const r = h.opaque('range', 48, ints, false);
    for (const x of ints) h.decrefUnchecked(x);
    this.rangeParts.set(r, [start, stop, step]);
    return r;
  }

  // --- containers from iterables --------------------------------------------------------

  /** list(iterable) (list___init__ -> list_extend into an empty list): a new list. */
  private listFrom(x: ObjectId): ObjectId {
    const l = this.heap.list();
    try { this.extendList(l, x); } catch (e) { this.heap.decrefUnchecked(l); throw e; }
    return l;
  }

  /** list_extend: lists and tuples at once, other iterables item by item after a length hint. */
  private extendList(l: ObjectId, x: ObjectId): void {
    const h = this.heap;
    const k = h.kindOf(x);
    if (k === Kind.List || k === Kind.Tuple) { h.listExtend(l, h.items(x), 'sequence'); return; }
    const hint = this.lengthHint(x);
    const it = this.getIter(x);
    const items: ObjectId[] = [];
    try {
      for (let v = this.next(it); v !== null; v = this.next(it)) items.push(v);
      h.listExtend(l, items, 'iterable', hint);
    } finally {
      for (const v of items) h.decrefUnchecked(v);
      h.decrefUnchecked(it);
    }
  }

  /** PyObject_LengthHint(x, 8): len() when there is one, an iterator's remaining count, else 8. */
  private lengthHint(x: ObjectId): number {
    const h = this.heap;
    const st = this.iters.get(x);
    if (st !== undefined) {
      if (st.kind === 'seq') return st.seq === NULL_ID ? 0 : Math.max(0, h.state.slotLen[st.seq]! - st.index);
      if (st.kind === 'range') { const n = st.c > 0n ? (st.b - st.a + st.c - 1n) / st.c : (st.a - st.b - st.c - 1n) / -st.c; return Math.max(0, Number(n)); }
      if (st.kind === 'dict') return st.seq === NULL_ID ? 0 : Math.max(0, this.len(st.seq) - st.index);
      return 8;
    }
    const t = this.typeName(x);
    if (['str', 'dict', 'set', 'frozenset', 'range', 'bytes', 'dict_keys', 'dict_values', 'dict_items'].includes(t)) return this.len(x);
    return 8;
  }

  private sortList(l: ObjectId, kw: [string, ObjectId][]): void {
    const h = this.heap;
    const key = kw.find(([k]) => k === 'key')?.[1];
    const reverse = kw.find(([k]) => k === 'reverse')?.[1];
    const items = h.items(l);
    let keyed: { item: ObjectId; key: ObjectId }[] = items.map((item) => ({ item, key: item }));
    if (key !== undefined && key !== h.noneId) {
      keyed = items.map((item) => { h.incref(item); h.incref(key); return { item, key: this.call(key, [item], [], 0) }; });
    }
    const sorted = mergeSort(keyed, (a, b) => this.lessThan(a.key, b.key));
    if (reverse !== undefined && this.truth(reverse)) {
      const rev = mergeSort([...keyed].reverse(), (a, b) => this.lessThan(b.key, a.key));
      sorted.splice(0, sorted.length, ...rev);
    }
    // list.sort reorders the array in place: no reference changes once it is done
    for (const x of sorted) h.incref(x.item);
    sorted.forEach((x, i) => { if (h.state.slot(l, i) !== x.item) h.listSetItem(l, i, x.item); });
    for (const x of sorted) h.decrefUnchecked(x.item);
    if (key !== undefined && key !== h.noneId) for (const k of keyed) h.decrefUnchecked(k.key);
  }

  private minmax(args: ObjectId[], kw: [string, ObjectId][], which: 'min' | 'max'): ObjectId {
    const h = this.heap;
    const items = args.length === 1 ? this.listFrom(args[0]!) : h.list(args);
    try {
      const xs = h.items(items);
      if (xs.length === 0) {
        const d = kw.find(([k]) => k === 'default')?.[1];
        if (d !== undefined) return this.ref(d);
        this.raise('ValueError', `${which}() arg is an empty sequence`);
      }
      let best = xs[0]!;
      for (const x of xs.slice(1)) if (which === 'min' ? this.lessThan(x, best) : this.lessThan(best, x)) best = x;
      return this.ref(best);
    } finally { h.decrefUnchecked(items); }
  }

  private anyAll(x: ObjectId, any: boolean): ObjectId {
    const h = this.heap;
    const it = this.getIter(x);
    try {
      for (let v = this.next(it); v !== null; v = this.next(it)) {
        const t = this.truth(v);
        h.decrefUnchecked(v);
        if (t === any) return h.bool(any);
      }
      return h.bool(!any);
    } finally { h.decrefUnchecked(it); }
  }

  // --- expressions ----------------------------------------------------------------------

  private truthEval(e: Expr, f: Frame): boolean {
    const v = this.eval(e, f);
    try { return this.truth(v); } finally { this.heap.decrefUnchecked(v); }
  }

  /** A code constant: created once ("at compile time"), owned by the code for the run. */
  private constant(e: Expr, make: () => ObjectId): ObjectId {
    let c = this.constants.get(e);
    if (c === undefined) {
      c = make();
      this.constants.set(e, c);
    }
    return this.ref(c);
  }

  eval(e: Expr, f: Frame): ObjectId {
    try {
      return this.evalInner(e, f);
    } catch (err) {
      if (err instanceof PyException && err.pos === undefined) {
        const span = (e as { span?: [number, number] }).span;
        if (span !== undefined) err.pos = { span, node: e };
      }
      throw err;
    }
  }

  private evalInner(e: Expr, f: Frame): ObjectId {
    const h = this.heap;
    if (f !== null) f.line = e.line;
    switch (e.k) {
      case 'Name': return this.loadName(e.id, f, e.line);
      case 'Int': return this.constant(e, () => h.int(e.value));
      case 'Float': return this.constant(e, () => h.float(e.value));
      case 'Str': return this.constant(e, () => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.value) ? h.internedStr(e.value) : h.str(e.value)));
      case 'Bytes': return this.constant(e, () => h.bytes(e.value));
      case 'Const': return e.value === 'None' ? h.none() : h.bool(e.value === 'True');
      case 'FString': return h.str(this.fstring(e.parts, f));
      case 'Attr': {
        const obj = this.eval(e.obj, f);
        try { return this.getAttr(obj, e.name, e.line); } finally { h.decrefUnchecked(obj); }
      }
      case 'Subscript': {
        const obj = this.eval(e.obj, f);
        const idx = this.eval(e.index, f);
        try { return this.getItem(obj, idx, e.line); } finally { h.decrefUnchecked(obj); h.decrefUnchecked(idx); }
      }
      case 'Slice': {
        const parts = [e.lower, e.upper, e.step].map((x) => (x ? this.eval(x, f) : h.none()));
        const s = h.opaque('slice', 56 + 16, parts);
        for (const x of parts) h.decrefUnchecked(x);
        return s;
      }
      case 'Call': return this.evalCall(e, f);
      case 'BinOp': {
        const l = this.eval(e.left, f);
        let r: ObjectId;
        try { r = this.eval(e.right, f); } catch (err) { h.decrefUnchecked(l); throw err; }
        return this.binop(e.op, l, r, e.line);
      }
      case 'Unary': {
        if (e.op === '-' && (e.operand.k === 'Int' || e.operand.k === 'Float')) return this.evalConst(e);
        const v = this.eval(e.operand, f);
        try {
          if (e.op === 'not') return h.bool(!this.truth(v));
          const k = h.kindOf(v);
          if (e.op === '-') { if (k === Kind.Float) return h.float(-(h.value(v) as number)); return this.newInt(-this.intOf(v)); }
          if (e.op === '+') { if (k === Kind.Float) return this.ref(v); return this.newInt(this.intOf(v)); }
          if (e.op === '~') return this.newInt(~this.intOf(v));
          return this.unsupported(`unary ${e.op}`, e.line);
        } finally { h.decrefUnchecked(v); }
      }
      case 'Compare': {
        let left = this.eval(e.first, f);
        for (let i = 0; i < e.ops.length; i++) {
          let right: ObjectId;
          try { right = this.eval(e.rest[i]!, f); } catch (err) { h.decrefUnchecked(left); throw err; }
          let ok: boolean;
          try { ok = this.compare(e.ops[i]!, left, right); } catch (err) { h.decrefUnchecked(left); h.decrefUnchecked(right); throw err; }
          h.decrefUnchecked(left);
          if (!ok || i === e.ops.length - 1) { h.decrefUnchecked(right); return h.bool(ok); }
          left = right;
        }
        return h.bool(true);
      }
      case 'BoolOp': {
        let v = this.eval(e.values[0]!, f);
        for (let i = 1; i < e.values.length; i++) {
          const t = this.truth(v);
          if (e.op === 'and' ? !t : t) return v;
          h.decrefUnchecked(v);
          v = this.eval(e.values[i]!, f);
        }
        return v;
      }
      case 'IfExp': return this.truthEval(e.test, f) ? this.eval(e.body, f) : this.eval(e.orelse, f);
      case 'List': {
        // BUILD_LIST n; 3+ constants: BUILD_LIST 0 + LIST_EXTEND of a constant tuple
        if (e.elts.some((x) => x.k === 'Starred')) return this.starredList(e.elts, f);
        if (e.elts.length >= 3 && e.elts.every((x) => isConstant(x))) {
          // the compiler folds the items into a constant tuple: BUILD_LIST 0, LIST_EXTEND
          const t = this.constTuple({ k: 'Tuple', line: e.line, elts: e.elts } as Extract<Expr, { k: 'Tuple' }>, e);
          const l = h.list();
          h.listExtend(l, h.items(t), 'sequence');
          h.decrefUnchecked(t);
          return l;
        }
        const vals = this.evalAll(e.elts, f);
        const l = h.list(vals);
        for (const v of vals) h.decrefUnchecked(v);
        return l;
      }
      case 'Tuple': {
        if (e.elts.length > 0 && e.elts.every(isConstant)) return this.constTuple(e);
        if (e.elts.some((x) => x.k === 'Starred')) {
          const l = this.starredList(e.elts, f);
          const t = h.tuple(h.items(l));
          h.decrefUnchecked(l);
          return t;
        }
        const vals = this.evalAll(e.elts, f);
        const t = h.tuple(vals);
        for (const v of vals) h.decrefUnchecked(v);
        return t;
      }
      case 'Set': {
        const vals = this.evalAll(e.elts, f);
        const s = h.set();
        try { for (const v of vals) this.setAddAny(s, v); } finally { for (const v of vals) h.decrefUnchecked(v); }
        return s;
      }
      case 'Dict': {
        const d = h.dict();
        for (let i = 0; i < e.keys.length; i++) {
          const k = this.eval(e.keys[i]!, f);
          const v = this.eval(e.values[i]!, f);
          try { this.hash(k); h.dictSetItem(d, k, v); } finally { h.decrefUnchecked(k); h.decrefUnchecked(v); }
        }
        return d;
      }
      case 'ListComp': case 'DictComp': {
        const fn = this.makeFunction(e.k === 'ListComp' ? '<listcomp>' : '<dictcomp>', [{ name: '.0', default: null, star: '' }], null, null,
          { gens: e.gens, elt: e.k === 'ListComp' ? e.elt : null, key: e.k === 'DictComp' ? e.key : null, value: e.k === 'DictComp' ? e.value : null }, f, e);
        let it: ObjectId;
        try {
          const src = this.eval(e.gens[0]!.iter, f);
          try { it = this.getIter(src); } finally { h.decrefUnchecked(src); }
        } catch (err) { h.decrefUnchecked(fn); throw err; }
        try { return this.callFunction(fn, [it], []); } finally { h.decrefUnchecked(fn); }
      }
      case 'Lambda': return this.makeFunction('<lambda>', e.params, null, e.body, null, f, e);
      case 'Starred': return this.unsupported('a starred expression here', e.line);
    }
  }

  private evalAll(es: readonly Expr[], f: Frame): ObjectId[] {
    const out: ObjectId[] = [];
    try {
      for (const x of es) out.push(this.eval(x, f));
    } catch (err) {
      for (const v of out) this.heap.decrefUnchecked(v);
      throw err;
    }
    return out;
  }

  private starredList(elts: readonly Expr[], f: Frame): ObjectId {
    const h = this.heap;
    const l = h.list();
    for (const x of elts) {
      if (x.k === 'Starred') {
        const v = this.eval(x.value, f);
        const it = this.getIter(v);
        h.decrefUnchecked(v);
        for (let y = this.next(it); y !== null; y = this.next(it)) { h.listAppend(l, y); h.decrefUnchecked(y); }
        h.decrefUnchecked(it);
      } else { const v = this.eval(x, f); h.listAppend(l, v); h.decrefUnchecked(v); }
    }
    return l;
  }

  /** The body of a comprehension function: frame slot 0 ('.0') holds the first iterator. */
  private runComprehension(info: FuncInfo, f: Frame): ObjectId {
    const h = this.heap;
    const comp = info.comp!;
    const result = comp.elt !== null ? h.list() : h.dict();
    const loop = (g: number, it: ObjectId): void => {
      const gen = comp.gens[g]!;
      for (;;) {
        const v = this.next(it);
        if (v === null) return;
        this.assign(gen.target, v, f);
        if (!gen.ifs.every((c) => this.truthEval(c, f))) continue;
        if (g + 1 < comp.gens.length) {
          const src = this.eval(comp.gens[g + 1]!.iter, f);
          const inner = this.getIter(src);
          h.decrefUnchecked(src);
          try { loop(g + 1, inner); } finally { h.decrefUnchecked(inner); }
          continue;
        }
        if (comp.elt !== null) {
          const x = this.eval(comp.elt, f);
          h.listAppend(result, x);
          h.decrefUnchecked(x);
        } else {
          const k = this.eval(comp.key!, f);
          const x = this.eval(comp.value!, f);
          try { this.hash(k); h.dictSetItem(result, k, x); } finally { h.decrefUnchecked(k); h.decrefUnchecked(x); }
        }
      }
    };
    try {
      loop(0, f.slots[0]!);
    } catch (err) {
      h.decrefUnchecked(result);
      throw err;
    }
    return result;
  }

  private evalCall(e: Extract<Expr, { k: 'Call' }>, f: Frame): ObjectId {
    const h = this.heap;
    // LOAD_METHOD: obj.meth(...) calls the function with obj as self, no bound method made
    if (e.func.k === 'Attr') {
      const obj = this.eval(e.func.obj, f);
      const name = e.func.name;
      const k = h.kindOf(obj);
      let meth = NULL_ID;
      if (k === Kind.Instance && h.getAttr(obj, name) === NULL_ID) {
        const c = this.lookupClassAttr(h.state.typeOf[obj]! as ObjectId, name);
        if (c !== NULL_ID && this.functions.has(c)) meth = c;
      }
      if (meth !== NULL_ID) {
        h.incref(meth);
        let args: ObjectId[];
        let kw: [string, ObjectId][];
        try { [args, kw] = this.evalArgs(e.args, f); } catch (err) { h.decrefUnchecked(meth); h.decrefUnchecked(obj); throw err; }
        try { return this.call(meth, [obj, ...args], kw, e.line); } finally { h.decrefUnchecked(meth); }
      }
      if (this.hasMethod(obj, name) && k !== Kind.Instance) {
        let args: ObjectId[];
        let kw: [string, ObjectId][];
        try { [args, kw] = this.evalArgs(e.args, f); } catch (err) { h.decrefUnchecked(obj); throw err; }
        try { return this.callMethod(obj, name, args, kw, e.line); } finally {
          for (const a of args) h.decrefUnchecked(a);
          for (const [, v] of kw) h.decrefUnchecked(v);
          h.decrefUnchecked(obj);
        }
      }
      let fn: ObjectId;
      try { fn = this.getAttr(obj, name, e.line); } finally { h.decrefUnchecked(obj); }
      let args: ObjectId[];
      let kw: [string, ObjectId][];
      try { [args, kw] = this.evalArgs(e.args, f); } catch (err) { h.decrefUnchecked(fn); throw err; }
      try { return this.call(fn, args, kw, e.line); } finally { h.decrefUnchecked(fn); }
    }
    const fn = this.eval(e.func, f);
    let args: ObjectId[];
    let kw: [string, ObjectId][];
    try { [args, kw] = this.evalArgs(e.args, f); } catch (err) { h.decrefUnchecked(fn); throw err; }
    try { return this.call(fn, args, kw, e.line); } finally { h.decrefUnchecked(fn); }
  }

  private evalArgs(args: readonly Arg[], f: Frame): [ObjectId[], [string, ObjectId][]] {
    const h = this.heap;
    const pos: ObjectId[] = [];
    const kw: [string, ObjectId][] = [];
    try {
      for (const a of args) {
        if (a.star === '*') {
          const v = this.eval(a.value, f);
          const l = this.listFrom(v);
          h.decrefUnchecked(v);
          for (const x of h.items(l)) { h.incref(x); pos.push(x); }
          h.decrefUnchecked(l);
        } else if (a.star === '**') {
          const v = this.eval(a.value, f);
          for (const [k, x] of this.dictPairs(v)) { h.incref(x); kw.push([h.value(k) as string, x]); }
          h.decrefUnchecked(v);
        } else if (a.name !== null) kw.push([a.name, this.eval(a.value, f)]);
        else pos.push(this.eval(a.value, f));
      }
    } catch (err) {
      for (const x of pos) h.decrefUnchecked(x);
      for (const [, x] of kw) h.decrefUnchecked(x);
      throw err;
    }
    return [pos, kw];
  }

  private fstring(parts: readonly FPart[], f: Frame): string {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') { out += p; continue; }
      const v = this.eval(p.expr, f);
      try {
        const spec = p.spec ? this.fstring(p.spec, f) : '';
        if (p.conversion === 'r' || p.conversion === 'a') out += formatStr(this.repr(v), spec);
        else if (p.conversion === 's') out += formatStr(this.str(v), spec);
        else out += this.format(v, spec);
      } finally { this.heap.decrefUnchecked(v); }
    }
    return out;
  }

  private format(v: ObjectId, spec: string): string {
    const h = this.heap;
    try {
      switch (h.kindOf(v)) {
        case Kind.Int: return formatInt(h.value(v) as bigint, spec);
        case Kind.Bool: return spec === '' ? this.str(v) : formatInt(h.value(v) ? 1n : 0n, spec);
        case Kind.Float: return formatFloat(h.value(v) as number, spec);
        case Kind.Str: return formatStr(h.value(v) as string, spec);
        default: return formatStr(this.str(v), spec);
      }
    } catch (e) {
      if (e instanceof FormatSpecError) this.raise('ValueError', e.message);
      throw e;
    }
  }

  // --- subscripts ---------------------------------------------------------------------------

  private normIndex(i: ObjectId, n: number, what: string): number {
    const k = this.heap.kindOf(i);
    if (k !== Kind.Int && k !== Kind.Bool) this.raise('TypeError', `${what} indices must be integers or slices, not ${this.typeName(i)}`);
    let v = Number(this.intOf(i));
    if (v < 0) v += n;
    return v;
  }

  /** PySlice_AdjustIndices for step 1 (and the step itself). */
  private sliceBounds(s: ObjectId, n: number): [number, number, number] {
    const h = this.heap;
    const [lo, hi, st] = h.items(s).map((x) => (x === h.noneId ? null : Number(this.intOf(x))));
    const step = st ?? 1;
    const adj = (v: number | null, def: number) => {
      if (v === null) return def;
      if (v < 0) v = Math.max(0, v + n);
      return Math.min(v, n);
    };
    return [adj(lo ?? null, 0), adj(hi ?? null, n), step];
  }

  private sliceIndices(s: ObjectId, n: number): number[] {
    const h = this.heap;
    const [lo, hi, st] = h.items(s).map((x) => (x === h.noneId ? null : Number(this.intOf(x))));
    const step = st ?? 1;
    if (step === 0) this.raise('ValueError', 'slice step cannot be zero');
    const clamp = (v: number | null, def: number, lowB: number, highB: number) => {
      if (v === null) return def;
      if (v < 0) v += n;
      return Math.min(Math.max(v, lowB), highB);
    };
    const out: number[] = [];
    if (step > 0) {
      const a = clamp(lo ?? null, 0, 0, n), b = clamp(hi ?? null, n, 0, n);
      for (let i = a; i < b; i += step) out.push(i);
    } else {
      const a = clamp(lo ?? null, n - 1, -1, n - 1), b = clamp(hi ?? null, -1, -1, n - 1);
      for (let i = a; i > b; i += step) out.push(i);
    }
    return out;
  }

  private getItem(obj: ObjectId, idx: ObjectId, line: number): ObjectId {
    const h = this.heap;
    const t = this.typeName(obj);
    const isSlice = this.typeName(idx) === 'slice';
    switch (t) {
      case 'list': case 'tuple': {
        const n = h.state.slotLen[obj]!;
        if (isSlice) {
          const items = h.items(obj);
          const picked = this.sliceIndices(idx, n).map((i) => items[i]!);
          return t === 'list' ? h.list(picked) : h.tuple(picked);
        }
        const i = this.normIndex(idx, n, t);
        if (i < 0 || i >= n) this.raise('IndexError', `${t} index out of range`);
        return this.ref(h.state.slot(obj, i));
      }
      case 'bytes': {
        const b = h.value(obj) as string;
        if (isSlice) return h.bytes(this.sliceIndices(idx, b.length).map((i) => b[i]).join(''));
        const i = this.normIndex(idx, b.length, 'byte');
        if (i < 0 || i >= b.length) this.raise('IndexError', 'index out of range');
        return this.newInt(BigInt(b.charCodeAt(i)));
      }
      case 'str': {
        const chars = [...(h.value(obj) as string)];
        if (isSlice) return h.str(this.sliceIndices(idx, chars.length).map((i) => chars[i]).join(''));
        const i = this.normIndex(idx, chars.length, 'string');
        if (i < 0 || i >= chars.length) this.raise('IndexError', 'string index out of range');
        return h.str(chars[i]!);
      }
      case 'dict': {
        const v = this.dictGet(obj, idx);
        if (v === NULL_ID) this.raise('KeyError', idx);
        return this.ref(v);
      }
      case 'range': {
        const [start, stop, step] = this.rangeParts.get(obj)!;
        const n = Number(step > 0n ? (stop > start ? (stop - start + step - 1n) / step : 0n) : (start > stop ? (start - stop - step - 1n) / -step : 0n));
        const i = this.normIndex(idx, n, 'range object');
        if (i < 0 || i >= n) this.raise('IndexError', 'range object index out of range');
        return this.newInt(start + BigInt(i) * step);
      }
    }
    if (h.kindOf(obj) === Kind.Instance) {
      const m = this.lookupSpecial(obj, '__getitem__');
      if (m !== NULL_ID) { h.incref(m); h.incref(obj); h.incref(idx); try { return this.call(m, [obj, idx], [], line); } finally { h.decrefUnchecked(m); } }
    }
    return this.raise('TypeError', `'${t}' object is not subscriptable`);
  }

  private setItem(obj: ObjectId, idx: ObjectId, v: ObjectId, line: number): void {
    const h = this.heap;
    const t = this.typeName(obj);
    if (t === 'list') {
      if (this.typeName(idx) === 'slice') {
        const n = h.state.slotLen[obj]!;
        const [lo, hi, step] = this.sliceBounds(idx, n);
        if (step !== 1) {
          const idxs = this.sliceIndices(idx, n);
          const src = this.listFrom(v);
          try {
            const vals = h.items(src);
            if (vals.length !== idxs.length) this.raise('ValueError', `attempt to assign sequence of size ${vals.length} to extended slice of size ${idxs.length}`);
            const old = idxs.map((i) => h.state.slot(obj, i));
            for (const o of old) h.incref(o);
            idxs.forEach((i, k) => h.listSetItem(obj, i, vals[k]!));
            for (const o of old) h.decrefUnchecked(o);
          } finally { h.decrefUnchecked(src); }
          return;
        }
        // PySequence_Fast: a list or tuple is used as it is, anything else becomes a list
        const k = h.kindOf(v);
        const src = k === Kind.List || k === Kind.Tuple ? this.ref(v) : this.listFrom(v);
        try { h.listAssignSlice(obj, lo, Math.max(lo, hi), h.items(src)); } finally { h.decrefUnchecked(src); }
        return;
      }
      const n = h.state.slotLen[obj]!;
      const i = this.normIndex(idx, n, 'list');
      if (i < 0 || i >= n) this.raise('IndexError', 'list assignment index out of range');
      h.listSetItem(obj, i, v);
      return;
    }
    if (t === 'dict') { this.hash(idx); h.dictSetItem(obj, idx, v); return; }
    if (h.kindOf(obj) === Kind.Instance) {
      const m = this.lookupSpecial(obj, '__setitem__');
      if (m !== NULL_ID) { h.incref(m); h.incref(obj); h.incref(idx); h.incref(v); try { h.decrefUnchecked(this.call(m, [obj, idx, v], [], line)); } finally { h.decrefUnchecked(m); } return; }
    }
    this.raise('TypeError', `'${t}' object does not support item assignment`);
  }

  private delItem(obj: ObjectId, idx: ObjectId, line: number): void {
    const h = this.heap;
    const t = this.typeName(obj);
    if (t === 'list') {
      if (this.typeName(idx) === 'slice') {
        const n = h.state.slotLen[obj]!;
        const [lo, hi, step] = this.sliceBounds(idx, n);
        if (step === 1) { h.listAssignSlice(obj, lo, Math.max(lo, hi), []); return; }
        const idxs = this.sliceIndices(idx, n).sort((a, b) => b - a);
        for (const i of idxs) h.listDelItem(obj, i);
        return;
      }
      const n = h.state.slotLen[obj]!;
      const i = this.normIndex(idx, n, 'list');
      if (i < 0 || i >= n) this.raise('IndexError', 'list assignment index out of range');
      h.listDelItem(obj, i);
      return;
    }
    if (t === 'dict') {
      if (this.dictGet(obj, idx) === NULL_ID) this.raise('KeyError', idx);
      h.dictDelItem(obj, idx);
      return;
    }
    void line;
    this.raise('TypeError', `'${t}' object doesn't support item deletion`);
  }

  // --- operators ----------------------------------------------------------------------------

  /** BINARY_OP: the result, then the operands released (left, then right). */
  binop(op: string, l: ObjectId, r: ObjectId, line: number, inplace = false): ObjectId {
    const h = this.heap;
    try {
      if (inplace && op === '+' && h.kindOf(l) === Kind.List) {
        // list += iterable extends in place (list_inplace_concat)
        const src = this.listFrom(r);
        for (const x of h.items(src)) h.listAppend(l, x);
        h.decrefUnchecked(src);
        return this.ref(l);
      }
      return this.arith(op, l, r, line);
    } finally {
      h.decrefUnchecked(l);
      h.decrefUnchecked(r);
    }
  }

  private arith(op: string, l: ObjectId, r: ObjectId, line: number): ObjectId {
    const h = this.heap;
    const kl = h.kindOf(l), kr = h.kindOf(r);
    const isInt = (k: number) => k === Kind.Int || k === Kind.Bool;
    const num = (x: ObjectId, k: number) => (k === Kind.Float ? (h.value(x) as number) : Number(this.intOf(x)));
    if (isInt(kl) && isInt(kr)) {
      const a = this.intOf(l), b = this.intOf(r);
      switch (op) {
        case '+': return this.newInt(a + b);
        case '-': return this.newInt(a - b);
        case '*': return this.newInt(a * b);
        case '/': if (b === 0n) this.raise('ZeroDivisionError', 'division by zero'); return h.float(Number(a) / Number(b));
        case '//': if (b === 0n) this.raise('ZeroDivisionError', 'integer division or modulo by zero'); return this.newInt(floorDiv(a, b));
        case '%': if (b === 0n) this.raise('ZeroDivisionError', 'integer modulo by zero'); return this.newInt(a - floorDiv(a, b) * b);
        case '**': if (b < 0n) return h.float(Number(a) ** Number(b)); return this.newInt(a ** b);
        case '&': return this.newInt(a & b);
        case '|': return this.newInt(a | b);
        case '^': return this.newInt(a ^ b);
        case '<<': return this.newInt(a << b);
        case '>>': return this.newInt(a >> b);
      }
    }
    if ((isInt(kl) || kl === Kind.Float) && (isInt(kr) || kr === Kind.Float)) {
      const a = num(l, kl), b = num(r, kr);
      switch (op) {
        case '+': return h.float(a + b);
        case '-': return h.float(a - b);
        case '*': return h.float(a * b);
        case '/': if (b === 0) this.raise('ZeroDivisionError', 'float division by zero'); return h.float(a / b);
        case '//': if (b === 0) this.raise('ZeroDivisionError', 'float floor division by zero'); return h.float(Math.floor(a / b));
        case '%': { if (b === 0) this.raise('ZeroDivisionError', 'float modulo'); const m = a - Math.floor(a / b) * b; return h.float(m); }
        case '**': return h.float(a ** b);
      }
    }
    if (kl === Kind.Str && kr === Kind.Str && op === '+') return h.str((h.value(l) as string) + (h.value(r) as string));
    if (kl === Kind.Bytes && kr === Kind.Bytes && op === '+') return h.bytes((h.value(l) as string) + (h.value(r) as string), { fresh: true });
    if (kl === Kind.Bytes && isInt(kr) && op === '*') return h.bytes((h.value(l) as string).repeat(Math.max(0, Number(this.intOf(r)))), { fresh: true });
    if ((kl === Kind.Str || kl === Kind.List || kl === Kind.Tuple) && op === '+' && kr !== kl) {
      const n = kl === Kind.Str ? 'str' : kl === Kind.List ? 'list' : 'tuple';
      this.raise('TypeError', `can only concatenate ${n} (not "${this.typeName(r)}") to ${n}`);
    }
    if (kl === Kind.Str && isInt(kr) && op === '*') return h.str((h.value(l) as string).repeat(Math.max(0, Number(this.intOf(r)))));
    if (isInt(kl) && kr === Kind.Str && op === '*') return h.str((h.value(r) as string).repeat(Math.max(0, Number(this.intOf(l)))));
    if (kl === Kind.Str && op === '%') return this.unsupported("'%' string formatting", line);
    if (kl === Kind.List && kr === Kind.List && op === '+') return h.list([...h.items(l), ...h.items(r)]);
    if (kl === Kind.Tuple && kr === Kind.Tuple && op === '+') return h.tuple([...h.items(l), ...h.items(r)]);
    if ((kl === Kind.List || kl === Kind.Tuple) && isInt(kr) && op === '*') {
      const n = Math.max(0, Number(this.intOf(r)));
      const items = h.items(l);
      const all = Array.from({ length: n }, () => items).flat();
      return kl === Kind.List ? h.list(all) : h.tuple(all);
    }
    if ((kl === Kind.Set || kl === Kind.FrozenSet) && (kr === Kind.Set || kr === Kind.FrozenSet) && ['|', '&', '-', '^'].includes(op)) {
      const method = op === '|' ? 'union' : op === '&' ? 'intersection' : op === '-' ? 'difference' : 'symmetric_difference';
      return this.callMethod(l, method, [r], [], line);
    }
    if (kl === Kind.Instance || kr === Kind.Instance) {
      const names: Record<string, [string, string]> = { '+': ['__add__', '__radd__'], '-': ['__sub__', '__rsub__'], '*': ['__mul__', '__rmul__'] };
      const pair = names[op];
      if (pair) {
        const m = this.lookupSpecial(l, pair[0]);
        if (m !== NULL_ID) { h.incref(m); h.incref(l); h.incref(r); try { return this.call(m, [l, r], [], line); } finally { h.decrefUnchecked(m); } }
      }
    }
    return this.raise('TypeError', `unsupported operand type(s) for ${op}: '${this.typeName(l)}' and '${this.typeName(r)}'`);
  }

  private compare(op: string, l: ObjectId, r: ObjectId): boolean {
    const isSet = (x: ObjectId) => { const k = this.heap.kindOf(x); return k === Kind.Set || k === Kind.FrozenSet; };
    if (isSet(l) && isSet(r) && ['<', '<=', '>', '>='].includes(op)) {
      const sub = (a: ObjectId, b: ObjectId) => this.heap.items(a).every((x) => x === NULL_ID || this.contains(b, x));
      const la = this.len(l), lb = this.len(r);
      if (op === '<=') return sub(l, r);
      if (op === '<') return la < lb && sub(l, r);
      if (op === '>=') return sub(r, l);
      return lb < la && sub(r, l);
    }
    switch (op) {
      case 'is': return l === r;
      case 'is not': return l !== r;
      case '==': return this.eq(l, r);
      case '!=': return !this.eq(l, r);
      case 'in': return this.contains(r, l);
      case 'not in': return !this.contains(r, l);
      case '<': return this.lessThan(l, r);
      case '>': return this.lessThan(r, l);
      case '<=': return !this.lessThan(r, l) && this.orderable(l, r, '<=');
      case '>=': return !this.lessThan(l, r) && this.orderable(l, r, '>=');
    }
    return this.unsupported(`comparison ${op}`, this.currentLine());
  }

  private orderable(l: ObjectId, r: ObjectId, op: string): boolean {
    const h = this.heap;
    const c = (k: number) => (k === Kind.Int || k === Kind.Bool || k === Kind.Float ? 'num' : k);
    if (c(h.kindOf(l)) !== c(h.kindOf(r))) this.raise('TypeError', `'${op}' not supported between instances of '${this.typeName(l)}' and '${this.typeName(r)}'`);
    return true;
  }

  eq(l: ObjectId, r: ObjectId): boolean {
    const h = this.heap;
    if (l === r) return true;
    const kl = h.kindOf(l), kr = h.kindOf(r);
    const numeric = (k: number) => k === Kind.Int || k === Kind.Bool || k === Kind.Float;
    if (numeric(kl) && numeric(kr)) {
      if (kl === Kind.Float || kr === Kind.Float) return Number(kl === Kind.Float ? h.value(l) : this.intOf(l)) === Number(kr === Kind.Float ? h.value(r) : this.intOf(r));
      return this.intOf(l) === this.intOf(r);
    }
    if (kl !== kr) {
      if (kl === Kind.Instance) { const m = this.lookupSpecial(l, '__eq__'); if (m !== NULL_ID) return this.callBoolSpecial(m, l, r); }
      return false;
    }
    switch (kl) {
      case Kind.Str: case Kind.Bytes: return h.value(l) === h.value(r);
      case Kind.List: case Kind.Tuple: {
        const a = h.items(l), b = h.items(r);
        return a.length === b.length && a.every((x, i) => this.eq(x, b[i]!));
      }
      case Kind.Dict: {
        const a = this.dictPairs(l), b = this.dictPairs(r);
        if (a.length !== b.length) return false;
        return a.every(([k, v]) => { const w = this.dictGet(r, k); return w !== NULL_ID && this.eq(v, w); });
      }
      case Kind.Set: case Kind.FrozenSet: {
        const a = h.items(l).filter((x) => x !== NULL_ID), b = h.items(r).filter((x) => x !== NULL_ID);
        return a.length === b.length && a.every((x) => this.contains(r, x));
      }
      case Kind.Instance: {
        const m = this.lookupSpecial(l, '__eq__');
        if (m !== NULL_ID) return this.callBoolSpecial(m, l, r);
        return false;
      }
      case Kind.Method: return h.state.slot(l, 0) === h.state.slot(r, 0) && h.state.slot(l, 1) === h.state.slot(r, 1);
    }
    return false;
  }

  private callBoolSpecial(m: ObjectId, l: ObjectId, r: ObjectId): boolean {
    const h = this.heap;
    h.incref(m); h.incref(l); h.incref(r);
    let res: ObjectId;
    try { res = this.call(m, [l, r], [], this.currentLine()); } finally { h.decrefUnchecked(m); }
    try { return this.truth(res); } finally { h.decrefUnchecked(res); }
  }

  lessThan(l: ObjectId, r: ObjectId): boolean {
    const h = this.heap;
    const kl = h.kindOf(l), kr = h.kindOf(r);
    const numeric = (k: number) => k === Kind.Int || k === Kind.Bool || k === Kind.Float;
    if (numeric(kl) && numeric(kr)) {
      if (kl === Kind.Float || kr === Kind.Float) return Number(kl === Kind.Float ? h.value(l) : this.intOf(l)) < Number(kr === Kind.Float ? h.value(r) : this.intOf(r));
      return this.intOf(l) < this.intOf(r);
    }
    if (kl === Kind.Bytes && kr === Kind.Bytes) {
      const a = h.value(l) as string, b = h.value(r) as string;
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return a.charCodeAt(i) < b.charCodeAt(i);
      return a.length < b.length;
    }
    if (kl === Kind.Str && kr === Kind.Str) {
      const a = [...(h.value(l) as string)].map((c) => c.codePointAt(0)!), b = [...(h.value(r) as string)].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
      return a.length < b.length;
    }
    if ((kl === Kind.List && kr === Kind.List) || (kl === Kind.Tuple && kr === Kind.Tuple)) {
      const a = h.items(l), b = h.items(r);
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (!this.eq(a[i]!, b[i]!)) return this.lessThan(a[i]!, b[i]!);
      return a.length < b.length;
    }
    if (kl === Kind.Instance) {
      const m = this.lookupSpecial(l, '__lt__');
      if (m !== NULL_ID) return this.callBoolSpecial(m, l, r);
    }
    return this.raise('TypeError', `'<' not supported between instances of '${this.typeName(l)}' and '${this.typeName(r)}'`);
  }

  contains(container: ObjectId, x: ObjectId): boolean {
    const h = this.heap;
    switch (h.kindOf(container)) {
      case Kind.List: case Kind.Tuple: return h.items(container).some((y) => this.eq(y, x));
      case Kind.Dict: return this.dictGet(container, x) !== NULL_ID;
      case Kind.Set: case Kind.FrozenSet: this.hash(x); return h.setContains(container, x);
      case Kind.Str:
        if (h.kindOf(x) !== Kind.Str) this.raise('TypeError', `'in <string>' requires string as left operand, not ${this.typeName(x)}`);
        return (h.value(container) as string).includes(h.value(x) as string);
      case Kind.Bytes:
        if (h.kindOf(x) === Kind.Int) return (h.value(container) as string).includes(String.fromCharCode(Number(this.intOf(x))));
        if (h.kindOf(x) !== Kind.Bytes) this.raise('TypeError', `a bytes-like object is required, not '${this.typeName(x)}'`);
        return (h.value(container) as string).includes(h.value(x) as string);
    }
    if (this.typeName(container) === 'range') {
      const [a, b, c] = this.rangeParts.get(container)!;
      if (h.kindOf(x) !== Kind.Int) return false;
      const v = this.intOf(x);
      return c > 0n ? v >= a && v < b && (v - a) % c === 0n : v <= a && v > b && (a - v) % -c === 0n;
    }
    if (this.typeName(container).startsWith('dict_')) return this.contains(h.state.slot(container, 0), x);
    return this.raise('TypeError', `argument of type '${this.typeName(container)}' is not iterable`);
  }

  truth(v: ObjectId): boolean {
    const h = this.heap;
    switch (h.kindOf(v)) {
      case Kind.None: return false;
      case Kind.Bool: return h.value(v) === true;
      case Kind.Int: return (h.value(v) as bigint) !== 0n;
      case Kind.Float: return (h.value(v) as number) !== 0;
      case Kind.Str: case Kind.Bytes: return (h.value(v) as string).length > 0;
      case Kind.List: case Kind.Tuple: case Kind.Dict: case Kind.Set: case Kind.FrozenSet: return this.len(v) > 0;
      case Kind.Instance: {
        const b = this.lookupSpecial(v, '__bool__');
        if (b !== NULL_ID) { h.incref(b); h.incref(v); const r = this.call(b, [v], [], this.currentLine()); h.decrefUnchecked(b); const t = r === h.trueId; h.decrefUnchecked(r); return t; }
        const l = this.lookupSpecial(v, '__len__');
        if (l !== NULL_ID) { h.incref(l); h.incref(v); const r = this.call(l, [v], [], this.currentLine()); h.decrefUnchecked(l); const t = this.intOf(r) !== 0n; h.decrefUnchecked(r); return t; }
        return true;
      }
    }
    if (this.typeName(v) === 'range') return this.len(v) > 0;
    return true;
  }

  len(v: ObjectId): number {
    const h = this.heap;
    switch (h.kindOf(v)) {
      case Kind.List: case Kind.Tuple: return h.state.slotLen[v]!;
      case Kind.Str: return [...(h.value(v) as string)].length;
      case Kind.Bytes: return (h.value(v) as string).length;
      case Kind.Dict: return h.dictUsed(v);
      case Kind.Set: case Kind.FrozenSet: return h.setUsedCount(v);
      case Kind.Instance: {
        const l = this.lookupSpecial(v, '__len__');
        if (l !== NULL_ID) { h.incref(l); h.incref(v); const r = this.call(l, [v], [], this.currentLine()); h.decrefUnchecked(l); const n = Number(this.intOf(r)); h.decrefUnchecked(r); return n; }
      }
    }
    const t = this.typeName(v);
    if (t === 'range') {
      const [a, b, c] = this.rangeParts.get(v)!;
      return Number(c > 0n ? (b > a ? (b - a + c - 1n) / c : 0n) : (a > b ? (a - b - c - 1n) / -c : 0n));
    }
    if (t.startsWith('dict_')) return this.len(h.state.slot(v, 0));
    return this.raise('TypeError', `object of type '${t}' has no len()`);
  }

  /** hash(): long_hash, _Py_HashDouble, tuplehash (xxHash lanes); identity for the rest. */
  hash(v: ObjectId): bigint {
    const h = this.heap;
    switch (h.kindOf(v)) {
      case Kind.Int: return intHash(h.value(v) as bigint);
      case Kind.Bool: return h.value(v) ? 1n : 0n;
      case Kind.Str: case Kind.Bytes: return stringHash((h.kindOf(v) === Kind.Str ? 's' : 'b') + (h.value(v) as string));
      case Kind.Float: return floatHash(h.value(v) as number, h.addressOf(v));
      case Kind.List: case Kind.Dict: case Kind.Set: return this.raise('TypeError', `unhashable type: '${this.typeName(v)}'`);
      case Kind.Tuple: {
        const M = (1n << 64n) - 1n;
        const P1 = 11400714785074694791n, P2 = 14029467366897019727n, P5 = 2870177450012600261n;
        let acc = P5;
        const items = h.items(v);
        for (const x of items) {
          const lane = BigInt.asUintN(64, this.hash(x));
          acc = (acc + lane * P2) & M;
          acc = ((acc << 31n) | (acc >> 33n)) & M;
          acc = (acc * P1) & M;
        }
        acc = (acc + (BigInt(items.length) ^ (P5 ^ 3527539n))) & M;
        if (acc === M) return 1546275796n;
        return BigInt.asIntN(64, acc);
      }
      case Kind.Instance: {
        const m = this.lookupSpecial(v, '__hash__');
        if (m === NULL_ID && this.lookupSpecial(v, '__eq__') !== NULL_ID) this.raise('TypeError', `unhashable type: '${this.typeName(v)}'`);
        return BigInt(h.addressOf(v)) >> 4n;
      }
      default: return BigInt(h.addressOf(v)) >> 4n;
    }
  }

  isCallable(x: ObjectId): boolean {
    const h = this.heap;
    return this.functions.has(x) || this.builtinFns.has(x) || h.kindOf(x) === Kind.Type || h.kindOf(x) === Kind.Method || this.boundMethods.has(x);
  }

  private isInstance(obj: ObjectId, cls: ObjectId): boolean {
    const h = this.heap;
    if (h.kindOf(cls) === Kind.Tuple) return h.items(cls).some((c) => this.isInstance(obj, c));
    if (this.excTypeName.has(cls)) return this.isException(obj) && isSubclassName(this.typeName(obj), this.excTypeName.get(cls)!);
    if (h.kindOf(cls) !== Kind.Type) this.raise('TypeError', 'isinstance() arg 2 must be a type, a tuple of types, or a union');
    const t = this.typeOf(obj);
    if (t === cls) return true;
    if (cls === h.typeIds.get('object')) return true;
    if (cls === h.typeIds.get('int') && h.kindOf(obj) === Kind.Bool) return true;
    const spec = h.state.types.get(t);
    return spec !== undefined && spec.mro.includes(cls);
  }

  private sizeof(x: ObjectId): number {
    const h = this.heap;
    if (h.kindOf(x) === Kind.Builtin) return 72;
    return h.getsizeof(x);
  }

  // --- str / repr -----------------------------------------------------------------------

  str(v: ObjectId): string {
    const h = this.heap;
    switch (h.kindOf(v)) {
      case Kind.Str: return h.value(v) as string;
      case Kind.Instance: {
        const m = this.lookupSpecial(v, '__str__');
        if (m !== NULL_ID) return this.callStrSpecial(m, v);
        return this.repr(v);
      }
    }
    if (this.isException(v)) return this.exceptionMessage(v);
    return this.repr(v);
  }

  private callStrSpecial(m: ObjectId, v: ObjectId): string {
    const h = this.heap;
    h.incref(m); h.incref(v);
    const r = this.call(m, [v], [], this.currentLine());
    h.decrefUnchecked(m);
    try {
      if (h.kindOf(r) !== Kind.Str) this.raise('TypeError', `__str__ returned non-string (type ${this.typeName(r)})`);
      return h.value(r) as string;
    } finally { h.decrefUnchecked(r); }
  }

  repr(v: ObjectId): string {
    const h = this.heap;
    const k = h.kindOf(v);
    const addr = () => '0x' + h.addressOf(v).toString(16);
    switch (k) {
      case Kind.None: return 'None';
      case Kind.Bool: return h.value(v) ? 'True' : 'False';
      case Kind.Int: return (h.value(v) as bigint).toString();
      case Kind.Float: return floatRepr(h.value(v) as number);
      case Kind.Str: return strRepr(h.value(v) as string);
      case Kind.Bytes: return bytesRepr(h.value(v) as string);
      case Kind.List: case Kind.Tuple: case Kind.Dict: case Kind.Set: case Kind.FrozenSet: {
        if (this.reprDepth.has(v)) return k === Kind.List ? '[...]' : k === Kind.Dict ? '{...}' : '(...)';
        this.reprDepth.add(v);
        try {
          if (k === Kind.List) return '[' + h.items(v).map((x) => this.repr(x)).join(', ') + ']';
          if (k === Kind.Tuple) { const it = h.items(v); return '(' + it.map((x) => this.repr(x)).join(', ') + (it.length === 1 ? ',)' : ')'); }
          if (k === Kind.Dict) return '{' + this.dictPairs(v).map(([a, b]) => `${this.repr(a)}: ${this.repr(b)}`).join(', ') + '}';
          const items = h.items(v).filter((x) => x !== NULL_ID);
          if (k === Kind.FrozenSet) return items.length ? 'frozenset({' + items.map((x) => this.repr(x)).join(', ') + '})' : 'frozenset()';
          return items.length ? '{' + items.map((x) => this.repr(x)).join(', ') + '}' : 'set()';
        } finally { this.reprDepth.delete(v); }
      }
      case Kind.Instance: {
        const m = this.lookupSpecial(v, '__repr__');
        if (m !== NULL_ID) return this.callStrSpecial(m, v);
        return `<__main__.${this.classQualnames.get(h.state.typeOf[v]! as ObjectId) ?? this.typeName(v)} object at ${addr()}>`;
      }
      case Kind.Type: {
        if ((h.state.flags[v]! & F_STATIC) !== 0) return `<class '${h.state.types.get(v)!.name}'>`;
        return `<class '__main__.${this.classQualnames.get(v) ?? h.state.types.get(v)!.name}'>`;
      }
      case Kind.Function: return `<function ${h.value(h.state.slot(v, 10))} at ${addr()}>`;
      case Kind.Method: return `<bound method ${h.value(h.state.slot(h.state.slot(v, 0), 10))} of ${this.repr(h.state.slot(v, 1))}>`;
      case Kind.Weakref: {
        const r = h.state.aux[v]!;
        return r === NULL_ID ? `<weakref at ${addr()}; dead>` : `<weakref at ${addr()}; to '${this.typeName(r as ObjectId)}' at 0x${h.addressOf(r as ObjectId).toString(16)}>`;
      }
      case Kind.Builtin: {
        const [type, name] = (h.value(v) as string).split(':') as [string, string];
        if (type === 'module') return `<module '${name}' (built-in)>`;
        if (type === 'type') return `<class '${name}'>`;
        return `<built-in function ${name.replace(/^.*\./, '')}>`;
      }
      case Kind.Object: return `<object object at ${addr()}>`;
      case Kind.Cell: return `<cell at ${addr()}>`;
    }
    if (this.isException(v)) {
      const args = h.state.slot(v, 0);
      const items = h.items(args);
      return `${this.typeName(v)}(${items.map((x) => this.repr(x)).join(', ')})`;
    }
    const t = this.typeName(v);
    if (t === 'range') {
      const [a, b, c] = this.rangeParts.get(v)!;
      return c === 1n ? `range(${a}, ${b})` : `range(${a}, ${b}, ${c})`;
    }
    if (t.startsWith('dict_')) return `${t}([${this.dictPairs(h.state.slot(v, 0)).map(([a, b]) => (t === 'dict_keys' ? this.repr(a) : t === 'dict_values' ? this.repr(b) : `(${this.repr(a)}, ${this.repr(b)})`)).join(', ')}])`;
    return `<${t} object at ${addr()}>`;
  }

  // --- the heap's host ----------------------------------------------------------------------

  callFinalizer(heap: Heap, self: ObjectId, legacy: boolean): void {
    const m = this.lookupClassAttr(heap.state.typeOf[self]! as ObjectId, legacy ? '__tp_del__' : '__del__');
    if (m === NULL_ID) return;
    this.callIgnoringErrors(m, [self], `Exception ignored in: ${this.repr(m)}`);
  }

  callWeakrefCallback(heap: Heap, callback: ObjectId, wr: ObjectId): void {
    void heap;
    this.callIgnoringErrors(callback, [wr], `Exception ignored in: ${this.repr(callback)}`);
  }

  callGcCallback(heap: Heap, callback: ObjectId, phase: 'start' | 'stop', info: ObjectId): void {
    const p = heap.str(phase);
    try { this.callIgnoringErrors(callback, [p, info], `Exception ignored in: ${this.repr(callback)}`); } finally { heap.decrefUnchecked(p); }
  }

  /** PyErr_WriteUnraisable: the exception goes to stderr with its traceback; execution goes on. */
  private callIgnoringErrors(fn: ObjectId, args: ObjectId[], header: string): void {
    const h = this.heap;
    h.incref(fn);
    for (const a of args) h.incref(a);
    try {
      h.decrefUnchecked(this.call(fn, args, [], this.currentLine()));
    } catch (e) {
      if (!(e instanceof PyException)) throw e;
      this.err(header + '\n' + this.formatTraceback(e));
      this.dropException(e);
    } finally {
      h.decrefUnchecked(fn);
    }
  }
}

const HASH_MODULUS = (1n << 61n) - 1n;

/** A value-based hash of str / bytes (FNV-1a, 64 bits): equal strings hash equal; never printed. */
function stringHash(s: string): bigint {
  let x = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) x = BigInt.asUintN(64, (x ^ BigInt(s.charCodeAt(i))) * 0x100000001b3n);
  const r = BigInt.asIntN(64, x);
  return r === -1n ? -2n : r;
}

function intHash(x: bigint): bigint {
  let r = (x < 0n ? -x : x) % HASH_MODULUS;
  if (x < 0n) r = -r;
  return r === -1n ? -2n : r;
}

/** _Py_HashDouble */
function floatHash(v: number, address: number): bigint {
  if (Number.isNaN(v)) return BigInt(address) >> 4n;
  if (!Number.isFinite(v)) return v > 0 ? 314159n : -314159n;
  if (Number.isInteger(v)) return intHash(BigInt(v));
  let m = Math.abs(v);
  const sign = v < 0 ? -1n : 1n;
  // frexp: v = m * 2**e with 0.5 <= m < 1
  let e = Math.floor(Math.log2(m)) + 1;
  m = m / 2 ** e;
  if (m >= 1) { m /= 2; e += 1; }
  if (m < 0.5) { m *= 2; e -= 1; }
  let x = 0n;
  while (m) {
    x = ((x << 28n) & HASH_MODULUS) | (x >> (61n - 28n));
    m *= 268435456.0;
    e -= 28;
    const y = Math.floor(m);
    m -= y;
    x += BigInt(y);
    if (x >= HASH_MODULUS) x -= HASH_MODULUS;
  }
  const ee = BigInt(e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61));
  x = ((x << ee) & HASH_MODULUS) | (x >> (61n - ee));
  x = x * sign;
  return x === -1n ? -2n : x;
}

function isConstant(e: Expr): boolean {
  return e.k === 'Int' || e.k === 'Float' || e.k === 'Str' || e.k === 'Bytes' || e.k === 'Const' || (e.k === 'Unary' && e.op === '-' && (e.operand.k === 'Int' || e.operand.k === 'Float'));
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function trimChars(s: string, chars: string, left: boolean, right: boolean): string {
  let a = 0, b = s.length;
  if (left) while (a < b && chars.includes(s[a]!)) a++;
  if (right) while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** A stable merge sort (Python's sort is stable) with a less-than predicate. */
function mergeSort<T>(xs: T[], lt: (a: T, b: T) => boolean): T[] {
  if (xs.length <= 1) return [...xs];
  const mid = xs.length >> 1;
  const a = mergeSort(xs.slice(0, mid), lt);
  const b = mergeSort(xs.slice(mid), lt);
  const out: T[] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    if (lt(b[j]!, a[i]!)) out.push(b[j++]!);
    else out.push(a[i++]!);
  }
  return out.concat(a.slice(i), b.slice(j));
}
