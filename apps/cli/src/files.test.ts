/**
 * Commands that write never destroy their input or an existing file they did not finish:
 * an output path that is the input is refused (exit 2, the input untouched), and a write
 * that fails leaves what was at the path as it was, with no temporary file behind.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/pymm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pymm = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir });
const temporaries = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('outputs onto inputs are refused', () => {
  it('log build, log import and log export with -o their input: exit 2, one line, the input as it was', () => {
    writeFileSync(join(dir, 'prog.py'), 'x = [1, 2]\nprint(len(x))\n');
    expect(pymm('run', 'prog.py', '--log', 'prog.pymmlog').status).toBe(0);
    const log = readFileSync(join(dir, 'prog.pymmlog'));
    const exported = pymm('log', 'export', 'prog.pymmlog', '-o', 'prog.pymmlog');
    expect([exported.status, exported.stderr]).toEqual([2, 'pymm log export: -o prog.pymmlog is the log itself (the output would replace it)\n']);
    expect(readFileSync(join(dir, 'prog.pymmlog')).equals(log)).toBe(true);
    writeFileSync(join(dir, 'in.jsonl'), 'not json\n');
    const imported = pymm('log', 'import', 'in.jsonl', '-o', 'in.jsonl', '--force');
    expect([imported.status, imported.stderr]).toEqual([2, 'pymm log import: -o in.jsonl is the JSON Lines file itself (the output would replace it)\n']);
    expect(readFileSync(join(dir, 'in.jsonl'), 'utf8')).toBe('not json\n');
    writeFileSync(join(dir, 't.trace'), '#pymtrace 1\n');
    const built = pymm('log', 'build', 't.trace', '-o', 't.trace', '--force');
    expect([built.status, built.stderr]).toEqual([2, 'pymm log build: -o t.trace is the trace itself (the output would replace it)\n']);
    expect(readFileSync(join(dir, 't.trace'), 'utf8')).toBe('#pymtrace 1\n');
  });

  it('a failed import or build leaves an existing output as it was', () => {
    writeFileSync(join(dir, 'old.pymmlog'), 'an older log');
    writeFileSync(join(dir, 'bad.jsonl'), '{"header":{"domain":"heap","codec":"heap-v1","profile":"cpython-3.11","config":{},"seed":0,"source":"x"}}\n{"seq":5}\n');
    const imported = pymm('log', 'import', 'bad.jsonl', '-o', 'old.pymmlog', '--force');
    expect(imported.status).toBe(2);
    expect(readFileSync(join(dir, 'old.pymmlog'), 'utf8')).toBe('an older log');
    writeFileSync(join(dir, 'broken.trace'), '#pymtrace 1\nnot an event\n');
    const built = pymm('log', 'build', 'broken.trace', '-o', 'old.pymmlog', '--force');
    expect(built.status).toBe(2);
    expect(readFileSync(join(dir, 'old.pymmlog'), 'utf8')).toBe('an older log');
    expect(temporaries()).toEqual([]);
  });
});
