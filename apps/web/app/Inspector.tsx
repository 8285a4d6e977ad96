/**
 * Questions about the selection (an object, a block, a pool or an arena): its details,
 * its history (each change with its cause in words), why it is alive, what it pins.
 * Every answer links back into the timeline or to other objects.
 */
import type { History, Info, ObjectInfo, Pool, Why } from './api';
import { useFetch } from './hooks';
import { PoolView } from './PoolView';
import type { PageState, Question, Store } from './store';
import { seek } from './Timeline';

interface Props { store: Store; page: PageState; info: Info; log: string }

function ObjLink({ store, id, text }: { store: Store; id: number; text: string }) {
  return <button className="link obj-link" onClick={() => store.update('select object', (d) => { d.selection = { kind: 'object', id }; })}>{text}</button>;
}

function HistoryList({ h, store, info }: { h: History; store: Store; info: Info }) {
  if (h.entries.length === 0) return <p className="muted">no change recorded</p>;
  return (
    <ol className="history" data-testid="history">
      {h.entries.slice(0, 500).map((e, i) => (
        <li key={i}>
          <button className="link seek" onClick={() => seek(store, e.at, info.length)} title={`go to position ${e.at}: the state just after record seq ${e.seq}`}>seq {e.seq}</button>{' '}
          <span className="what">{e.what}</span>
          {e.ref !== undefined && <> <ObjLink store={store} id={e.ref} text={`→ #${e.ref}`} /></>}
          <div className="cause">{e.cause}</div>
        </li>
      ))}
      {(h.total ?? h.entries.length) > 500 && <li className="muted">… {(h.total ?? h.entries.length) - 500} more</li>}
    </ol>
  );
}

