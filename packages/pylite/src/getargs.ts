/**
 * How the builtin functions and types take their arguments (Python/getargs.c, Argument
 * Clinic, and each function's own parsing in bltinmodule.c): a call with too few or too
 * many arguments, or a keyword the function does not take, raises the TypeError CPython
 * 3.11 raises, word for word, before any argument is looked at. A keyword CPython takes
 * but pylite does not implement is refused (outside the subset), never dropped.
 *
 *   O        METH_O: exactly one                 N        METH_NOARGS: none
 *   C a b    Argument Clinic: a to b positional  V        any number of positional
 *   P a b    PyArg_ParseTuple "|...:name": a to b positional, named without the module
 *   K        keywords too: KEYWORD_FUNCTIONS says how it counts and names them
 * Module functions are named `gc.collect` here; their messages name them as CPython does.
 */
import type { ObjectId } from '@pymm/objects';
import { raise, unsupported } from './exceptions.js';
import type { PyState } from './pystate.js';

type Sig = 'O' | 'N' | 'V' | 'K' | readonly ['C' | 'P', number, number];

export const BUILTIN_SIGNATURES: Record<string, Sig> = {
  len: 'O', repr: 'O', id: 'O', hash: 'O', abs: 'O', chr: 'O', ord: 'O', callable: 'O', any: 'O', all: 'O',
  globals: 'N',
  isinstance: ['C', 2, 2], iter: ['C', 1, 2], next: ['C', 1, 2], range: ['C', 1, 3], divmod: ['C', 2, 2], getattr: ['C', 2, 3],
  setattr: ['C', 3, 3], hasattr: ['C', 2, 2], delattr: ['C', 2, 2], reversed: ['C', 1, 1], format: ['C', 1, 2], dir: ['C', 0, 1],
  float: ['C', 0, 1], list: ['C', 0, 1], tuple: ['C', 0, 1], set: ['C', 0, 1], frozenset: ['C', 0, 1], bool: ['C', 0, 1],
  print: 'K', enumerate: 'K', zip: 'K', sorted: 'K', min: 'K', max: 'K', sum: 'K', round: 'K', int: 'K', str: 'K', bytes: 'K',
  dict: 'K', object: 'K', type: 'K', property: 'K', staticmethod: ['C', 1, 1], classmethod: ['C', 1, 1],
  'gc.collect': 'K', 'gc.get_objects': 'K', 'gc.enable': 'N', 'gc.disable': 'N', 'gc.isenabled': 'N', 'gc.get_count': 'N',
  'gc.get_threshold': 'N', 'gc.freeze': 'N', 'gc.unfreeze': 'N', 'gc.get_freeze_count': 'N', 'gc.get_stats': 'N', 'gc.get_debug': 'N',
  'gc.set_threshold': ['P', 1, 3], 'gc.get_referrers': 'V', 'gc.get_referents': 'V', 'gc.is_tracked': 'O', 'gc.is_finalized': 'O',
  'gc.set_debug': 'O', 'sys.getrefcount': 'O', 'sys.getsizeof': 'K', 'sys.exit': ['C', 0, 1],
  'sys.getrecursionlimit': 'N', 'sys.setrecursionlimit': 'O', 'sys.get_int_max_str_digits': 'N', 'sys.set_int_max_str_digits': 'K',
};

interface KeywordRule {
  /** The keywords CPython takes, and those pylite implements. */
  readonly takes: readonly string[] | 'any';
  readonly implements: readonly string[];
  /** The error for too few / too many positional arguments (null: no limit that way). */
  readonly tooFew?: (n: number, all: number) => string | null;
  readonly tooMany?: (n: number, all: number) => string | null;
  /** Whose name an unknown keyword's error gives (sorted() reports sort()). */
  readonly kwOwner?: string;
}

const atMost = (name: string, max: number) => (n: number, all: number) => (all > max ? `${name}() takes at most ${max} argument${max === 1 ? '' : 's'} (${all} given)` : null);

