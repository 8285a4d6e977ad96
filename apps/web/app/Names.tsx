/**
 * Names and frames at the position, as Python Tutor shows them: each frame's variables,
 * inline for the interpreter's statics (None, small ints), else a link to the object.
 * Today's logs record statements by line only, so the module's frame is all there is;
 * function frames arrive with the logs that record calls (frames[] already allows them).
 */
import type { Frame, Position } from './api';
import type { Store } from './store';

export function Names({ position, store, kind }: { position: Position | null; store: Store; kind: 'heap' | 'allocator' }) {
  if (kind === 'allocator') {
    return <section className="names" aria-label="names"><div className="panel-head"><b>Names</b></div><p className="muted">A CPython trace records pymalloc calls only: no names or objects.</p></section>;
  }
  const select = (id: number) => store.update('select object', (d) => { d.selection = { kind: 'object', id }; d.question = 'details'; });
  const frames: Frame[] = position?.frames ?? [];
  return (
    <section className="names" aria-label="names" data-testid="names">
      <div className="panel-head"><b>Frames</b><span className="hint">function frames: not recorded in today's logs</span></div>
      {frames.map((f) => (
        <div key={f.name} className="frame">
          <div className="frame-name">{f.name}</div>
          {f.vars.length === 0 && <div className="muted">no names yet</div>}
          <table>
            <tbody>
              {f.vars.map((v) => (
                <tr key={v.name} data-name={v.name}>
                  <td className="var">{v.name}</td>
                  <td>
                    {v.inline
                      ? <span className="inline-value" title={v.type}>{v.repr}</span>
                      : <button className="link obj-link" onClick={() => select(v.id)} title={`${v.type} #${v.id}`}>{v.type}#{v.id} <span className="repr">{v.repr}</span></button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
