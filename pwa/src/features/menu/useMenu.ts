import { useCallback, useEffect, useRef, useState } from 'react';
import type { Category, MenuItem } from '@canteen/contracts';
import { api, live, onLiveMessage, onLiveState } from '../../app/services.ts';
import { noteMenu } from './live-menu.ts';
import { applyMenuPatch, isMenuUpdate, type MenuPatch } from './menu-patch.ts';
import { keepUnchanged } from './same-menu.ts';

const FETCHED_AT = 'canteen.menuFetchedAt';

export type MenuState =
  | { status: 'loading' }
  | { status: 'error'; message: string; retry: () => void }
  | { status: 'ready'; categories: Category[]; items: MenuItem[]; fetchedAt: number | null; reload: () => void };

/**
 * The menu, from the network when it answers and from the service worker's copy when it does
 * not. When it came from the copy, `fetchedAt` says how old it is ("the menu is from 12:03").
 * Kept live: each `/ws` `menu_update` is applied at once (sold out, price, stock), and the
 * menu is fetched again on every (re)connect of `/ws`, since what changed while the socket was
 * down is not replayed.
 */
export function useMenu(online: boolean): MenuState {
  const [state, setState] = useState<MenuState>({ status: 'loading' });
  // Updates heard while a fetch is out: its answer may predate them, so they are applied on top.
  const heardDuringLoad = useRef<MenuPatch[] | null>(null);
  const generation = useRef(0);
  const shown = useRef<MenuState | null>(null);
  const show = useCallback((next: MenuState) => {
    shown.current = next;
    setState(next);
  }, []);

  const load = useCallback(() => {
    const mine = ++generation.current;
    heardDuringLoad.current = [];
    void Promise.all([api.categories(), api.menuItems()])
      .then(([categories, fetched]) => {
        if (mine !== generation.current) return;
        let items = fetched;
        for (const patch of heardDuringLoad.current ?? []) items = applyMenuPatch(items, patch) ?? items;
        heardDuringLoad.current = null;
        if (navigator.onLine) localStorage.setItem(FETCHED_AT, String(Date.now()));
        const fetchedAt = Number(localStorage.getItem(FETCHED_AT)) || null;
        let active = categories.filter((c) => c.active);
        // A refetch (each /ws connect) usually finds the menu in hand: keep its objects, and
        // when nothing changed render nothing (`fetchedAt` is only shown offline, and going
        // offline loads again).
        const before = shown.current;
        if (before?.status === 'ready') {
          items = keepUnchanged(before.items, items) as MenuItem[];
          active = keepUnchanged(before.categories, active) as Category[];
          if (items === before.items && active === before.categories && (navigator.onLine || fetchedAt === before.fetchedAt)) return;
        }
        noteMenu(items);
        show({ status: 'ready', categories: active, items, fetchedAt, reload: load });
      })
      .catch(() => {
        if (mine !== generation.current) return;
        heardDuringLoad.current = null;
        // A refetch that failed keeps the menu in hand (it is still being kept live).
        if (shown.current?.status === 'ready') return;
        show({
          status: 'error',
          message: navigator.onLine
            ? 'The menu could not be loaded. The canteen’s server may be busy.'
            : 'You’re offline and this phone has no copy of the menu yet.',
          retry: () => {
            show({ status: 'loading' });
            load();
          },
        });
      });
  }, []);

  // Loaded once, and again when the network comes back (prices and sold-out may have moved).
  useEffect(() => {
    load();
    return () => {
      generation.current += 1; // an answer after unmount is dropped
    };
  }, [load, online]);

  useEffect(() => {
    const offMessage = onLiveMessage((message) => {
      if (!isMenuUpdate(message)) return;
      heardDuringLoad.current?.push(message.data);
      // Applied to the latest menu synchronously (not in a state updater, which React may run
      // later), so two updates in a row both land.
      const current = shown.current;
      if (current?.status !== 'ready') return;
      const items = applyMenuPatch(current.items, message.data);
      if (items) show({ ...current, items });
      else load();
    });
    let wasLive = live.state === 'live';
    const offState = onLiveState(() => {
      const isLive = live.state === 'live';
      if (isLive && !wasLive) load();
      wasLive = isLive;
    });
    return () => {
      offMessage();
      offState();
    };
  }, [load]);
  return state;
}
