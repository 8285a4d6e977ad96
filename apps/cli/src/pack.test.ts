/**
 * The `pymm` command installs from its packed tarball alone: `scripts/pack.mjs` makes it,
 * `npm install -g --offline` puts it on a scratch prefix (nothing fetched), and the
 * installed command runs a program, records and indexes its log, answers a question about
 * it, traces a script with python3 and serves the web debugger, with paths taken from the
 * caller's directory.
 * The checkout's `./pymm` launcher does the same without pnpm's output.
 * (After `pnpm build`: the tarball carries the built CLI and web app.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pymm-pack-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROGRAM = 'import gc\nclass Node:\n    pass\na = Node()\na.me = a\ndel a\nprint("collected", gc.collect())\n';

describe('the pymm command, packed and installed', () => {
  const out = join(dir, 'out');
  const prefix = join(dir, 'prefix');
  const work = join(dir, 'work');
  mkdirSync(work);
  writeFileSync(join(work, 'prog.py'), PROGRAM);
  // what python3 prints for it: what pymm must print
  const expected = spawnSync('python3', ['prog.py'], { encoding: 'utf8', cwd: work, env: { ...process.env, PYTHONHASHSEED: '0' } }).stdout;

  it('python3 prints something for the program', () => {
    expect(expected).toMatch(/^collected \d+\n$/);
  });

  it('packs into one tarball that installs offline and runs from any directory', () => {
    const packed = spawnSync('node', [join(root, 'scripts/pack.mjs'), '--out', out], { encoding: 'utf8' });
    expect(packed.stderr).toBe('');
    expect(packed.status).toBe(0);
    const tarball = packed.stdout.trim();
    expect(readdirSync(out)).toEqual(['pymm-cli-0.1.0.tgz']);
    const install = spawnSync('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], { encoding: 'utf8', cwd: dir });
    expect(install.stderr).toBe('');
    expect(install.status).toBe(0);
    const pymm = join(prefix, 'bin', 'pymm');
    const run = spawnSync(pymm, ['run', 'prog.py', '--log', 'prog.pymmlog'], { encoding: 'utf8', cwd: work });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(expected);
    expect(run.status).toBe(0);
    expect(existsSync(join(work, 'prog.pymmlog.idx'))).toBe(true);
    const q = spawnSync(pymm, ['heap', 'objects', 'prog.pymmlog', '--type', 'Node', '--line', '5'], { encoding: 'utf8', cwd: work });
    expect(q.status).toBe(0);
    expect(q.stdout).toMatch(/Node#\d+/);
    const help = spawnSync(pymm, ['help'], { encoding: 'utf8', cwd: work });
    expect(help.stdout).toMatch(/^usage: pymm <command>/);
  });

  it('the installed command serves the web debugger it carries', async () => {
    const pymm = join(prefix, 'bin', 'pymm');
    expect(existsSync(pymm)).toBe(true);
    const { spawn } = await import('node:child_process');
    const child = spawn(pymm, ['serve', '--port', '0'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (b: Buffer) => { text += b.toString(); const m = text.match(/http:\/\/[\d.]+:\d+\//); if (m) resolve(m[0]); });
        child.on('exit', (code) => reject(new Error(`pymm serve exited (${code}): ${text}`)));
      });
      const page = await (await fetch(url)).text();
      expect(page).toMatch(/<title>pymm/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('the installed command traces a script (building its recorder on first use) and replays it exactly', () => {
    const pymm = join(prefix, 'bin', 'pymm');
    const cache = join(dir, 'cache');
    writeFileSync(join(work, 'traced.py'), 'try:\n    import _pymtrace\n    cp = _pymtrace.checkpoint\nexcept ImportError:\n    cp = lambda label: None\nd = {i: str(i) for i in range(2000)}\ncp("built")\ndel d\n');
    const t = spawnSync(pymm, ['trace', 'traced.py', '-o', 'traced.trace.gz'], { encoding: 'utf8', cwd: work, env: { ...process.env, XDG_CACHE_HOME: cache } });
    expect(t.stderr).toMatch(/wrote traced\.trace\.gz/);
    expect(t.status).toBe(0);
    const r = spawnSync(pymm, ['replay', 'traced.trace.gz', '--expect-stats', 'traced.stats'], { encoding: 'utf8', cwd: work });
    expect(r.stdout + r.stderr).toMatch(/^ok: /);
    expect(r.status).toBe(0);
  });

  it('./pymm in the checkout runs the command without pnpm, relative to the caller', () => {
    const r = spawnSync(join(root, 'pymm'), ['run', 'prog.py'], { encoding: 'utf8', cwd: work });
    expect(r.stdout).toBe(expected);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const bad = spawnSync(join(root, 'pymm'), ['run', 'missing.py'], { encoding: 'utf8', cwd: work });
    expect(bad.status).toBe(2);
    expect(bad.stderr).not.toMatch(/ELIFECYCLE|ERR_PNPM/);
  });
});
