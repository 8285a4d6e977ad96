/**
 * Data for the page, fetched as the position moves: the cheap views (position, arena map)
 * on a latest-wins channel each, the expensive ones after the scrubber rests.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Channel, get, type Arenas, type Position } from './api';
import type { PageState, Store } from './store';

export function usePage(store: Store): PageState {
  return useSyncExternalStore((l) => store.subscribe(l), () => store.get());
}

/** Scrub timing for the browser test and the status bar: input -> the new position on screen. */
export const timing = { asked: new Map<number, number>(), shown: [] as { at: number; ms: number; seekMs: number }[] };

export function useFast(log: string | null, at: number): { position: Position | null; arenas: Arenas | null; error: string | null } {
  const [position, setPosition] = useState<Position | null>(null);
  const [arenas, setArenas] = useState<Arenas | null>(null);
  const [error, setError] = useState<string | null>(null);
  const channels = useRef<{ log: string | null; pos: Channel<number, Position>; ar: Channel<number, Arenas> } | null>(null);
  if (channels.current === null || channels.current.log !== log) {
    const same = (a: number, b: number) => a === b;
    channels.current = {
      log,
      pos: new Channel((a, signal) => get<Position>('position', { log, at: a }, signal), (_k, v, e) => { if (v) { setPosition(v); setError(null); } else if (e) setError(e.message); }, same),
      ar: new Channel((a, signal) => get<Arenas>('arenas', { log, at: a }, signal), (_k, v, e) => { if (v) setArenas(v); else if (e) setError(e.message); }, same),
    };
  }
  useEffect(() => {
    if (log === null) return;
    if (!timing.asked.has(at)) timing.asked.set(at, performance.now());
    channels.current!.pos.ask(at);
    channels.current!.ar.ask(at);
  }, [log, at]);
  return { position, arenas, error };
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