export function Inspector({ store, page, info, log }: Props) {
  const sel = page.selection;
  const q = page.question;
  const at = page.at;
  const isObj = sel?.kind === 'object';
  const object = useFetch<ObjectInfo>('object', isObj && q === 'details' ? { log, at, id: sel.id } : null);
  const history = useFetch<History>('history', sel && q === 'history' ? (sel.kind === 'object' ? { log, id: sel.id } : sel.kind === 'block' || sel.kind === 'pool' ? { log, address: sel.address } : null) : null);
  const why = useFetch<Why>('why', isObj && q === 'why' ? { log, at, id: sel.id } : null);
  const pins = useFetch<Record<string, unknown>>('pins', sel && q === 'pins' ? (sel.kind === 'object' ? { log, at, id: sel.id } : sel.kind === 'arena' ? { log, at, arena: sel.index } : null) : null);
  const poolAddr = sel?.kind === 'pool' || sel?.kind === 'block' ? sel.address : null;
  const pool = useFetch<Pool>('pool', poolAddr ? { log, at, address: poolAddr } : null);
  if (!sel) return <section className="inspector" data-testid="inspector"><div className="panel-head"><b>Inspector</b></div><p className="muted">Select an object (graph, names), a pool or block (arena map) or an arena to ask about it.</p></section>;
  const questions: Question[] = sel.kind === 'object' ? ['details', 'history', 'why', 'pins'] : sel.kind === 'arena' ? ['pins'] : ['details', 'history'];
  const title = sel.kind === 'object' ? `object #${sel.id}` : sel.kind === 'arena' ? `arena ${sel.index}` : `${sel.kind} ${sel.address}`;
  const o = object.data;
  return (
    <section className="inspector" data-testid="inspector" data-selection={title}>
      <div className="panel-head">
        <b>{title}</b>
        <span className="tabs">{questions.map((x) => (
          <button key={x} className={x === q ? 'on' : ''} data-testid={`q-${x}`} onClick={() => store.update(`ask ${x}`, (d) => { d.question = x; })}>{x === 'why' ? 'why alive' : x === 'pins' ? 'what it pins' : x}</button>
        ))}</span>
      </div>
      {[object, history, why, pins, pool].map((f, i) => f.error ? <div key={i} className="error">{f.error}</div> : null)}
      {isObj && q === 'details' && o && (
        o.alive ? (
          <div className="details" data-testid="object-details">
            <div className="desc">{o.description} <span className="muted">{o.repr}</span></div>
            <table><tbody>
              <tr><td>type</td><td>{o.type}</td><td>size</td><td>{o.size} B</td></tr>
              <tr><td>refcount</td><td data-testid="refcount">{o.refcount}</td><td>from outside</td><td>{o.external}</td></tr>
              <tr><td>GC</td><td>{o.tracked ? o.generation : 'untracked'}</td><td title="on a cycle of references of any objects (the graph marks only cycles of the program's own objects)">in a cycle</td><td>{o.inCycle ? 'yes' : 'no'}</td></tr>
              <tr><td>id()</td><td>{o.address}</td><td>block</td><td>{o.block ? <button className="link" onClick={() => store.update('select block', (d) => { d.selection = { kind: 'block', address: o.block! }; d.question = 'history'; })}>{o.block}</button> : 'static'}</td></tr>
              <tr><td>arena</td><td>{o.arena}</td><td>pool</td><td>{o.pool ? <button className="link" onClick={() => store.update('select pool', (d) => { d.selection = { kind: 'pool', address: o.pool! }; d.question = 'details'; })}>{o.pool}</button> : '-'}</td></tr>
            </tbody></table>
            <div className="refs"><b>refers to</b>
              <ul>{o.references?.map((r, i) => <li key={i}>{r.via} → {r.static ? <span title="a static of the interpreter">{r.repr}</span> : <ObjLink store={store} id={r.to} text={r.description} />}</li>)}</ul>
              <b>referred to by</b>
              <ul>{o.referrers?.map((r, i) => <li key={i}><ObjLink store={store} id={r.from} text={r.description} />{r.via}</li>)}</ul>
            </div>
          </div>
        ) : <p className="muted" data-testid="object-details">{o.description}: not alive at this position (see its history)</p>
      )}
      {q === 'history' && history.data && <HistoryList h={history.data} store={store} info={info} />}
      {q === 'why' && why.data && (
        <div className="why" data-testid="why">
          <p>{why.data.explanation}</p>
          <ol>{[...why.data.path, ...why.data.referrers].map((p, i) => <li key={i}>{p.via} <ObjLink store={store} id={p.id} text={p.description} /></li>)}</ol>
        </div>
      )}
      {q === 'pins' && pins.data && (
        <div className="pins" data-testid="pins">
          {'explanation' in pins.data && <p>{String(pins.data.explanation)}</p>}
          {'objects' in pins.data && (
            <>
              <p>{String(pins.data.count)} live object blocks keep arena {String(pins.data.arena)} mapped:</p>
              <ul>{(pins.data.objects as { id: number; description: string; part: string; address: string }[]).slice(0, 200).map((p, i) => <li key={i}><ObjLink store={store} id={p.id} text={p.description} /> {p.part} {p.address}</li>)}</ul>
            </>
          )}
          {'arenas' in pins.data && (pins.data.arenas as { arena: number; liveBlocks: number; blocks: { address: string; allocatedAt: number }[] }[]).map((a) => (
            <div key={a.arena}>
              <p>arena {a.arena}: {a.liveBlocks} live blocks keep it mapped (newest allocations link to their call):</p>
              <ul>{[...a.blocks].sort((x, y) => y.allocatedAt - x.allocatedAt).slice(0, 50).map((b) => (
                <li key={b.address}><button className="link" onClick={() => store.update('select block', (d) => { d.selection = { kind: 'block', address: b.address }; d.question = 'history'; })}>{b.address}</button> allocated at <button className="link" onClick={() => seek(store, b.allocatedAt + 1, info.length)}>seq {b.allocatedAt}</button></li>
              ))}</ul>
            </div>
          ))}
        </div>
      )}
      {pool.data && (q === 'details' || sel.kind === 'block') && <PoolView pool={pool.data} store={store} selected={sel.kind === 'block' ? sel.address : null} />}
    </section>
  );
}
