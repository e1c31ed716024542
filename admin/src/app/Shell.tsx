import type { ReactNode } from 'react';
import type { Session } from '@canteen/client';
import { NAV } from './nav.ts';
import { useOnline } from './hooks.ts';
import { href, onLinkClick } from './router.ts';
import { client, sessions } from './services.ts';

export function Shell({ path, user, children }: { path: string; user: Session['user']; children: ReactNode }) {
  const online = useOnline();
  const signOut = () => void client.logout().catch(() => sessions.set(null));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <p className="brand">
          Canteen <span>admin</span>
        </p>
        <nav aria-label="Admin pages">
          <ul>
            {NAV.map((item) => (
              <li key={item.path}>
                <a href={href(item.path)} onClick={onLinkClick} aria-current={path === item.path ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-foot">
          <p className="who">
            <span className="who-name">{user.fullName}</span>
            <span className="who-mail">{user.email}</span>
          </p>
          <button type="button" className="btn btn-block" onClick={signOut}>
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" className="content" tabIndex={-1}>
        {!online && (
          <div className="banner warn" role="status">
            <span className="icon" aria-hidden="true">⚠</span>
            <div>You're offline. What is on screen may be out of date, and changes cannot be saved until the connection is back.</div>
          </div>
        )}
        {children}
      </main>
    </div>
  );
}
