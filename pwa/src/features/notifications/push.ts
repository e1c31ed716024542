import { ConflictError, type BffClient } from '@canteen/client';
import type { PushSubscriptionInput } from '@canteen/contracts';

/**
 * "Notify me when my food is ready": this browser's Web Push subscription, kept for the
 * signed-in account at the BFF. The browser parts come in through `PushEnv`, so the decisions
 * (when to ask, what a refusal means, a subscription another account holds) are tested
 * without a push service, which no test machine here can reach.
 */
export type PushState = 'unsupported' | 'blocked' | 'off' | 'on';

export interface SubscriptionLike {
  endpoint: string;
  toJSON(): unknown;
  unsubscribe(): Promise<boolean>;
}
export interface PushManagerLike {
  getSubscription(): Promise<SubscriptionLike | null>;
  subscribe(options: { userVisibleOnly: true; applicationServerKey: Uint8Array<ArrayBuffer> }): Promise<SubscriptionLike>;
}
export interface PushEnv {
  supported: boolean;
  permission(): NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  pushManager(): Promise<PushManagerLike>;
  /** Which account this browser's endpoint was given to, so another account never reads it as "on". */
  owner: { get(): string | null; set(userId: string | null): void };
}
export type PushApi = Pick<BffClient, 'pushPublicKey' | 'subscribePush' | 'unsubscribePush'>;

/** Why turning notifications on did not work, in words for the student. */
export class PushSetupError extends Error {
  override readonly name = 'PushSetupError';
}

/** VAPID keys travel as base64url; `applicationServerKey` wants the bytes. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function pushState(env: PushEnv, userId: string): Promise<PushState> {
  if (!env.supported) return 'unsupported';
  const permission = env.permission();
  if (permission === 'denied') return 'blocked';
  if (permission !== 'granted') return 'off';
  const subscription = await (await env.pushManager()).getSubscription();
  return subscription && env.owner.get() === userId ? 'on' : 'off';
}

/** Asks for permission (only ever from a tap), subscribes and hands the subscription to the BFF. */
export async function enablePush(env: PushEnv, api: PushApi, userId: string): Promise<PushState> {
  if (!env.supported) return 'unsupported';
  const permission = env.permission() === 'granted' ? 'granted' : await env.requestPermission();
  if (permission === 'denied') return 'blocked';
  if (permission !== 'granted') return 'off'; // the question was closed without an answer
  let publicKey: string;
  try {
    publicKey = await api.pushPublicKey();
  } catch (err) {
    throw new PushSetupError(`The canteen cannot send notifications right now (${err instanceof Error ? err.message : 'no key'}).`);
  }
  const manager = await env.pushManager();
  const subscribe = async () => {
    try {
      return await manager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
    } catch (err) {
      throw new PushSetupError(`This browser could not reach its push service (${err instanceof Error ? err.message : 'unknown error'}). Try again later.`);
    }
  };
  let subscription = (await manager.getSubscription()) ?? (await subscribe());
  try {
    await api.subscribePush(subscription.toJSON() as PushSubscriptionInput);
  } catch (err) {
    if (!(err instanceof ConflictError && err.code === 'PUSH_SUBSCRIPTION_TAKEN')) throw err;
    // Another account signed in here kept this endpoint (it signed out offline, say): a fresh
    // endpoint is this account's alone, and the old one dies with the unsubscribe.
    await subscription.unsubscribe();
    subscription = await subscribe();
    await api.subscribePush(subscription.toJSON() as PushSubscriptionInput);
  }
  env.owner.set(userId);
  return 'on';
}

/** Forgets the subscription at the BFF and in the browser: no more notifications here. */
export async function disablePush(env: PushEnv, api: PushApi): Promise<PushState> {
  if (!env.supported) return 'unsupported';
  const subscription = await (await env.pushManager()).getSubscription();
  if (subscription) {
    await api.unsubscribePush(subscription.endpoint);
    await subscription.unsubscribe();
  }
  env.owner.set(null);
  return env.permission() === 'denied' ? 'blocked' : 'off';
}

/**
 * On sign-out, while the token still works: the next person on this phone must not get this
 * student's "ready". Best effort — if the BFF cannot be told, the browser's endpoint still goes,
 * so the server's copy dies at the push service (and a later subscribe gets a new endpoint).
 */
export async function forgetPushOnSignOut(env: PushEnv, api: PushApi): Promise<void> {
  if (!env.supported || env.permission() !== 'granted') return;
  const subscription = await (await env.pushManager()).getSubscription();
  env.owner.set(null);
  if (!subscription) return;
  await api.unsubscribePush(subscription.endpoint).catch(() => undefined);
  await subscription.unsubscribe().catch(() => false);
}

const OWNER_KEY = 'canteen.push.owner';

/** The real browser. */
export function browserPushEnv(): PushEnv {
  const supported = typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  return {
    supported,
    permission: () => Notification.permission,
    requestPermission: () => Notification.requestPermission(),
    // Not `serviceWorker.ready` alone: with no worker registered at all it never settles.
    pushManager: async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      if (!registration) throw new PushSetupError('The app is still being installed on this phone; try again in a moment.');
      return (registration.active ? registration : await navigator.serviceWorker.ready).pushManager as unknown as PushManagerLike;
    },
    owner: {
      get: () => localStorage.getItem(OWNER_KEY),
      set: (userId) => (userId === null ? localStorage.removeItem(OWNER_KEY) : localStorage.setItem(OWNER_KEY, userId)),
    },
  };
}
