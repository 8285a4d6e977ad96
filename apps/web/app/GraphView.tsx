/**
 * The object graph at the position: objects (type, size, refcount, generation, tracked),
 * references as labelled arrows, cycles in red, roots (references from outside the heap)
 * with a thick border, what changed since the previous position in yellow. SVG, pannable
 * and zoomable; past the limit, filter by type or focus on one object's neighbourhood.
 */
import { useMemo, useRef, useState } from 'react';
import type { Graph } from './api';
import { useFetch, useSettled } from './hooks';
import { layoutGraph } from './layout';
import type { PageState, Store } from './store';

interface Props { store: Store; page: PageState; log: string; prevAt: number | null }

export function GraphView({ store, page, log, prevAt }: Props) {
  // the graph is the slowest view: it waits for the scrubber to rest
  const at = useSettled(page.at, 120);
  const g = page.graph;
  const { data, error, loading } = useFetch<Graph>('graph', { log, at, focus: g.focus, limit: g.limit, all: g.all ? 1 : null, type: g.type || null, prev: prevAt });
  const lay = useMemo(() => (data ? layoutGraph(data) : null), [data]);
  const [view, setView] = useState({ x: 0, y: 0, k: 1 });
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
          {[50, 100, 300, 1000, 2000].map((n) => <option key={n} value={n}>{n}</option>)}
        </select></label>
        <label><input type="checkbox" checked={g.all} onChange={(e) => { const v = e.currentTarget.checked; setGraph('interpreter objects', (d) => { d.all = v; }); }} /> interpreter objects</label>
        {g.focus !== null
          ? <button onClick={() => setGraph('unfocus', (d) => { d.focus = null; })}>focus: #{g.focus} ✕</button>
          : selected !== null && <button onClick={() => setGraph('focus', (d) => { d.focus = selected; })} title="show only this object's neighbourhood (g)">focus on #{selected}</button>}
        <button onClick={() => setView({ x: 0, y: 0, k: 1 })}>reset view</button>
        <span className="muted" data-testid="graph-count">
          {data ? `${data.nodes.length} objects${data.hidden > 0 ? ` (${data.hidden} more hidden: filter or focus)` : ''}, ${data.edges.length} references${lay ? `; layout ${lay.ms.toFixed(0)} ms` : ''}` : loading ? 'loading…' : ''}
        </span>
        <span className="legend"><i className="sw root" /> root <i className="sw cycle" /> in a cycle <i className="sw changed" /> changed</span>
      </div>
      {error && <div className="error">{error}</div>}
      {lay && data && (
        <svg
          className="graph" data-testid="graph" data-at={data.at} data-nodes={data.nodes.length}
          viewBox={`0 0 ${Math.max(lay.width, 640)} ${Math.max(lay.height, 420)}`} preserveAspectRatio="xMinYMin meet"
          onWheel={(e) => { const k = Math.max(0.1, Math.min(4, view.k * (e.deltaY < 0 ? 1.15 : 1 / 1.15))); setView({ ...view, k }); }}
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
