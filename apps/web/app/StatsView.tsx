/**
 * Stats: sys._debugmallocstats() at the position, and charts over the whole log (uPlot):
 * arenas, pools and blocks in use, and bytes by size class. A click on a chart seeks.
 */
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Info, Series, Stats } from './api';
import { classColour } from './colors';
import { useFetch, useSettled } from './hooks';
import type { PageState, Store } from './store';
import { seek } from './Timeline';

/** Puts the chart's "now" line at position `at` (after the chart has its scales: uPlot draws after its constructor returns). */
function placeNow(u: uPlot, at: number): void {
  const left = u.valToPos(at, 'x');
  if (!Number.isFinite(left)) return;
  let el = u.over.querySelector<HTMLDivElement>('.now');
  if (el === null) { el = document.createElement('div'); el.className = 'now'; u.over.appendChild(el); }
  el.style.left = `${left}px`;
  el.dataset.at = String(at);
}

function Chart({ title, x, series, at, onSeek, testid }: {
  title: string; x: number[]; series: { label: string; values: number[]; colour: string }[]; at: number; onSeek(at: number): void; testid: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const seekRef = useRef(onSeek);
  seekRef.current = onSeek;
  const atRef = useRef(at);
  atRef.current = at;
  // made once per data (the caller keeps `series` the same object while its data is)
  useEffect(() => {
    const opts: uPlot.Options = {
      title, width: Math.max(320, (host.current?.clientWidth ?? 600) - 8), height: 180,
      scales: { x: { time: false } },
      series: [{ label: 'position' }, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 1.5 }))],
      axes: [{ label: 'position' }, {}],
      hooks: {
        ready: [(u) => {
          u.over.addEventListener('click', () => { const i = u.cursor.idx; if (i !== null && i !== undefined) seekRef.current(x[i]!); });
        }],
        // the current position as a vertical line, once the scales are set and after each redraw
        draw: [(u) => placeNow(u, atRef.current)],
      },
    };
    plot.current = new uPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, host.current!);
    return () => { plot.current?.destroy(); plot.current = null; };
  }, [title, x, series]);
  useEffect(() => {
    if (plot.current) placeNow(plot.current, at);
  }, [at]);
  return <div className="chart" ref={host} data-testid={testid} />;
}

export function StatsView({ store, page, info, log }: { store: Store; page: PageState; info: Info; log: string }) {
  const at = useSettled(page.at, 150);
  const stats = useFetch<Stats>('stats', { log, at });
  const series = useFetch<Series>('series', { log });
  const s = series.data;
  const toSeek = (a: number) => seek(store, a, info.length);
  // one set of lines per answer: a new array each render would make the charts anew each time
  const lines = useMemo(() => {
    if (!s) return null;
    const top = [...s.byClass].sort((a, b) => Math.max(...b.bytes) - Math.max(...a.bytes)).slice(0, 10);
    return {
      alloc: [{ label: 'arenas', values: s.arenas, colour: '#c53030' }, { label: 'pools', values: s.pools, colour: '#2b6cb0' }],
      blocks: [{ label: 'blocks', values: s.blocks, colour: '#2f855a' }],
      classes: top.map((c) => ({ label: `${c.blockBytes} B`, values: c.bytes, colour: classColour(c.sizeIndex) })),
    };
  }, [s]);
  return (
    <section className="stats" data-testid="stats">
      {s && lines ? (
        <div className="charts" data-testid="charts" data-samples={s.positions.length}>
          <Chart testid="chart-alloc" title="arenas, pools in use" x={s.positions} at={page.at} onSeek={toSeek} series={lines.alloc} />
          <Chart testid="chart-blocks" title="blocks in use" x={s.positions} at={page.at} onSeek={toSeek} series={lines.blocks} />
          <Chart testid="chart-classes" title="bytes in use by size class (largest 10)" x={s.positions} at={page.at} onSeek={toSeek} series={lines.classes} />
        </div>
      ) : <p className="muted">{series.error ?? 'sampling the log…'}</p>}
      {stats.data && (
        <div className="stats-now">
          {stats.data.gc && <p data-testid="gc-counts">gc.get_count() {JSON.stringify(stats.data.gc.counts)} · thresholds {JSON.stringify(stats.data.gc.thresholds)} · {stats.data.gc.liveObjects} live objects{stats.data.gc.enabled ? '' : ' · gc disabled'}</p>}
          <pre className="mallocstats" data-testid="mallocstats" data-at={stats.data.at}>{stats.data.text}</pre>
        </div>
      )}
    </section>
  );
}
