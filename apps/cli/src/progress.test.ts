/**
 * Progress on a terminal: `pymm verify` (which reads every record and can run for tens of
 * seconds) draws its bar on stderr when stderr is a terminal, and not otherwise (pipes,
 * files, CI). The terminal is a pseudo-terminal made by script(1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/pymm.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('progress', () => {
  it('pymm verify draws a progress bar on a terminal, and none into a pipe', () => {
    writeFileSync(join(dir, 'p.py'), 'l = [[i] for i in range(3000)]\ndel l\n');
    expect(spawnSync(process.execPath, [bin, 'run', 'p.py', '--log', 'p.pymmlog'], { cwd: dir }).status).toBe(0);
    const { CI: _ci, ...env } = process.env;
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${bin} verify p.pymmlog`, '/dev/null'], { cwd: dir, encoding: 'utf8', env });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(/\rverify \[[#-]{30}\] +\d+%/);
    expect(tty.stdout).toMatch(/ok: /);
    const piped = spawnSync(process.execPath, [bin, 'verify', 'p.pymmlog'], { cwd: dir, encoding: 'utf8', env });
    expect(piped.status).toBe(0);
    expect(piped.stderr + piped.stdout).not.toMatch(/verify \[/);
  });
});
