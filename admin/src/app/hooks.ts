import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { onlineStatus, type Session } from '@canteen/client';
import { sessions } from './services.ts';

export function useSession(): Session | null {
  return useSyncExternalStore(sessions.subscribe, sessions.get);
}

export function useOnline(): boolean {
  return useSyncExternalStore(onlineStatus.subscribe, onlineStatus.get);
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Replaces the data in place after a change the server confirmed (no refetch needed). */
  set: (next: T) => void;
}

/** Data a screen reads through the client: loading, error and a reload, with stale answers dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const mine = ++latest.current;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    load().then(
      (data) => mine === latest.current && setState({ data, error: null, loading: false }),
      (error: unknown) => mine === latest.current && setState((previous) => ({ data: previous.data, error, loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ data, error: null, loading: false }), []);
  return { ...state, reload, set };
}
