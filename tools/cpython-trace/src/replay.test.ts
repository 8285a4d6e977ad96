/**
 * The oracle test: capture real CPython 3.11 traces of our workloads with pymtrace, then
 * replay each through pymm. Every address, every arena event and every stats checkpoint
 * must match what the machine's python3 did.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const capture = join(here, '..', 'capture.sh');
const pymm = fileURLToPath(new URL('../../../apps/cli/bin/pymm.mjs', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'pymm-traces-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const workloads = ['objects', 'textproc', 'algorithms', 'testsuite'];

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('replaying real CPython traces', () => {
  beforeAll(() => {
    const r = run('bash', [capture, '--out', out, ...workloads]);
    if (r.status !== 0) throw new Error(`capture.sh failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  });

  for (const name of workloads) {
    it(`${name}: every address, arena and stats checkpoint matches python3`, () => {
      const trace = join(out, `${name}.trace.gz`);
      const stats = join(out, `${name}.stats`);
      const r = run(process.execPath, [pymm, 'replay', trace, '--expect-stats', stats, '--json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const summary = JSON.parse(r.stdout);
      const labels = readdirSync(stats).filter((f) => f.endsWith('.txt'));
      expect(labels.length).toBeGreaterThanOrEqual(2);
      expect(summary.checkpoints).toBe(labels.length);
      expect(summary.checkpointsMatched).toBe(labels.length);
      expect(summary.arenasAllocated).toBeGreaterThan(0);
      expect(summary.calls).toBeGreaterThan(1_000_000);
      if (name === 'testsuite') {
        expect(summary.calls).toBeGreaterThan(3_000_000);
        expect(readFileSync(join(out, 'testsuite.log'), 'utf8')).toMatch(/total run=\d+ fail=0 err=0/);
      }
    });
  }

  it('testsuite as a .pymmlog: compact, deterministic, verified, navigable', () => {
    const trace = join(out, 'testsuite.trace.gz');
    const a = join(out, 'a.pymmlog'), b = join(out, 'b.pymmlog');
    const built = run(process.execPath, [pymm, 'log', 'build', trace, '-o', a, '--json']);
    expect(built.status).toBe(0);
    const j = JSON.parse(built.stdout);
    expect(j.calls).toBeGreaterThan(3_000_000);
    expect(j.bytesPerEvent).toBeLessThanOrEqual(2.3);
    expect(j.escapedGroups).toBe(0);
    expect(run(process.execPath, [pymm, 'log', 'build', trace, '-o', b]).status).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const verified = run(process.execPath, [pymm, 'verify', a, '--json']);
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, records: j.records, commands: j.calls });
    // The state at the last record is what `pymm stats` prints at the trace's end.
    const end = run(process.execPath, [pymm, 'show', a, '--at', String(j.records - 1), '--json']);
    expect(end.status).toBe(0);
    const stats = run(process.execPath, [pymm, 'stats', trace, '--at', 'exit']);
    expect(JSON.parse(end.stdout).stats).toBe(stats.stdout);
    const pins = run(process.execPath, [pymm, 'pins', a, '--at', String(Math.floor(j.records / 2)), '--json']);
    expect(pins.status).toBe(0);
    expect(JSON.parse(pins.stdout).arenas.length).toBeGreaterThan(0);
  });

  // The other allocators replay the same real traces (docs/adr/0018-one-allocator-interface.md).
  for (const name of workloads) {
    it(`${name}: every allocator replays it; pymalloc's replay of the handle calls keeps CPython's addresses`, () => {
      const trace = join(out, `${name}.trace.gz`);
      const args = [pymm, 'compare', trace, '--json', '--quiet'];
      const html = join(out, `${name}.compare.html`);
      if (name === 'testsuite') args.push('--html', html);
      const r = run(process.execPath, args);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.calls).toBeGreaterThan(1_000_000);
      expect(j.targets.map((t: { name: string }) => t.name)).toEqual(['pymalloc', 'first-fit', 'next-fit', 'best-fit', 'simple-segregated', 'segregated-fit', 'buddy']);
      for (const t of j.targets) {
        // the same program: every allocator ends holding the same live requests
        expect(t.final.requestedBytes).toBe(j.finalRequestedBytes);
        expect(t.final.rawBlocks).toBe(j.targets[0].final.rawBlocks);
        expect(t.peakMappedBytes).toBeGreaterThanOrEqual(j.peakRequestedBytes);
        expect(t.final.blockBytes).toBeGreaterThanOrEqual(t.final.requestedBytes);
        expect(t.nsPerCall).toBeGreaterThan(0);
      }
      expect(j.targets[0].addressMismatches).toBe(0);
      if (name === 'testsuite') {
        const page = readFileSync(html, 'utf8');
        for (const t of j.targets) expect(page).toContain(`<b>${t.name}</b>`);
        expect(page.match(/<svg /g)?.length).toBe(3);
      }
    });
  }

  it('time travel over another allocator: replay --allocator --at agrees with compare --at', () => {
    const trace = join(out, 'objects.trace.gz');
    const at = 123_457;
    const cmp = run(process.execPath, [pymm, 'compare', trace, '--at', String(at), '--allocators', 'buddy,best-fit', '--json']);
    expect(cmp.status).toBe(0);
    const side = JSON.parse(cmp.stdout);
    for (const a of side.allocators) {
      const one = run(process.execPath, [pymm, 'replay', trace, '--allocator', a.name, '--at', String(at), '--json']);
      expect(one.status).toBe(0);
      const j = JSON.parse(one.stdout);
      expect(j.figures).toEqual(a.figures);
      expect(j.address).toBe(a.address);
      expect(j.events.length).toBeGreaterThan(0);
    }
  });

  it('captures are deterministic: the same workload gives a byte-identical trace', () => {
    const again = mkdtempSync(join(out, 'again-'));
    expect(run('bash', [capture, '--out', again, 'objects']).status).toBe(0);
    const a = readFileSync(join(out, 'objects.trace.gz'));
    const b = readFileSync(join(again, 'objects.trace.gz'));
    expect(a.equals(b)).toBe(true);
    expect(readFileSync(join(again, 'objects.stats', 'exit.txt'), 'latin1')).toBe(readFileSync(join(out, 'objects.stats', 'exit.txt'), 'latin1'));
  });
});
