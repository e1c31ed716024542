import { useEffect, useMemo, useState } from 'react';
import { createLiveClient, type LiveState, type SocketLike } from '@canteen/client';
import { client } from '../../app/services.ts';
import { Chart } from '../analytics/Chart.tsx';
import { applyMessage, emptyBoard, figuresOf } from './live-state.ts';
import '../analytics/analytics.css';

/**
 * Live operations from the staff stream of `/ws` (no polling): the staff scope already gets
 * every active order with its state, stations and ETA, so the tiles are computed from it here.
 */
export function LiveScreen() {
  const [board, setBoard] = useState(emptyBoard);
  const [state, setState] = useState<LiveState>('connecting');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const live = createLiveClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      token: () => client.accessToken(),
      onMessage: (message) => setBoard((current) => applyMessage(current, message, Date.now())),
      onState: setState,
    });
    live.start();
    // The clock only moves the per-minute window; no request is made.
    const tick = setInterval(() => setNow(Date.now()), 15_000);
    return () => {
      clearInterval(tick);
      live.stop();
    };
  }, []);
  const figures = useMemo(() => figuresOf(board, now), [board, now]);
  const labels = useMemo(() => figures.perMinute.map((_, i) => `−${15 - i}m`), [figures.perMinute]);
  const series = useMemo(() => [{ label: 'Orders per minute', values: figures.perMinute, color: '#1f6feb', bars: true }], [figures.perMinute]);

  return (
    <section aria-labelledby="live-title">
      <div className="page-head">
        <div>
          <h1 id="live-title">Live operations</h1>
          <p className="muted" role="status">
            {state === 'live' ? 'Live: updates as the kitchen works.' : state === 'connecting' ? 'Connecting to the live stream…' : 'Offline: reconnecting. The figures below are from the last update.'}
          </p>
        </div>
      </div>
      <ul className="tiles" aria-label="Now">
        <LiveTile label="In the queue" value={figures.queueLength} />
        <LiveTile label="Waiting (paid)" value={figures.byState.waiting} />
        <LiveTile label="Preparing" value={figures.byState.preparing} />
        <LiveTile label="Ready for pickup" value={figures.byState.ready} />
        <LiveTile label="Orders, last 15 min" value={figures.perMinute.reduce((a, b) => a + b, 0)} />
        <LiveTile label="ETA for a new order" value={figures.etaMinutes === null ? 'now' : `${figures.etaMinutes} min`} />
      </ul>
      <div className="panels">
        <article className="card panel" aria-labelledby="per-minute-title">
          <h2 id="per-minute-title">Orders per minute</h2>
          <Chart labels={labels} series={series} height={180} />
          <p className="muted small">
            Last 15 minutes: {figures.perMinute.join(', ')} (oldest first).
          </p>
        </article>
        <article className="card panel" aria-labelledby="stations-title">
          <h2 id="stations-title">Load per station</h2>
          {figures.stations.length === 0 ? (
            <p className="muted">Nothing to cook right now.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Station</th>
                  <th scope="col" className="num">Portions to make</th>
                </tr>
              </thead>
              <tbody>
                {figures.stations.map(([station, portions]) => (
                  <tr key={station}>
                    <th scope="row">{station}</th>
                    <td className="num">{portions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </article>
      </div>
    </section>
  );
}

function LiveTile({ label, value }: { label: string; value: number | string }) {
  return (
    <li className="tile card">
      <span className="tile-label">{label}</span>
      <span className="tile-value">{value}</span>
    </li>
  );
}
