import { useCallback, useEffect, useMemo, useState } from 'react';
import { connectionWords } from '../../shared/live-status.ts';
import { saveSettings } from '../../shared/settings.ts';
import { useLiveState, useOnline, usePendingBumps, useSession, useSound, useTicketStoreVersion } from '../app/hooks.ts';
import type { KitchenServices } from '../app/services.ts';
import { allDayCounts, isOnScreen, LANE_TITLES, LANES, lanesOf, stationsOf, type Lane, type Ticket } from '../tickets/ticket.ts';
import { CancelDialog } from './CancelDialog.tsx';
import { AllDayPanel, SoundPanel } from './SidePanel.tsx';
import { TicketCard } from './TicketCard.tsx';
import { useBumpBar } from './useBumpBar.ts';
import { useKitchenActions } from './useKitchenActions.ts';

const EMPTY_WORDS: Record<Lane, string> = {
  new: 'No new orders. A paid order shows here the moment it comes in.',
  preparing: 'Nothing on the stove. Bump a new ticket to start it.',
  ready: 'Nothing waiting at the counter.',
};

/** The live tickets in three columns, the all-day counts and sound beside them. */
export function KitchenScreen({ services }: { services: KitchenServices }) {
  const version = useTicketStoreVersion(services);
  const { pending, notices } = usePendingBumps(services);
  const session = useSession(services);
  const liveState = useLiveState(services);
  const online = useOnline();
  const sound = useSound(services);
  const [station, setStation] = useState<string | null>(services.settings.station);
  const [selected, setSelected] = useState<number | null>(null);

  // The server's tickets with this screen's unsent bumps laid over them.
  const { tickets, waiting } = useMemo(() => {
    const map = new Map<number, Ticket>(services.store.all());
    const counts = new Map<number, number>();
    for (const entry of pending) {
      const ticket = map.get(entry.orderId);
      if (!ticket) continue;
      counts.set(entry.orderId, (counts.get(entry.orderId) ?? 0) + 1);
      if (isOnScreen(entry.to)) map.set(entry.orderId, { ...ticket, status: entry.to });
      else map.delete(entry.orderId);
    }
    return { tickets: map, waiting: counts };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, pending, services.store]);
  const lanes = useMemo(() => lanesOf(tickets.values(), station), [tickets, station]);
  const counts = useMemo(() => allDayCounts(tickets.values(), station), [tickets, station]);
  const stations = useMemo(() => [...new Set([...stationsOf(services.store.all().values()), ...(station ? [station] : [])])].sort(), [version, station, services.store]);

  const select = useCallback((id: number | null) => setSelected(id), []);
  const { actions, toast, setToast, cancelling, setCancelling, confirmCancel } = useKitchenActions(services, tickets, select);
  const { typed, unknown } = useBumpBar({ lanes, selected, select, bump: actions.bump, recall: actions.recall });

  useEffect(() => {
    if (selected !== null && !tickets.has(selected)) setSelected(null);
  }, [tickets, selected]);
  // A ticket chosen by its number or the arrows may sit below the fold of its column.
  useEffect(() => {
    if (selected !== null) document.querySelector(`article[data-order-id="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const load = services.store.load();
  const connection = connectionWords(liveState, online);
  const unsent = pending.length;
  const latestNotice = notices[0];

  return (
    <div className="kitchen">
      <header className="topbar">
        <h1 className="topbar-title">Kitchen</h1>
        <p className={`connection connection-${connection.tone}`} role="status" aria-label={`Connection: ${connection.label}`}>
          <span className="connection-dot" aria-hidden="true" />
          <strong>{connection.label}</strong>
          <span className="connection-detail">
            {unsent > 0 ? `${unsent} bump${unsent === 1 ? '' : 's'} waiting to send` : connection.detail}
          </span>
        </p>
        <label className="station">
          Station
          <select
            value={station ?? ''}
            onChange={(event) => {
              const next = event.target.value || null;
              setStation(next);
              void saveSettings({ station: next }).catch(() => undefined);
            }}
          >
            <option value="">All stations</option>
            {stations.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button-quiet" onClick={() => void services.api.logout()}>
          Sign out {session?.user.fullName}
        </button>
      </header>

      {sound.state === 'blocked' && (
        <button type="button" className="sound-blocked" onClick={() => void services.sound.unlock()}>
          Tap to enable sound — this browser blocked it until someone touches the screen
        </button>
      )}
      {!online || liveState === 'offline' ? (
        <p className="offline-banner" role="alert">
          Offline: tickets are as of the last update. Bumps are kept on this screen and sent in order when the connection is back.
        </p>
      ) : null}

      <div className="board">
        <main className="lanes" aria-label="Tickets">
          {LANES.map((lane) => (
            <section key={lane} className={`lane lane-${lane}`} aria-labelledby={`lane-${lane}`}>
              <h2 id={`lane-${lane}`} className="lane-title">
                {LANE_TITLES[lane]} <span className="lane-count">{lanes[lane].length}</span>
              </h2>
              {load.phase === 'loading' ? (
                <div className="ticket ticket-skeleton" aria-hidden="true" />
              ) : lanes[lane].length === 0 ? (
                <p className="lane-empty">{load.phase === 'error' ? 'Could not load the tickets.' : EMPTY_WORDS[lane]}</p>
              ) : (
                <div className="lane-cards">
                  {lanes[lane].map((ticket) => (
                    <TicketCard key={ticket.id} ticket={ticket} selected={ticket.id === selected} waiting={waiting.get(ticket.id) ?? 0} dimStation={station} actions={actions} />
                  ))}
                </div>
              )}
            </section>
          ))}
        </main>
        <aside className="side" aria-label="All-day counts and sound">
          <AllDayPanel counts={counts} station={station} />
          <SoundPanel services={services} />
        </aside>
      </div>

      <footer className="bottombar">
        <p className="keys" aria-label="Keyboard">
          <kbd>0–9</kbd> ticket number · <kbd>Enter</kbd> bump · <kbd>R</kbd> recall · <kbd>← ↑ ↓ →</kbd> move · <kbd>Esc</kbd> clear
          {typed && <span className={unknown ? 'typed typed-unknown' : 'typed'}>#{typed}{unknown ? ' — no such ticket' : ''}</span>}
        </p>
        <div className="notice" role="status" aria-live="polite">
          {load.phase === 'error' && (
            <span className="notice-error">
              Could not load the tickets ({load.message}).{' '}
              <button type="button" className="button" onClick={() => void services.refresh()}>
                Try again
              </button>
            </span>
          )}
          {toast ? (
            <span className={toast.tone === 'error' ? 'notice-error' : undefined}>
              {toast.text}{' '}
              {toast.undo && (
                <button type="button" className="button" onClick={() => (toast.undo?.(), setToast(null))}>
                  Undo
                </button>
              )}
            </span>
          ) : (
            latestNotice && <span className={latestNotice.kind === 'refused' ? 'notice-error' : undefined}>{latestNotice.text}</span>
          )}
          {unsent > 0 && (
            <button type="button" className="button" onClick={() => actions.recall()}>
              Recall last bump
            </button>
          )}
        </div>
      </footer>
      {cancelling && <CancelDialog ticket={cancelling} onClose={() => setCancelling(null)} onConfirm={(reason) => void confirmCancel(cancelling, reason)} />}
    </div>
  );
}
