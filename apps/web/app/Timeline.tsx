/**
 * The timeline: a scrubber over every record with markers (collections, arenas,
 * finalizers, errors, bookmarks), stepping by event / statement / collection, and where
 * the position is.
 */
import { MARKER_COLOURS } from './colors';
import type { Info, Marker, Position } from './api';
import type { PageState, Store } from './store';

export function seek(store: Store, at: number, length: number): void {
  const a = Math.max(0, Math.min(length, Math.round(at)));
  if (a !== store.get().at) store.navigate((d) => { d.at = a; });
}

export function nextMarker(markers: readonly Marker[], at: number, dir: 1 | -1, kind?: Marker['kind']): Marker | null {
  const list = kind ? markers.filter((m) => m.kind === kind) : markers;
  if (dir > 0) return list.find((m) => m.at > at) ?? null;
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.at < at) return list[i]!;
  return null;
}

/** The step actions the buttons and the keyboard share. */
export function stepper(store: Store, info: Info, markers: readonly Marker[], position: Position | null) {
  const at = () => store.get().at;
  const to = (a: number | null | undefined) => { if (a !== null && a !== undefined) seek(store, a, info.length); };
  return {
    eventBack: () => to(at() - 1),
    eventForward: () => to(at() + 1),
    stmtBack: () => to(position && position.at === at() ? position.prevStmt : at() - 1),
    stmtForward: () => to(position && position.at === at() ? position.nextStmt : at() + 1),
    gcBack: () => to(nextMarker(markers, at(), -1, 'collection')?.at),
    gcForward: () => to(nextMarker(markers, at(), 1, 'collection')?.at),
    markerBack: () => to(nextMarker(markers, at(), -1)?.at),
    markerForward: () => to(nextMarker(markers, at(), 1)?.at),
    start: () => to(0),
    end: () => to(info.length),
  };
}

interface Props {
  store: Store;
  page: PageState;
  info: Info;
  markers: Marker[];
  position: Position | null;
}

export function Timeline({ store, page, info, markers, position }: Props) {
  const s = stepper(store, info, markers, position);
  const len = Math.max(1, info.length);
  const pct = (a: number) => `${(100 * a) / len}%`;
  const bookmarks = page.bookmarks.map((b) => ({ kind: 'bookmark', at: b.at, label: `bookmark: ${b.label}` }));
  // a 10-million-record log can hold many markers: draw at most one per pixel column
  const shown: { kind: string; at: number; label: string; end?: number }[] = [];
  const seen = new Set<string>();
  for (const m of [...markers, ...bookmarks]) {
    const col = `${m.kind}:${Math.round((1000 * m.at) / len)}`;
    if (seen.has(col)) continue;
    seen.add(col);
    shown.push(m);
  }
  const counts = new Map<string, number>();
  for (const m of markers) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  return (
    <section className="timeline" aria-label="timeline">
      <div className="steps">
        <button onClick={s.start} title="to the start (Home)" data-testid="start">|◀</button>
        <button onClick={s.gcBack} title="previous collection ([)" data-testid="gc-back">◀ gc</button>
        <button onClick={s.stmtBack} title="previous statement (Shift+←)" data-testid="stmt-back">◀ stmt</button>
        <button onClick={s.eventBack} title="previous event (←)" data-testid="event-back">◀</button>
        <button onClick={s.eventForward} title="next event (→)" data-testid="event-forward">▶</button>
        <button onClick={s.stmtForward} title="next statement (Shift+→)" data-testid="stmt-forward">stmt ▶</button>
        <button onClick={s.gcForward} title="next collection (])" data-testid="gc-forward">gc ▶</button>
        <button onClick={s.end} title="to the end (End)" data-testid="end">▶|</button>
        <span className="where" data-testid="position" data-at={position?.at ?? ''}>
          position <b>{page.at.toLocaleString('en-US')}</b> of {info.length.toLocaleString('en-US')}
          {position && position.at === page.at ? (
            <>
              {' · '}<span className="cmd" title={position.record}>{position.command || position.record}</span>
            </>
          ) : <span className="loading"> …</span>}
        </span>
        <button onClick={() => store.update('bookmark', (d) => { if (!d.bookmarks.some((b) => b.at === d.at)) d.bookmarks.push({ at: d.at, label: position?.command.slice(0, 40) || `position ${d.at}` }); })} title="bookmark this position (b)" data-testid="bookmark">★</button>
      </div>
      <div className="scrub">
        <input
          type="range" min={0} max={info.length} step={1} value={page.at} aria-label="position"
          data-testid="scrubber"
          onChange={(e) => seek(store, Number(e.currentTarget.value), info.length)}
        />
        <div className="markers">
          {shown.map((m, i) => (
            <button
              key={`${m.kind}-${m.at}-${i}`} className={`marker marker-${m.kind}`} data-kind={m.kind} data-at={m.at}
              style={{ left: pct(m.at), background: MARKER_COLOURS[m.kind] }} title={`${m.label} (position ${m.at})`}
              onClick={() => seek(store, m.at, info.length)}
            />
          ))}
        </div>
      </div>
      <div className="legend-markers">
        {[...counts].map(([k, n]) => (
          <span key={k}><i style={{ background: MARKER_COLOURS[k] }} /> {k} ×{n}</span>
        ))}
        {page.bookmarks.length > 0 && (
          <span className="bookmarks">
            {page.bookmarks.map((b, i) => (
              <button key={i} className="link" onClick={() => seek(store, b.at, info.length)} title={`position ${b.at}`}>★ {b.label}</button>
            ))}
          </span>
        )}
      </div>
    </section>
  );
}
