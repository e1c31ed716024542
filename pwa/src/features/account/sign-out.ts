import { api, live } from '../../app/services.ts';
import { navigate } from '../../app/router.ts';
import { browserPushEnv, forgetPushOnSignOut } from '../notifications/push.ts';

/** Sign-out waits this long at most for the push subscription to be forgotten. */
const FORGET_PUSH_MS = 3000;

/**
 * Signs the student out of this phone, or (`everywhere`) out of every device. This phone's push
 * subscription goes first, while the token still works: the next person on the phone must not
 * get this student's "ready". Everywhere needs the server: when it cannot be told, this throws
 * and the student stays signed in here (saying "done" would leave the other devices signed in).
 */
export async function signOut({ everywhere = false }: { everywhere?: boolean } = {}): Promise<void> {
  live.stop();
  await Promise.race([
    forgetPushOnSignOut(browserPushEnv(), api).catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, FORGET_PUSH_MS)),
  ]);
  try {
    if (everywhere) await api.logout({ everywhere: true });
    else await api.logout().catch(() => undefined);
  } catch (err) {
    live.start();
    throw err;
  }
  navigate('/');
}
