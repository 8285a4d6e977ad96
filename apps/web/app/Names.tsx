/**
 * Frames and names at the position, as Python Tutor shows them: the function frames on
 * the stack (innermost first, each with the line that called it) with their local
 * variables, then the module's names. Values are inline for the interpreter's statics
 * (None, small ints), else a link to the object.
 */
import type { Frame, Position } from './api';
import type { Store } from './store';

export function Names({ position, store, kind }: { position: Position | null; store: Store; kind: 'heap' | 'allocator' }) {
  if (kind === 'allocator') {
    return <section className="names" aria-label="names"><div className="panel-head"><b>Names</b></div><p className="muted">A CPython trace records pymalloc calls only: no names or objects.</p></section>;
  }
  const select = (id: number) => store.update('select object', (d) => { d.selection = { kind: 'object', id }; d.question = 'details'; });
  const frames: Frame[] = position?.frames ?? [];
  const calls = frames.filter((f) => f.kind === 'function').length;
  return (
    <section className="names" aria-label="names" data-testid="names">
      <div className="panel-head"><b>Frames</b><span className="hint">{calls === 0 ? 'the module' : `${calls} call${calls === 1 ? '' : 's'} on the stack, innermost first`}</span></div>
      {frames.length === 0 && <p className="muted">no frame yet (the interpreter is starting)</p>}
      {frames.map((f) => (
        <div key={`${f.id}:${f.name}`} className={`frame frame-${f.kind}`} data-testid="frame" data-frame={f.name} data-kind={f.kind} data-depth={f.depth}>
          <div className="frame-name">
            {f.kind === 'function' ? `${f.name}()` : f.name}
            {f.kind === 'function' && f.calledFrom != null && <span className="muted called-from"> called from line {f.calledFrom}</span>}
          </div>
          {f.vars.length === 0 && <div className="muted no-names">{f.kind === 'function' ? 'no local bound yet' : 'no names yet'}</div>}
          <table>
            <tbody>
              {f.vars.map((v) => (
                <tr key={v.name} data-name={v.name}>
                  <td className="var">{v.name}</td>
                  <td>
                    {v.inline
                      ? <span className="inline-value" title={v.type}>{v.repr}</span>
                      : <button className="link obj-link" data-id={v.id} onClick={() => select(v.id)} title={`${v.type} #${v.id}`}>{v.type}#{v.id} <span className="repr">{v.repr}</span></button>}
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
