/**
 * Browser-test helper (a copy of apps/cli's, since a package imports no other package's
 * files): starts `pymm serve` as a child process (the built CLI), waits for the URL it
 * prints, and stops it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PYMM = fileURLToPath(new URL('../../cli/bin/pymm.mjs', import.meta.url));

export interface Served {
  readonly url: string;
  readonly proc: ChildProcess;
  stderr(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<number | null>;
}

export function serve(args: string[], timeoutMs = 120_000, env: NodeJS.ProcessEnv = process.env): Promise<Served> {
  const proc = spawn(process.execPath, [PYMM, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 15 * 60_000, env });
  let out = '', err = '';
  proc.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
  const exited = new Promise<number | null>((done) => proc.once('exit', (code) => done(code)));
  const stop = async (): Promise<number | null> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(t);
    return code;
  };
  return new Promise((ok, bad) => {
    const timer = setTimeout(() => { void stop(); bad(new Error(`pymm serve printed no URL in ${timeoutMs} ms; stderr: ${err}`)); }, timeoutMs);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^pymm serve: (http:\/\/\S+)$/m.exec(out);
      if (m) { clearTimeout(timer); ok({ url: m[1]!, proc, stderr: () => err, stop }); }
    });
    void exited.then((code) => { clearTimeout(timer); bad(new Error(`pymm serve exited (${code}) before printing its URL: ${err}`)); });
  });
}

/** Runs the CLI to completion (for the bad-input cases). */
export function pymm(args: string[], timeout = 60_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [PYMM, ...args], { encoding: 'utf8', timeout });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function getJson<T = Record<string, unknown>>(url: string): Promise<{ status: number; body: T }> {
  const r = await fetch(url);
  return { status: r.status, body: (await r.json()) as T };
}
