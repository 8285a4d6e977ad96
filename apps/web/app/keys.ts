/**
 * Keyboard shortcuts (apps/web/README.md has the table). Keys typed into the editor or a
 * text field stay there, except the few that say Ctrl.
 */
import type { Info, Marker, Position } from './api';
import { viewUnavailable, type Store, type View } from './store';
import { positionLabel, stepper } from './Timeline';

export interface KeyContext { store: Store; info: Info; markers: Marker[]; position: Position | null }

const VIEWS: View[] = ['graph', 'arenas', 'collector', 'diff', 'stats'];

export function onKey(e: KeyboardEvent, c: KeyContext): boolean {
  const t = e.target as HTMLElement | null;
  const typing = !!t && (t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || !!t.closest('.cm-editor'));
  const mod = e.ctrlKey || e.metaKey;
  const { store } = c;
  if (mod && e.key.toLowerCase() === 'z' && !typing) { if (e.shiftKey) store.redo(); else store.undo(); return true; }
  if (mod && e.key.toLowerCase() === 'y' && !typing) { store.redo(); return true; }
  if (typing || mod || e.altKey) return false;
  const s = stepper(store, c.info, c.markers, c.position);
  switch (e.key) {
    case 'ArrowLeft': if (e.shiftKey) s.stmtBack(); else s.eventBack(); return true;
    case 'ArrowRight': if (e.shiftKey) s.stmtForward(); else s.eventForward(); return true;
    case 'ArrowUp': s.stmtBack(); return true;
    case 'ArrowDown': s.stmtForward(); return true;
    case '[': s.gcBack(); return true;
    case ']': s.gcForward(); return true;
    case ',': s.markerBack(); return true;
    case '.': s.markerForward(); return true;
    case 'Home': s.start(); return true;
    case 'End': s.end(); return true;
    case 'b': store.update('bookmark', (d) => { if (!d.bookmarks.some((b) => b.at === d.at)) d.bookmarks.push({ at: d.at, label: positionLabel(c.position, d.at) }); }); return true;
    case 'd': store.update('diff from', (d) => { d.diff.from = d.at; }); return true;
    case 'D': store.update('diff to', (d) => { d.diff.to = d.at; d.view = 'diff'; }); return true;
    case 'g': if (c.info.kind !== 'heap') return false; store.update('focus', (d) => { d.graph.focus = d.selection?.kind === 'object' ? d.selection.id : null; d.view = 'graph'; }); return true;
    case 'Escape': store.update('clear selection', (d) => { d.selection = null; }); return true;
    case '/': case 'f': (document.querySelector('[data-testid=find]') as HTMLInputElement | null)?.focus(); return true;
    default: {
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= VIEWS.length) {
        if (viewUnavailable(c.info.kind, VIEWS[n - 1]!) === undefined) store.update('view', (d) => { d.view = VIEWS[n - 1]!; });
        return true;
      }
      return false;
    }
  }
}
