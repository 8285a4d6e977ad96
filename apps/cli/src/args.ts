/** A small, strict argument parser: unknown flags are errors, never ignored. */
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
  const positionals: string[] = [];
  const flags: Record<string, string | boolean | undefined> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      const kind = spec[name];
      if (kind === undefined) throw new UsageError(`unknown option --${name}`);
      if (kind === 'boolean') {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        flags[name] = true;
      } else {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
        flags[name] = value;
      }
    } else if (arg === '-h') {
      flags.help = true;
    } else if (/^-[a-zA-Z]$/.test(arg) && spec[arg[1]] !== undefined) {
      // one-letter options (-o FILE)
      const name = arg[1];
      if (spec[name] === 'boolean') flags[name] = true;
      else {
        const value = argv[++i];
        if (value === undefined) throw new UsageError(`-${name} needs a value`);
        flags[name] = value;
      }
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, flags };
}

export function intFlag(value: string | boolean | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} takes a whole number >= ${min}, got '${value}'`);
  return n;
}
