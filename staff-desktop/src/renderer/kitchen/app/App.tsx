import { useEffect } from 'react';
import { KitchenScreen } from '../features/KitchenScreen.tsx';
import { SignIn } from '../features/SignIn.tsx';
import { useSession } from './hooks.ts';
import type { KitchenServices } from './services.ts';

/** Signed in as staff: the tickets, live. Otherwise the sign-in form. */
export function App({ services }: { services: KitchenServices }) {
  const session = useSession(services);
  const staff = session !== null && session.user.role !== 'CUSTOMER';
  useEffect(() => {
    if (!staff) return;
    const { live, bumps, refresh } = services;
    void refresh();
    live.start();
    void bumps.start();
    // A fresh snapshot now and then besides the stream, so that nothing stale can linger.
    const safety = setInterval(() => void refresh(), 30_000);
    const back = () => {
      live.reconnectNow();
      void bumps.flush();
    };
    window.addEventListener('online', back);
    return () => {
      clearInterval(safety);
      window.removeEventListener('online', back);
      live.stop();
      live.resetPosition();
      bumps.stop();
    };
  }, [services, staff]);
  return staff ? <KitchenScreen services={services} /> : <SignIn services={services} />;
}
