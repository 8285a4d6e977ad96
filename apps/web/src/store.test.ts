/** The page's store: immer patches give exact undo and redo; navigation is not undone; the URL round-trips. */
import { describe, expect, it } from 'vitest';
import { fromQuery, initialState, Store, toQuery } from '../app/store.js';

describe('the page store', () => {
  it('undoes and redoes edits from their patches, leaving the position alone', () => {
    const s = new Store();
    s.update('select object', (d) => { d.selection = { kind: 'object', id: 42 }; });
    s.navigate((d) => { d.at = 100; });
    s.update('bookmark', (d) => { d.bookmarks.push({ at: d.at, label: 'here' }); });
    s.update('view', (d) => { d.view = 'arenas'; });
    const before = s.get();
    expect(s.canUndo).toBe('view');
    expect(s.undo()).toBe('view');
    expect(s.get().view).toBe('graph');
    expect(s.undo()).toBe('bookmark');
    expect(s.get().bookmarks).toEqual([]);
    expect(s.get().at).toBe(100); // navigation stays
    expect(s.redo()).toBe('bookmark');
    expect(s.redo()).toBe('view');
    expect(s.get()).toEqual(before);
    expect(s.redo()).toBeNull();
    // an edit after an undo drops the redo history
    s.undo();
    s.update('layout', (d) => { d.layout.editor = false; });
    expect(s.canRedo).toBeNull();
  });

  it('records no change for a recipe that changes nothing, and keeps states immutable', () => {
    const s = new Store();
    s.update('nothing', (d) => { d.view = 'graph'; });
    expect(s.canUndo).toBeNull();
    const a = s.get();
    s.update('select', (d) => { d.selection = { kind: 'arena', index: 3 }; });
    expect(a.selection).toBeNull();
    expect(Object.isFrozen(s.get())).toBe(true);
  });

  it('puts the log, position, view, selection and diff in the URL and reads them back', () => {
    const st = { ...initialState, log: 'main', at: 1234, view: 'diff' as const, selection: { kind: 'block' as const, address: '0x7f0010' }, diff: { from: 5, to: 9 } };
    const back = fromQuery('?' + toQuery(st));
    expect(back).toMatchObject({ log: 'main', at: 1234, view: 'diff', selection: { kind: 'block', address: '0x7f0010' }, diff: { from: 5, to: 9 } });
    expect(fromQuery('?at=-5&view=nope&sel=<script>').at).toBe(0);
    expect(fromQuery('?view=nope').view).toBe('graph');
  });
});
