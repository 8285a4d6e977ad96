/**
 * Decimal digits of a double, correctly rounded (Python/dtoa.c's _Py_dg_dtoa, modes 2 and
 * 3): from the double's exact binary value, ties to even, for any precision. JavaScript's
 * toFixed / toExponential round exact ties up (0.125 to two places is 0.13, Python's 0.12),
 * switch to exponents from 1e21 and stop at 100 digits, so float formatting and round()
 * use these instead.
 */

/** A finite double as an exact fraction num / den (den a power of two). */
export function exactDouble(v: number): { num: bigint; den: bigint } {
  const f = new Float64Array([v]);
  const bits = new BigUint64Array(f.buffer)[0]!;
  const sign = bits >> 63n ? -1n : 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = exp === 0 ? frac : frac | (1n << 52n);
  const e = (exp === 0 ? 1 : exp) - 1075;
  return e >= 0 ? { num: sign * (mant << BigInt(e)), den: 1n } : { num: sign * mant, den: 1n << BigInt(-e) };
}

/** The integer nearest to num / den, ties to even. */
export function divHalfEven(num: bigint, den: bigint): bigint {
  const neg = (num < 0n) !== (den < 0n);
  const a = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  let n = a / d;
  const r2 = 2n * (a % d);
  if (r2 > d || (r2 === d && n % 2n === 1n)) n += 1n;
  return neg ? -n : n;
}

/** |v| (finite) with `prec` digits after the point: 'f' formatting. */
export function fixedDigits(v: number, prec: number): string {
  const q = exactDouble(Math.abs(v));
  const n = divHalfEven(q.num * 10n ** BigInt(prec), q.den);
  if (prec === 0) return n.toString();
  const s = n.toString().padStart(prec + 1, '0');
  return `${s.slice(0, -prec)}.${s.slice(-prec)}`;
}

/** |v| (finite) as `d.ddd` with `prec` digits after the point, and its decimal exponent: 'e' formatting. */
export function exponentDigits(v: number, prec: number): { mantissa: string; exp: number } {
  const a = Math.abs(v);
  if (a === 0) return { mantissa: prec === 0 ? '0' : `0.${'0'.repeat(prec)}`, exp: 0 };
  const q = exactDouble(a);
  let e = Math.floor(Math.log10(a));
  const lo = 10n ** BigInt(prec), hi = lo * 10n;
  let n = 0n;
  for (let tries = 0; tries < 4; tries++) {
    // n = round(a / 10**(e - prec))
    const k = e - prec;
    n = k >= 0 ? divHalfEven(q.num, q.den * 10n ** BigInt(k)) : divHalfEven(q.num * 10n ** BigInt(-k), q.den);
    if (n >= hi) e += 1;
    else if (n < lo) e -= 1;
    else break;
  }
  const s = n.toString();
  return { mantissa: prec === 0 ? s : `${s.slice(0, 1)}.${s.slice(1)}`, exp: e };
}
