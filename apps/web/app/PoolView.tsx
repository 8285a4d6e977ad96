/**
 * One pool, block by block: allocated, free (numbered in free-list order: the next
 * allocation takes block 1) and virgin (past nextoffset, never handed out). A click on a
 * block opens its object and history.
 */
import type { Pool } from './api';
import { BLOCK_COLOURS, classColour } from './colors';
import type { Store } from './store';

export function PoolView({ pool, store, selected }: { pool: Pool; store: Store; selected: string | null }) {
  const pick = (address: string) => store.update('select block', (d) => { d.selection = { kind: 'block', address }; d.question = 'history'; });
  const allocatedAt = new Map((pool.allocatedAt ?? []).map((b) => [b.address, b.seq]));
  const objects = new Map((pool.objects ?? []).map((b) => [b.address, b.description]));
  return (
    <div className="pool-view" data-testid="pool-view" data-pool={pool.address} data-at={pool.at}>
      <div className="pool-head">
        <i className="sw" style={{ background: pool.sizeIndex >= 0 ? classColour(pool.sizeIndex) : '#ccc' }} />
        pool <b>{pool.address}</b> (arena {pool.arena}, slot {pool.slot}):
        {pool.sizeIndex >= 0 ? <> class {pool.sizeIndex}, <b>{pool.blockBytes}</b>-byte blocks, <b data-testid="pool-count">{pool.count}</b>/{pool.blocksPerPool} allocated</> : <> empty (no size class)</>}
        {' · '}nextoffset <b data-testid="nextoffset">{pool.nextoffset}</b>, maxnextoffset {pool.maxnextoffset}
      </div>
      <div className="legend">
        {(['allocated', 'free', 'virgin'] as const).map((k) => <span key={k}><i className="sw" style={{ background: BLOCK_COLOURS[k] }} /> {k}</span>)}
        <span className="muted">free blocks are numbered in free-list order (1 = handed out next)</span>
      </div>
      <div className="blocks">
        {pool.blocks.map((b) => (
          <button
            key={b.address} className={`block block-${b.status}${selected === b.address ? ' selected' : ''}`} data-address={b.address} data-status={b.status}
            style={{ background: BLOCK_COLOURS[b.status] }} onClick={() => pick(b.address)}
            title={`${b.address} (offset ${b.offset}): ${b.status}${b.freeOrder >= 0 ? `, #${b.freeOrder + 1} on the free list` : ''}${allocatedAt.has(b.address) ? `, allocated at seq ${allocatedAt.get(b.address)}` : ''}${objects.has(b.address) ? `: ${objects.get(b.address) ?? 'storage (no object)'}` : ''}`}
            data-object={objects.get(b.address) ?? undefined}
          >
            {b.freeOrder >= 0 ? b.freeOrder + 1 : ''}
          </button>
        ))}
      </div>
      <div className="free-list" data-testid="free-list">
        free list: {pool.freeList.length > 0 ? pool.freeList.slice(0, 12).join(' → ') + (pool.freeList.length > 12 ? ` → … (${pool.freeList.length})` : '')
          : pool.sizeIndex < 0 ? 'empty (the pool is not in use)'
          : pool.nextoffset <= pool.maxnextoffset ? 'empty (the next block comes from nextoffset)'
          : 'empty, and nextoffset is past maxnextoffset: the pool is full'}
      </div>
    </div>
  );
}
