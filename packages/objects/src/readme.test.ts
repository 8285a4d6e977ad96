import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/** The example's program, run by python3: the expected values come from CPython itself. */
const PROGRAM = `
import sys, json
said = []
class Node:
    def __del__(self): said.append('del ' + self.name)
a = Node(); b = Node(); a.name = 'a'; b.name = 'b'; a.next = b
sizes = [sys.getsizeof(a), sys.getsizeof(b.__dict__)]
del b
refcount_of_b = sys.getrefcount(a.next) - 1   # minus getrefcount's own argument
del a
print(json.dumps({'sizes': sizes, 'refcountOfB': refcount_of_b, 'said': said}))
`;

it('the README example is the file the test runs, and prints what python3 prints', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme.example.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const py = spawnSync('python3', ['-c', PROGRAM], { encoding: 'utf8' });
  expect(py.status, py.stderr).toBe(0);
  const cpython = JSON.parse(py.stdout) as Record<string, unknown>;
  const { result } = await import('./readme.example.js');
  expect({ sizes: result.sizes, refcountOfB: result.refcountOfB, said: result.said }).toEqual(cpython);
  expect(result.alive).toEqual([false, false]);
  expect(readme).toContain(`\`result\` is \`{ sizes: [${(cpython['sizes'] as number[]).join(', ')}], refcountOfB: 1, said: ['del a', 'del b'], alive: [false, false] }\``);
});
