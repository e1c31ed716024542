import type { ReactNode } from 'react';
import { messageOf } from './errors.ts';

/** Grey rows in the shape of what is coming: the page is never blank while it loads. */
export function Skeleton({ rows = 5, label }: { rows?: number; label: string }) {
  return (
    <div className="skeleton" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-row" aria-hidden="true" />
      ))}
    </div>
  );
}

export function ErrorState({ error, what, onRetry }: { error: unknown; what?: string; onRetry?: () => void }) {
  return (
    <div className="banner error" role="alert">
      <span className="icon" aria-hidden="true">⚠</span>
      <div className="grow">{messageOf(error, what)}</div>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

export function Notice({ tone, children }: { tone: 'ok' | 'warn' | 'error' | 'info'; children: ReactNode }) {
  return (
    <div className={`banner ${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span className="icon" aria-hidden="true">{tone === 'ok' ? '✓' : tone === 'info' ? 'ℹ' : '⚠'}</span>
      <div className="grow">{children}</div>
    </div>
  );
}
