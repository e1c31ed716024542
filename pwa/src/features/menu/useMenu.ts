import { useCallback, useEffect, useState } from 'react';
import type { Category, MenuItem } from '@canteen/contracts';
import { api } from '../../app/services.ts';

const FETCHED_AT = 'canteen.menuFetchedAt';

export type MenuState =
  | { status: 'loading' }
  | { status: 'error'; message: string; retry: () => void }
  | { status: 'ready'; categories: Category[]; items: MenuItem[]; fetchedAt: number | null; reload: () => void };

/**
 * The menu, from the network when it answers and from the service worker's copy when it does
 * not. When it came from the copy, `fetchedAt` says how old it is ("the menu is from 12:03").
 */
export function useMenu(online: boolean): MenuState {
  const [state, setState] = useState<MenuState>({ status: 'loading' });
  const load = useCallback(() => {
    let cancelled = false;
    void Promise.all([api.categories(), api.menuItems()])
      .then(([categories, items]) => {
        if (cancelled) return;
        if (navigator.onLine) localStorage.setItem(FETCHED_AT, String(Date.now()));
        const fetchedAt = Number(localStorage.getItem(FETCHED_AT)) || null;
        setState({ status: 'ready', categories: categories.filter((c) => c.active), items, fetchedAt, reload: load });
      })
      .catch(() => {
        if (cancelled) return;
        setState({
          status: 'error',
          message: navigator.onLine
            ? 'The menu could not be loaded. The canteen’s server may be busy.'
            : 'You’re offline and this phone has no copy of the menu yet.',
          retry: () => {
            setState({ status: 'loading' });
            load();
          },
        });
      });
    return () => {
      cancelled = true;
    };
  }, []);
  // Loaded once, and again when the network comes back (prices and sold-out may have moved).
  useEffect(() => load(), [load, online]);
  return state;
}
