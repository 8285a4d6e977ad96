/**
 * Shared by golden.mjs and corpus.mjs: find CPython 3.11, the fixed environment it runs in,
 * and a child-process runner with a timeout. Plain Node (>= 20), no dependencies.
 */
import { spawn, spawnSync } from 'node:child_process';

/** Flags for every python3 run: no user site, no bytecode files, no script dir on sys.path. */
export const PYTHON_FLAGS = ['-s', '-B', '-P'];

/**
 * The interpreter: the first candidate that is CPython 3.11, 64-bit; returns its real
 * executable (a pyenv shim is resolved once). Throws an Error listing what was tried.
 */
export function findPython(explicit) {
  const candidates = explicit ? [explicit] : ['python3.11', 'python3'];
  const probe = 'import sys, json; print(json.dumps({"exe": sys.executable, "version": list(sys.version_info[:3]), ' +
    '"impl": sys.implementation.name, "bits64": sys.maxsize == 2**63 - 1}))';
  const tried = [];
  for (const c of candidates) {
    const r = spawnSync(c, ['-c', probe], { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      tried.push(`${c}: ${r.error ? r.error.code || r.error.message : `exit ${r.status}`}`);
      continue;
    }
    let info;
    try {
      info = JSON.parse(r.stdout);
    } catch {
      tried.push(`${c}: unexpected output`);
      continue;
    }
    const [maj, min, mic] = info.version;
    if (info.impl !== 'cpython' || maj !== 3 || min !== 11 || !info.bits64) {
      tried.push(`${c}: ${info.impl} ${maj}.${min}.${mic}${info.bits64 ? '' : ' (32-bit)'}`);
      continue;
    }
    return { exe: info.exe, version: `${maj}.${min}.${mic}`, via: c };
  }
  throw new Error(`no 64-bit CPython 3.11 found (need sys.version_info[:2] == (3, 11)); tried:\n  ${tried.join('\n  ')}\n` +
    'install CPython 3.11 or pass --python PATH / set PYMM_PYTHON');
}

/** A fixed environment: nothing inherited except PATH (for nm, node) and HOME. */
export function fixedEnv() {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    PYTHONHASHSEED: '0',
    PYTHONUTF8: '1',
    PYTHONIOENCODING: 'utf-8',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONNOUSERSITE: '1',
  };
  if (process.env.HOME) env.HOME = process.env.HOME;
  return env;
}

/** Process groups started with a timeout (detached) that are still running. */
const liveGroups = new Set();

/** Kills every still-running process group started by runProcess with a timeout (for SIGINT). */
export function killRunning() {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  liveGroups.clear();
}

/**
 * Runs a command to completion (or until timeoutMs: then the whole process group is killed).
 * Resolves {code, signal, timedOut, stdout, stderr, ms, error}; never rejects.
 */
export function runProcess(cmd, args, { cwd, env, timeoutMs = 0 } = {}) {
  return new Promise((resolvePromise) => {
    const t0 = Date.now();
    let child;
    try {
      child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: timeoutMs > 0 });
    } catch (e) {
      resolvePromise({ code: null, signal: null, timedOut: false, stdout: '', stderr: '', ms: 0, error: e.message });
      return;
    }
    const out = [];
    const err = [];
    let timedOut = false;
    if (timeoutMs > 0 && child.pid) liveGroups.add(child.pid);
    let timer = null;
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid, 'SIGKILL'); // the child's own process group (it was started detached)
        } catch {
          child.kill('SIGKILL');
        }
      }, timeoutMs);
    }
    let spawnError = null;
    child.on('error', (e) => {
      spawnError = e.code || e.message;
    });
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      liveGroups.delete(child.pid);
      resolvePromise({
        code, signal, timedOut, ms: Date.now() - t0, error: spawnError,
        stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
