/**
 * Command-line options, strictly: node:util's parseArgs underneath, with pymm's rules and
 * messages on top. Unknown options are errors, never ignored; `-h` is --help; a spec name
 * of one letter is also its short form (`-o FILE`); a value may start with one dash
 * (`--at -1`, seq -1 being "before the first record"), never with two (`--limit --json`
 * is a missing value).
 */
import { parseArgs as nodeParseArgs } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface FlagSpec {
  readonly [name: string]: 'boolean' | 'string';
}

export interface Parsed {
  readonly positionals: string[];
  readonly flags: Record<string, string | boolean | undefined>;
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): Parsed {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const [name, type] of Object.entries(spec)) options[name] = { type, ...(name.length === 1 ? { short: name } : {}) };
  if (options['help'] !== undefined && options['h'] === undefined) options['help'] = { ...options['help'], short: 'h' };
  // our checks first, in our words: what node:util reports differently or accepts
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { args.push(...argv.slice(i)); break; }
    const long = arg.match(/^--([^=]+)(=.*)?$/);
    const short = arg.match(/^-([a-zA-Z])$/);
    const name = long ? long[1]! : short && spec[short[1]!] !== undefined ? short[1]! : null;
    if (long && spec[name!] === undefined) throw new UsageError(`unknown option --${name}`);
    if (name === null || (spec[name] ?? 'boolean') === 'boolean') {
      if (long && long[2] !== undefined) throw new UsageError(`--${name} takes no value`);
      args.push(arg);
      continue;
    }
    if (long && long[2] !== undefined) { args.push(arg); continue; }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name.length === 1 && short ? '-' : '--'}${name} needs a value`);
    // joined, so that a value starting with one dash is taken as the value it is
    args.push(`--${name}=${value}`);
    i++;
  }
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    const opt = err.message.match(/'(-[^' ]+)/)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${opt ?? err.message}`);
    throw new UsageError(err.message);
  }
  const flags: Record<string, string | boolean | undefined> = {};
  for (const [k, v] of Object.entries(parsed.values)) flags[k] = Array.isArray(v) ? v[v.length - 1] : v;
  return { positionals: parsed.positionals, flags };
}

export function intFlag(value: string | boolean | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} takes a whole number >= ${min}, got '${value}'`);
  return n;
}
