import { lazy, Suspense } from 'react';
import { AnalyticsScreen } from '../features/analytics/AnalyticsScreen.tsx';
import { LiveScreen } from '../features/live/LiveScreen.tsx';
import { Skeleton } from '../ui/states.tsx';
import { useSession } from './hooks.ts';
import { useLocation } from './router.ts';
import { Shell } from './Shell.tsx';
import { SignInScreen } from './SignInScreen.tsx';

const MenuScreen = lazy(() => import('../features/menu/MenuScreen.tsx').then((m) => ({ default: m.MenuScreen })));
const PeopleScreen = lazy(() => import('../features/people/PeopleScreen.tsx').then((m) => ({ default: m.PeopleScreen })));
const OrdersScreen = lazy(() => import('../features/orders/OrdersScreen.tsx').then((m) => ({ default: m.OrdersScreen })));

function Screen({ path }: { path: string }) {
  switch (path) {
    case '/':
      return <AnalyticsScreen />;
    case '/live':
      return <LiveScreen />;
    case '/menu':
      return <MenuScreen />;
    case '/people':
      return <PeopleScreen />;
    case '/orders':
      return <OrdersScreen />;
    default:
      return (
        <section>
          <h1>Page not found</h1>
          <p>There is no admin page at this address. Pick one from the menu on the left.</p>
        </section>
      );
  }
}

export function App() {
  const session = useSession();
  const { path } = useLocation();
  // A session from before a role change (or another tab's) that is not an admin's does not get in.
  if (!session || session.user.role !== 'ADMIN') return <SignInScreen refusedRole={session ? session.user.role : undefined} />;
  return (
    <Shell path={path} user={session.user}>
      <Suspense fallback={<Skeleton label="Loading the page…" rows={8} />}>
        <Screen path={path} />
      </Suspense>
    </Shell>
  );
}
