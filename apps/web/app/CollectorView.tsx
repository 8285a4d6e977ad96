/**
 * The collector stepper: inside a collection, step through update_refs, subtract_refs,
 * move_unreachable (object by object), then weakrefs, finalizers, the rescan and
 * tp_clear, with every object's gc_refs and the list it is on, and a line on each step.
 */
import type { Collection, Info, Marker, Row } from './api';
import { useFetch } from './hooks';
import type { PageState, Store } from './store';
import { nextMarker, seek } from './Timeline';

interface Props { store: Store; page: PageState; info: Info; log: string; markers: Marker[] }

export function CollectorView({ store, page, info, log, markers }: Props) {
  const around = markers.find((m) => m.kind === 'collection' && page.at >= m.at - 1 && page.at <= (m.end ?? m.at));
  const { data, error } = useFetch<Collection>('collection', info.kind === 'heap' && around ? { log, at: around.at } : null);
  if (info.kind !== 'heap') return <section className="collector"><p className="muted">An allocator log has no objects and no collector.</p></section>;
  if (!around) {
    const next = nextMarker(markers, page.at, 1, 'collection'), prev = nextMarker(markers, page.at, -1, 'collection');
    return (
      <section className="collector" data-testid="collector">
        <p>The position is not inside a collection.</p>
        {next && <button onClick={() => seek(store, next.at, info.length)}>next: {next.label} (position {next.at})</button>}
        {prev && <button onClick={() => seek(store, prev.at, info.length)}>previous: {prev.label}</button>}
      </section>
    );
  }
  if (error) return <section className="collector"><div className="error">{error}</div></section>;
  if (!data || data.start + 1 !== around.at) return <section className="collector">loading…</section>;
  const k = Math.max(0, Math.min(page.step, data.steps.length - 1));
  const step = data.steps[k]!;
  const rows = new Map<number, Row>();
  for (let i = 0; i <= k; i++) for (const r of data.steps[i]!.set) rows.set(r.id, r);
  const focus = new Set(step.focus);
  const desc = new Map(data.objects.map((o) => [o.id, o.description]));
  const go = (i: number) => {
    const j = Math.max(0, Math.min(data.steps.length - 1, i));
    store.navigate((d) => { d.step = j; d.at = data.steps[j]!.at; });
  };
  const phases = [...new Set(data.steps.map((s) => s.phase))];
  return (
    <section className="collector" data-testid="collector" data-phase={step.phase} data-step={k}>
      <div className="toolbar">
        <b>gc.collect({data.generation})</b> <span className="muted">positions {data.start}–{data.end + 1}: {data.collected} collected, {data.uncollectable} uncollectable</span>
        <button onClick={() => go(k - 1)} disabled={k === 0} data-testid="gc-step-back">◀ step</button>
        <span data-testid="gc-step">step {k + 1} of {data.steps.length}</span>
        <button onClick={() => go(k + 1)} disabled={k === data.steps.length - 1} data-testid="gc-step-forward">step ▶</button>
      </div>
      <div className="phases">
        {phases.map((p) => (
          <button key={p} className={p === step.phase ? 'on' : ''} data-phase={p} onClick={() => go(data.steps.findIndex((s) => s.phase === p))}>{p}</button>
        ))}
      </div>
      <div className="step" data-testid="gc-step-title"><b>{step.phase}</b>: {step.title}</div>
      <div className="explain" data-testid="gc-explain">{step.explain}</div>
      <table className="gc-table" data-testid="gc-table">
        <thead><tr><th>object</th><th>refcount</th><th>gc_refs</th><th>list</th></tr></thead>
        <tbody>
          {[...rows.values()].map((r) => (
            <tr key={r.id} className={`${focus.has(r.id) ? 'focus' : ''} list-${r.list}`} data-id={r.id} data-list={r.list} data-gc-refs={r.gcRefs ?? ''}>
              <td><button className="link" onClick={() => store.update('select object', (d) => { d.selection = { kind: 'object', id: r.id }; })}>{desc.get(r.id) ?? `#${r.id}`}</button></td>
              <td>{r.refcount}</td>
              <td>{r.gcRefs ?? '–'}</td>
              <td>{r.list}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.omitted > 0 && <p className="muted">{data.omitted} more objects of the generation are not shown</p>}
    </section>
  );
}
