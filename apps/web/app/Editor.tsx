/**
 * The program: CodeMirror 6 with Python. At a statement stop the line about to run
 * (yellow) and the line just run (green); between two stops the line running (yellow,
 * striped: some of its records are applied); the error's line (red). Clicking a line
 * number seeks to that line's next execution. Run (Ctrl+Enter) sends the source to the
 * server, which records a new log; Stop interrupts a run (KeyboardInterrupt, as Ctrl-C).
 * The output is what the program had printed by the position, when the run tells where
 * each write happened; otherwise it is labelled as the whole run's.
 */
import { python } from '@codemirror/lang-python';
import { RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, keymap, lineNumbers, type DecorationSet } from '@codemirror/view';
import { minimalSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import type { RunInfo } from './api';

interface Marks { next: number | null; done: number | null; error: number | null; running: boolean }
const setMarks = StateEffect.define<Marks>();

const marksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) {
      if (!e.is(setMarks)) continue;
      const doc = tr.state.doc;
      const b = new RangeSetBuilder<Decoration>();
      const lines = ([['done', e.value.done], [e.value.running ? 'running' : 'next', e.value.next], ['error', e.value.error]] as const)
        .filter(([, l]) => l !== null && l >= 1 && l <= doc.lines)
        .map(([cls, l]) => ({ cls, pos: doc.line(l!).from }))
        .sort((x, y) => x.pos - y.pos);
      for (const { cls, pos } of lines) b.add(pos, pos, Decoration.line({ class: `cm-${cls}-line` }));
      return b.finish();
    }
    return deco.map(tr.changes);
  },
  provide: (f) => EditorView.decorations.from(f),
});

interface Props {
  source: string;
  /** The line about to run (at a statement stop) or running (between stops). */
  next: number | null;
  /** The line just run (at a statement stop). */
  done: number | null;
  /** Whether `next` is running (some of its records applied) rather than about to run. */
  runningLine: boolean;
  errorLine: number | null;
  run: RunInfo | null;
  /** How much of the run's output had been written at the position (null: show all of it, labelled as the whole run's). */
  output: { stdout: number; stderr: number } | null;
  running: boolean;
  /** While running: how far it is ("running… 3 s", "indexing its log… 40%"). */
  progress?: string | null;
  onRun(source: string): void;
  onStop(): void;
  onLineClick(line: number): void;
  editable: boolean;
}

/** The run's output as the console shows it: up to the position when known. */
function shownOutput(run: RunInfo, output: { stdout: number; stderr: number } | null): { stdout: string; stderr: string; later: number; scope: string } {
  if (output === null) return { stdout: run.stdout, stderr: run.stderr, later: 0, scope: run.stdout || run.stderr ? 'the whole run\'s output (not tied to the position)' : '' };
  const later = run.stdout.length - output.stdout + run.stderr.length - output.stderr;
  return {
    stdout: run.stdout.slice(0, output.stdout), stderr: run.stderr.slice(0, output.stderr), later,
    scope: later === 0 ? 'output up to this position (all of it)' : 'output up to this position',
  };
}

export function Editor(p: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const cb = useRef(p);
  cb.current = p;
  useEffect(() => {
    const ext: Extension[] = [
      minimalSetup, python(), marksField,
      keymap.of([{ key: 'Mod-Enter', run: (v) => { cb.current.onRun(v.state.doc.toString()); return true; } }]),
      lineNumbers({ domEventHandlers: { mousedown: (v, line) => { cb.current.onLineClick(v.state.doc.lineAt(line.from).number); return true; } } }),
      EditorView.editable.of(p.editable),
    ];
    view.current = new EditorView({ doc: p.source, extensions: ext, parent: host.current! });
    return () => view.current?.destroy();
    // the editor is made once per log; source changes below replace its text
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.editable]);
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== p.source) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: p.source } });
  }, [p.source]);
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch({ effects: setMarks.of({ next: p.next, done: p.done === p.next ? null : p.done, error: p.errorLine, running: p.runningLine }) });
    const line = p.next ?? p.done;
    if (line !== null && line <= v.state.doc.lines) v.dispatch({ effects: EditorView.scrollIntoView(v.state.doc.line(line).from, { y: 'nearest' }) });
  }, [p.next, p.done, p.errorLine, p.source, p.runningLine]);
  const out = p.run ? shownOutput(p.run, p.output) : null;
  return (
    <section className="editor-panel" aria-label="program">
      <div className="panel-head">
        <b>Program</b>
        {p.editable && (
          <button onClick={() => p.onRun(view.current!.state.doc.toString())} disabled={p.running} data-testid="run" title="run (Ctrl+Enter)">
            {p.running ? p.progress ?? 'running…' : '▶ Run'}
          </button>
        )}
        {p.running && <button onClick={() => p.onStop()} data-testid="stop" title="stop the program: KeyboardInterrupt at its next statement, as Ctrl-C does">■ Stop</button>}
        <span className="hint">click a line number: its next execution</span>
      </div>
      <div className="editor" ref={host} data-testid="editor" data-next-line={p.next ?? ''} data-done-line={p.done ?? ''} data-running={p.runningLine ? '1' : ''} />
      {p.run && out && (
        <div className="console" data-testid="console">
          <div className={`exit ${p.run.exitCode === 0 ? 'ok' : 'bad'}`}>exit code {p.run.exitCode}{p.run.errorLine !== null ? ` · error at line ${p.run.errorLine}` : ''}{p.run.recreated ? ' · output recreated by running the log\'s source again' : ''}</div>
          {p.run.stopped && <div className="stopped" data-testid="stopped">{p.run.stopped}</div>}
          {out.scope && <div className="muted output-scope" data-testid="output-scope">{out.scope}</div>}
          {out.stdout && <pre className="stdout" data-testid="stdout">{out.stdout}</pre>}
          {out.stderr && <pre className="stderr" data-testid="stderr">{out.stderr}</pre>}
          {out.later > 0 && <div className="muted later" data-testid="output-later">… {out.later.toLocaleString('en-US')} more characters printed later in the run</div>}
        </div>
      )}
    </section>
  );
}
