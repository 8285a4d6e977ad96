/**
 * hash() as CPython 3.11 (64-bit build) computes it with PYTHONHASHSEED=0, i.e. with hash
 * randomization off and SipHash's 128-bit key all zero bytes. Then str and bytes hashes
 * are the same in every process, and every value here is exactly what `hash(x)` prints.
 *
 *   int, bool        the value reduced modulo P = 2**61 - 1, with the value's sign
 *   float            the same reduction of the exact binary value; ±inf → ±314159;
 *                    NaN → the pointer hash of the float object (so two NaNs differ)
 *   str              SipHash-1-3 of the string stored at its canonical width: 1 byte
 *                    a character when every code point is below 256, else 2 bytes
 *                    (little-endian) when all are below 0x10000, else 4 bytes; '' → 0
 *   bytes            SipHash-1-3 of the bytes (so b'\xe9' hashes like 'é'); b'' → 0
 *   tuple            the items' hashes folded xxHash-style (multiply, rotate, multiply)
 *   frozenset        the items' hashes, bit-shuffled and xor-ed (order-free), then mixed
 *   bound method     pointer hash of __self__ xor hash of __func__
 *   weakref          the referent's hash
 *   anything else    the pointer hash of its address: the address rotated right by 4 bits
 *                    (None too: 3.11 has no constant hash for it, so its hash changes
 *                    from run to run in CPython with the address of None)
 *
 * A result of -1 is never returned (CPython reserves it for "error"): each algorithm
 * substitutes its own replacement. objectHash does not decide hashability (a list gets a
 * pointer hash here): the interpreter raises TypeError before asking.
 *
 * Mirrors  Python/pyhash.c (siphash13, _Py_HashBytes, _Py_HashDouble, _Py_HashPointer),
 *          Objects/longobject.c long_hash, Objects/unicodeobject.c unicode_hash,
 *          Objects/tupleobject.c tuplehash, Objects/setobject.c frozenset_hash,
 *          Objects/classobject.c method_hash, Objects/weakrefobject.c weakref_hash.
 * Differs  instances hash by address even when their class defines __hash__ (the
 *          interpreter runs user code, not this module; a weakref to such an instance
 *          likewise); a cleared weakref hashes by its own address where CPython returns the
 *          hash it cached while the referent lived, or raises TypeError; builtin functions,
 *          code objects and ranges hash by address (CPython mixes in C pointers or hashes
 *          their contents). A JS string cannot tell a Python str holding two lone surrogates
 *          ('\ud83d\ude00') from the astral character they pair into: both hash as the
 *          latter. Lone surrogates alone hash correctly (2-byte width).
 */
import { LongText, LongTextError } from './longText.js';
import { NULL_ID } from './ids.js';
import { Kind } from './kinds.js';
import { LAYOUT_311 } from './layout.js';
import { F_STATIC, type ObjectsState } from './ObjectsState.js';

const M64 = (1n << 64n) - 1n;
/** _PyHASH_MODULUS: the Mersenne prime 2**61 - 1. */
const MODULUS = (1n << 61n) - 1n;
const HASH_INF = 314159n;

/**
 * The address id() reports: the block plus the pre-header (GC header, and an instance's
 * managed-dict pointers). Statics (small ints, None, interned strs, …) have no block and
 * get a made-up address. The same computation as Heap.addressOf, on the bare state.
 */
export function objectAddress(s: ObjectsState, id: number): number {
  if ((s.flags[id]! & F_STATIC) !== 0) return 0x1000 + 16 * id;
  const kind = s.kind[id]!;
  if (!s.isGcKind(kind)) return s.address[id]!;
  const spec = kind === Kind.Instance ? s.types.get(s.typeOf[id]!) : undefined;
  return s.address[id]! + LAYOUT_311.gcHeadBytes + (spec?.managedDict ? LAYOUT_311.managedDictPreHeaderBytes : 0);
}

/**
 * _Py_HashPointer: the 64-bit address rotated right by 4 bits, -1 → -2. (The low 4 bits,
 * zero in an aligned address, come round to the top: a rotation, not a shift.)
 */
export function pointerHash(address: number): bigint {
  const y = BigInt.asUintN(64, BigInt(address));
  const r = BigInt.asIntN(64, (y >> 4n) | BigInt.asUintN(64, y << 60n));
  return r === -1n ? -2n : r;
}

