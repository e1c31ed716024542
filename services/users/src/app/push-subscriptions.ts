import type { PushSubscriptionInput } from '@canteen/contracts';
import { conflict, validationFailed } from '@canteen/service-kit';
import type { UsersDeps } from './deps.ts';

/**
 * Keeps a browser's push subscription for the caller. Only a real push service's address is
 * accepted (the BFF will POST to it), a user keeps at most `maxPushSubscriptions` (the oldest
 * go: a browser that renewed its subscription left the old one dead), and an endpoint that
 * belongs to another account is never moved to the caller.
 */
export async function subscribePush(deps: UsersDeps, userId: number, input: PushSubscriptionInput): Promise<void> {
  const refusal = deps.pushEndpoints.refusal(input.endpoint);
  if (refusal) throw validationFailed([{ path: 'endpoint', message: refusal }]);
  const outcome = await deps.store.savePushSubscription(
    {
      userId,
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      expirationTime: input.expirationTime ?? null,
    },
    { maxPerUser: deps.maxPushSubscriptions },
  );
  if (outcome === 'taken') {
    throw conflict(
      'This push subscription belongs to another account: sign out there, or renew the subscription in this browser',
      'PUSH_SUBSCRIPTION_TAKEN',
    );
  }
}
