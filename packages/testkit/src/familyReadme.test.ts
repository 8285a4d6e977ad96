import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { passed } from './familyReadme.example.js';

describe('README: testing your own allocator', () => {
  it('the example runs, and the README shows it as it is', () => {
    expect(passed).toBe(true);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('./familyReadme.example.ts', import.meta.url), 'utf8');
    expect(readme).toContain(example.trim());
  });
});
