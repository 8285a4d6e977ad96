import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/** The example's program, run by python3: the expected values come from CPython itself. */
const PROGRAM = `
import gc, json
gc.disable()
gc.collect()
l = []; l.append(l); del l
first = gc.collect()
saved = []
class Lazarus:
    def __del__(self): saved.append(self)
x = Lazarus(); x.me = x; del x
second = gc.collect()
finalized = gc.is_finalized(saved[0])
saved.clear()
third = gc.collect()
print(json.dumps({'collected': [first, second, third], 'finalized': finalized}))
`;

it('the README example is the file the test runs, and gives what python3 gives', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme.example.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const py = spawnSync('python3', ['-c', PROGRAM], { encoding: 'utf8' });
  expect(py.status, py.stderr).toBe(0);
  const { result } = await import('./readme.example.js');
  expect({ collected: result.collected, finalized: result.finalized }).toEqual(JSON.parse(py.stdout));
  expect(result.steps).toEqual([expect.stringMatching(/^list#\d+: refcount 1, external 0$/)]);
  expect(result.stats).toEqual({ collections: 4, collected: 2, uncollectable: 0 });
});
