/**
 * pylite's own small AST: what the lezer tree of the subset lowers to. Every node keeps
 * its line (1-based) for tracebacks and errors.
 */

export type Expr =
  | { readonly k: 'Name'; readonly line: number; readonly id: string }
  | { readonly k: 'Int'; readonly line: number; readonly value: bigint }
  | { readonly k: 'Float'; readonly line: number; readonly value: number }
  | { readonly k: 'Str'; readonly line: number; readonly value: string }
  | { readonly k: 'Bytes'; readonly line: number; readonly value: string }
  | { readonly k: 'Const'; readonly line: number; readonly value: 'None' | 'True' | 'False' }
  | { readonly k: 'FString'; readonly line: number; readonly parts: readonly FPart[] }
  | { readonly k: 'Attr'; readonly line: number; readonly obj: Expr; readonly name: string }
  | { readonly k: 'Subscript'; readonly line: number; readonly obj: Expr; readonly index: Expr }
  | { readonly k: 'Slice'; readonly line: number; readonly lower: Expr | null; readonly upper: Expr | null; readonly step: Expr | null }
  | { readonly k: 'Call'; readonly line: number; readonly func: Expr; readonly args: readonly Arg[] }
  | { readonly k: 'BinOp'; readonly line: number; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly k: 'Unary'; readonly line: number; readonly op: string; readonly operand: Expr }
  | { readonly k: 'Compare'; readonly line: number; readonly first: Expr; readonly ops: readonly string[]; readonly rest: readonly Expr[] }
  | { readonly k: 'BoolOp'; readonly line: number; readonly op: 'and' | 'or'; readonly values: readonly Expr[] }
  | { readonly k: 'IfExp'; readonly line: number; readonly test: Expr; readonly body: Expr; readonly orelse: Expr }
  | { readonly k: 'List'; readonly line: number; readonly elts: readonly Expr[] }
  | { readonly k: 'Tuple'; readonly line: number; readonly elts: readonly Expr[] }
  | { readonly k: 'Set'; readonly line: number; readonly elts: readonly Expr[] }
  | { readonly k: 'Dict'; readonly line: number; readonly keys: readonly Expr[]; readonly values: readonly Expr[] }
  | { readonly k: 'ListComp'; readonly line: number; readonly elt: Expr; readonly gens: readonly Comprehension[] }
  | { readonly k: 'SetComp'; readonly line: number; readonly elt: Expr; readonly gens: readonly Comprehension[] }
  | { readonly k: 'DictComp'; readonly line: number; readonly key: Expr; readonly value: Expr; readonly gens: readonly Comprehension[] }
  | { readonly k: 'Lambda'; readonly line: number; readonly params: readonly Param[]; readonly body: Expr }
  | { readonly k: 'Starred'; readonly line: number; readonly value: Expr };

export type FPart = string | { readonly expr: Expr; readonly conversion: 'r' | 's' | 'a' | null; readonly spec: readonly FPart[] | null; readonly text: string };

export interface Arg {
  readonly name: string | null;
  readonly value: Expr;
  readonly star: '' | '*' | '**';
}

export interface Param {
  readonly name: string;
  readonly default: Expr | null;
  readonly star: '' | '*' | '**';
}

export interface Comprehension {
  readonly target: Expr;
  readonly iter: Expr;
  readonly ifs: readonly Expr[];
}

export interface ExceptHandler {
  readonly line: number;
  readonly type: Expr | null;
  readonly name: string | null;
  readonly body: readonly Stmt[];
}

export type Stmt =
  | { readonly k: 'Expr'; readonly line: number; readonly value: Expr }
  | { readonly k: 'Assign'; readonly line: number; readonly targets: readonly Expr[]; readonly value: Expr }
  | { readonly k: 'AugAssign'; readonly line: number; readonly target: Expr; readonly op: string; readonly value: Expr }
  | { readonly k: 'Del'; readonly line: number; readonly targets: readonly Expr[] }
  | { readonly k: 'If'; readonly line: number; readonly test: Expr; readonly body: readonly Stmt[]; readonly orelse: readonly Stmt[] }
  | { readonly k: 'While'; readonly line: number; readonly test: Expr; readonly body: readonly Stmt[]; readonly orelse: readonly Stmt[] }
  | { readonly k: 'For'; readonly line: number; readonly target: Expr; readonly iter: Expr; readonly body: readonly Stmt[]; readonly orelse: readonly Stmt[] }
  | { readonly k: 'Break'; readonly line: number }
  | { readonly k: 'Continue'; readonly line: number }
  | { readonly k: 'Pass'; readonly line: number }
  | { readonly k: 'Def'; readonly line: number; readonly name: string; readonly params: readonly Param[]; readonly body: readonly Stmt[]; readonly decorators: readonly Expr[] }
  | { readonly k: 'Return'; readonly line: number; readonly value: Expr | null }
  | { readonly k: 'Class'; readonly line: number; readonly name: string; readonly bases: readonly Expr[]; readonly body: readonly Stmt[]; readonly decorators: readonly Expr[] }
  | { readonly k: 'Global'; readonly line: number; readonly names: readonly string[] }
  | { readonly k: 'Nonlocal'; readonly line: number; readonly names: readonly string[] }
  | { readonly k: 'Assert'; readonly line: number; readonly test: Expr; readonly msg: Expr | null }
  | { readonly k: 'Import'; readonly line: number; readonly names: readonly { readonly name: string; readonly asname: string | null }[] }
  | { readonly k: 'ImportFrom'; readonly line: number; readonly module: string; readonly names: readonly { readonly name: string; readonly asname: string | null }[] }
  /** `with a as x, b:`: items entered left to right (each one's block the rest). */
  | { readonly k: 'With'; readonly line: number; readonly items: readonly { readonly ctx: Expr; readonly target: Expr | null }[]; readonly body: readonly Stmt[] }
  | { readonly k: 'Try'; readonly line: number; readonly body: readonly Stmt[]; readonly handlers: readonly ExceptHandler[]; readonly orelse: readonly Stmt[]; readonly finalbody: readonly Stmt[] }
  | { readonly k: 'Raise'; readonly line: number; readonly exc: Expr | null; readonly cause: Expr | null };

export interface Module {
  readonly body: readonly Stmt[];
  readonly source: string;
  readonly filename: string;
}
