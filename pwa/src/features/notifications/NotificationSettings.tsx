import { useEffect, useState } from 'react';
import { useSession } from '../../app/hooks.ts';
import { api } from '../../app/services.ts';
import { browserPushEnv, disablePush, enablePush, pushState, PushSetupError, type PushState } from './push.ts';
import './notifications.css';

const env = browserPushEnv();

const EXPLAIN: Record<PushState, string> = {
  on: 'On — this phone gets a notification with your number when your order is ready, even with the app closed.',
  off: 'Off — you only hear and see “ready” while the app is open.',
  blocked:
    'Blocked by your browser. To allow: tap the lock or ⓘ next to the address, then Permissions → Notifications → Allow, and come back here.',
  unsupported:
    'This browser cannot show notifications from websites. On an iPhone, add the app to your Home Screen first. While the app is open you still hear and feel when it is ready.',
};

/** Drawn, not an emoji: cheap phones without a colour-emoji font show a box instead. */
export function BellIcon() {
  return (
    <svg className="notify-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}

/** "Notify me when my food is ready": asks the browser only when the student taps it. */
export function NotificationSettings() {
  const session = useSession();
  const userId = session ? String(session.user.id) : null;
  const [state, setState] = useState<PushState | 'checking'>('checking');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!userId) return;
    let stale = false;
    void pushState(env, userId).then(
      (value) => !stale && setState(value),
      () => !stale && setState('off'),
    );
    return () => {
      stale = true;
    };
  }, [userId]);

  if (!userId) return null;
  const on = state === 'on';
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      setState(on ? await disablePush(env, api) : await enablePush(env, api, userId));
    } catch (err) {
      setError(
        err instanceof PushSetupError
          ? err.message
          : `That did not work: ${err instanceof Error ? err.message : 'unknown error'}. Check your connection and try again.`,
      );
      setState(await pushState(env, userId).catch(() => 'off' as const));
    } finally {
      setBusy(false);
    }
  };
  const disabled = busy || state === 'checking' || state === 'blocked' || state === 'unsupported';

  return (
    <section className="card notify" aria-labelledby="notify-title">
      <div className="notify-row">
        <BellIcon />
        <h2 id="notify-title">Notify me when my food is ready</h2>
        <button
          type="button"
          role="switch"
          aria-checked={on}
          aria-labelledby="notify-title"
          aria-describedby="notify-state"
          className={`switch${on ? ' is-on' : ''}`}
          disabled={disabled}
          onClick={() => void toggle()}
        >
          <span className="switch-word">{on ? 'On' : 'Off'}</span>
        </button>
      </div>
      <p id="notify-state" className="small" role="status">
        {busy ? (on ? 'Turning off…' : 'Turning on… your browser may ask you to allow notifications.') : state === 'checking' ? 'Checking…' : EXPLAIN[state]}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
