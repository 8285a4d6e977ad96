/**
 * @pymm/pylite: a Python subset running on the simulated heap; its output equals python3's.
 */
export { parse, PySyntaxError, UnsupportedError } from './parse.js';
export type { Module, Stmt, Expr } from './ast.js';
export { Interpreter } from './Interpreter.js';
export type { InterpreterOptions } from './Interpreter.js';
export { runSource } from './run.js';
export type { RunOptions, RunResult } from './run.js';
export { PyException } from './errors.js';
export { decodeSource, SourceEncodingError, SourceEncodingUnsupported } from './source.js';
