/**
 * Diff of two positions: objects, arenas, pools, blocks per size class and stats lines
 * added, removed or changed. "from here" / "to here" take the current position.
 */
import type { Diff, Info } from './api';
import { useFetch } from './hooks';
import type { PageState, Store } from './store';
import { seek } from './Timeline';

export function DiffView({ store, page, info, log }: { store: Store; page: PageState; info: Info; log: string }) {
  const { from, to } = page.diff;
  const { data, error, loading } = useFetch<Diff>('diff', from !== null && to !== null ? { log, from, to } : null);
  const set = (which: 'from' | 'to') => store.update(`diff ${which}`, (d) => { d.diff[which] = d.at; });
  return (
    <section className="diff" data-testid="diff">
      <div className="toolbar">
        <button onClick={() => set('from')} data-testid="diff-from">from here (d)</button>
        <button onClick={() => set('to')} data-testid="diff-to">to here (D)</button>
        <span>
          {from !== null ? <button className="link" onClick={() => seek(store, from, info.length)}>position {from}</button> : '—'} → {to !== null ? <button className="link" onClick={() => seek(store, to, info.length)}>position {to}</button> : '—'}
        </span>
        {loading && from !== null && to !== null && <span className="muted">computing…</span>}
      </div>
      {error && <div className="error">{error}</div>}
      {data && (
        <div className="diff-body" data-testid="diff-body">
          {data.objects && (
            <div>
              <h4 data-testid="diff-objects">objects: +{data.objects.counts.added} −{data.objects.counts.removed} ~{data.objects.counts.changed}</h4>
              <ul className="cols">
                {data.objects.added.slice(0, 60).map((o) => <li key={`a${o.id}`} className="added">+ <button className="link" onClick={() => store.update('select object', (d) => { d.selection = { kind: 'object', id: o.id }; })}>{o.description}</button></li>)}
                {data.objects.removed.slice(0, 60).map((o) => <li key={`r${o.id}`} className="removed">− {o.description}</li>)}
                {data.objects.changed.slice(0, 60).map((o) => <li key={`c${o.id}`} className="changed">~ <button className="link" onClick={() => store.update('select object', (d) => { d.selection = { kind: 'object', id: o.id }; })}>{o.description}</button> {o.what.join(', ')}</li>)}
              </ul>
            </div>
          )}
          <h4 data-testid="diff-arenas">arenas: {data.arenas.length} changed</h4>
          <ul>{data.arenas.map((a) => <li key={a.base} className={a.status}>{a.status} arena {a.index} ({a.base}): blocks {a.liveBlocks[0]} → {a.liveBlocks[1]}</li>)}</ul>
          <h4 data-testid="diff-pools">pools: {data.pools.length} changed</h4>
          <ul className="cols">{data.pools.slice(0, 80).map((p) => (
            <li key={p.address} className={p.status}>
              <button className="link" onClick={() => store.update('select pool', (d) => { d.selection = { kind: 'pool', address: p.address }; d.question = 'details'; })}>{p.address}</button> {p.status}: blocks {p.blocks[0]} → {p.blocks[1]}
            </li>
          ))}</ul>
          <h4>blocks by size class</h4>
          <table><thead><tr><th>class</th><th>size</th><th>pools</th><th>blocks</th></tr></thead><tbody>
            {data.alloc.classes.map((c) => <tr key={c.sizeIndex}><td>{c.sizeIndex}</td><td>{c.blockBytes}</td><td>{c.pools[0]} → {c.pools[1]}</td><td>{c.blocks[0]} → {c.blocks[1]}</td></tr>)}
          </tbody></table>
          <h4>stats lines</h4>
          <pre className="stats-diff">{data.alloc.statsLines.map((l) => `${l.from !== null ? `- ${l.from}\n` : ''}${l.to !== null ? `+ ${l.to}\n` : ''}`).join('')}</pre>
        </div>
      )}
      {from === null || to === null ? <p className="muted">Pick two positions: "from here" at one, "to here" at another.</p> : null}
    </section>
  );
}