/** hash() of the object `id` (a Py_hash_t: signed 64-bit). */
export function objectHash(s: ObjectsState, id: number): bigint {
  switch (s.kind[id]) {
    case Kind.Int: case Kind.Bool: return intHashOfDecimal(s.payload[id] as string);
    case Kind.Float: {
      const v = s.payload[id] as number;
      return Number.isNaN(v) ? pointerHash(objectAddress(s, id)) : floatHash(v);
    }
    case Kind.Str: {
      const v = s.payload[id];
      // siphash over a billion characters on the host: not simulated (LongTextError)
      if (v instanceof LongText) throw new LongTextError('hash()', v.length);
      return strHash(v as string);
    }
    case Kind.Bytes: return bytesHash(s.payload[id] as string);
    case Kind.Tuple: {
      const n = s.slotLen[id]!;
      const hashes: bigint[] = new Array<bigint>(n);
      for (let i = 0; i < n; i++) hashes[i] = objectHash(s, s.slot(id, i));
      return tupleHash(hashes);
    }
    case Kind.FrozenSet: {
      const hashes: bigint[] = [];
      for (let i = 0; i < s.slotLen[id]!; i++) {
        const x = s.slot(id, i);
        if (x !== NULL_ID) hashes.push(objectHash(s, x));
      }
      return frozensetHash(hashes);
    }
    case Kind.Method: {
      // method_hash: the identity of __self__ mixed with the hash of __func__
      const r = pointerHash(objectAddress(s, s.slot(id, 1))) ^ objectHash(s, s.slot(id, 0));
      return r === -1n ? -2n : r;
    }
    case Kind.Weakref: {
      // weakref_hash: the referent's hash (CPython caches it and raises TypeError for a dead
      // referent never hashed; here a cleared weakref falls back to its own address)
      const referent = s.aux[id]!;
      return referent === NULL_ID ? pointerHash(objectAddress(s, id)) : objectHash(s, referent);
    }
    default: return pointerHash(objectAddress(s, id));
  }
}

// --- numbers -------------------------------------------------------------------------

/** long_hash of an int given in decimal (the heap's payload). */
export function intHashOfDecimal(decimal: string): bigint {
  // up to 15 digits the value is an exact double and far below the modulus: it is its own hash
  if (decimal.length <= 15) {
    const n = Number(decimal);
    return n === -1 ? -2n : BigInt(n);
  }
  return intHash(BigInt(decimal));
}

/** long_hash: |x| mod (2**61 - 1), carrying x's sign; -1 → -2. */
export function intHash(x: bigint): bigint {
  const r = x < 0n ? -(-x % MODULUS) : x % MODULUS;
  return r === -1n ? -2n : r;
}

const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * _Py_HashDouble for a finite or infinite double. A finite v is exactly mant · 2**exp with
 * an integer mantissa; since 2**61 ≡ 1 (mod P), 2**exp reduces to 2**(exp mod 61), a
 * 61-bit rotation. CPython walks the mantissa 28 bits at a time to the same residue.
 */
export function floatHash(v: number): bigint {
  if (!Number.isFinite(v)) return v > 0 ? HASH_INF : -HASH_INF;
  // integral doubles below 2**53 are their own residue
  if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) return v === -1 ? -2n : BigInt(v);
  f64[0] = v;
  const hi = f64Words[LITTLE_ENDIAN ? 1 : 0]!;
  const lo = f64Words[LITTLE_ENDIAN ? 0 : 1]!;
  const biased = (hi >>> 20) & 0x7ff;
  let mant = BigInt(hi & 0xfffff) * 4294967296n + BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074; // subnormal (or zero, handled above)
  else { mant += 1n << 52n; exp = biased - 1075; }
  // mant < 2**53 is already reduced; multiplying by 2**(exp mod 61) rotates its 61 bits
  const e = BigInt(((exp % 61) + 61) % 61);
  let r = ((mant << e) & MODULUS) | (mant >> (61n - e));
  if (v < 0) r = -r;
  return r === -1n ? -2n : r;
}

// --- tuple, frozenset ----------------------------------------------------------------

const XXPRIME_1 = 11400714785074694791n;
const XXPRIME_2 = 14029467366897019727n;
const XXPRIME_5 = 2870177450012600261n;

// Every 64-bit step below is written BigInt.asUintN(64, …) around one operation: V8's
// optimizing compiler then does it in a machine register (~40x faster than masking).

