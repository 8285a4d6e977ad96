/**
 * The object graph at the position: objects (type, size, refcount, generation, tracked),
 * references as labelled arrows, cycles of the program's own objects in red, roots
 * (references from outside the heap) with a thick border, what changed since the previous
 * position in yellow. SVG at its natural size, pannable and zoomable (the wheel zooms
 * around the pointer); it opens at the program's names, at a readable scale, and "fit"
 * shows all of it. Past the limit, filter by type or focus on one object's neighbourhood.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Graph } from './api';
import { useFetch, useSettled } from './hooks';
import { DAGRE_MAX, layoutGraph, type Layout } from './layout';
import type { PageState, Store } from './store';

interface Props { store: Store; page: PageState; log: string; prevAt: number | null }
interface View { x: number; y: number; k: number }

/** Smallest scale the graph opens at: below it the text is unreadable (pan, or "fit" to see all). */
const MIN_OPEN_SCALE = 0.6;

/** The view a graph opens at: all of it if that is readable, else its top left (where the names are) at a readable scale. */
function home(lay: Layout, w: number, h: number, fit = false): View {
  const k = Math.min(1, w / Math.max(lay.width, 1), h / Math.max(lay.height, 1));
  return { x: 0, y: 0, k: fit ? Math.max(0.02, k) : Math.max(MIN_OPEN_SCALE, k) };
}

