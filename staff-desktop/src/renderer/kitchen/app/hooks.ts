import { useEffect, useState, useSyncExternalStore } from 'react';
import type { KitchenServices } from './services.ts';

export function useSession({ sessions }: KitchenServices) {
  return useSyncExternalStore(sessions.subscribe, sessions.get);
}

export function useTicketStoreVersion({ store }: KitchenServices): number {
  return useSyncExternalStore(store.subscribe, store.version);
}

export function usePendingBumps({ bumps }: KitchenServices) {
  const pending = useSyncExternalStore(bumps.subscribe, bumps.pending);
  const notices = useSyncExternalStore(bumps.subscribe, bumps.notices);
  return { pending, notices };
}

export function useSound({ sound }: KitchenServices) {
  return useSyncExternalStore(sound.subscribe, sound.get);
}

export function useLiveState({ live, onLiveState }: KitchenServices) {
  return useSyncExternalStore(onLiveState, () => live.state);
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