const KEYWORD_FUNCTIONS: Record<string, KeywordRule> = {
  print: { takes: ['sep', 'end', 'file', 'flush'], implements: ['sep', 'end', 'file', 'flush'] },
  enumerate: { takes: ['iterable', 'start'], implements: ['start'], tooFew: (n) => (n < 1 ? "enumerate() missing required argument 'iterable'" : null), tooMany: atMost('enumerate', 2) },
  zip: { takes: ['strict'], implements: [] },
  sorted: { takes: ['key', 'reverse'], implements: ['key', 'reverse'], kwOwner: 'sort', tooFew: (n) => (n !== 1 ? `sorted expected 1 argument, got ${n}` : null), tooMany: (n) => (n !== 1 ? `sorted expected 1 argument, got ${n}` : null) },
  min: { takes: ['key', 'default'], implements: ['key', 'default'], tooFew: (n) => (n < 1 ? 'min expected at least 1 argument, got 0' : null) },
  max: { takes: ['key', 'default'], implements: ['key', 'default'], tooFew: (n) => (n < 1 ? 'max expected at least 1 argument, got 0' : null) },
  sum: { takes: ['start'], implements: ['start'], tooFew: (n) => (n < 1 ? `sum() takes at least 1 positional argument (${n} given)` : null), tooMany: atMost('sum', 2) },
  round: { takes: ['number', 'ndigits'], implements: [], tooFew: (n) => (n < 1 ? "round() missing required argument 'number' (pos 1)" : null), tooMany: atMost('round', 2) },
  int: { takes: ['base'], implements: [], tooMany: atMost('int', 2) },
  str: { takes: ['object', 'encoding', 'errors'], implements: [], tooMany: atMost('str', 3) },
  bytes: { takes: ['source', 'encoding', 'errors'], implements: [], tooMany: atMost('bytes', 3) },
  dict: { takes: 'any', implements: [], tooMany: (n) => (n > 1 ? `dict expected at most 1 argument, got ${n}` : null) },
  property: { takes: ['fget', 'fset', 'fdel', 'doc'], implements: ['fget', 'fset', 'fdel', 'doc'], tooMany: atMost('property', 4) },
  object: { takes: [], implements: [], tooMany: (n, all) => (all > 0 ? 'object() takes no arguments' : null) },
  'gc.collect': { takes: ['generation'], implements: ['generation'], kwOwner: 'collect', tooMany: atMost('collect', 1) },
  'gc.get_objects': { takes: ['generation'], implements: ['generation'], kwOwner: 'get_objects', tooMany: atMost('get_objects', 1) },
  'sys.set_int_max_str_digits': { takes: ['maxdigits'], implements: ['maxdigits'], kwOwner: 'set_int_max_str_digits', tooFew: (_n, all) => (all < 1 ? "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)" : null), tooMany: atMost('set_int_max_str_digits', 1) },
  'sys.getsizeof': { takes: ['object', 'default'], implements: [], kwOwner: 'getsizeof', tooFew: (n) => (n < 1 ? "getsizeof() missing required argument 'object' (pos 1)" : null), tooMany: atMost('getsizeof', 2) },
  type: { takes: [], implements: [], tooFew: (n) => (n !== 1 && n !== 3 ? 'type() takes 1 or 3 arguments' : null), tooMany: (n) => (n !== 1 && n !== 3 ? 'type() takes 1 or 3 arguments' : null) },
};

const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');

/** Raises CPython's TypeError (or pylite's refusal) for a call of builtin `name` it would not make. */
export function checkBuiltinArgs(vm: PyState, name: string, n: number, kw: readonly [string, ObjectId][], line: number): void {
  const sig = BUILTIN_SIGNATURES[name];
  if (sig === undefined) return;
  if (sig === 'K') {
    const rule = KEYWORD_FUNCTIONS[name]!;
    const all = n + kw.length;
    if (name === 'object' && all > 0) raise(vm, 'TypeError', 'object() takes no arguments');
    const many = rule.tooMany?.(n, all) ?? null;
    if (many !== null) raise(vm, 'TypeError', many);
    if (name === 'type' && kw.length > 0) raise(vm, 'TypeError', 'type() takes no keyword arguments');
    if (rule.takes !== 'any') {
      for (const [k] of kw) {
        if (!rule.takes.includes(k)) raise(vm, 'TypeError', `'${k}' is an invalid keyword argument for ${rule.kwOwner ?? name}()`);
      }
      for (const [k] of kw) if (!rule.implements.includes(k)) unsupported(`the keyword argument ${k}= of ${name}()`, line);
    }
    const few = rule.tooFew?.(n, all) ?? null;
    if (few !== null) raise(vm, 'TypeError', few);
    return;
  }
  // a module's METH_VARARGS and ParseTuple functions go by their own name, the rest by their full one
  const short = name.slice(name.indexOf('.') + 1);
  if (kw.length > 0) raise(vm, 'TypeError', `${sig === 'V' || (Array.isArray(sig) && sig[0] === 'P') ? short : name}() takes no keyword arguments`);
  if (sig === 'O' && n !== 1) raise(vm, 'TypeError', `${name}() takes exactly one argument (${n} given)`);
  if (sig === 'N' && n !== 0) raise(vm, 'TypeError', `${name}() takes no arguments (${n} given)`);
  if (Array.isArray(sig) && sig[0] === 'P') {
    const [, min, max] = sig;
    if (n < min) raise(vm, 'TypeError', `${short}() takes at least ${min} ${plural(min)} (${n} given)`);
    if (n > max) raise(vm, 'TypeError', `${short}() takes at most ${max} ${plural(max)} (${n} given)`);
  } else if (Array.isArray(sig)) {
    const [, min, max] = sig;
    if (n < min) raise(vm, 'TypeError', min === max ? `${short} expected ${min} ${plural(min)}, got ${n}` : `${short} expected at least ${min} ${plural(min)}, got ${n}`);
    if (n > max) raise(vm, 'TypeError', min === max ? `${short} expected ${max} ${plural(max)}, got ${n}` : `${short} expected at most ${max} ${plural(max)}, got ${n}`);
  }
}