/** tuplehash over the items' hashes: one xxHash lane per item, then the length. */
export function tupleHash(itemHashes: readonly bigint[]): bigint {
  let acc = XXPRIME_5;
  for (let i = 0; i < itemHashes.length; i++) {
    acc = BigInt.asUintN(64, acc + BigInt.asUintN(64, itemHashes[i]!) * XXPRIME_2);
    acc = BigInt.asUintN(64, (acc << 31n) | (acc >> 33n));
    acc = BigInt.asUintN(64, acc * XXPRIME_1);
  }
  acc = BigInt.asUintN(64, acc + (BigInt(itemHashes.length) ^ (XXPRIME_5 ^ 3527539n)));
  if (acc === M64) return 1546275796n;
  return BigInt.asIntN(64, acc);
}

/** frozenset_hash over the active entries' hashes (their order does not matter). */
export function frozensetHash(itemHashes: readonly bigint[]): bigint {
  let acc = 0n;
  for (let i = 0; i < itemHashes.length; i++) {
    const u = BigInt.asUintN(64, itemHashes[i]!);
    acc = BigInt.asUintN(64, acc ^ BigInt.asUintN(64, (u ^ 89869747n ^ BigInt.asUintN(64, u << 16n)) * 3644798167n));
  }
  acc = BigInt.asUintN(64, acc ^ BigInt.asUintN(64, BigInt(itemHashes.length + 1) * 1927868237n));
  acc = BigInt.asUintN(64, acc ^ (acc >> 11n) ^ (acc >> 25n));
  acc = BigInt.asUintN(64, acc * 69069n + 907133923n);
  if (acc === M64) return 590923713n;
  return BigInt.asIntN(64, acc);
}

// --- str, bytes: SipHash-1-3 with a zero key -------------------------------------------

let buf = new Uint8Array(256);

const utf8 = new TextEncoder();
/** Below this length the encoder's call costs more than the loop it saves. */
const ASCII_ENCODER_MIN = 32;

function room(n: number): Uint8Array {
  if (buf.length < n) buf = new Uint8Array(Math.max(n, buf.length * 2));
  return buf;
}

