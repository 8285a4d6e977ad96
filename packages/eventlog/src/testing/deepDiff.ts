/**
 * Structural equality for records, reporting the path of the first difference. Plain
 * objects compare by own enumerable keys whatever their prototype (fast-check makes some
 * with a null prototype; a codec gives back ordinary ones); primitives by Object.is (so
 * NaN equals NaN and -0 differs from 0: a codec that loses -0 is lossy); arrays, typed
 * arrays, Maps, Sets and Dates by content; class instances must share their class.
 */
export function deepDiff(a: unknown, b: unknown, path = ''): string | null {
  if (Object.is(a, b)) return null;
  const here = path || '(root)';
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${here}: ${String(a)} vs ${String(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${here}: array vs non-array`;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return `${here}: different kinds of binary data`;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    if (x.length !== y.length) return `${here}: ${x.length} vs ${y.length} bytes`;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return `${here}: byte ${i} is ${x[i]} vs ${y[i]}`;
    return null;
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime()) ? null : `${here}: dates differ`;
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return `${here}: maps differ in size`;
    for (const [k, v] of a) {
      if (!b.has(k)) return `${here}: key ${String(k)} missing`;
      const d = deepDiff(v, b.get(k), `${path}[${String(k)}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return `${here}: sets differ in size`;
    for (const v of a) if (!b.has(v)) return `${here}: ${String(v)} missing`;
    return null;
  }
  const pa = Object.getPrototypeOf(a);
  const pb = Object.getPrototypeOf(b);
  const plain = (p: unknown) => p === null || p === Object.prototype || p === Array.prototype;
  if (pa !== pb && !(plain(pa) && plain(pb))) return `${here}: different classes`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return `${here}: keys [${ka.join(', ')}] vs [${kb.join(', ')}]`;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return `${here}: key ${k} missing`;
    const d = deepDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}
