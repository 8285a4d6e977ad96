/**
 * Names in a heap log: which object a variable held, in the module and in each function
 * frame, at any statement; `del` unbinds; frames come and go with calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Timeline } from '@pymm/engine';
import { runSource } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'pymm-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROGRAM = [
  'class Node:',                  // 1
  '    pass',                      // 2
  'def make(n):',                  // 3
  '    first = Node()',            // 4
  '    second = [first] * n',      // 5
  '    return second',             // 6
  'a = Node()',                    // 7
  'b = make(2)',                   // 8
  'a2 = a',                        // 9
  'del a',                         // 10
  'x = 1.5',                       // 11
  'print(len(b))',                 // 12
].join('\n') + '\n';

describe('names and frames in a heap log', () => {
  const log = join(dir, 'names.pymmlog');
  const r = runSource(PROGRAM, { filename: 'names.py', logPath: log });
  const t = Timeline.open(log);
  const ix = t.heap!.index;

  it('a module variable names the object it was bound to, until `del`', () => {
    expect(r.stdout).toBe('2\n');
    const a = t.resolveName('a', t.seqOfLine(7));
    expect(a?.scope).toBe('module');
    expect(ix.typeName(a!.value)).toBe('Node');
    expect(t.resolveName('a2', t.seqOfLine(9))?.value).toBe(a!.value);
    expect(t.resolveName('a', t.seqOfLine(10))).toBeNull();
    const b = ix.bindings('a');
    expect(b.map((x) => x.value === -1)).toEqual([false, true]);
    expect(ix.valueOf(t.resolveName('x', t.seqOfLine(11))!.value)).toBe(1.5);
  });

  it('inside a call: the function frame, its locals, and the module frame under it', () => {
    const inside = t.seqOfLine(5);
    const frames = ix.framesAt(inside);
    expect(frames.map((f) => f.name)).toEqual(['<module>', 'make']);
    const locals = ix.variablesAt(frames[1]!, inside);
    expect(locals.map((v) => v.name)).toEqual(['n', 'first', 'second']);
    const first = t.resolveName('first', inside)!;
    expect(first.scope).toBe('local');
    expect(ix.typeName(first.value)).toBe('Node');
    // after the call returns, its frame is gone: `first` names nothing any more
    expect(ix.framesAt(t.seqOfLine(8)).map((f) => f.name)).toEqual(['<module>']);
    expect(t.resolveName('first', t.seqOfLine(8))).toBeNull();
    // but the object lives on in b's list
    const list = t.resolveName('b', t.seqOfLine(8))!.value;
    expect(t.show(list, t.seqOfLine(8)).references.map((x) => x.to)).toEqual([first.value, first.value]);
  });
});
