import newOrderUrl from './sounds/new-order.wav';
import readyUrl from './sounds/ready.wav';

export type SoundName = 'new-order' | 'ready';
export type SoundState = 'ready' | 'blocked' | 'muted';

export interface SoundSnapshot {
  state: SoundState;
  volume: number;
  muted: boolean;
  /** How many times each sound actually started playing (shown on the page for tests and staff). */
  played: Record<SoundName, number>;
}

/**
 * The bundled sounds, played through <audio> elements. Browsers refuse to play before the
 * page has had a tap or a key press: the refusal turns the state to `blocked` (the screen
 * then shows "Tap to enable sound") and the next gesture unlocks it.
 */
export function createSoundPlayer(initial: { volume: number; muted: boolean }) {
  const elements: Record<SoundName, HTMLAudioElement> = { 'new-order': new Audio(newOrderUrl), ready: new Audio(readyUrl) };
  for (const element of Object.values(elements)) element.preload = 'auto';
  let snapshot: SoundSnapshot = { state: initial.muted ? 'muted' : 'ready', volume: initial.volume, muted: initial.muted, played: { 'new-order': 0, ready: 0 } };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<SoundSnapshot>) => {
    snapshot = { ...snapshot, ...patch };
    listeners.forEach((fn) => fn());
  };

  async function play(name: SoundName, force = false): Promise<boolean> {
    if (snapshot.muted && !force) return false;
    const element = elements[name];
    element.volume = snapshot.volume;
    element.currentTime = 0;
    try {
      await element.play();
      set({ played: { ...snapshot.played, [name]: snapshot.played[name] + 1 }, state: snapshot.muted ? 'muted' : 'ready' });
      return true;
    } catch (err) {
      if (err instanceof DOMException && err.name === 'NotAllowedError') set({ state: 'blocked' });
      return false;
    }
  }

  return {
    play,
    /** After a tap on "Tap to enable sound": any play inside a gesture unlocks the page. */
    async unlock(): Promise<void> {
      const element = elements['new-order'];
      element.volume = 0;
      try {
        await element.play();
        element.pause();
        set({ state: snapshot.muted ? 'muted' : 'ready' });
      } catch {
        set({ state: 'blocked' });
      }
    },
    setVolume(volume: number) {
      set({ volume: Math.max(0, Math.min(1, volume)) });
    },
    setMuted(muted: boolean) {
      set({ muted, state: snapshot.state === 'blocked' ? 'blocked' : muted ? 'muted' : 'ready' });
    },
    get: () => snapshot,
    subscribe(fn: () => void) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

export type SoundPlayer = ReturnType<typeof createSoundPlayer>;
