/**
 * Data for the page, fetched as the position moves: the cheap views (position, arena map)
 * on a latest-wins channel each, the expensive ones after the scrubber rests.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Channel, get, type Arenas, type Position } from './api';
import type { PageState, Store } from './store';

export function usePage(store: Store): PageState {
  return useSyncExternalStore((l) => store.subscribe(l), () => store.get());
}

/** Scrub timing for the browser test and the status bar: input -> the new position on screen. */
export const timing = { asked: new Map<number, number>(), shown: [] as { at: number; ms: number; seekMs: number }[] };

export interface Fast { position: Position | null; arenas: Arenas | null; error: string | null }

/**
 * The cheap views at the position (where it is, the arena map), in one request on a
 * latest-wins channel. The request leaves from the store's own notification, inside the
 * input event, not after React has rendered and painted the scrubber's move.
 */
export function useFast(store: Store, log: string | null): Fast {
  const [fast, setFast] = useState<Fast>({ position: null, arenas: null, error: null });
  useEffect(() => {
    if (log === null) return;
    setFast({ position: null, arenas: null, error: null });
    const ch = new Channel<number, { position: Position; arenas: Arenas }>(
      (a, signal) => get('frame', { log, at: a }, signal),
      (_k, v, e) => setFast((f) => (v ? { position: v.position, arenas: v.arenas, error: null } : { ...f, error: e?.message ?? null })),
      (a, b) => a === b,
    );
    const ask = (at: number) => { if (!timing.asked.has(at)) timing.asked.set(at, performance.now()); ch.ask(at); };
    let last = store.get().at;
    ask(last);
    return store.subscribe((s) => { if (s.at !== last && s.log === log) { last = s.at; ask(last); } });
  }, [store, log]);
  return fast;
}

/** Waits until `value` has not changed for `ms` (the scrubber resting), then returns it. */
export function useSettled<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** One request per change of `key` (the previous one aborted); null params = nothing to ask. */
export function useFetch<T>(endpoint: string, params: Record<string, string | number | null | undefined> | null): { data: T | null; error: string | null; loading: boolean } {
  const key = params === null ? null : JSON.stringify(params);
  const [state, setState] = useState<{ key: string | null; data: T | null; error: string | null }>({ key: null, data: null, error: null });
  useEffect(() => {
    if (key === null) return;
    const ctl = new AbortController();
    get<T>(endpoint, JSON.parse(key) as Record<string, string>, ctl.signal).then(
      (data) => setState({ key, data, error: null }),
      (e: Error) => { if (e.name !== 'AbortError') setState({ key, data: null, error: e.message }); },
    );
    return () => ctl.abort();
  }, [endpoint, key]);
  return { data: state.key === key ? state.data : state.data, error: state.key === key ? state.error : null, loading: state.key !== key };
}
