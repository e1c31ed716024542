import { useSyncExternalStore } from 'react';

/** Chromium's install event (not in the DOM's types): prompt() once, then userChoice says what happened. */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/**
 * The browser's offer to install the app, held back (no mini-infobar over the menu) and kept
 * until the student taps "Install app" (settings, the foot of the menu). The event comes once
 * per page load, possibly before React mounts, so capture starts in main.tsx.
 */
export function createInstallPrompt(target: EventTarget) {
  let offer: BeforeInstallPromptEvent | null = null;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((fn) => fn());
  target.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    offer = event as BeforeInstallPromptEvent;
    changed();
  });
  target.addEventListener('appinstalled', () => {
    offer = null;
    changed();
  });
  return {
    available: () => offer !== null,
    subscribe(fn: () => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    /** Shows the browser's install dialog; an offer is good for one prompt whatever the answer. */
    async install(): Promise<'accepted' | 'dismissed' | 'unavailable'> {
      const current = offer;
      if (!current) return 'unavailable';
      offer = null;
      changed();
      await current.prompt();
      return (await current.userChoice).outcome;
    },
  };
}

export type InstallPrompt = ReturnType<typeof createInstallPrompt>;

let installPrompt: InstallPrompt | null = null;
/** Starts listening for the browser's offer (once, from main.tsx). */
export function captureInstallPrompt(): InstallPrompt {
  return (installPrompt ??= createInstallPrompt(window));
}

const never = () => () => undefined;
export function useInstallable(): boolean {
  const prompt = installPrompt;
  return useSyncExternalStore(prompt ? prompt.subscribe : never, () => prompt?.available() ?? false);
}

export function installApp(): Promise<'accepted' | 'dismissed' | 'unavailable'> {
  return installPrompt?.install() ?? Promise.resolve('unavailable');
}
