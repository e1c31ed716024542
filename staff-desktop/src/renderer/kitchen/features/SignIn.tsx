import { NetworkError, UnauthorizedError, ValidationError } from '@canteen/client';
import { useState, type FormEvent } from 'react';
import type { KitchenServices } from '../app/services.ts';

function messageOf(err: unknown, where: string): string {
  if (err instanceof UnauthorizedError || err instanceof ValidationError) return 'That email and password do not match a staff account. Check them and try again.';
  if (err instanceof NetworkError) return `Cannot reach the canteen server${where ? ` at ${where}` : ''}. Check the network and try again.`;
  return err instanceof Error ? err.message : 'Signing in failed. Try again.';
}

/** Staff and admins only: a student account is signed out again at once, with the reason. */
export function SignIn({ services }: { services: KitchenServices }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // The role is checked before the session is kept: a student never sees a ticket.
      const session = await services.api.login(email.trim(), password);
      if (session.user.role === 'CUSTOMER') {
        await services.api.logout().catch(() => undefined);
        setError('This is a student account. The kitchen display needs a staff or admin account.');
      }
    } catch (err) {
      setError(messageOf(err, services.base));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Kitchen display</h1>
        <p className="muted">Sign in with a staff account to see the live tickets.</p>
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
