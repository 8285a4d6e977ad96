/**
 * The page's own state (ADR 12): one immutable value, changed only through immer recipes.
 * Each undoable change keeps immer's patches and inverse patches, so undo and redo replay
 * exactly what changed (a selection, a bookmark, a panel) without copying the state.
 * The position is navigation, not an edit: it changes without entering the undo history
 * (the URL and the browser's history hold it).
 *
 * No DOM here: the unit tests run it in Node.
 */
import { applyPatches, enablePatches, produceWithPatches, type Draft, type Patch } from 'immer';

enablePatches();

export type Selection =
  | { kind: 'object'; id: number }
  | { kind: 'block'; address: string }
  | { kind: 'pool'; address: string }
  | { kind: 'arena'; index: number };

export type View = 'graph' | 'arenas' | 'collector' | 'diff' | 'stats';

/** Why a view has nothing for a kind of log (an allocator log: no objects, no collector), or undefined. */
export function viewUnavailable(kind: 'heap' | 'allocator', view: View): string | undefined {
  if (kind !== 'allocator') return undefined;
  if (view === 'graph') return 'an allocator log (a CPython trace) records pymalloc calls only: no objects';
  if (view === 'collector') return 'an allocator log (a CPython trace) records pymalloc calls only: no collections';
  return undefined;
}
export type Question = 'details' | 'history' | 'why' | 'pins';

export interface Bookmark { at: number; label: string }
/** A program the user edited and ran from the page: each run is a log of its own. */
export interface Branch { log: string; label: string; source: string; fromLog: string | null; fromAt: number }

export interface PageState {
  log: string | null;
  at: number;
  selection: Selection | null;
  question: Question;
  bookmarks: Bookmark[];
  branches: Branch[];
  view: View;
  layout: { editor: boolean; names: boolean; inspector: boolean };
  graph: { focus: number | null; limit: number; all: boolean; type: string };
  diff: { from: number | null; to: number | null };
  /** The collector stepper's step within the collection around the position. */
  step: number;
}

export const initialState: PageState = {
  log: null, at: 0, selection: null, question: 'details', bookmarks: [], branches: [], view: 'graph',
  layout: { editor: true, names: true, inspector: true },
  graph: { focus: null, limit: 300, all: false, type: '' },
  diff: { from: null, to: null },
  step: 0,
};

interface Change { label: string; patches: Patch[]; inverse: Patch[] }

export type Listener = (s: PageState) => void;

export class Store {
  private state: PageState;
  private readonly undoStack: Change[] = [];
  private readonly redoStack: Change[] = [];
  private readonly listeners = new Set<Listener>();
  constructor(initial: PageState = initialState) {
    this.state = initial;
  }
  get(): PageState {
    return this.state;
  }
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  private set(next: PageState): void {
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l(next);
  }
  /** An edit of the page: recorded for undo (unless it changed nothing). */
  update(label: string, recipe: (d: Draft<PageState>) => void): void {
    const [next, patches, inverse] = produceWithPatches(this.state, recipe);
    if (patches.length === 0) return;
    this.undoStack.push({ label, patches, inverse });
    if (this.undoStack.length > 500) this.undoStack.shift();
    this.redoStack.length = 0;
    this.set(next);
  }
  /** Navigation (the position, the log shown): not an edit, so not undone. */
  navigate(recipe: (d: Draft<PageState>) => void): void {
    const [next] = produceWithPatches(this.state, recipe);
    this.set(next);
  }
  undo(): string | null {
    const c = this.undoStack.pop();
    if (!c) return null;
    this.redoStack.push(c);
    this.set(applyPatches(this.state, c.inverse));
    return c.label;
  }
  redo(): string | null {
    const c = this.redoStack.pop();
    if (!c) return null;
    this.undoStack.push(c);
    this.set(applyPatches(this.state, c.patches));
    return c.label;
  }
  get canUndo(): string | null { return this.undoStack.at(-1)?.label ?? null; }
  get canRedo(): string | null { return this.redoStack.at(-1)?.label ?? null; }
}

/** The page's state in its URL: the log and the position, and what a link should reopen. */
export function toQuery(s: PageState): string {
  const q = new URLSearchParams();
  if (s.log) q.set('log', s.log);
  q.set('at', String(s.at));
  q.set('view', s.view);
  if (s.selection) q.set('sel', s.selection.kind === 'object' ? `o${s.selection.id}` : s.selection.kind === 'arena' ? `a${s.selection.index}` : `${s.selection.kind === 'block' ? 'b' : 'p'}${s.selection.address}`);
  if (s.diff.from !== null && s.diff.to !== null) q.set('diff', `${s.diff.from}-${s.diff.to}`);
  return q.toString();
}

const VIEWS: readonly View[] = ['graph', 'arenas', 'collector', 'diff', 'stats'];

export function fromQuery(search: string, base: PageState = initialState): PageState {
  const q = new URLSearchParams(search);
  const at = Number(q.get('at'));
  const sel = q.get('sel') ?? '';
  let selection: Selection | null = null;
  if (/^o\d+$/.test(sel)) selection = { kind: 'object', id: Number(sel.slice(1)) };
  else if (/^a\d+$/.test(sel)) selection = { kind: 'arena', index: Number(sel.slice(1)) };
  else if (/^[bp]0x[0-9a-f]+$/.test(sel)) selection = { kind: sel[0] === 'b' ? 'block' : 'pool', address: sel.slice(1) };
  const d = /^(\d+)-(\d+)$/.exec(q.get('diff') ?? '');
  const view = q.get('view') as View;
  return {
    ...base,
    log: q.get('log') ?? base.log,
    at: Number.isInteger(at) && at >= 0 ? at : base.at,
    view: VIEWS.includes(view) ? view : base.view,
    selection: selection ?? base.selection,
    diff: d ? { from: Number(d[1]), to: Number(d[2]) } : base.diff,
  };
}
