/**
 * The timeline: a scrubber over every record with markers (collections, arenas,
 * finalizers, errors, bookmarks), stepping by event / statement / collection, and where
 * the position is.
 *
 * Numbers: a *position* is a state, "after the first N records" (0: the initial state);
 * a *seq* names a record (an event), from 0, as the CLI does (`pymm ... --at SEQ` is the
 * state after record SEQ). The state just after record seq S is position S + 1.
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

/** What the position is, in words: before a statement (at a statement stop), else the statement running and the record. */
export function positionLabel(p: Position | null, at: number): string {
  if (p === null || p.at !== at) return `position ${at}`;
  if (p.stop && p.nextCommand) return `next: ${p.nextCommand}`;
  return p.command || p.record;
}

/** The convention, for the position's tooltip. */
export const POSITIONS_EXPLAINED = 'A position is a state: position N is the state after the first N records (0: the initial state), that is after record seq N − 1. Seqs name records (events), as the CLI does: `pymm heap ... --at SEQ` is position SEQ + 1 here.';

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
  const collections = counts.get('collection') ?? 0;
  const noGc = collections === 0 ? (info.kind === 'allocator' ? 'an allocator log has no collections' : 'this run made no collection') : null;
  // an allocator log steps by call (a command and its events), a heap log by statement
  const unit = info.kind === 'allocator' ? 'call' : 'stmt';
  const shownHere = position !== null && position.at === page.at;
  return (
    <section className="timeline" aria-label="timeline">
      <div className="steps">
        <button onClick={s.start} title="to the start (Home)" data-testid="start">|◀</button>
        <button onClick={s.gcBack} title={noGc ?? 'previous collection ([)'} disabled={noGc !== null} data-testid="gc-back">◀ gc</button>
        <button onClick={s.stmtBack} title={`previous ${unit === 'call' ? 'call' : 'statement'} (Shift+←)`} data-testid="stmt-back">◀ {unit}</button>
        <button onClick={s.eventBack} title="previous event (←)" data-testid="event-back">◀</button>
        <button onClick={s.eventForward} title="next event (→)" data-testid="event-forward">▶</button>
        <button onClick={s.stmtForward} title={`next ${unit === 'call' ? 'call' : 'statement'} (Shift+→)`} data-testid="stmt-forward">{unit} ▶</button>
        <button onClick={s.gcForward} title={noGc ?? 'next collection (])'} disabled={noGc !== null} data-testid="gc-forward">gc ▶</button>
        <button onClick={s.end} title="to the end (End)" data-testid="end">▶|</button>
        <span className="where" data-testid="position" data-at={position?.at ?? ''} data-stop={shownHere && position.stop ? '1' : ''} title={POSITIONS_EXPLAINED}>
          position <b>{page.at.toLocaleString('en-US')}</b> of {info.length.toLocaleString('en-US')}
          <span className="muted" data-testid="after-seq">{page.at === 0 ? ' (the initial state)' : ` (after seq ${(page.at - 1).toLocaleString('en-US')})`}</span>
          {shownHere ? (
            <>
              {' · '}<span className="cmd" data-testid="position-text" title={`seq ${page.at - 1}: ${position.record}`}>{positionLabel(position, page.at)}</span>
              {!position.stop && position.command && position.record !== `command: ${position.command}` && <span className="muted record"> · {position.record}</span>}
            </>
          ) : <span className="loading"> …</span>}
        </span>
        <button onClick={() => store.update('bookmark', (d) => { if (!d.bookmarks.some((b) => b.at === d.at)) d.bookmarks.push({ at: d.at, label: positionLabel(position, d.at).slice(0, 40) }); })} title="bookmark this position (b)" data-testid="bookmark">★</button>
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
