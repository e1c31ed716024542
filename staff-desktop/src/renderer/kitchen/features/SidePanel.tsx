import type { KitchenServices } from '../app/services.ts';
import { useSound } from '../app/hooks.ts';
import { saveSettings } from '../../shared/settings.ts';

/** How many of each dish the station still has to make. */
export function AllDayPanel({ counts, station }: { counts: { name: string; count: number }[]; station: string | null }) {
  return (
    <section className="panel" aria-labelledby="all-day-title">
      <h2 id="all-day-title">All day{station ? ` · ${station}` : ''}</h2>
      {counts.length === 0 ? (
        <p className="muted">Nothing to make right now.</p>
      ) : (
        <ul className="all-day">
          {counts.map(({ name, count }) => (
            <li key={name}>
              <span className="all-day-count">{count}</span> <span>{name}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Mute, volume and a test button; the counts say that the sounds really played. */
export function SoundPanel({ services }: { services: KitchenServices }) {
  const sound = useSound(services);
  const save = (patch: { volume?: number; muted?: boolean }) => void saveSettings(patch).catch(() => undefined);
  return (
    <section className="panel" aria-labelledby="sound-title">
      <h2 id="sound-title">Sound</h2>
      <div className="sound-row">
        <button
          type="button"
          className="button"
          aria-pressed={sound.muted}
          onClick={() => {
            services.sound.setMuted(!sound.muted);
            save({ muted: !sound.muted });
          }}
        >
          {sound.muted ? 'Muted' : 'Sound on'}
        </button>
        <button type="button" className="button" onClick={() => void services.sound.play('ready', true)}>
          Test sound
        </button>
      </div>
      <label className="volume">
        Volume
        <input
          type="range"
          min={0}
          max={1}
          step={0.1}
          value={sound.volume}
          onChange={(event) => {
            services.sound.setVolume(Number(event.target.value));
            save({ volume: Number(event.target.value) });
          }}
        />
      </label>
      <p className="muted sound-count" aria-label="Sounds played" data-new-order-sounds={sound.played['new-order']} data-ready-sounds={sound.played.ready}>
        Played: {sound.played['new-order']} new-order, {sound.played.ready} ready
      </p>
    </section>
  );
}
