import { useSyncExternalStore } from 'react';

/**
 * The "ready" chime while the app is open, made with Web Audio: a bundled sound that costs no
 * download and no file in the precache (a few hundred bytes of code). Browsers keep audio
 * locked until a gesture, so the first tap anywhere unlocks it; until then `soundUnlocked()`
 * is false and the order screen offers a button that unlocks it.
 */
let audio: AudioContext | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((fn) => fn());

function context(): AudioContext | null {
  if (audio) return audio;
  const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return null;
  audio = new Ctor();
  audio.addEventListener('statechange', notify);
  return audio;
}

/** Called from a gesture: resumes (or creates) the audio context. */
export function unlockSound(): Promise<void> {
  const ctx = context();
  return ctx ? ctx.resume().then(notify, () => undefined) : Promise.resolve();
}

/** Once per page: the first tap or key press anywhere unlocks the sound. */
export function unlockSoundOnFirstGesture(): void {
  const unlock = () => {
    void unlockSound();
    window.removeEventListener('pointerdown', unlock, true);
    window.removeEventListener('keydown', unlock, true);
  };
  window.addEventListener('pointerdown', unlock, true);
  window.addEventListener('keydown', unlock, true);
}

export const soundUnlocked = (): boolean => audio?.state === 'running';

export function useSoundUnlocked(): boolean {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    soundUnlocked,
  );
}

/** Two rising notes (E6 then A6), short and distinct from a phone's own tones. */
export function playReadyChime(): boolean {
  if (!audio || audio.state !== 'running') return false;
  const start = audio.currentTime + 0.02;
  [1318.5, 1760].forEach((frequency, index) => {
    const t = start + index * 0.18;
    const tone = audio!.createOscillator();
    const gain = audio!.createGain();
    tone.type = 'sine';
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.5, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.32);
    tone.connect(gain).connect(audio!.destination);
    tone.start(t);
    tone.stop(t + 0.35);
  });
  return true;
}

/** The order just turned ready with the app in front: sound and vibration. */
export function alertReady(): void {
  playReadyChime();
  navigator.vibrate?.([200, 100, 200]);
}
