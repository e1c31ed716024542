import type { Role } from '@canteen/contracts';
import type { NewOutboxEvent, OutboxStore } from '@canteen/service-kit';

export interface UserRecord {
  id: number;
  email: string;
  fullName: string;
  phone: string | null;
  role: Role;
  active: boolean;
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
  /** Access tokens of this user issued before this moment (epoch seconds) are refused. */
  tokensNotBefore: number;
}

export interface NewUser {
  email: string;
  fullName: string;
  phone: string | null;
  role: Role;
  passwordHash: string;
}

export interface UserPatch {
  fullName?: string;
  phone?: string | null;
  role?: Role;
  active?: boolean;
  passwordHash?: string;
}

export interface UserQuery {
  limit: number;
  offset: number;
  role?: Role;
  /** Matches email or full name, case-insensitively. */
  q?: string;
}

export interface RefreshTokenRecord {
  id: string;
  familyId: string;
  userId: number;
  tokenHash: string;
  expiresAt: Date;
  /** When the session (the family) ends whatever its refreshes: its absolute lifetime. */
  sessionExpiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export type NewRefreshToken = Omit<RefreshTokenRecord, 'usedAt' | 'revokedAt'>;

/** The outcome of presenting a refresh token once. */
export type RefreshUse =
  | { kind: 'ok'; token: RefreshTokenRecord }
  | { kind: 'unknown' }
  /** Already used or revoked: a stolen copy is being replayed, or the family was logged out. */
  | { kind: 'reused'; token: RefreshTokenRecord };

export interface PushSubscriptionRecord {
  userId: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  expirationTime: number | null;
  createdAt: Date;
}

export class DuplicateEmailError extends Error {
  constructor() {
    super('Email already exists');
  }
}

/**
 * The users service's store port. Every adapter passes `test/store/user-store.contract.ts`.
 */
export interface UserStore {
  /** Creates the schema or brings it up to date; safe to run from several replicas at once. */
  migrate(): Promise<void>;
  createUser(user: NewUser): Promise<UserRecord>;
  findUserByEmail(email: string): Promise<UserRecord | undefined>;
  findUserById(id: number): Promise<UserRecord | undefined>;
  listUsers(query: UserQuery): Promise<{ users: UserRecord[]; total: number }>;
  updateUser(id: number, patch: UserPatch): Promise<UserRecord | undefined>;
  countUsers(): Promise<number>;

  insertRefreshToken(token: NewRefreshToken): Promise<void>;
  /** Marks the token used, atomically: of two concurrent uses exactly one gets `ok`. */
  useRefreshToken(tokenHash: string, now: Date): Promise<RefreshUse>;
  /** Looks a token up without using it. */
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  revokeRefreshFamily(familyId: string, now: Date): Promise<void>;
  revokeUserRefreshTokens(userId: number, now: Date): Promise<void>;
  /**
   * Ends every session of the user and every access token issued before `notBefore` (epoch
   * seconds), in one transaction: refresh tokens revoked, the user's not-before moved forward
   * (never back, and at least one second past the last one: tokens signed since then carry it as their `iat`), and `event` (built from the resulting moment) written to the outbox.
   * Resolves with the user's not-before; undefined for an unknown user.
   */
  revokeSessions(
    userId: number,
    now: Date,
    notBefore: number,
    event: (notBefore: number) => NewOutboxEvent,
  ): Promise<number | undefined>;
  /**
   * `updateUser` and `revokeSessions` in one transaction: a deactivation or role change is
   * never saved without its user.sessions_revoked event, nor the event without it. Resolves
   * with the updated user (its new not-before included); undefined for an unknown user.
   */
  updateUserAndRevokeSessions(
    id: number,
    patch: UserPatch,
    revocation: { now: Date; notBefore: number; event: (notBefore: number) => NewOutboxEvent },
  ): Promise<UserRecord | undefined>;
  /** Every user's not-before later than `after` (epoch seconds): a service starting up loads them. */
  listTokensNotBefore(after: number): Promise<{ userId: number; notBefore: number }[]>;
  /** The outbox of user events, for the relay. */
  readonly outbox: OutboxStore;
  /** Removes tokens expired before `before`; returns how many went. */
  deleteExpiredRefreshTokens(before: Date): Promise<number>;

  /** Insert or replace by endpoint (a browser re-subscribing moves it to the new user). */
  /**
   * Saves (or renews) a subscription of its user. An endpoint that belongs to another user is
   * left alone: 'taken'. With `maxPerUser`, the user's oldest subscriptions beyond it go.
   */
  savePushSubscription(
    subscription: Omit<PushSubscriptionRecord, 'createdAt'>,
    options?: { maxPerUser?: number },
  ): Promise<'saved' | 'taken'>;
  deletePushSubscription(userId: number, endpoint: string): Promise<boolean>;
  /** Used when the push service answers 404/410 for an endpoint, whoever owns it. */
  deletePushSubscriptionByEndpoint(endpoint: string): Promise<boolean>;
  listPushSubscriptions(userId: number): Promise<PushSubscriptionRecord[]>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
