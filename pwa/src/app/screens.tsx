import { lazy, type ComponentType } from 'react';

/**
 * The screens a first visit does not open. Each is its own chunk, fetched when the student goes
 * there (from the service worker's precache once it is installed, so also offline): the menu's
 * first load parses and runs only the menu. The names match the screens' own exports, so App
 * uses them as if they were imported directly; `<Suspense>` in App shows a skeleton meanwhile.
 */
function screen<K extends string, P extends object>(load: () => Promise<Record<K, ComponentType<P>>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

export const CartScreen = screen(() => import('../features/cart/CartScreen.tsx'), 'CartScreen');
export const OrderScreen = screen(() => import('../features/orders/OrderScreen.tsx'), 'OrderScreen');
export const OrdersScreen = screen(() => import('../features/orders/OrdersScreen.tsx'), 'OrdersScreen');
export const QueuedScreen = screen(() => import('../features/orders/QueuedScreen.tsx'), 'QueuedScreen');
export const SignInScreen = screen(() => import('../features/account/SignInScreen.tsx'), 'SignInScreen');
export const SettingsScreen = screen(() => import('../features/account/SettingsScreen.tsx'), 'SettingsScreen');
export const ProfileScreen = screen(() => import('../features/account/ProfileScreen.tsx'), 'ProfileScreen');
export const ReceiptScreen = screen(() => import('../features/receipt/ReceiptScreen.tsx'), 'ReceiptScreen');

/** What a lazy screen shows while its chunk arrives: the shape of a screen, and words for a screen reader. */
export function ScreenSkeleton() {
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="visually-hidden">Loading…</p>
      <div className="skeleton" style={{ height: 32, width: '55%', marginBottom: 16 }} />
      <div className="skeleton" style={{ height: 120, borderRadius: 16, marginBottom: 12 }} />
      <div className="skeleton" style={{ height: 120, borderRadius: 16 }} />
    </div>
  );
}
