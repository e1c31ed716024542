import { useEffect, useState } from 'react';
import type { Profile } from '@canteen/contracts';
import { useSession } from '../../app/hooks.ts';
import { onLinkClick } from '../../app/router.ts';
import { api } from '../../app/services.ts';
import { BellIcon } from '../notifications/NotificationSettings.tsx';
import { signOut } from './sign-out.ts';
import './profile.css';

/** Who is signed in, the way to the notification settings, and signing out (here or everywhere). */
export function ProfileScreen() {
  const session = useSession();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [busy, setBusy] = useState<'here' | 'everywhere' | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!session) return;
    let stopped = false;
    // The stored session names the person already; the server adds the phone number (and any change).
    api.profile().then(
      (fresh) => !stopped && setProfile(fresh),
      () => undefined,
    );
    return () => {
      stopped = true;
    };
  }, [session?.user.id]);

  if (!session) {
    return (
      <div className="profile">
        <h1 className="screen-title">Profile</h1>
        <div className="banner info" role="status">
          <div>
            <strong>You’re not signed in</strong>
            Sign in to order, see your orders and get notified when your food is ready.
            <div className="actions">
              <a className="btn btn-primary" href="/sign-in?next=%2Fprofile" onClick={onLinkClick}>
                Sign in
              </a>
            </div>
          </div>
        </div>
      </div>
    );
  }

  const leave = async (everywhere: boolean) => {
    setBusy(everywhere ? 'everywhere' : 'here');
    setError(null);
    try {
      await signOut({ everywhere });
    } catch {
      setError('Could not reach the canteen, so your other devices are still signed in. You are still signed in here too — try again when you’re online.');
      setBusy(null);
    }
  };
  const name = profile?.fullName ?? session.user.fullName;
  return (
    <div className="profile">
      <h1 className="screen-title">Profile</h1>
      <section className="card profile-card" aria-labelledby="profile-name">
        <span className="avatar" aria-hidden="true">
          {name.trim().charAt(0).toUpperCase() || '?'}
        </span>
        <div>
          <h2 id="profile-name">{name}</h2>
          <p className="muted">{profile?.email ?? session.user.email}</p>
          {profile?.phone && <p className="muted">{profile.phone}</p>}
        </div>
      </section>
      <nav aria-label="Your settings">
        <a className="card profile-link" href="/settings" onClick={onLinkClick}>
          <BellIcon />
          <span>
            <strong>Notification settings</strong>
            <span className="small muted">“Ready” on this phone, sound, install</span>
          </span>
          <span aria-hidden="true">›</span>
        </a>
      </nav>
      <section className="profile-leave" aria-label="Sign out">
        <button type="button" className="btn btn-secondary btn-block" disabled={busy !== null} onClick={() => void leave(false)}>
          {busy === 'here' ? 'Signing out…' : 'Sign out of this phone'}
        </button>
        <button type="button" className="btn btn-quiet btn-block" disabled={busy !== null} onClick={() => void leave(true)} aria-describedby="everywhere-note">
          {busy === 'everywhere' ? 'Signing out everywhere…' : 'Sign out on every device'}
        </button>
        <p id="everywhere-note" className="small muted">
          Every device where you’re signed in — a lost phone, a lab computer — has to sign in again.
        </p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </section>
    </div>
  );
}
