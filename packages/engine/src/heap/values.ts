/**
 * Objects in words, from a heap log's index: `describe` (`Node#159`, `int#40 "7"`,
 * `None`), `repr` (what Python's repr would start with, one level: `'a'`, `1.5`, `None`,
 * `<Node>`), and `summary`, a short value of a container (`[1, 2, <Node>] (3 items)`,
 * `<Node: i=3, other=<Node>>`), projected at a record from the object's own entries.
 */
import { Kind, LongText, NULL_ID } from '@pymm/objects';
import type { HeapIndex, ObjectProjection } from './HeapIndex.js';

/** Items or attributes a summary shows before '…'. */
const SUMMARY_ITEMS = 8;

/** The name of a builtin static (payload 'type:name'), or of an opaque object (its type, no other value). */
function builtinName(payload: string): string {
  const i = payload.indexOf(':');
  return i < 0 ? payload : payload.slice(i + 1);
}

/** `Node#159`, `int#40 "7"`, `None`, `True`, `type#36 "BaseException"`; " (dead)" when not alive at seq. */
export function describeObject(ix: HeapIndex, id: number, seq = Infinity): string {
  if (!ix.exists(id)) return `#${id}`;
  const k = ix.kindOf(id);
  const dead = seq !== Infinity && !ix.aliveAt(id, seq) ? ' (dead)' : '';
  if (k === Kind.None) return `None${dead}`;
  if (k === Kind.Bool) return `${ix.valueOf(id) === '1' || ix.valueOf(id) === 1 ? 'True' : 'False'}${dead}`;
  const v = ix.valueOf(id);
  const type = ix.typeName(id);
  // an opaque object's payload is its type name: nothing more to say
  if (v === undefined || ((k === Kind.Opaque || k === Kind.OpaqueAtom) && String(v) === type)) return `${type}#${id}${dead}`;
  if (v instanceof LongText) return `${type}#${id} ${v.preview()}${dead}`;
  return `${type}#${id} ${JSON.stringify(k === Kind.Builtin ? builtinName(String(v)) : v)}${dead}`;
}

function floatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  return /[.e]/.test(s) ? s.replace(/e([+-])(\d)$/, 'e$10$2') : `${s}.0`;
}

/** A str's repr, as Python writes it (single quotes unless the text has one and no double quote). */
function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + q;
}

/** The start of a long str's repr and its length: 'aaaa…' (1,000,000,000 characters). */
function longRepr(v: LongText): string {
  return `${strRepr(v.slice(0, 40) as string).slice(0, -1)}…' (${v.length.toLocaleString('en-US')} characters)`;
}

/** What Python's repr would say, one level deep: atoms in full, other objects by their type (`<Node>`, `<list>`). */
export function reprObject(ix: HeapIndex, id: number): string {
  if (id === NULL_ID) return 'NULL';
  if (!ix.exists(id)) return `<#${id}>`;
  const k = ix.kindOf(id);
  const v = ix.valueOf(id);
  switch (k) {
    case Kind.None: return 'None';
    case Kind.Bool: return v === '1' || v === 1 ? 'True' : 'False';
    case Kind.Int: return String(v);
    case Kind.Float: return typeof v === 'number' ? floatRepr(v) : String(v);
    case Kind.Str: return v instanceof LongText ? longRepr(v) : strRepr(String(v ?? ''));
    case Kind.Bytes: return `b${strRepr(String(v ?? ''))}`;
    case Kind.Type: return `<class '${v ?? ix.typeName(id)}'>`;
    case Kind.Function: return `<function ${v ?? '?'}>`;
    case Kind.Builtin: {
      const [type = '', name = ''] = String(v ?? '').split(':');
      return type === 'module' ? `<module '${name}'>` : type === 'type' ? `<class '${name}'>` : `<built-in ${type} ${name}>`;
    }
    default: return `<${ix.typeName(id)}>`;
  }
}

/**
 * A short value of the object after record `seq`: atoms as repr says them; a list, tuple,
 * set or dict with its first items and how many there are; an instance with its first
 * attributes. Items are one level deep (`<Node>`, `<list>`).
 */
export function summarizeObject(ix: HeapIndex, id: number, seq: number, projected?: ObjectProjection): string {
  if (!ix.aliveAt(id, seq)) return reprObject(ix, id);
  const project = () => (projected !== undefined && projected.id === id && projected.seq === seq ? projected : ix.project(id, seq));
  const k = ix.kindOf(id);
  const count = (n: number): string => ` (${n} item${n === 1 ? '' : 's'})`;
  const items = (xs: readonly string[], n: number): string => xs.slice(0, SUMMARY_ITEMS).join(', ') + (n > SUMMARY_ITEMS ? ', …' : '');
  switch (k) {
    case Kind.List: case Kind.Tuple: case Kind.Set: case Kind.FrozenSet: {
      const slots = project().slots.filter((x) => x !== NULL_ID);
      const shown = slots.slice(0, SUMMARY_ITEMS).map((x) => reprObject(ix, x));
      const body = items(shown, slots.length);
      if (k === Kind.List) return `[${body}]${count(slots.length)}`;
      if (k === Kind.Tuple) return `(${body}${slots.length === 1 ? ',' : ''})${count(slots.length)}`;
      const name = k === Kind.Set ? 'set' : 'frozenset';
      return slots.length === 0 ? `${name}()` : `${k === Kind.Set ? '' : 'frozenset('}{${body}}${k === Kind.Set ? '' : ')'}${count(slots.length)}`;
    }
    case Kind.Dict: {
      const p = project();
      if (id === ix.meta.mainGlobals) return `<__main__'s globals: ${p.slots.filter((x, i) => i % 2 === 1 && x !== NULL_ID).length} names>`;
      if (p.split) {
        const n = p.slots.filter((x) => x !== NULL_ID).length;
        return `{…}${count(n)}`;
      }
      const pairs: string[] = [];
      let n = 0;
      for (let i = 0; i + 1 < p.slots.length; i += 2) {
        if (p.slots[i] === NULL_ID || p.slots[i + 1] === NULL_ID) continue;
        if (n++ < SUMMARY_ITEMS) pairs.push(`${reprObject(ix, p.slots[i]!)}: ${reprObject(ix, p.slots[i + 1]!)}`);
      }
      return `{${items(pairs, n)}}${count(n)}`;
    }
    case Kind.Instance: {
      const p = project();
      const attrs: string[] = [];
      let n = 0;
      p.slots.forEach((x, i) => {
        if (x === NULL_ID) return;
        if (n++ < SUMMARY_ITEMS) attrs.push(`${ix.labelOf(id, i + 2, seq).replace(/^\./, '')}=${reprObject(ix, x)}`);
      });
      if (p.dict !== NULL_ID && ix.aliveAt(p.dict, seq)) {
        const d = ix.project(p.dict, seq);
        if (d.split) {
          // its values under the class's shared keys, named as the instance's own would be
          d.slots.forEach((x, i) => { if (x !== NULL_ID && n++ < SUMMARY_ITEMS) attrs.push(`${ix.labelOf(id, i + 2, seq).replace(/^\./, '')}=${reprObject(ix, x)}`); });
        } else {
          for (const e of ix.dictEntriesAt(p.dict, seq)) if (n++ < SUMMARY_ITEMS) attrs.push(`${e.name}=${reprObject(ix, e.value)}`);
        }
      }
      return `<${ix.typeName(id)}${attrs.length > 0 ? `: ${items(attrs, n)}` : ''}>`;
    }
    default: return reprObject(ix, id);
  }
}
