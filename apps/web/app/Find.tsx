/**
 * Find an object by the name the program gives it at this position: `a`, `a.other`,
 * `table['numbers'][0]`. Selects it and focuses the graph on it.
 */
import { useState } from 'react';
import { get } from './api';
import type { Store } from './store';

export function Find({ store, log, at, kind }: { store: Store; log: string; at: number; kind: 'heap' | 'allocator' }) {
  const [text, setText] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  if (kind !== 'heap') return null;
  const go = async () => {
    try {
      const r = await get<{ id: number; description: string }>('find', { log, at, name: text });
      setMsg(r.description);
      store.update(`find ${text}`, (d) => { d.selection = { kind: 'object', id: r.id }; d.question = 'details'; d.graph.focus = r.id; d.view = 'graph'; });
    } catch (e) {
      setMsg((e as Error).message);
    }
  };
  return (
    <form className="find" onSubmit={(e) => { e.preventDefault(); void go(); }}>
      <input data-testid="find" value={text} placeholder="find a name: a.other" onChange={(e) => setText(e.currentTarget.value)} aria-label="find an object by name" />
      {msg && <span className="muted" data-testid="find-result">{msg}</span>}
    </form>
  );
}
