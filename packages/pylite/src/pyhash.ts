/**
 * hash() (Python/pyhash.c, with long_hash, float_hash, tuplehash and frozenset_hash):
 * numbers hash by value modulo 2**61 - 1, tuples and frozensets combine their items'
 * hashes, other objects by address.
 */
import { Kind, NULL_ID, type ObjectId } from '@pymm/objects';
import { raise } from './exceptions.js';
import { typeName } from './object.js';
import type { PyState } from './pystate.js';
import { lookupSpecial } from './typeobject.js';

/** hash(): long_hash, _Py_HashDouble, tuplehash (xxHash lanes); identity for the rest. */
export function hash(vm: PyState, v: ObjectId): bigint {
  const h = vm.heap;
  switch (h.kindOf(v)) {
    case Kind.Int: return intHash(h.value(v) as bigint);
    case Kind.Bool: return h.value(v) ? 1n : 0n;
    case Kind.Str: case Kind.Bytes: return stringHash((h.kindOf(v) === Kind.Str ? 's' : 'b') + (h.value(v) as string));
    case Kind.Float: return floatHash(h.value(v) as number, h.addressOf(v));
    case Kind.List: case Kind.Dict: case Kind.Set: return raise(vm, 'TypeError', `unhashable type: '${typeName(vm, v)}'`);
    case Kind.Tuple: {
      const M = (1n << 64n) - 1n;
      const P1 = 11400714785074694791n, P2 = 14029467366897019727n, P5 = 2870177450012600261n;
      let acc = P5;
      const items = h.items(v);
      for (const x of items) {
        const lane = BigInt.asUintN(64, hash(vm, x));
        acc = (acc + lane * P2) & M;
        acc = ((acc << 31n) | (acc >> 33n)) & M;
        acc = (acc * P1) & M;
      }
      acc = (acc + (BigInt(items.length) ^ (P5 ^ 3527539n))) & M;
      if (acc === M) return 1546275796n;
      return BigInt.asIntN(64, acc);
    }
    case Kind.FrozenSet: return frozensetHash(h.items(v).filter((x) => x !== NULL_ID).map((x) => hash(vm, x)));
    case Kind.Instance: {
      const m = lookupSpecial(vm, v, '__hash__');
      if (m === NULL_ID && lookupSpecial(vm, v, '__eq__') !== NULL_ID) raise(vm, 'TypeError', `unhashable type: '${typeName(vm, v)}'`);
      return BigInt(h.addressOf(v)) >> 4n;
    }
    default: return BigInt(h.addressOf(v)) >> 4n;
  }
}

const HASH_MODULUS = (1n << 61n) - 1n;

/**
 * frozenset_hash: the items' hashes, each with its bits shuffled, xor-ed together (so the
 * order does not matter), the size factored in, then dispersed; all in 64-bit unsigned.
 */
function frozensetHash(hashes: readonly bigint[]): bigint {
  const u = (x: bigint) => BigInt.asUintN(64, x);
  const shuffle = (x: bigint) => u((x ^ 89869747n ^ u(x << 16n)) * 3644798167n);
  let acc = 0n;
  for (const x of hashes) acc ^= shuffle(u(x));
  acc ^= u(BigInt(hashes.length + 1) * 1927868237n);
  acc ^= (acc >> 11n) ^ (acc >> 25n);
  acc = u(acc * 69069n + 907133923n);
  if (acc === u(-1n)) acc = 590923713n;
  return BigInt.asIntN(64, acc);
}

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