export function GraphView({ store, page, log, prevAt }: Props) {
  // the graph is the slowest view: it waits for the scrubber to rest
  const at = useSettled(page.at, 120);
  const g = page.graph;
  const { data, error, loading } = useFetch<Graph>('graph', { log, at, focus: g.focus, limit: g.limit, all: g.all ? 1 : null, type: g.type || null, prev: prevAt });
  // a big graph leaves out each instance's reference to its class: thousands of arrows into one node hide the rest
  const classEdges = data && data.nodes.length > DAGRE_MAX ? data.edges.filter((e) => e.label === '.__class__').length : 0;
  const lay = useMemo(() => (data ? layoutGraph(classEdges > 0 ? { ...data, edges: data.edges.filter((e) => e.label !== '.__class__') } : data) : null), [data, classEdges]);
  // null: the home view of the current layout (until the user pans or zooms)
  const [userView, setView] = useState<View | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const [size, setSize] = useState({ w: 800, h: 500 });
  useLayoutEffect(() => {
    const el = svg.current;
    if (!el) return;
    const measure = () => { const r = el.getBoundingClientRect(); if (r.width > 0 && r.height > 0) setSize({ w: r.width, h: r.height }); };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [lay !== null]);
  // new settings (log, focus, limit, filter): back to the home view
  const settings = `${log}|${g.focus}|${g.limit}|${g.all}|${g.type}`;
  useEffect(() => { setView(null); }, [settings]);
  const view = userView ?? (lay ? home(lay, size.w, size.h) : { x: 0, y: 0, k: 1 });
  const drag = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  const changed = useMemo(() => new Set(data?.changed ?? []), [data]);
  const selected = page.selection?.kind === 'object' ? page.selection.id : null;
  const select = (id: number) => store.update('select object', (d) => { d.selection = { kind: 'object', id }; });
  const setGraph = (label: string, f: (d: PageState['graph']) => void) => store.update(label, (d) => { f(d.graph); });
  return (
    <section className="graph-view" aria-label="object graph">
      <div className="toolbar">
        <label>type <input data-testid="graph-type" value={g.type} placeholder="e.g. Node" onChange={(e) => { const v = e.currentTarget.value; setGraph('filter graph', (d) => { d.type = v; }); }} /></label>
        <label>limit <select value={g.limit} onChange={(e) => { const v = Number(e.currentTarget.value); setGraph('graph limit', (d) => { d.limit = v; }); }}>
          {[50, 100, 300, 1000, 2000, 3000].map((n) => <option key={n} value={n}>{n}</option>)}
        </select></label>
        <label><input type="checkbox" checked={g.all} onChange={(e) => { const v = e.currentTarget.checked; setGraph('interpreter objects', (d) => { d.all = v; }); }} /> interpreter objects</label>
        {g.focus !== null
          ? <button onClick={() => setGraph('unfocus', (d) => { d.focus = null; })}>focus: #{g.focus} ✕</button>
          : selected !== null && <button onClick={() => setGraph('focus', (d) => { d.focus = selected; })} title="show only this object's neighbourhood (g)">focus on #{selected}</button>}
        <button onClick={() => setView(null)} title="back to where the graph opens">reset view</button>
        <button onClick={() => lay && setView(home(lay, size.w, size.h, true))} data-testid="graph-fit" title="zoom out to show the whole graph">fit</button>
        <span className="muted" data-testid="graph-count">
          {data ? `${data.nodes.length} objects${data.hidden > 0 ? ` (${data.hidden} more hidden: filter or focus)` : ''}, ${data.edges.length} references${classEdges > 0 ? ` (${classEdges} to classes not drawn)` : ''}${lay ? `; ${lay.kind === 'grid' ? 'grid ' : ''}layout ${lay.ms.toFixed(0)} ms` : ''}` : loading ? 'loading…' : ''}
        </span>
        <span className="legend">
          <i className="sw root" /> root
          <span title="a cycle of references among the program's own objects; cycles through the module's globals, functions and classes (every program has those) are not marked"><i className="sw cycle" /> in a cycle</span>
          <i className="sw changed" /> changed
        </span>
      </div>
      {error && <div className="error">{error}</div>}
      {lay && data && (
        <svg
          ref={svg} className="graph" data-testid="graph" data-at={data.at} data-nodes={data.nodes.length} data-layout={lay.kind} data-scale={view.k.toFixed(3)}
          onWheel={(e) => {
            const r = svg.current!.getBoundingClientRect();
            const mx = e.clientX - r.left, my = e.clientY - r.top;
            const k = Math.max(0.02, Math.min(4, view.k * (e.deltaY < 0 ? 1.15 : 1 / 1.15)));
            setView({ k, x: mx - ((mx - view.x) * k) / view.k, y: my - ((my - view.y) * k) / view.k });
          }}
          onPointerDown={(e) => { drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y }; }}
          onPointerMove={(e) => { const d = drag.current; if (d && e.buttons) setView({ ...view, x: d.vx + e.clientX - d.x, y: d.vy + e.clientY - d.y }); }}
          onPointerUp={() => { drag.current = null; }}
        >
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#667" /></marker>
          </defs>
          <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
            {lay.edges.map((e, i) => {
              const pts = e.points;
              if (pts.length < 2) return null;
              const d = 'M' + pts.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' L');
              const mid = pts[Math.floor(pts.length / 2)]!;
              return (
                <g key={i} className="edge">
                  <path d={d} markerEnd="url(#arrow)" />
                  {data.nodes.length <= 300 && <text x={mid.x} y={mid.y - 3}>{e.label}</text>}
                </g>
              );
            })}
            {data.nodes.map((n) => {
              const p = lay.nodes.get(n.id)!;
              const cls = ['node', n.root ? 'root' : '', n.inCycle ? 'cycle' : '', changed.has(n.id) ? 'changed' : '', selected === n.id ? 'selected' : ''].join(' ');
              return (
                <g key={n.id} className={cls} data-id={n.id} data-type={n.type} transform={`translate(${p.x - p.w / 2},${p.y - p.h / 2})`} onClick={() => select(n.id)}>
                  <title>{`${n.type}#${n.id} ${n.repr}\nrefcount ${n.refcount} (${n.external} from outside the heap), ${n.size} bytes, ${n.tracked ? n.generation : 'untracked'}\n${n.address} in arena ${n.arena}, pool ${n.pool ?? '-'}`}</title>
                  <rect width={p.w} height={p.h} rx={5} />
                  {n.names.length > 0 && <text className="names-label" x={4} y={-4}>{n.names.join(', ')}</text>}
                  <text className="t1" x={6} y={16}>{n.type}#{n.id} · rc {n.refcount}</text>
                  <text className="t2" x={6} y={30}>{n.repr.length > 24 ? n.repr.slice(0, 23) + '…' : n.repr}</text>
                  <text className="t3" x={6} y={42}>{n.size} B · {n.tracked ? n.generation : 'untracked'}</text>
                </g>
              );
            })}
          </g>
        </svg>
      )}
    </section>
  );
}
