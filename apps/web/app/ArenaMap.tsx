/**
 * The arena map: every arena a strip of pools, every pool a cell coloured by its size
 * class (hue) and fill (darker = fuller); grey cells are not carved yet, pale ones empty.
 * Pools that changed since the previous position are outlined. A click opens the pool.
 */
import { memo, useRef } from 'react';
import type { ArenaJson, Arenas } from './api';
import { classColour, EMPTY_POOL, poolColour, UNCARVED_POOL } from './colors';
import type { PageState, Store } from './store';

const Strip = memo(function Strip({ a, bpp, poolBytes, changed, selected, store }: {
  a: ArenaJson; bpp: number[]; poolBytes: number; changed: string; selected: number; store: Store;
}) {
  const onPool = (slot: number) => store.update('select pool', (d) => { d.selection = { kind: 'pool', address: '0x' + (parseInt(a.firstPool, 16) + slot * poolBytes).toString(16) }; d.question = 'details'; });
  const onArena = () => store.update('select arena', (d) => { d.selection = { kind: 'arena', index: a.index }; d.question = 'pins'; });
  const cells = [];
  for (let slot = 0; slot < a.pools.length / 2; slot++) {
    const sz = a.pools[2 * slot]!, count = a.pools[2 * slot + 1]!;
    const addr = '0x' + (parseInt(a.firstPool, 16) + slot * poolBytes).toString(16);
    const title = sz === -1 ? `pool ${slot}: not carved yet` : sz === -2 ? `pool ${slot} (${addr}): empty` : `pool ${slot} (${addr}): class ${sz}, ${count}/${bpp[sz]} blocks`;
    cells.push(
      <div
        key={slot} className={`pool${changed[slot] === '1' ? ' changed' : ''}${selected === slot ? ' selected' : ''}`}
        data-pool={addr} data-class={sz} data-count={count} style={{ background: poolColour(sz, count, bpp[sz] ?? 1) }}
        title={title} onClick={() => onPool(slot)}
      />,
    );
  }
  return (
    <div className="arena" data-arena={a.index}>
      <button className="link arena-label" onClick={onArena} title={`arena ${a.index} at ${a.base}`}>
        arena {a.index} <span className="muted">{a.base} · {a.liveBlocks} blocks · {a.freePools}/{a.totalPools} free</span>
      </button>
      <div className="cells">{cells}</div>
    </div>
  );
}, (p, n) => p.changed === n.changed && p.selected === n.selected && p.a.liveBlocks === n.a.liveBlocks && p.a.freePools === n.a.freePools
  && p.a.pools.length === n.a.pools.length && p.a.pools.every((v, i) => v === n.a.pools[i]));

export function ArenaMap({ arenas, store, page }: { arenas: Arenas | null; store: Store; page: PageState }) {
  const prev = useRef<Map<number, number[]>>(new Map());
  if (!arenas) return <section className="arena-map" data-testid="arena-map">loading…</section>;
  const previous = prev.current;
  const next = new Map<number, number[]>();
  const used = new Set<number>();
  const sel = page.selection;
  const strips = arenas.arenas.map((a) => {
    next.set(a.index, a.pools);
    const old = previous.get(a.index);
    let changed = '';
    for (let slot = 0; slot < a.pools.length / 2; slot++) {
      const sz = a.pools[2 * slot]!;
      if (sz >= 0) used.add(sz);
      changed += old && (old[2 * slot] !== sz || old[2 * slot + 1] !== a.pools[2 * slot + 1]) ? '1' : '0';
    }
    const selected = sel?.kind === 'pool' ? (parseInt(sel.address, 16) - parseInt(a.firstPool, 16)) / arenas.poolBytes : -1;
    return (
      <Strip
        key={a.index} a={a} bpp={arenas.blocksPerPool} poolBytes={arenas.poolBytes} changed={changed} selected={selected} store={store}
      />
    );
  });
  prev.current = next;
  return (
    <section className="arena-map" data-testid="arena-map" data-at={arenas.at} data-arenas={arenas.arenas.length}>
      <div className="legend" data-testid="class-legend">
        <span><i className="sw" style={{ background: UNCARVED_POOL }} /> not carved</span>
        <span><i className="sw" style={{ background: EMPTY_POOL }} /> empty</span>
        {[...used].sort((x, y) => x - y).map((c) => (
          <span key={c} data-class={c}><i className="sw" style={{ background: classColour(c) }} /> {arenas.blockBytes[c]} B</span>
        ))}
        <span className="muted">darker = fuller; outlined = changed since the previous position</span>
      </div>
      {arenas.arenas.length === 0 ? <p className="muted">no arena is allocated at this position</p> : strips}
    </section>
  );
}
