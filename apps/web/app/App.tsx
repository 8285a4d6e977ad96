/**
 * The debugger page: which log is shown, the layout of the panels, the URL, the keyboard,
 * running the editor's program, and logs dropped onto the page.
 */
import { useEffect, useRef, useState } from 'react';
import { get, post, type Info, type Marker, type RunInfo } from './api';
import { ArenaMap } from './ArenaMap';
import { CollectorView } from './CollectorView';
import { DiffView } from './DiffView';
import { Editor } from './Editor';
import { Find } from './Find';
import { GraphView } from './GraphView';
import { timing, useFast, usePage } from './hooks';
import { Inspector } from './Inspector';
import { onKey } from './keys';
import { Names } from './Names';
import { StatsView } from './StatsView';
import { toQuery, type Store, type View } from './store';
import { seek, Timeline } from './Timeline';

const VIEWS: { id: View; label: string }[] = [
  { id: 'graph', label: '1 Objects' }, { id: 'arenas', label: '2 Arenas' }, { id: 'collector', label: '3 Collector' }, { id: 'diff', label: '4 Diff' }, { id: 'stats', label: '5 Stats' },
];

interface Loaded { info: Info; markers: Marker[]; lines: Record<string, number[]> }

export function App({ store }: { store: Store }) {
  const page = usePage(store);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [run, setRun] = useState<{ running: boolean; last: RunInfo | null; source: string | null; failed: boolean }>({ running: false, last: null, source: null, failed: false });
  const log = page.log;
  const { position, arenas, error } = useFast(store, loaded && loaded.info.id === log ? log : null);
  const prevShown = useRef<number | null>(null);
  const [prevAt, setPrevAt] = useState<number | null>(null);

  // which log: the URL's, else the command line's, else the example program, run
  useEffect(() => {
    if (log !== null) return;
    get<{ sessions: Info[] }>('sessions', {}).then(async ({ sessions }) => {
      const main = sessions.find((s) => s.id === 'main') ?? sessions[0];
      const urlAt = new URLSearchParams(location.search).has('at');
      if (main) { store.navigate((d) => { d.log = main.id; if (!urlAt) d.at = main.length; }); return; }
      const source = await (await fetch(new URL('examples/cycles.py', document.baseURI))).text();
      await runSource(source);
    }).catch((e: Error) => setFatal(`This page needs \`pymm serve\` (its JSON API did not answer: ${e.message}).`));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [log]);

  useEffect(() => {
    if (log === null) return;
    setLoaded(null);
    Promise.all([get<Info>('info', { log }), get<{ markers: Marker[] }>('markers', { log }), get<{ lines: Record<string, number[]> }>('lines', { log })])
      .then(([info, m, l]) => {
        setLoaded({ info, markers: m.markers, lines: l.lines });
        if (store.get().at > info.length) store.navigate((d) => { d.at = info.length; });
      })
      .catch((e: Error) => setFatal(e.message));
  }, [log, store]);

  // the URL holds the log and the position (a link reopens it); replaced at most 5 times a second
  useEffect(() => {
    const t = setTimeout(() => { if (page.log) history.replaceState(null, '', `?${toQuery(page)}`); }, 200);
    return () => clearTimeout(t);
  }, [page]);

  useEffect(() => {
    if (position && position.at === page.at) {
      const t0 = timing.asked.get(position.at);
      if (t0 !== undefined) { timing.shown.push({ at: position.at, ms: performance.now() - t0, seekMs: position.seekMs }); timing.asked.delete(position.at); }
      if (prevShown.current !== position.at) { setPrevAt(prevShown.current); prevShown.current = position.at; }
    }
  }, [position, page.at]);

  useEffect(() => {
    if (!loaded) return;
    const h = (e: KeyboardEvent) => { if (onKey(e, { store, info: loaded.info, markers: loaded.markers, position })) e.preventDefault(); };
    window.addEventListener('keydown', h);
    return () => window.removeEventListener('keydown', h);
  }, [loaded, position, store]);

  async function runSource(source: string): Promise<void> {
    setRun({ running: true, last: null, source, failed: false });
    try {
      const r = await post<{ id: string | null; run: RunInfo; info: Info | null }>('run', JSON.stringify({ source }));
      setRun({ running: false, last: r.run, source, failed: r.id === null });
      if (r.id !== null && r.info) {
        const from = store.get();
        store.update('run program', (d) => { if (!d.branches.some((b) => b.log === r.id)) d.branches.push({ log: r.id!, label: `run ${d.branches.length + 1}`, source, fromLog: from.log, fromAt: from.at }); });
        store.navigate((d) => { d.log = r.id; d.at = r.info!.length; d.selection = null; d.step = 0; });
      }
    } catch (e) {
      setRun({ running: false, last: { exitCode: 2, stdout: '', stderr: (e as Error).message, errorLine: null }, source, failed: true });
    }
  }

  async function drop(e: React.DragEvent): Promise<void> {
    e.preventDefault();
    const f = e.dataTransfer.files[0];
    if (!f) return;
    try {
      if (f.name.endsWith('.py')) { await runSource(await f.text()); return; }
      const r = await post<{ id: string; info: Info }>('open', f);
      store.navigate((d) => { d.log = r.id; d.at = r.info.length; d.selection = null; });
    } catch (err) { setFatal((err as Error).message); }
  }

  if (fatal && !loaded) return <div className="fatal" data-testid="fatal">{fatal}</div>;
  if (!loaded || !log) return <div className="loading-page">loading…</div>;
  const { info, markers, lines } = loaded;
  const runInfo = run.failed ? run.last : info.run ?? run.last;
  // a run that made no log (a syntax error) keeps its source on screen, with the error
  const source = run.failed ? run.source : info.source;
  const onLine = (line: number) => {
    const stops = lines[String(line)] ?? [];
    const next = stops.find((a) => a > page.at) ?? stops[0];
    if (next !== undefined) seek(store, next, info.length);
  };
  const L = page.layout;
  return (
    <div className="app" onDragOver={(e) => e.preventDefault()} onDrop={(e) => void drop(e)} data-kind={info.kind}>
      <header>
        <b>pymm</b> <span className="muted">time-travel debugger</span>
        <span className="logname" title={info.profile}>{info.name}{info.filename && info.filename.split('/').pop() !== info.name ? ` (${info.filename.split('/').pop()})` : ''} · {info.kind} log · {info.length.toLocaleString('en-US')} records</span>
        {page.branches.length > 0 && (
          <select value={log} onChange={(e) => { const v = e.currentTarget.value; store.navigate((d) => { d.log = v; }); }} aria-label="runs" data-testid="branches">
            {[...new Set(['main', ...page.branches.map((b) => b.log)])].map((id) => <option key={id} value={id}>{id === 'main' ? 'command line' : page.branches.find((b) => b.log === id)?.label ?? id}</option>)}
          </select>
        )}
        <Find store={store} log={log} at={page.at} kind={info.kind} />
        <span className="layout-toggles">
          {(['editor', 'names', 'inspector'] as const).map((k) => (
            <label key={k}><input type="checkbox" checked={L[k]} onChange={() => store.update(`toggle ${k}`, (d) => { d.layout[k] = !d.layout[k]; })} /> {k}</label>
          ))}
        </span>
        <button onClick={() => store.undo()} disabled={!store.canUndo} title={`undo ${store.canUndo ?? ''} (Ctrl+Z)`} data-testid="undo">↶</button>
        <button onClick={() => store.redo()} disabled={!store.canRedo} title={`redo ${store.canRedo ?? ''} (Ctrl+Shift+Z)`} data-testid="redo">↷</button>
      </header>
      <Timeline store={store} page={page} info={info} markers={markers} position={position} />
      {error && <div className="error" data-testid="error">{error}</div>}
      <main className={`cols${L.editor ? '' : ' no-editor'}${L.names || L.inspector ? '' : ' no-side'}`}>
        {L.editor && (
          info.source !== null || info.kind === 'heap'
            ? <Editor source={source ?? ''} next={position?.nextLine ?? null} done={position?.line ?? null} errorLine={runInfo?.errorLine ?? null} run={runInfo} running={run.running} onRun={(s) => void runSource(s)} onLineClick={onLine} editable />
            : <section className="editor-panel"><div className="panel-head"><b>Allocator log</b></div><p className="muted">A CPython trace: pymalloc calls only. The arena map, pools, blocks, history, pins, diff and stats cover its whole history.</p><p className="cmdline">{position?.command}</p></section>
        )}
        <section className="center">
          <nav className="views">
            {VIEWS.map((v) => <button key={v.id} className={page.view === v.id ? 'on' : ''} data-testid={`view-${v.id}`} onClick={() => store.update('view', (d) => { d.view = v.id; })}>{v.label}</button>)}
          </nav>
          {page.view === 'graph' && (info.kind === 'heap' ? <GraphView store={store} page={page} log={log} prevAt={prevAt} /> : <p className="muted">A CPython trace has no object graph; see the arena map.</p>)}
          {page.view === 'arenas' && <ArenaMap arenas={arenas} store={store} page={page} />}
          {page.view === 'collector' && <CollectorView store={store} page={page} info={info} log={log} markers={markers} />}
          {page.view === 'diff' && <DiffView store={store} page={page} info={info} log={log} />}
          {page.view === 'stats' && <StatsView store={store} page={page} info={info} log={log} />}
          {page.view !== 'arenas' && <div className="mini-map"><ArenaMap arenas={arenas} store={store} page={page} /></div>}
        </section>
        {(L.names || L.inspector) && (
          <aside className="side">
            {L.names && <Names position={position} store={store} kind={info.kind} />}
            {position && (
              <div className="summary" data-testid="summary">
                {position.summary.liveObjects !== null && <span>{position.summary.liveObjects} objects · </span>}
                <span>{position.summary.arenas} arenas · {position.summary.pools} pools · {position.summary.blocks} blocks · {position.summary.bytes.toLocaleString('en-US')} B</span>
                {position.summary.gcCounts && <span> · gc counts {position.summary.gcCounts.join('/')}</span>}
              </div>
            )}
            {L.inspector && <Inspector store={store} page={page} info={info} log={log} />}
          </aside>
        )}
      </main>
    </div>
  );
}
