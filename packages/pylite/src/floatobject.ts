/**
 * float arithmetic as Objects/floatobject.c does it where JavaScript's operators differ:
 * float_divmod (floor division and remainder from fmod) and float_pow (C's pow with
 * Python's special cases and errors; a whole exponent exactly rounded, longobject.ts).
 */
import { raise, unsupported } from './exceptions.js';
import { powWhole } from './longobject.js';
import { currentLine, type PyState } from './pystate.js';

/**
 * float_divmod: (floor quotient, remainder) as CPython computes them from fmod, so the
 * remainder has the divisor's sign (-0.0 for a zero remainder of a negative divisor) and
 * the quotient is rounded to the nearest whole number after the exact subtraction.
 */
export function floatDivmod(vx: number, wx: number): [number, number] {
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod !== 0) {
    if ((wx < 0) !== (mod < 0)) { mod += wx; div -= 1; }
  } else {
    mod = wx < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    floordiv = vx / wx < 0 || Object.is(vx / wx, -0) ? -0 : 0;
  }
  return [floordiv, mod];
}

/** float_pow: C's pow with Python's special cases and errors. */
export function floatPow(vm: PyState, a: number, b: number): number {
  if (b === 0) return 1;
  if (Number.isNaN(a)) return a;
  if (Number.isNaN(b)) return a === 1 ? 1 : b;
  if (a === 1) return 1;
  if (a === -1 && !Number.isFinite(b)) return 1;
  if (a === 0 && b < 0 && Number.isFinite(b)) raise(vm, 'ZeroDivisionError', '0.0 cannot be raised to a negative power');
  if (a < 0 && Number.isFinite(a) && Number.isFinite(b) && !Number.isInteger(b)) return unsupported('a negative number to a fractional power (a complex number)', currentLine(vm));
  // a whole exponent: the exact power, rounded once (the host's pow may be a bit off)
  const r = Number.isFinite(a) && a !== 0 && Number.isInteger(b) && Math.abs(b) <= 4096 ? powWhole(a, b) : a ** b;
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) raise(vm, 'OverflowError', "(34, 'Numerical result out of range')");
  return r;
}
