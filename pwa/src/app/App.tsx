import { Suspense, useEffect, useState } from 'react';
import { MenuScreen } from '../features/menu/MenuScreen.tsx';
import { useMenu } from '../features/menu/useMenu.ts';
import { cartCount, cartTotal } from '../features/cart/cart.ts';
import { unlockSoundOnFirstGesture } from '../features/notifications/ready-alert.ts';
import { useDexie, useOnline, useSession, useSessionKnown } from './hooks.ts';
import { afterFirstPaint } from './idle.ts';
import { onLinkClick, usePath } from './router.ts';
import { CartScreen, OrderScreen, OrdersScreen, ProfileScreen, QueuedScreen, ReceiptScreen, ScreenSkeleton, SettingsScreen, SignInScreen } from './screens.tsx';
import { formatMoney, hasStoredDb, live } from './services.ts';

// The outbox (with its repricing, and Dexie) and the push code serve a signed-in student: they
// load after the first screen has painted (sendQueuedOrders waits for it) or when first used.
// No database on this phone yet: no order can be waiting in it.
const sendQueuedOrders = async () => {
  if (await hasStoredDb()) await import('../features/checkout/place-order.ts').then((m) => m.sendQueuedOrders());
};
const signOut = () => import('../features/account/sign-out.ts').then((m) => m.signOut());

unlockSoundOnFirstGesture();

function Screen({ path, online }: { path: string; online: boolean }) {
  const menu = useMenu(online);
  const order = /^\/orders\/(\d+)$/.exec(path);
  const queued = /^\/orders\/queued\/([\w-]+)$/.exec(path);
  const receipt = /^\/orders\/(\d+)\/receipt$/.exec(path);
  if (receipt) return <ReceiptScreen orderId={Number(receipt[1])} />;
  if (order) return <OrderScreen id={Number(order[1])} />;
  if (queued) return <QueuedScreen queuedKey={queued[1]!} />;
  if (path === '/orders') return <OrdersScreen />;
  if (path === '/cart') return <CartScreen />;
  if (path === '/sign-in') return <SignInScreen />;
  if (path === '/settings') return <SettingsScreen />;
  if (path === '/profile') return <ProfileScreen />;
  return <MenuScreen menu={menu} online={online} />;
}

/** Drawn, not an emoji: cheap phones without a colour-emoji font would show a box. */
function PersonIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="currentColor">
      <circle cx="12" cy="8" r="4.2" />
      <path d="M3.5 21a8.5 8.5 0 0 1 17 0Z" />
    </svg>
  );
}

export function App({ updateReady, onUpdate }: { updateReady: boolean; onUpdate: () => void }) {
  const path = usePath();
  const online = useOnline();
  const session = useSession();
  const sessionKnown = useSessionKnown();
  // The cart bar: a first visit has no cart, and loads Dexie only when a dish goes in.
  const cart = useDexie((db) => db.cart.toArray(), [], { ifStored: true }) ?? [];
  const count = cartCount(cart);
  const [signingOut, setSigningOut] = useState(false);

  // Live updates for everyone (signed out: the public menu stream), started once the first
  // screen is up; a new person gets their own stream from a snapshot. Queued orders go out on
  // start, on sign-in and when back online.
  useEffect(() => {
    let stopped = false;
    void afterFirstPaint.then(() => {
      if (stopped) return;
      live.resetPosition();
      live.start();
    });
    if (session) void afterFirstPaint.then(sendQueuedOrders);
    return () => {
      stopped = true;
      live.stop();
    };
  }, [session?.user.id]);
  useEffect(() => {
    if (!online) return;
    live.reconnectNow();
    if (!session) return;
    void afterFirstPaint.then(sendQueuedOrders);
    // A queued order that met a busy server is tried again while the app is open.
    const timer = setInterval(() => void sendQueuedOrders(), 15_000);
    return () => clearInterval(timer);
  }, [online, session?.user.id]);

  const signOutHere = async () => {
    setSigningOut(true);
    await signOut();
    setSigningOut(false);
  };

  return (
    <div className="app">
      <header className={`topbar${session ? ' signed-in' : ''}`}>
        <a className="brand" href="/" onClick={onLinkClick}>
          <img src="/icons/icon-192.png" alt="" width={28} height={28} />
          <span className="brand-name">Canteen</span>
        </a>
        {session ? (
          <>
            <a className="icon-btn" href="/orders" onClick={onLinkClick} aria-current={path.startsWith('/orders') ? 'page' : undefined}>
              Orders
            </a>
            <a className="icon-btn" href="/profile" onClick={onLinkClick} aria-current={path === '/profile' || path === '/settings' ? 'page' : undefined} aria-label="Profile">
              <PersonIcon />
            </a>
            <button type="button" onClick={() => void signOutHere()} disabled={signingOut} aria-label={`Sign out ${session.user.fullName}`}>
              Sign out
            </button>
          </>
        ) : (
          sessionKnown &&
          path !== '/sign-in' && (
            <a className="icon-btn" href={`/sign-in?next=${encodeURIComponent(path)}`} onClick={onLinkClick}>
              Sign in
            </a>
          )
        )}
      </header>
      <main id="main">
        {!online && path !== '/' && path !== '/cart' && !path.startsWith('/orders/queued/') && (
          <div className="banner offline" role="status">
            <span className="icon" aria-hidden="true">☁</span>
            <div>
              <strong>You’re offline</strong>
              What you see may be a little old; orders wait on this phone and go out when you’re back.
            </div>
          </div>
        )}
        <Suspense fallback={<ScreenSkeleton />}>
          <Screen path={path} online={online} />
        </Suspense>
      </main>
      {path === '/' && count > 0 && (
        <div className="bottom-bar">
          <div className="bottom-bar-inner">
            <a className="cart-bar" href="/cart" onClick={onLinkClick}>
              <span>
                View cart · {count} {count === 1 ? 'item' : 'items'}
              </span>
              <span>{formatMoney(cartTotal(cart))}</span>
            </a>
          </div>
        </div>
      )}
      {updateReady && (
        <div className="banner info update" role="status">
          <span className="icon" aria-hidden="true">↻</span>
          <div>
            <strong>A new version is ready</strong>
            <div className="actions">
              <button type="button" className="btn btn-primary" onClick={onUpdate}>
                Reload
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
