/**
 * The program: CodeMirror 6 with Python, the line about to run and the line just run
 * highlighted, the error's line marked; clicking a line number seeks to that line's next
 * execution. Run (Ctrl+Enter) sends the source to the server, which records a new log.
 */
import { python } from '@codemirror/lang-python';
import { RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, keymap, lineNumbers, type DecorationSet } from '@codemirror/view';
import { minimalSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import type { RunInfo } from './api';

interface Marks { next: number | null; done: number | null; error: number | null }
const setMarks = StateEffect.define<Marks>();

const marksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) {
      if (!e.is(setMarks)) continue;
      const doc = tr.state.doc;
      const b = new RangeSetBuilder<Decoration>();
      const lines = ([['done', e.value.done], ['next', e.value.next], ['error', e.value.error]] as const)
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
  next: number | null;
  done: number | null;
  errorLine: number | null;
  run: RunInfo | null;
  running: boolean;
  onRun(source: string): void;
  onLineClick(line: number): void;
  editable: boolean;
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
    v.dispatch({ effects: setMarks.of({ next: p.next, done: p.done === p.next ? null : p.done, error: p.errorLine }) });
    const line = p.next ?? p.done;
    if (line !== null && line <= v.state.doc.lines) v.dispatch({ effects: EditorView.scrollIntoView(v.state.doc.line(line).from, { y: 'nearest' }) });
  }, [p.next, p.done, p.errorLine, p.source]);
  return (
    <section className="editor-panel" aria-label="program">
      <div className="panel-head">
        <b>Program</b>
        {p.editable && (
          <button onClick={() => p.onRun(view.current!.state.doc.toString())} disabled={p.running} data-testid="run" title="run (Ctrl+Enter)">
            {p.running ? 'running…' : '▶ Run'}
          </button>
        )}
        <span className="hint">click a line number: its next execution</span>
      </div>
      <div className="editor" ref={host} data-testid="editor" data-next-line={p.next ?? ''} data-done-line={p.done ?? ''} />
      {p.run && (
        <div className="console" data-testid="console">
          <div className={`exit ${p.run.exitCode === 0 ? 'ok' : 'bad'}`}>exit code {p.run.exitCode}{p.run.errorLine !== null ? ` · error at line ${p.run.errorLine}` : ''}{p.run.recreated ? ' · output recreated by running the log\'s source again' : ''}</div>
          {p.run.stdout && <pre className="stdout" data-testid="stdout">{p.run.stdout}</pre>}
          {p.run.stderr && <pre className="stderr" data-testid="stderr">{p.run.stderr}</pre>}
        </div>
      )}
    </section>
  );
}
