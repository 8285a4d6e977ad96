/**
 * The README's examples run as written, in the order shown, from the checkout's root:
 * every command of every ```sh block must exit 0 (a `pymm serve` must print its URL and
 * serve the page). Two kinds of line are not run here, because this test is part of what
 * they start: installing pnpm and the packages (what CI does before `pnpm test`) and
 * `pnpm test` itself. `npm install -g` installs into a scratch prefix (npm_config_prefix),
 * not into this machine's global one. Files the examples write (`written` below) are
 * removed afterwards.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'pymm-readme-'));

/** The commands of the README's ```sh blocks: comments dropped, `\` continuations joined. */
export function readmeCommands(text) {
  const commands = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let pending = '';
    for (const raw of block[1].split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trimEnd();
      if (line.endsWith('\\')) { pending += `${line.slice(0, -1)} `; continue; }
      const command = (pending + line).trim();
      pending = '';
      if (command !== '') commands.push(command);
    }
  }
  return commands;
}

/** What this test runs of a command (null: not run here, and why). */
function plan(command) {
  if (command === 'pnpm test') return { skip: 'this test runs inside pnpm test' };
  // the install line: pnpm and the packages are installed already (CI did it); the main job runs
  const main = command.match(/^npm install -g --allow-scripts=pnpm pnpm@([\d.]+) && pnpm install && (.+)$/);
  if (main) {
    const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
    expect(main[1]).toBe(pinned);
    return { run: main[2] };
  }
  return { run: command };
}

const written = ['traces/compare.html', 'traces/run.pymmlog', 'traces/run.pymmlog.idx', 'traces/ts.pymmlog', 'traces/ts.pymmlog.idx', 'out/pymm-cli-0.1.0.tgz', 'traces/cycle.trace.gz', 'traces/cycle.stats'];
afterAll(() => {
  for (const f of written) rmSync(join(root, f), { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** `npm install -g` of the README goes to a scratch prefix, offline (the tarball holds everything). */
const envFor = (command) => (/\bnpm install -g\b/.test(command)
  ? { ...process.env, npm_config_prefix: join(scratch, 'npm-global'), npm_config_offline: 'true' }
  : process.env);

/** Runs `pymm serve ...` until it prints its URL, fetches the page, stops it. */
async function serveOnce(command) {
  const child = spawn('bash', ['-c', `exec ${command.replace(/^\.\/pymm serve/, './pymm serve --port 0')}`], { cwd: root, env: envFor(command), stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let text = '';
      const on = (b) => { text += b.toString(); const m = text.match(/http:\/\/[\d.]+:\d+\//); if (m) resolve(m[0]); };
      child.stdout.on('data', on);
      child.stderr.on('data', (b) => { text += b.toString(); });
      child.on('exit', (code) => reject(new Error(`${command} exited (${code}): ${text}`)));
    });
    const page = await (await fetch(url)).text();
    expect(page).toMatch(/<title>pymm/);
  } finally {
    child.kill('SIGTERM');
  }
}

describe('the repository stands alone', () => {
  it('no file names a directory outside it (the team notes a user does not have)', () => {
    const files = spawnSync('git', ['ls-files', 'README.md', 'docs', 'apps', 'packages', 'tools', 'scripts'], { cwd: root, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const outside = /\.\.\/shared\b|\bshared\/(design|formats|notes)\b/;
    const hits = files.filter((f) => !f.endsWith('readme.test.mjs') && !/\.(png|gz|jpg)$/.test(f) && outside.test(readFileSync(join(root, f), 'utf8')));
    expect(hits).toEqual([]);
  });
});

describe('the README', () => {
  const commands = readmeCommands(readFileSync(join(root, 'README.md'), 'utf8'));

  it('has examples, among them the install line and the test command', () => {
    expect(commands.length).toBeGreaterThan(15);
    expect(commands[0]).toMatch(/^npm install -g --allow-scripts=pnpm pnpm@/);
    expect(commands).toContain('pnpm test');
  });

  it('runs every example as written, in order', async () => {
    const ran = [];
    for (const command of commands) {
      const p = plan(command);
      if (p.skip !== undefined) continue;
      if (/^\.\/pymm serve\b/.test(p.run)) { await serveOnce(p.run); ran.push(p.run); continue; }
      const r = spawnSync('bash', ['-c', p.run], { cwd: root, env: envFor(p.run), encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(r.status, `${p.run}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`).toBe(0);
      ran.push(p.run);
    }
    expect(ran.length).toBe(commands.length - 1);
  }, 30 * 60_000);
});
