import { useState } from 'react';
import { ApiError, NetworkError } from '@canteen/client';
import { Notice } from '../ui/states.tsx';
import { client, sessions } from './services.ts';

const ROLE_NAMES: Record<string, string> = { CUSTOMER: 'a student (CUSTOMER)', STAFF: 'kitchen staff (STAFF)', ADMIN: 'an admin' };

function messageOf(err: unknown): string {
  if (err instanceof NetworkError) return 'The server cannot be reached. Check the connection and try again.';
  if (err instanceof ApiError && err.status === 401) return 'That email and password do not match an account.';
  if (err instanceof ApiError && err.status === 429) return 'Too many tries. Wait a minute and try again.';
  if (err instanceof ApiError && err.status === 400) return err.message;
  return 'Signing in did not work. Please try again.';
}

/** Only an ADMIN gets in; anyone else is told which role they have and where their app is. */
export function SignInScreen({ refusedRole }: { refusedRole?: string | undefined }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(refusedRole ?? null);

  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    setRefused(null);
    try {
      const session = await client.login(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
      if (session.user.role !== 'ADMIN') {
        // Not kept: a non-admin's session has no business in this tab. Ended at the server too.
        await client.logout().catch(() => sessions.set(null));
        setRefused(session.user.role);
      }
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <div className="card signin-card">
        <p className="brand-mark" aria-hidden="true">
          Canteen
        </p>
        <h1>Admin sign-in</h1>
        <p className="muted">For the canteen's managers: menu, people, orders and the day's numbers.</p>
        <form onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor="email">Email</label>
            <input id="email" name="email" type="email" autoComplete="username" required />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
          {refused && (
            <Notice tone="error">
                This account is {ROLE_NAMES[refused] ?? refused}, not an admin, so it cannot use the admin panel.{' '}
                {refused === 'STAFF' ? (
                  <>
                    The kitchen display is at <a href="/kitchen">/kitchen</a>.
                  </>
                ) : (
                  <>
                    The student app is at <a href="/">the canteen's home page</a>.
                  </>
                )}{' '}
                Ask an admin if you need more.
            </Notice>
          )}
          {error && <Notice tone="error">{error}</Notice>}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
