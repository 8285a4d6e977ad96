/**
 * Programs in a worker thread: output in order with the records written before each
 * write, limits that interrupt at a statement (a complete log), ending the worker, and the
 * stack that CPython's recursion limit needs. Runs the built worker (npx tsc -b first).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Timeline } from '@pymm/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { startProgram, type OutputStream } from './programWorker.js';

const dir = mkdtempSync(join(tmpdir(), 'pymm-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function collect() {
  const writes: { stream: OutputStream; text: string; records: number }[] = [];
  return { writes, onOutput: (stream: OutputStream, text: string, records: number) => writes.push({ stream, text, records }) };
}

describe('startProgram', () => {
  it('streams stdout and stderr in order, each write with the log records before it; the log and its index are written', async () => {
    const log = join(dir, 'out.pymmlog');
    const c = collect();
    const r = await startProgram({ source: 'for i in range(3):\n    print(i)\nx = [1]\nprint(x[5])\n', filename: 'out.py', logPath: log, index: true, trackRecords: true, onOutput: c.onOutput }).done;
    expect(r.exitCode).toBe(1);
    expect(r.stoppedBy).toBeNull();
    expect(r.indexed).toBe(true);
    expect(r.startupMs).toBeGreaterThan(0);
    const text = c.writes.map((w) => `${w.stream}:${w.text}`).join('');
    expect(text).toMatch(/^stdout:0\n(stdout:)?1\n(stdout:)?2\nstderr:Traceback/);
    expect(text).toMatch(/IndexError: list index out of range\n$/);
    // records only grow, and every write happened inside the log
    const recs = c.writes.map((w) => w.records);
    expect(recs.every((n, i) => i === 0 || n >= recs[i - 1]!)).toBe(true);
    expect(recs[0]).toBeGreaterThan(0);
    expect(recs.at(-1)).toBeLessThanOrEqual(r.log!.records);
    const t = Timeline.open(log);
    expect(t.length).toBe(r.log!.records);
    expect(t.indexOrigin).toBe('read');
  });

  it('a record limit interrupts the program at its next statement: KeyboardInterrupt, and a complete log', async () => {
    const log = join(dir, 'limit.pymmlog');
    const c = collect();
    const r = await startProgram({ source: 'i = 0\nwhile True:\n    i += 1\n', filename: 'limit.py', logPath: log, maxRecords: 20_000, onOutput: c.onOutput }).done;
    expect(r.stoppedBy).toBe('record-limit');
    expect(r.exitCode).toBe(130);
    expect(c.writes.map((w) => w.text).join('')).toMatch(/KeyboardInterrupt\n$/);
    expect(r.log!.records).toBeGreaterThanOrEqual(20_000);
    expect(r.log!.records).toBeLessThan(40_000);
    expect(Timeline.open(log).length).toBe(r.log!.records);
  });

  it('a time limit does the same; terminate() ends a program that never reaches a statement', async () => {
    const t0 = performance.now();
    const timed = await startProgram({ source: 'while True:\n    pass\n', filename: 'time.py', timeLimitMs: 300 }).done;
    expect(timed.stoppedBy).toBe('time-limit');
    expect(timed.exitCode).toBe(130);
    expect(performance.now() - t0).toBeLessThan(20_000);
    const c = collect();
    const run = startProgram({ source: 'print("start")\nx = sum(range(10 ** 12))\n', filename: 'busy.py', onOutput: c.onOutput });
    await new Promise((ok) => setTimeout(ok, 500));
    run.interrupt();
    await new Promise((ok) => setTimeout(ok, 300));
    await run.terminate();
    const r = await run.done;
    expect(r.stoppedBy).toBe('terminated');
    expect(c.writes.map((w) => w.text).join('')).toBe('start\n');
  });

  it('a program ended while its log is indexed leaves no temporary file of the index', async () => {
    const sub = mkdtempSync(join(dir, 'ended-'));
    const log = join(sub, 'busy.pymmlog');
    // records flow (the writer and indexer threads are busy) until the worker is ended
    const run = startProgram({ source: 'x = []\nwhile True:\n    x.append([x])\n    x = []\n', filename: 'busy.py', logPath: log, index: true });
    await new Promise((ok) => setTimeout(ok, 1500));
    expect(readdirSync(sub).some((n) => n.endsWith('.tmp'))).toBe(true);
    await run.terminate();
    const r = await run.done;
    expect(r.stoppedBy).toBe('terminated');
    expect(readdirSync(sub).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('has the stack for CPython\'s recursion limit: 990 Python frames deep', async () => {
    const c = collect();
    const r = await startProgram({ source: 'def d(n):\n    return 0 if n == 0 else 1 + d(n - 1)\nprint(d(990))\n', filename: 'deep.py', onOutput: c.onOutput }).done;
    expect(c.writes.map((w) => w.text).join('')).toBe('990\n');
    expect(r.exitCode).toBe(0);
  });
});
