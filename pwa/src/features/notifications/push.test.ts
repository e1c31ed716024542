import { describe, expect, it } from 'vitest';
import { ConflictError, ServerError } from '@canteen/client';
import { disablePush, enablePush, forgetPushOnSignOut, keyBytes, pushState, PushSetupError, type PushApi, type PushEnv, type SubscriptionLike } from './push.ts';

// A P-256 public key as the BFF serves it (base64url, 65 bytes uncompressed).
const VAPID = 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VZ8JEZh4ClJ_8sOsTf6MUgChx3Nqsq2VJwo';

/**
 * The browser's side: a permission prompt scripted by `answer`, and a push manager that hands
 * out endpoints like a push service (a new one per subscribe, gone after unsubscribe).
 */
function fakeBrowser(answer: NotificationPermission = 'granted', subscribeFails = false) {
  let permission: NotificationPermission = 'default';
  let current: SubscriptionLike | null = null;
  let next = 1;
  let owner: string | null = null;
  const asked: number[] = [];
  const env: PushEnv = {
    supported: true,
    permission: () => permission,
    requestPermission: async () => {
      asked.push(1);
      permission = answer;
      return permission;
    },
    pushManager: async () => ({
      getSubscription: async () => current,
      subscribe: async (options) => {
        if (subscribeFails) throw new Error('Registration failed - push service not available');
        expect(options.applicationServerKey).toEqual(keyBytes(VAPID));
        const endpoint = `https://push.example/send/${next++}`;
        const subscription: SubscriptionLike = {
          endpoint,
          toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: 'p256dh-key-of-' + endpoint, auth: 'auth-secret' } }),
          unsubscribe: async () => ((current = current?.endpoint === endpoint ? null : current), true),
        };
        current = subscription;
        return subscription;
      },
    }),
    owner: { get: () => owner, set: (userId) => (owner = userId) },
  };
  return { env, asked, current: () => current };
}

/** The BFF's push routes as they behave: an endpoint belongs to one account at a time. */
function fakeBff() {
  const owners = new Map<string, string>();
  const as = (userId: string): PushApi => ({
    pushPublicKey: async () => VAPID,
    subscribePush: async (subscription) => {
      const owner = owners.get(subscription.endpoint);
      if (owner && owner !== userId) throw new ConflictError(409, 'PUSH_SUBSCRIPTION_TAKEN', 'belongs to another account');
      owners.set(subscription.endpoint, userId);
      return { endpoint: subscription.endpoint, subscribed: true };
    },
    unsubscribePush: async (endpoint) => {
      if (owners.get(endpoint) === userId) owners.delete(endpoint);
    },
  });
  return { owners, as };
}

describe('push notification settings', () => {
  it('when nothing was tapped yet, then the state is off and the browser was never asked', async () => {
    const browser = fakeBrowser();
    expect(await pushState(browser.env, '7')).toBe('off');
    expect(browser.asked).toHaveLength(0);
  });

  it('when the student turns it on and allows, then the subscription is kept for them at the BFF and the state is on', async () => {
    const browser = fakeBrowser('granted');
    const bff = fakeBff();
    expect(await enablePush(browser.env, bff.as('7'), '7')).toBe('on');
    expect(browser.asked).toHaveLength(1);
    expect([...bff.owners]).toEqual([[browser.current()!.endpoint, '7']]);
    expect(await pushState(browser.env, '7')).toBe('on');
    // Another account signed in on this phone does not see this student's subscription as its own.
    expect(await pushState(browser.env, '8')).toBe('off');
  });

  it('when the student blocks the permission, then the state is blocked and nothing is subscribed', async () => {
    const browser = fakeBrowser('denied');
    const bff = fakeBff();
    expect(await enablePush(browser.env, bff.as('7'), '7')).toBe('blocked');
    expect(await pushState(browser.env, '7')).toBe('blocked');
    expect(bff.owners.size).toBe(0);
    expect(browser.current()).toBeNull();
  });

  it('when the question is closed without an answer, then it stays off', async () => {
    const browser = fakeBrowser('default');
    expect(await enablePush(browser.env, fakeBff().as('7'), '7')).toBe('off');
  });

  it('when the endpoint belongs to another account (409 PUSH_SUBSCRIPTION_TAKEN), then the browser subscribes again and the new endpoint is kept', async () => {
    const browser = fakeBrowser('granted');
    const bff = fakeBff();
    await enablePush(browser.env, bff.as('7'), '7');
    const first = browser.current()!.endpoint;
    // Student 7 left without signing out properly; student 8 turns notifications on here.
    expect(await enablePush(browser.env, bff.as('8'), '8')).toBe('on');
    const second = browser.current()!.endpoint;
    expect(second).not.toBe(first);
    expect(bff.owners.get(second)).toBe('8');
  });

  it('when the push service cannot be reached, then it says so in words and nothing is kept', async () => {
    const browser = fakeBrowser('granted', true);
    const bff = fakeBff();
    const attempt = enablePush(browser.env, bff.as('7'), '7');
    await expect(attempt).rejects.toBeInstanceOf(PushSetupError);
    await expect(attempt).rejects.toThrow(/could not reach its push service/);
    expect(bff.owners.size).toBe(0);
    expect(await pushState(browser.env, '7')).toBe('off');
  });

  it('when the BFF has no VAPID key, then it says the canteen cannot send notifications', async () => {
    const browser = fakeBrowser('granted');
    const api: PushApi = { ...fakeBff().as('7'), pushPublicKey: () => Promise.reject(new ServerError(503, 'PUSH_DISABLED', 'Web Push is not configured')) };
    await expect(enablePush(browser.env, api, '7')).rejects.toThrow(/cannot send notifications right now/);
  });

  it('when the student turns it off, then the BFF forgets the endpoint and the browser unsubscribes', async () => {
    const browser = fakeBrowser('granted');
    const bff = fakeBff();
    await enablePush(browser.env, bff.as('7'), '7');
    expect(await disablePush(browser.env, bff.as('7'))).toBe('off');
    expect(bff.owners.size).toBe(0);
    expect(browser.current()).toBeNull();
    expect(await pushState(browser.env, '7')).toBe('off');
  });

  it('when the student signs out, then the endpoint leaves the account even if the browser keeps failing later', async () => {
    const browser = fakeBrowser('granted');
    const bff = fakeBff();
    await enablePush(browser.env, bff.as('7'), '7');
    await forgetPushOnSignOut(browser.env, bff.as('7'));
    expect(bff.owners.size).toBe(0);
    expect(browser.current()).toBeNull();
  });

  it('when the BFF cannot be reached at sign-out, then sign-out still unsubscribes the browser', async () => {
    const browser = fakeBrowser('granted');
    const bff = fakeBff();
    await enablePush(browser.env, bff.as('7'), '7');
    await forgetPushOnSignOut(browser.env, { ...bff.as('7'), unsubscribePush: () => Promise.reject(new Error('offline')) });
    expect(browser.current()).toBeNull();
  });
});
