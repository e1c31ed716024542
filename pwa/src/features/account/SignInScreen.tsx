import { useState } from 'react';
import { ApiError, NetworkError, ValidationError } from '@canteen/client';
import { navigate } from '../../app/router.ts';
import { api } from '../../app/services.ts';
import { sendQueuedOrders } from '../checkout/place-order.ts';

type Mode = 'sign-in' | 'sign-up';

function messageOf(err: unknown, mode: Mode): string {
  if (err instanceof NetworkError) return 'You seem to be offline. Signing in needs the network — try again when you’re connected.';
  if (err instanceof ValidationError) return err.message;
  if (err instanceof ApiError && err.status === 401) return 'That email and password do not match an account.';
  if (err instanceof ApiError && err.status === 409) return 'There is already an account with that email. Sign in instead.';
  if (err instanceof ApiError && err.status === 429) return 'Too many tries. Wait a minute and try again.';
  return mode === 'sign-in' ? 'Signing in did not work. Please try again.' : 'The account could not be created. Please try again.';
}

export function SignInScreen() {
  const [mode, setMode] = useState<Mode>('sign-in');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = new URLSearchParams(location.search).get('next');

  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    setBusy(true);
    setError(null);
    try {
      if (mode === 'sign-in') await api.login(email, password);
      else await api.register({ email, password, fullName: String(form.get('fullName') ?? '') });
      // The live stream follows the session (App restarts it from a snapshot for the new
      // person); orders that waited for this sign-in (a 401) go out now.
      void sendQueuedOrders();
      navigate(next?.startsWith('/') ? next : '/', true);
    } catch (err) {
      setError(messageOf(err, mode));
      setBusy(false);
    }
  };

  return (
    <div className="card auth">
      <h1 className="screen-title">{mode === 'sign-in' ? 'Sign in' : 'Create your account'}</h1>
      <p className="muted small" style={{ marginBottom: 16 }}>
        {mode === 'sign-in' ? 'Sign in to order and follow your number live.' : 'One minute, then you can order.'}
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate={false}>
        {mode === 'sign-up' && (
          <div className="field">
            <label htmlFor="fullName">Your name</label>
            <input id="fullName" name="fullName" autoComplete="name" required maxLength={100} />
          </div>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" inputMode="email" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            required
            minLength={mode === 'sign-up' ? 8 : 1}
            aria-describedby={mode === 'sign-up' ? 'password-hint' : undefined}
          />
          {mode === 'sign-up' && (
            <span id="password-hint" className="hint">
              At least 8 characters.
            </span>
          )}
        </div>
        {error && (
          <div className="banner error" role="alert">
            <span className="icon" aria-hidden="true">⚠</span>
            <div>{error}</div>
          </div>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'One moment…' : mode === 'sign-in' ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <p className="switch-mode">
        {mode === 'sign-in' ? 'New here?' : 'Have an account?'}{' '}
        <button type="button" className="btn btn-quiet" onClick={() => (setMode(mode === 'sign-in' ? 'sign-up' : 'sign-in'), setError(null))}>
          {mode === 'sign-in' ? 'Create an account' : 'Sign in instead'}
        </button>
      </p>
    </div>
  );
}
