/**
 * "Why is it alive", in the program's words: every holder of an object after a record,
 * each named as the program would name it. A module variable (`the variable a (module
 * __main__)`), a function's local (`the local variable box of make() (frame 2)`), another
 * object reached from a variable (`b.other (Node#160)`), references from outside the heap
 * that no variable accounts for (the interpreter's stack), or, when nothing the program
 * holds reaches it, the cycle the collector will free.
 *
 * Read from the index alone (HeapIndex.project of the object, its holders, and the
 * objects between them and a variable), as whyAlive is.
 */
import { Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import type { HeapIndex, ObjectProjection } from './HeapIndex.js';

export interface Holder {
  /**
   * 'global': a variable of the module; 'local': a variable of a function's frame;
   * 'object': a reference from another object; 'outside': references from outside the
   * heap that no variable holds (the interpreter's value stack: an expression being
   * evaluated, a call's arguments; or the interpreter itself).
   */
  readonly kind: 'global' | 'local' | 'object' | 'outside';
  /** In words: "the variable a (module __main__)", "b.other (Node#160)". */
  readonly text: string;
  /** The variable's name, or the expression that reaches the object from a variable ('b.other'), when there is one. */
  readonly name: string | null;
  /** 'local': the frame and its function. */
  readonly frame?: number;
  readonly function?: string;
  /** 'object': the object holding it, and how ('.other', "['a']", '[0]'). */
  readonly holder?: ObjectId;
  readonly via?: string;
  /** 'object': whether anything the program holds reaches the holder (false: garbage the collector will free). */
  readonly reachable?: boolean;
  /** 'outside': how many references. */
  readonly count?: number;
}

export interface Holders {
  readonly id: ObjectId;
  readonly seq: number;
  readonly alive: boolean;
  /** An immortal object of the interpreter (None, small ints, builtins): never freed, its refcount not a real count. */
  readonly static: boolean;
  /** Every holder (up to `limit` of the objects that refer to it; `total` counts them all). */
  readonly holders: readonly Holder[];
  readonly total: number;
  /** Nothing the program holds reaches it: a cycle (or part of one) the collector will free. */
  readonly garbage: boolean;
  /** One sentence. */
  readonly explanation: string;
}

/** Objects projected at most while naming one holder (a search back to a variable). */
const NAME_SEARCH_LIMIT = 2_000;

export function holdersOf(ix: HeapIndex, id: number, seq: number, limit = 50): Holders {
  const d = (x: number): string => ix.describe(x, seq);
  const base = { id: id as ObjectId, seq };
  if (!ix.aliveAt(id, seq)) return { ...base, alive: false, static: false, holders: [], total: 0, garbage: false, explanation: `${d(id)} is not alive at seq ${seq}` };
  if (ix.isStatic(id)) {
    return { ...base, alive: true, static: true, holders: [], total: 0, garbage: false, explanation: `${d(id)} is immortal: a static object of the interpreter (never freed; its refcount is not a real count)` };
  }
  const globals = ix.meta.mainGlobals;
  const cache = new Map<number, ObjectProjection>();
  const project = (x: number): ObjectProjection => {
    let p = cache.get(x);
    if (p === undefined) { p = ix.project(x, seq); cache.set(x, p); }
    return p;
  };
  // __main__'s variables: by the label of their value slot in the globals dict, and by the object each holds
  let globalNames: { byLabel: Map<number, string>; byValue: Map<number, string> } | null = null;
  const globalVariables = (): { byLabel: Map<number, string>; byValue: Map<number, string> } => {
    if (globalNames === null) {
      globalNames = { byLabel: new Map(), byValue: new Map() };
      const g = globals >= 0 && ix.aliveAt(globals, seq) ? project(globals) : null;
      if (g !== null && !g.split) {
        for (let i = 0; i + 1 < g.slots.length; i += 2) {
          const k = g.slots[i]!, v = g.slots[i + 1]!;
          if (k === NULL_ID || ix.kindOf(k) !== Kind.Str) continue;
          const name = String(ix.valueOf(k));
          globalNames.byLabel.set(i + 3, name);
          if (v !== NULL_ID && !globalNames.byValue.has(v)) globalNames.byValue.set(v, name);
        }
      }
    }
    return globalNames;
  };
  const globalName = (label: number): string | null => globalVariables().byLabel.get(label) ?? null;
  // the functions' variables on the stack, by the object they hold
  const locals = new Map<number, { name: string; frame: number; function: string }[]>();
  for (const f of ix.framesAt(seq).reverse()) {
    if (f.depth <= 1) continue;
    for (const v of ix.variablesAt(f, seq)) {
      const list = locals.get(v.value) ?? [];
      list.push({ name: v.name, frame: f.frame, function: f.name });
      locals.set(v.value, list);
    }
  }
  const outside = (p: ObjectProjection): number => p.refcount - p.inref - (locals.get(p.id)?.length ?? 0);

  /**
   * A name for object x: the shortest chain of references from a variable to it, as an
   * expression ('b.other', "d['k'][0]"); else from an object held from outside the heap
   * ('list#12[0]'); null when nothing the program holds reaches it.
   */
  const nameOf = (x: number): { expr: string; named: boolean; root: number } | null => {
    const next = new Map<number, { to: number; label: number }>([[x, { to: -1, label: -1 }]]);
    const queue = [x];
    let unnamed: number | null = null;
    const pathFrom = (root: number, head: string): string => {
      let expr = head;
      for (let y = root; y !== x;) {
        const step = next.get(y)!;
        expr += viaText(ix.labelOf(y, step.label, seq));
        y = step.to;
      }
      return tidy(expr);
    };
    for (let qi = 0; qi < queue.length && next.size < NAME_SEARCH_LIMIT; qi++) {
      const y = queue[qi]!;
      const local = locals.get(y);
      if (local !== undefined) return { expr: pathFrom(y, local[0]!.name), named: true, root: y };
      // a module variable's value: named without reading its own entries (a big list has many)
      const global = globalVariables().byValue.get(y);
      if (global !== undefined) return { expr: pathFrom(y, global), named: true, root: y };
      const p = project(y);
      for (const r of p.referrers) {
        if (r.container === globals) {
          const n = globalName(r.label);
          if (n !== null) return { expr: pathFrom(y, n), named: true, root: y };
        }
      }
      if (unnamed === null && outside(p) > 0) unnamed = y;
      for (const r of p.referrers) {
        if (next.has(r.container) || r.container === globals || ix.isStatic(r.container)) continue;
        next.set(r.container, { to: y, label: r.label });
        queue.push(r.container);
      }
    }
    if (unnamed !== null) return { expr: pathFrom(unnamed, d(unnamed)), named: false, root: unnamed };
    return null;
  };

  const p = project(id);
  const holders: Holder[] = [];
  for (const v of locals.get(id) ?? []) {
    holders.push({ kind: 'local', name: v.name, frame: v.frame, function: v.function, text: `the local variable ${v.name} of ${v.function}() (frame ${v.frame})` });
  }
  const rest = outside(p);
  if (id === globals) holders.push({ kind: 'outside', name: null, count: rest, text: '__main__ itself: this dict is the module\'s globals' });
  else if (rest > 0) holders.push({ kind: 'outside', name: null, count: rest, text: `${rest} reference${rest === 1 ? '' : 's'} from outside the heap that no variable holds (the interpreter's stack: an expression being evaluated, a call's arguments)` });
  let garbage = holders.length === 0;
  const referrers = p.referrers;
  for (const r of referrers.slice(0, limit)) {
    if (r.container === globals) {
      const n = globalName(r.label);
      if (n !== null) { holders.push({ kind: 'global', name: n, holder: r.container, via: `['${n}']`, text: `the variable ${n} (module __main__)` }); garbage = false; continue; }
    }
    const via = ix.labelOf(r.container, r.label, seq);
    const named = r.container === globals ? { expr: '__main__\'s globals', named: true, root: globals } : nameOf(r.container);
    if (named !== null) garbage = false;
    const key = via.startsWith('key ');
    const plain = `${d(r.container)}${key ? ` (as ${via})` : via}`;
    let text: string, expr: string | null = null;
    if (named === null) text = plain;
    else if (!named.named && named.root === r.container) text = plain;
    else {
      expr = key ? named.expr : tidy(named.expr + viaText(via));
      text = key ? `${named.expr} (${d(r.container)}), as ${via}` : `${expr} (${d(r.container)})`;
    }
    holders.push({ kind: 'object', name: named?.named === true ? expr : null, holder: r.container, via, reachable: named !== null, text });
  }
  if (referrers.length > limit) garbage = false;
  const shown = holders.map((h) => h.text);
  const more = referrers.length > limit ? `, and ${referrers.length - limit} more object${referrers.length - limit === 1 ? '' : 's'}` : '';
  const explanation = garbage
    ? `nothing the program holds reaches ${d(id)}: it is held only by ${shown.join(', and by ')}${more}, in a cycle of garbage the collector will free`
    : `${d(id)} is held by ${shown.join(', and by ')}${more}`;
  return { ...base, alive: true, static: false, holders, total: holders.length + Math.max(0, referrers.length - limit), garbage, explanation };
}

/** A label as a step of an expression: '.other', '[0]', "['k']"; a dict's key ("key 'k'") after a space. */
function viaText(via: string): string {
  return via.startsWith('key ') ? ` ${via}` : via;
}

/** `b.__dict__['x']` is `b.x`. */
function tidy(expr: string): string {
  return expr.replace(/\.__dict__\['([A-Za-z_][A-Za-z0-9_]*)'\]/g, '.$1');
}
