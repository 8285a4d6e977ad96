/**
 * The options parser: node:util's parseArgs with pymm's rules. Every rule here is one a
 * command relies on; the messages are the ones users see (after "pymm CMD: ").
 */
import { describe, expect, it } from 'vitest';
import { intFlag, parseArgs, UsageError } from './args.js';

const SPEC = { at: 'string', json: 'boolean', o: 'string', help: 'boolean' } as const;

describe('parseArgs', () => {
  it('takes long options (--x v, --x=v), booleans, one-letter options, -h and positionals in any order', () => {
    expect(parseArgs(['LOG', '--at', '5', '--json', '-o', 'out', 'more'], SPEC)).toEqual({ positionals: ['LOG', 'more'], flags: { at: '5', json: true, o: 'out' } });
    expect(parseArgs(['--at=7', '-h'], SPEC).flags).toEqual({ at: '7', help: true });
  });

  it('takes a value that starts with one dash (seq -1), and everything after -- as positionals', () => {
    expect(parseArgs(['--at', '-1'], SPEC).flags.at).toBe('-1');
    expect(parseArgs(['--at=-1'], SPEC).flags.at).toBe('-1');
    expect(parseArgs(['x', '--', '--json', '-o'], SPEC)).toEqual({ positionals: ['x', '--json', '-o'], flags: {} });
  });

  it('refuses what it does not know or cannot read, in words', () => {
    const refusal = (argv: string[]): string => {
      try { parseArgs(argv, SPEC); } catch (e) { expect(e).toBeInstanceOf(UsageError); return (e as Error).message; }
      return 'accepted';
    };
    expect(refusal(['--limit', '3'])).toBe('unknown option --limit');
    expect(refusal(['-x'])).toBe('unknown option -x');
    expect(refusal(['--at'])).toBe('--at needs a value');
    expect(refusal(['--at', '--json'])).toBe('--at needs a value');
    expect(refusal(['-o'])).toBe('-o needs a value');
    expect(refusal(['--json=yes'])).toBe('--json takes no value');
    expect(refusal(['-h'].concat([]))).toBe('accepted');
    expect(parseArgs.bind(null, ['-h'], { at: 'string' })).toThrow('unknown option -h');
  });

  it('intFlag: whole numbers at or above a minimum, else a message naming the option', () => {
    expect(intFlag('12', 'limit', 5)).toBe(12);
    expect(intFlag(undefined, 'limit', 5)).toBe(5);
    expect(() => intFlag('0', 'limit', 5)).toThrow("--limit takes a whole number >= 1, got '0'");
    expect(() => intFlag('2.5', 'offset', 0, 0)).toThrow("--offset takes a whole number >= 0, got '2.5'");
  });
});
