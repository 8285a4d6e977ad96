/**
 * The tokenizer's indentation check against python3's own: random mixes of tabs and spaces
 * in front of the lines of small programs (nested blocks, comments, blank
 * lines, bracketed and backslash-continued lines, form feeds). For every program, pylite reports a
 * TabError, an 'unindent does not match any outer indentation level' IndentationError or
 * an 'unexpected indent' exactly when python3's compile() does, on the same line (programs python3 rejects for
 * another reason first are left out of the comparison).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { parse, PySyntaxError } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'pylite-indent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const seed = Number(process.env.PYMM_SEED ?? 20261203);

// A program is a walk over block levels: after an opener the next line is one level
// deeper, else it stays or goes back out. Each level is written in one of several ways
// (spaces, tabs, mixed, a column off), so the same level may be spelt differently on two
// lines: python3 then finds TabErrors and unmatched dedents, and rarely anything else.
// A form feed sets the column back to 0 (a page break before a line, or inside its indentation).
const SPELLINGS = (level: number): string[] => level === 0 ? ['', '', '\f', '  \f'] : [
  '    '.repeat(level), '\t'.repeat(level), '\t'.repeat(level - 1) + '    ', '  '.repeat(level), ' '.repeat(8 * level),
  '\t'.repeat(level - 1) + '        ', ' '.repeat(4 * level - 1) + '\t', '   '.repeat(level),
  '\f' + '    '.repeat(level), '  \t\f' + '\t'.repeat(level),
];
const step = fc.record({ move: fc.constantFrom('open', 'stay', 'out', 'out2'), spelling: fc.nat({ max: 9 }), extra: fc.constantFrom('', '', '', '# c', 'blank', 'paren', 'cont', 'page') });
const program = fc.array(step, { minLength: 2, maxLength: 10 }).map((steps) => {
  const lines = ['x = 0'];
  let level = 0;
  let opened = false;
  for (const s of steps) {
    if (opened) level += 1;
    else if (s.move === 'out') level = Math.max(0, level - 1);
    else if (s.move === 'out2') level = Math.max(0, level - 2);
    const ways = SPELLINGS(level);
    const ws = ways[s.spelling % ways.length]!;
    opened = s.move === 'open';
    lines.push(ws + (opened ? 'if x:' : 'y = 1'));
    if (s.extra === '# c') lines.push(ways[(s.spelling + 3) % ways.length] + '# c');
    else if (s.extra === 'blank') lines.push(ways[(s.spelling + 1) % ways.length]!);
    else if (s.extra === 'page') lines.push('\f');
    else if (!opened && s.extra === 'paren') lines.push(ws + 'z = (1,', '\t 2)');
    else if (!opened && s.extra === 'cont') lines.push(ws + 'w = 1 + \\', '\t  3');
  }
  if (opened) lines.push('    '.repeat(level + 1) + 'pass');
  return lines.join('\n') + '\n';
});

/** "TabError 3", "IndentationError 3" or "unexpected indent 3" for the indentation errors this check owns, else "-". */
function ours(e: { kind: string; msg: string; line: number } | null): string {
  if (e === null) return '-';
  if (e.kind === 'TabError') return `TabError ${e.line}`;
  if (e.msg === 'unindent does not match any outer indentation level') return `IndentationError ${e.line}`;
  if (e.msg === 'unexpected indent') return `unexpected indent ${e.line}`;
  return '-';
}

it('reports TabError and unindent errors where python3 does, and compiles what python3 compiles, for random indentation with tabs, spaces and form feeds', () => {
  const programs = fc.sample(program, { seed, numRuns: 400 });
  programs.forEach((p, k) => writeFileSync(join(dir, `${k}.py`), p));
  const script = [
    'import json, sys',
    'out = []',
    `for k in range(${programs.length}):`,
    `    src = open(sys.argv[1] + "/" + str(k) + ".py").read()`,
    '    try:',
    '        compile(src, "p", "exec")',
    '        out.append(None)',
    '    except SyntaxError as e:',
    '        out.append({"kind": type(e).__name__, "msg": e.msg, "line": e.lineno})',
    'print(json.dumps(out))',
  ].join('\n');
  const py = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8' });
  expect(py.stderr).toBe('');
  const expected = (JSON.parse(py.stdout) as ({ kind: string; msg: string; line: number } | null)[]).map(ours);
  const got = programs.map((p) => {
    try {
      parse(p);
      return '-';
    } catch (e) {
      // any other refusal of a program python3 compiles is a difference too
      return e instanceof PySyntaxError && ours(e) !== '-' ? ours(e) : `refused: ${(e as Error).message}`;
    }
  });
  // a program python3 rejects for another reason (an unexpected indent the parser reports
  // first) says nothing about this check
  const raw = JSON.parse(py.stdout) as ({ kind: string; msg: string; line: number } | null)[];
  const comparable = (k: number): boolean => raw[k] === null || expected[k] !== '-';
  const differ = programs.map((p, k) => ({ p, python: expected[k], pylite: got[k] })).filter((r, k) => comparable(k) && r.python !== r.pylite);
  expect(differ).toEqual([]);
  // the check can fail: both kinds of error occur among the samples
  expect(expected.filter((x) => x.startsWith('TabError')).length).toBeGreaterThan(10);
  expect(expected.filter((x) => x.startsWith('IndentationError')).length).toBeGreaterThan(10);
  // and programs with form feeds in their indentation that python3 compiles
  expect(programs.filter((p, k) => raw[k] === null && /^ *\t*\f/m.test(p)).length).toBeGreaterThan(20);
});
