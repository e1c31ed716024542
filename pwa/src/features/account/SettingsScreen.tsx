import { useSession } from '../../app/hooks.ts';
import { onLinkClick } from '../../app/router.ts';
import { InstallButton } from '../install/InstallButton.tsx';
import { BellIcon, NotificationSettings } from '../notifications/NotificationSettings.tsx';
import { playReadyChime, unlockSound } from '../notifications/ready-alert.ts';
import '../notifications/notifications.css';

/** Account and notification settings: who is signed in, push on or off, the ready sound. */
export function SettingsScreen() {
  const session = useSession();
  if (!session) {
    return (
      <div className="settings">
        <h1 className="screen-title">Settings</h1>
        <div className="banner info" role="status">
          <BellIcon />
          <div>
            <strong>Sign in to get notified</strong>
            Notifications go to your account’s orders.
            <div className="actions">
              <a className="btn btn-primary" href="/sign-in?next=%2Fsettings" onClick={onLinkClick}>
                Sign in
              </a>
            </div>
          </div>
        </div>
        <InstallButton />
      </div>
    );
  }
  return (
    <div className="settings">
      <h1 className="screen-title">Settings</h1>
      <section className="card settings-account" aria-labelledby="account-title">
        <h2 id="account-title" className="visually-hidden">
          Account
        </h2>
        <p>
          <strong>{session.user.fullName}</strong>
        </p>
        <p className="small muted">{session.user.email}</p>
      </section>
      <NotificationSettings />
      <section className="card sound-note" aria-labelledby="sound-title">
        <div>
          <h2 id="sound-title" className="small">
            Ready sound
          </h2>
          <p className="small muted">Plays while the app is open, with a vibration.</p>
        </div>
        <button type="button" className="btn btn-secondary" onClick={() => void unlockSound().then(() => playReadyChime())}>
          Play it
        </button>
      </section>
      <InstallButton />
    </div>
  );
}
