/**
 * The AST optimizer's constant folding (Python/ast_opt.c), for integers: an operation on
 * two integer literals, or a unary -, + or ~ on one, becomes the literal of its result,
 * a code constant made before the module runs, as CPython's compiler makes it. Folding is
 * skipped where CPython skips it: results it would not compute (division by zero, a
 * negative shift) and results too large to keep (safe_multiply, safe_power, safe_lshift:
 * over 128 bits). True division and float or str operands are not folded here (they run
 * as operations).
 */
import type { Expr } from './ast.js';

/** MAX_INT_SIZE: the largest integer constant the folder makes, in bits. */
const MAX_INT_SIZE = 128;

/** _PyLong_NumBits: the bits of |v| (0 for 0). */
function numBits(v: bigint): number {
  return (v < 0n ? -v : v).toString(2).length - (v === 0n ? 1 : 0);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

function floorMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

/** fold_binop for two int constants: the result, or null when CPython leaves it to run. */
function foldIntBinOp(op: string, v: bigint, w: bigint): bigint | null {
  switch (op) {
    case '+': return v + w;
    case '-': return v - w;
    case '*': return v !== 0n && w !== 0n && numBits(v) + numBits(w) > MAX_INT_SIZE ? null : v * w;
    case '//': return w === 0n ? null : floorDiv(v, w);
    case '%': return w === 0n ? null : floorMod(v, w);
    case '**':
      if (w < 0n) return null; // a float result
      if (v !== 0n && w > 0n && numBits(v) > Math.floor(MAX_INT_SIZE / Number(w))) return null;
      return v ** w;
    case '<<':
      if (w < 0n) return null;
      if (v !== 0n && w !== 0n && (w > BigInt(MAX_INT_SIZE) || numBits(v) > MAX_INT_SIZE - Number(w))) return null;
      return v << w;
    case '>>': return w < 0n ? null : v >> w;
    case '&': return v & w;
    case '|': return v | w;
    case '^': return v ^ w;
  }
  return null;
}

/** A binary operation, folded when both sides are int literals and CPython would fold it. */
export function binOp(line: number, op: string, left: Expr, right: Expr): Expr {
  if (left.k === 'Int' && right.k === 'Int') {
    const r = foldIntBinOp(op, left.value, right.value);
    if (r !== null) return { k: 'Int', line, value: r };
  }
  return { k: 'BinOp', line, op, left, right };
}

/** A unary operation, folded for -, + and ~ on an int literal. */
export function unaryOp(line: number, op: string, operand: Expr): Expr {
  if (operand.k === 'Int') {
    if (op === '-') return { k: 'Int', line, value: -operand.value };
    if (op === '+') return { k: 'Int', line, value: operand.value };
    if (op === '~') return { k: 'Int', line, value: -operand.value - 1n };
  }
  return { k: 'Unary', line, op, operand };
}