/** unicode_hash: the code points at the string's canonical width (1, 2 or 4 bytes), hashed. */
export function strHash(str: string): bigint {
  const n = str.length;
  if (n === 0) return 0n;
  let b = room(n);
  // a long ASCII string: the native UTF-8 encoder writes its bytes (1 per character) an order
  // of magnitude faster than a charCodeAt loop. It stops before a character that does not fit,
  // so n characters read into n bytes means each took one byte: all were ASCII.
  if (n >= ASCII_ENCODER_MIN) {
    const r = utf8.encodeInto(str, b.subarray(0, n));
    if (r.read === n && r.written === n) return bytesResult(siphash13(b, n));
  }
  // optimistically one byte a character: in the same pass, or-ing the codes tells whether they all fit
  let any = 0;
  for (let i = 0; i < n; i++) { const c = str.charCodeAt(i); b[i] = c; any |= c; }
  if (any < 0x100) return bytesResult(siphash13(b, n));
  // wider: 2 bytes a character unless a surrogate pair (an astral code point) is present
  let astral = false;
  // (the or of all the codes bounds each: below 0xd800 there is no surrogate at all)
  for (let i = 0; any >= 0xd800 && i < n - 1; i++) {
    if ((str.charCodeAt(i) & 0xfc00) === 0xd800 && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { astral = true; break; }
  }
  if (!astral) {
    // every code point is one UTF-16 unit (lone surrogates included)
    b = room(2 * n);
    for (let i = 0, j = 0; i < n; i++, j += 2) { const c = str.charCodeAt(i); b[j] = c & 0xff; b[j + 1] = c >>> 8; }
    return bytesResult(siphash13(b, 2 * n));
  }
  // 4 bytes a code point: a high surrogate followed by a low one is one code point, any other unit is itself
  b = room(4 * n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    let c = str.charCodeAt(i);
    if ((c & 0xfc00) === 0xd800 && i + 1 < n) {
      const d = str.charCodeAt(i + 1);
      if ((d & 0xfc00) === 0xdc00) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
    }
    b[j] = c & 0xff; b[j + 1] = (c >>> 8) & 0xff; b[j + 2] = c >>> 16; b[j + 3] = 0;
    j += 4;
  }
  return bytesResult(siphash13(b, j));
}

/** bytes_hash of bytes given as a string of latin-1 code units (the heap's payload). */
export function bytesHash(latin1: string): bigint {
  const n = latin1.length;
  if (n === 0) return 0n;
  const b = room(n);
  for (let i = 0; i < n; i++) b[i] = latin1.charCodeAt(i) & 0xff;
  return bytesResult(siphash13(b, n));
}

/** _Py_HashBytes's ending: the 64-bit SipHash as a signed hash, -1 → -2. */
function bytesResult(r: bigint): bigint { return r === -1n ? -2n : r; }

/**
 * SipHash-1-3 with k0 = k1 = 0 over b[0..n): one SipRound per 8-byte little-endian word,
 * the last word holding the 0..7 tail bytes with n's low byte on top, then 0xff xor-ed
 * into v2 and three more rounds. The result is the xor of the four state words (CPython's
 * variant), as a signed 64-bit.
 *
 * Each 64-bit word is two int32 locals (h = high half, l = low half), kept signed (`| 0`)
 * so V8 holds them as small integers: an add carries when the unsigned low sum wraps, a
 * rotation by 32 swaps the halves.
 */
export function siphash13(b: Uint8Array, n: number): bigint {
  // the initial state: "somepseudorandomlygeneratedbytes" xor a zero key
  let v0h = 0x736f6d65 | 0, v0l = 0x70736575 | 0;
  let v1h = 0x646f7261 | 0, v1l = 0x6e646f6d | 0;
  let v2h = 0x6c796765 | 0, v2l = 0x6e657261 | 0;
  let v3h = 0x74656462 | 0, v3l = 0x79746573 | 0;
  const whole = n & ~7;
  const words = (whole >> 3) + 1; // the message words, the tail word included
  let mh = 0, ml = 0, t = 0, h = 0, l = 0;
  for (let w = 0; w < words + 3; w++) {
    if (w < words) {
      const i = w << 3;
      if (i < whole) {
        ml = b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
        mh = b[i + 4]! | (b[i + 5]! << 8) | (b[i + 6]! << 16) | (b[i + 7]! << 24);
      } else {
        ml = 0; mh = (n & 0xff) << 24;
        for (let k = n - whole - 1; k >= 0; k--) {
          if (k >= 4) mh |= b[whole + k]! << (8 * (k - 4));
          else ml |= b[whole + k]! << (8 * k);
        }
      }
      v3h ^= mh; v3l ^= ml;
    }
    // SipRound, first half: v0 += v1, v2 += v3, v1 = rotl(v1, 13) ^ v0, v3 = rotl(v3, 16) ^ v2, v0 = rotl(v0, 32)
    t = (v0l + v1l) | 0; v0h = (v0h + v1h + ((t >>> 0) < (v0l >>> 0) ? 1 : 0)) | 0; v0l = t;
    t = (v2l + v3l) | 0; v2h = (v2h + v3h + ((t >>> 0) < (v2l >>> 0) ? 1 : 0)) | 0; v2l = t;
    h = (v1h << 13) | (v1l >>> 19); l = (v1l << 13) | (v1h >>> 19); v1h = h ^ v0h; v1l = l ^ v0l;
    h = (v3h << 16) | (v3l >>> 16); l = (v3l << 16) | (v3h >>> 16); v3h = h ^ v2h; v3l = l ^ v2l;
    t = v0h; v0h = v0l; v0l = t;
    // second half, v0 and v2 trading places: v2 += v1, v0 += v3, rotl 17 and 21, v2 = rotl(v2, 32)
    t = (v2l + v1l) | 0; v2h = (v2h + v1h + ((t >>> 0) < (v2l >>> 0) ? 1 : 0)) | 0; v2l = t;
    t = (v0l + v3l) | 0; v0h = (v0h + v3h + ((t >>> 0) < (v0l >>> 0) ? 1 : 0)) | 0; v0l = t;
    h = (v1h << 17) | (v1l >>> 15); l = (v1l << 17) | (v1h >>> 15); v1h = h ^ v2h; v1l = l ^ v2l;
    h = (v3h << 21) | (v3l >>> 11); l = (v3l << 21) | (v3h >>> 11); v3h = h ^ v0h; v3l = l ^ v0l;
    t = v2h; v2h = v2l; v2l = t;
    if (w < words) {
      v0h ^= mh; v0l ^= ml;
      if (w === words - 1) v2l ^= 0xff; // finalisation starts
    }
  }
  const rh = v0h ^ v1h ^ v2h ^ v3h; // signed: the result's sign is its top bit
  const rl = (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
  return BigInt(rh) * 4294967296n + BigInt(rl);
}
