/**
 * Interpreter shutdown against python3's own: random programs whose objects print their
 * name from `__del__`, held by module names (some with a leading underscore), lists, dicts,
 * tuples, other objects, cycles, function defaults and aliases, with names deleted or
 * rebound, gc disabled or collected on the way, and maybe a SystemExit. What they print,
 * the order of the finalizers at exit above all, must be python3's, line for line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { runSource } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const seed = Number(process.env.PYMM_SEED ?? 20261203);

const HEADER = [
  'import gc',
  'class D:',
  '    def __init__(self, name):',
  '        self.name = name',
  '    def __del__(self):',
  "        print('del', self.name)",
];

/** One statement over names v0..v5 (`_v` spellings too); `n` numbers the objects. */
const statement = fc.record({ kind: fc.nat(13), a: fc.nat(5), b: fc.nat(5), under: fc.boolean() }).map(({ kind, a, b, under }) => (n: number): string => {
  const v = (i: number) => `${under && i % 2 === 0 ? '_' : ''}v${i}`;
  switch (kind) {
    case 0: case 1: return `${v(a)} = D('o${n}')`;
    case 2: return `${v(a)} = [D('o${n}'), D('o${n}b')]`;
    case 3: return `${v(a)} = {'k': D('o${n}')}`;
    case 4: return `${v(a)} = (D('o${n}'),)`;
    case 5: return `${v(a)} = D('o${n}'); ${v(a)}.other = D('o${n}b')`;
    case 6: return `${v(a)} = D('c${n}'); ${v(a)}.o = D('c${n}b'); ${v(a)}.o.o = ${v(a)}`;
    case 7: return `${v(b)} = ${v(a)} if '${v(a)}' in globals() else None`;
    case 8: return `if '${v(a)}' in globals(): del ${v(a)}`;
    case 9: return `${v(a)} = None`;
    case 10: return `def f${n}(p=D('default${n}')): return p`;
    case 11: return 'gc.collect()';
    case 12: return 'gc.disable()';
    default: return `x${n} = [D('l${n}')]; x${n}.append(x${n})`;
  }
});
const program = fc.record({ body: fc.array(statement, { minLength: 3, maxLength: 14 }), exit: fc.constantFrom('', '', '', 'raise SystemExit') })
  .map(({ body, exit }) => [...HEADER, ...body.map((s, n) => s(n)), "print('end')", ...(exit ? [exit] : [])].join('\n') + '\n');

it('the finalizers at exit run in the order python3 runs them, for random module states', () => {
  const programs = fc.sample(program, { seed, numRuns: 150 });
  const differ: { program: string; python: string; pylite: string }[] = [];
  let printedAtExit = 0;
  programs.forEach((p, k) => {
    const file = join(dir, `${k}.py`);
    writeFileSync(file, p);
    const py = spawnSync('python3', [file], { encoding: 'utf8' });
    expect(py.stderr).toBe('');
    const r = runSource(p, { filename: file });
    if (r.stdout !== py.stdout || r.exitCode !== py.status) differ.push({ program: p, python: py.stdout, pylite: r.stdout + r.stderr });
    if (/^end\n(del .*\n){2,}/m.test(py.stdout)) printedAtExit++;
  });
  expect(differ.slice(0, 3)).toEqual([]);
  // the property is about something: most programs print two finalizers or more at exit
  expect(printedAtExit).toBeGreaterThan(100);
});
