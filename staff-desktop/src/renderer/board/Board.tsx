import { createLiveClient, type LiveState, type SocketLike } from '@canteen/client';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { connectionWords } from '../shared/live-status.ts';
import { wsUrlOf } from '../shared/settings.ts';
import { createSoundPlayer } from '../shared/sounds.ts';
import { useNow } from '../shared/ticker.ts';
import { applyBoardMessage, EMPTY_BOARD, type BoardState } from './board-state.ts';

/** A number stays highlighted this long after it turned ready. */
const HIGHLIGHT_MS = 15_000;
/** Past this many numbers a column shows the first ones and says how many more. */
const MAX_SHOWN = 60;

/** Smaller type as a column fills, so every number fits the TV without scrolling. */
const density = (count: number): string => (count <= 8 ? 'roomy' : count <= 20 ? 'normal' : count <= 40 ? 'dense' : 'packed');

/**
 * The pickup board for a TV at the counter: anonymous (the /ws board stream carries numbers
 * and states only), reconnecting by itself, a chime and a highlight when a number turns ready.
 */
export function Board() {
  const sound = useMemo(() => createSoundPlayer({ volume: 1, muted: false }), []);
  const soundState = useSyncExternalStore(sound.subscribe, sound.get);
  const [board, setBoard] = useState<BoardState>(EMPTY_BOARD);
  const [loaded, setLoaded] = useState(false);
  const [live, setLive] = useState<LiveState>('connecting');
  const [online, setOnline] = useState(() => navigator.onLine);
  const now = useNow();

  useEffect(() => {
    let state = EMPTY_BOARD;
    const client = createLiveClient({
      url: wsUrlOf(''),
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      token: async () => null,
      onMessage: (message) => {
        const result = applyBoardMessage(state, message, Date.now());
        state = result.state;
        setBoard(state);
        if (message.type === 'snapshot') setLoaded(true);
        if (result.turnedReady !== null) void sound.play('ready');
      },
      onState: setLive,
      // A TV has nobody to press reload: try again soon and never give up.
      maxDelayMs: 10_000,
    });
    client.start();
    const update = () => {
      setOnline(navigator.onLine);
      if (navigator.onLine) client.reconnectNow();
    };
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      client.stop();
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, [sound]);

  const connection = connectionWords(live, online);
  return (
    <div className="pickup">
      <header className="pickup-head">
        <h1>Pickup board</h1>
        <p className={`pickup-connection connection-${connection.tone}`} role="status" aria-label={`Connection: ${connection.label}`}>
          {connection.tone !== 'ok' && <span aria-hidden="true">⚠ </span>}
          {connection.tone === 'ok' ? 'Live' : connection.label}
        </p>
        {soundState.state === 'blocked' && (
          <button type="button" className="pickup-sound" onClick={() => void sound.unlock()}>
            Tap to enable sound
          </button>
        )}
      </header>
      <main className="pickup-columns">
        <section className="pickup-column pickup-preparing" aria-labelledby="preparing-title">
          <h2 id="preparing-title">Preparing</h2>
          {!loaded ? (
            <p className="pickup-empty">Connecting to the kitchen…</p>
          ) : board.preparing.length === 0 ? (
            <p className="pickup-empty">Nothing cooking right now</p>
          ) : (
            <>
              <ul className="pickup-numbers" data-density={density(board.preparing.length)} aria-label="Orders being prepared">
                {board.preparing.slice(0, MAX_SHOWN).map((number) => (
                  <li key={number}>{number}</li>
                ))}
              </ul>
              {board.preparing.length > MAX_SHOWN && <p className="pickup-more">and {board.preparing.length - MAX_SHOWN} more</p>}
            </>
          )}
        </section>
        <section className="pickup-column pickup-ready" aria-labelledby="ready-title">
          <h2 id="ready-title">Ready — please collect</h2>
          {loaded && board.ready.length === 0 ? (
            <p className="pickup-empty">No orders waiting</p>
          ) : (
            <ul className="pickup-numbers" data-density={density(board.ready.length)} aria-label="Orders ready to collect">
              {board.ready.slice(0, MAX_SHOWN).map(({ number, readyAt }) => {
                const fresh = now - readyAt < HIGHLIGHT_MS;
                return (
                  <li key={number} className={fresh ? 'pickup-new' : undefined} aria-label={fresh ? `${number}, just ready` : String(number)}>
                    {number}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      </main>
      <p className="pickup-sound-count" aria-label="Ready chimes played" data-ready-sounds={soundState.played.ready} hidden />
    </div>
  );
}
