/**
 * Find an object by the name the program gives it at this position: `a`, `a.other`,
 * `table['numbers'][0]`; a function's local (the innermost frame that has the name)
 * before the module's globals. Selects it and focuses the graph on it.
 */
import { useState } from 'react';
import { get, type Found } from './api';
import type { Store } from './store';

export function Find({ store, log, at, kind }: { store: Store; log: string; at: number; kind: 'heap' | 'allocator' }) {
  const [text, setText] = useState('');
  const [msg, setMsg] = useState<{ text: string; where: string | null } | null>(null);
  if (kind !== 'heap') return null;
  const go = async () => {
    try {
      const r = await get<Found>('find', { log, at, name: text });
      setMsg({ text: r.description, where: r.scope === 'local' ? `a local of ${r.frame}()` : r.scope === 'module' ? 'a module name' : null });
      store.update(`find ${text}`, (d) => { d.selection = { kind: 'object', id: r.id }; d.question = 'details'; d.graph.focus = r.id; d.view = 'graph'; });
    } catch (e) {
      setMsg({ text: (e as Error).message, where: null });
    }
  };
  return (
    <form className="find" onSubmit={(e) => { e.preventDefault(); void go(); }}>
      <input data-testid="find" value={text} placeholder="find a name: a.other" onChange={(e) => setText(e.currentTarget.value)} aria-label="find an object by name" />
      {msg && <span className="muted" data-testid="find-result">{msg.text}</span>}
      {msg?.where && <span className="muted" data-testid="find-scope"> ({msg.where})</span>}
    </form>
  );
}
