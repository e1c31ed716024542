import type { Logger, PushEndpointPolicy, RevocationList, TokenSigner } from '@canteen/service-kit';
import type { UserStore } from '../store/user.store.ts';
import type { LoginThrottle } from './login-throttle.ts';

/** What the use cases need, injected so tests can hand in a fixed clock. */
export interface UsersDeps {
  store: UserStore;
  signer: TokenSigner;
  throttle: LoginThrottle;
  logger: Logger;
  refreshTtlSeconds: number;
  /** A session's absolute lifetime from sign-in, however often it is refreshed. */
  sessionMaxSeconds: number;
  now: () => Date;
  /** Which push endpoints a subscription may name. */
  pushEndpoints: PushEndpointPolicy;
  maxPushSubscriptions: number;
  /** This service's own view of revoked tokens (its verifier consults it). */
  revocations: RevocationList;
  /** Called after a transaction that wrote outbox rows committed: the relay publishes them now. */
  afterCommit: () => void;
}
