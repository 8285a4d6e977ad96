/**
 * pylite's list of CPython's builtin names is python3's own, and a builtin pylite does not
 * offer is refused as outside the subset (exit status 2), not reported as a NameError.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CPYTHON_BUILTIN_NAMES } from './builtinNames.js';
import { runSource } from './run.js';

describe('builtin names', () => {
  it("equal python3's dir(builtins) (public names)", () => {
    const r = spawnSync('python3', ['-c', "import builtins; print(' '.join(sorted(n for n in dir(builtins) if not n.startswith('_'))))"], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect([...CPYTHON_BUILTIN_NAMES].sort()).toEqual(r.stdout.trim().split(' ').sort());
  });

  it('a builtin pylite lacks is refused with its line; an unknown name is still a NameError', () => {
    // pick names python3 has and pylite does not offer, whatever pylite offers by then
    const missing = [...CPYTHON_BUILTIN_NAMES].filter((n) => /^[a-z]/.test(n) && runSource(`${n}\n`, { filename: 'probe.py' }).exitCode !== 0);
    expect(missing.length).toBeGreaterThan(0);
    for (const name of missing) {
      const r = runSource(`x = 1\nprint(${name})\n`, { filename: 'prog.py' });
      expect(r.exitCode, name).toBe(2);
      expect(r.stderr, name).toBe(`pylite: prog.py:2: the built-in '${name}' is outside the pylite subset\n`);
    }
    const r = runSource('print(not_a_builtin_name)\n', { filename: 'prog.py' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("NameError: name 'not_a_builtin_name' is not defined");
  });
});
