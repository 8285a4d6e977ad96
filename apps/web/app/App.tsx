/**
 * The debugger page: which log is shown, the layout of the panels, the URL, the keyboard,
 * running the editor's program (and stopping it), and logs dropped onto the page.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, get, post, type Info, type Marker, type RunInfo, type Sessions } from './api';
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
import { toQuery, viewUnavailable, type Store, type View } from './store';
import { seek, Timeline } from './Timeline';

const VIEWS: { id: View; label: string }[] = [
  { id: 'graph', label: '1 Objects' }, { id: 'arenas', label: '2 Arenas' }, { id: 'collector', label: '3 Collector' }, { id: 'diff', label: '4 Diff' }, { id: 'stats', label: '5 Stats' },
];

interface Loaded { info: Info; markers: Marker[]; lines: Record<string, number[]> }
interface RunState { running: boolean; last: RunInfo | null; source: string | null; failed: boolean }
/** The command line's program when it made no log (a syntax error): shown in the editor with its error. */
interface NoLog { source: string; filename: string }

export function App({ store }: { store: Store }) {
  const page = usePage(store);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  // an error once the page works (a dropped file refused, a log no longer open here): shown above the views
  const [notice, setNotice] = useState<string | null>(null);
  // the logs the server has open (the runs menu): the command line's, runs, dropped logs
  const [serverLogs, setServerLogs] = useState<Info[]>([]);
  const [noLog, setNoLog] = useState<NoLog | null>(null);
  const [run, setRun] = useState<RunState>({ running: false, last: null, source: null, failed: false });
  const log = page.log;
  const { position, arenas, error } = useFast(store, loaded && loaded.info.id === log ? log : null);
  const prevShown = useRef<number | null>(null);
  const [prevAt, setPrevAt] = useState<number | null>(null);
  // the URL's position and view apply to the log the URL names, once
  const fromUrl = useRef({ at: new URLSearchParams(location.search).has('at'), view: new URLSearchParams(location.search).has('view') });
  // a log chosen in the runs menu opens at its start (known once its info has come)
  const openAtStart = useRef(false);

  // which log: the URL's, else the command line's, else the command line's program with its error, else the example program, run
  useEffect(() => {
    if (log !== null) return;
    get<Sessions>('sessions', {}).then(async ({ sessions, program }) => {
      const main = sessions.find((s) => s.id === 'main');
      const first = main ?? sessions[0];
      if (first) { store.navigate((d) => { d.log = first.id; if (!fromUrl.current.at) d.at = first.start; }); return; }
      if (program) {
        setNoLog({ source: program.source, filename: program.filename });
        setRun({ running: false, last: program.run, source: program.source, failed: true });
        return;
      }
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
        setNoLog(null);
        store.navigate((d) => {
          if (d.at > info.length || openAtStart.current) d.at = info.start;
          // an allocator log has no objects or collector: its page opens on the arena map
          if (viewUnavailable(info.kind, d.view) !== undefined && !fromUrl.current.view) d.view = 'arenas';
        });
        fromUrl.current = { at: false, view: false };
        openAtStart.current = false;
      })
      .catch((e: Error) => {
        if (e instanceof ApiError && e.status === 404) {
          // a link to a log this server does not have (an earlier server's run or upload)
          setNotice(`${e.message}. Showing what this server has instead.`);
          fromUrl.current = { at: false, view: false };
          store.navigate((d) => { d.log = null; d.at = 0; d.selection = null; });
        } else setFatal(e.message);
      });
  }, [log, store]);

  useEffect(() => {
    if (loaded) get<Sessions>('sessions', {}).then((r) => setServerLogs(r.sessions), () => {});
  }, [loaded]);

  // while a program runs: how long so far, then how far its log is indexed
  const [progress, setProgress] = useState<string | null>(null);
  useEffect(() => {
    if (!run.running) { setProgress(null); return; }
    const t = setInterval(() => {
      get<Sessions>('sessions', {}).then((r) => {
        const s = r.runs[0];
        setProgress(s === undefined ? null : s.phase === 'running' ? `running… ${s.seconds} s` : `indexing its log… ${Math.round(100 * s.indexed)}%`);
      }, () => {});
    }, 500);
    return () => clearInterval(t);
  }, [run.running]);

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
        store.navigate((d) => { d.log = r.id; d.at = r.info!.start; d.selection = null; d.step = 0; });
      }
    } catch (e) {
      setRun({ running: false, last: { exitCode: 2, stdout: '', stderr: (e as Error).message, errorLine: null }, source, failed: true });
    }
  }
  /** Run from the editor: a notice about an earlier action goes. */
  const userRun = (source: string) => { setNotice(null); void runSource(source); };
  const stop = () => { post('stop', '').catch((e: Error) => setNotice(`Stop: ${e.message}`)); };

  async function drop(e: React.DragEvent): Promise<void> {
    e.preventDefault();
    const f = e.dataTransfer.files[0];
    if (!f) return;
    setNotice(null);
    try {
      if (f.name.endsWith('.py')) { await runSource(await f.text()); return; }
      const r = await post<{ id: string; info: Info }>('open', f);
      store.navigate((d) => { d.log = r.id; d.at = r.info.start; d.selection = null; d.step = 0; });
    } catch (err) {
      setNotice(`${f.name} could not be opened: ${(err as Error).message}`);
    }
  }

  const noticeBar = notice && (
    <div className="error notice" data-testid="notice">{notice} <button className="link" onClick={() => setNotice(null)} aria-label="dismiss">dismiss</button></div>
  );
  const dropProps = { onDragOver: (e: React.DragEvent) => e.preventDefault(), onDrop: (e: React.DragEvent) => void drop(e) };
  if (noLog && !loaded) {
    // the command line's program did not run: its source and error in the editor, to be fixed and run
    return (
      <div className="app" {...dropProps} data-kind="none">
        <header><b>pymm</b> <span className="muted">time-travel debugger</span> <span className="logname">{noLog.filename.split('/').pop()} · no log yet</span></header>
        {noticeBar}
        <main className="cols no-side">
          <Editor source={run.source ?? noLog.source} next={null} done={null} runningLine={false} errorLine={run.last?.errorLine ?? null} run={run.last} output={null}
            running={run.running} progress={progress} onRun={userRun} onStop={stop} onLineClick={() => {}} editable />
          <section className="center"><p className="no-log" data-testid="no-log">
            {run.running ? 'Running…' : 'The program did not run, so there is no log to show yet. Fix it in the editor (its error is below it) and run it: ▶ Run or Ctrl+Enter.'}
          </p></section>
        </main>
      </div>
    );
  }
  if (fatal && !loaded) return <div className="fatal" data-testid="fatal">{fatal}</div>;
  if (!loaded || !log) return <div className="loading-page">{noticeBar}loading…</div>;
  const { info, markers, lines } = loaded;
  const shownRun = run.failed ? run.last : info.run ?? run.last;
  // a run that made no log (a syntax error) keeps its source on screen, with the error
  const source = run.failed ? run.source : info.source;
  // the output up to the position, when the run is this log's and its writes are tied to positions
  const output = !run.failed && info.run?.byPosition && position ? position.output : null;
  const onLine = (line: number) => {
    const stops = lines[String(line)] ?? [];
    const next = stops.find((a) => a > page.at) ?? stops[0];
    if (next !== undefined) seek(store, next, info.length);
  };
  const L = page.layout;
  const runs = serverLogs.some((x) => x.id === log) ? serverLogs : [...serverLogs, info];
  const runLabel = (x: Info) => (x.id === 'main' ? 'command line'
    : page.branches.find((b) => b.log === x.id)?.label ?? (x.id.startsWith('u') ? `dropped log (${x.name})` : `run ${x.id.slice(1, 7)}`));
  const unavailable = (v: View) => viewUnavailable(info.kind, v);
  return (
    <div className="app" {...dropProps} data-kind={info.kind}>
      <header>
        <b>pymm</b> <span className="muted">time-travel debugger</span>
        <span className="logname" title={info.profile}>{info.name}{info.filename && info.filename.split('/').pop() !== info.name ? ` (${info.filename.split('/').pop()})` : ''} · {info.kind} log · {info.length.toLocaleString('en-US')} records</span>
        {runs.length > 1 && (
          <select value={log} onChange={(e) => { const v = e.currentTarget.value; openAtStart.current = true; setRun({ running: false, last: null, source: null, failed: false }); store.navigate((d) => { d.log = v; d.selection = null; d.step = 0; }); }} aria-label="runs" data-testid="branches">
            {runs.map((x) => <option key={x.id} value={x.id}>{runLabel(x)}</option>)}
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
      {noticeBar}
      <main className={`cols${L.editor ? '' : ' no-editor'}${L.names || L.inspector ? '' : ' no-side'}`}>
        {L.editor && (
          info.source !== null || info.kind === 'heap'
            ? <Editor source={source ?? ''}
                next={position ? (position.stop ? position.nextLine : position.line) : null} done={position?.stop ? position.line : null} runningLine={position !== null && !position.stop}
                errorLine={shownRun?.errorLine ?? null} run={shownRun} output={output} running={run.running} progress={progress} onRun={userRun} onStop={stop} onLineClick={onLine} editable />
            : <section className="editor-panel"><div className="panel-head"><b>Allocator log</b></div><p className="muted">A CPython trace: pymalloc calls only. The arena map, pools, blocks, history, pins, diff and stats cover its whole history.</p><p className="cmdline">{position?.command}</p></section>
        )}
        <section className="center">
          <nav className="views">
            {VIEWS.map((v) => (
              <button key={v.id} className={page.view === v.id ? 'on' : ''} data-testid={`view-${v.id}`} disabled={unavailable(v.id) !== undefined} title={unavailable(v.id) ?? `${v.label.slice(2)} (key ${v.label[0]})`}
                onClick={() => store.update('view', (d) => { d.view = v.id; })}>{v.label}</button>
            ))}
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
