import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('the README example is the file the test runs, and prints what python3 prints', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readme.example.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
  const { result } = await import('./readme.example.js');
  const program = /const program = `([\s\S]*?)`;/.exec(example)![1]!;
  const py = spawnSync('python3', ['-c', program], { encoding: 'utf8' });
  expect(py.status, py.stderr).toBe(0);
  expect(result).toEqual({ exitCode: 0, stdout: py.stdout, stderr: '' });
  expect(readme).toContain(py.stdout.trim().split('\n').map((l) => `    ${l}`).join('\n'));
});
