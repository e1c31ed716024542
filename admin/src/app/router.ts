import { useSyncExternalStore } from 'react';

/** The panel lives under /admin; screens use paths relative to it ('/', '/menu', …). */
export const BASE = '/admin';
const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((fn) => fn()));

export const href = (to: string): string => `${BASE}${to === '/' ? '/' : to}`;

export function navigate(to: string, replace = false): void {
  const target = href(to);
  if (target === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  listeners.forEach((fn) => fn());
}

/** The path inside the panel ('/', '/menu', …) and its query. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const key = useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    () => location.pathname + location.search,
  );
  const url = new URL(key, location.origin);
  const inner = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : url.pathname;
  return { path: inner.replace(/\/$/, '') || '/', search: url.searchParams };
}

/** Link clicks stay in the app (no reload); modified clicks open a tab as usual. */
export function onLinkClick(event: React.MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const target = event.currentTarget.getAttribute('href') ?? BASE;
  navigate(target.startsWith(BASE) ? target.slice(BASE.length) || '/' : target);
}
