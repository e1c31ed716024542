import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DuplicateEmailError,
  type NewRefreshToken,
  type NewUser,
  type UserRecord,
  type UserStore,
} from '../../src/store/user.store.ts';

export interface OpenedUserStore {
  store: UserStore;
  /** Closes the store and throws its database away. */
  cleanup: () => Promise<void>;
}

/**
 * The behaviour every `UserStore` adapter must show. `open` returns a store over a fresh, empty,
 * not yet migrated database; the suite migrates it itself. One database serves the whole suite
 * (PGlite takes seconds to start), so every test makes its own unique emails and tags and never
 * relies on the tables being empty.
 */
export function userStoreContract(name: string, open: () => Promise<OpenedUserStore>): void {
  describe(name, () => {
    let opened: OpenedUserStore | undefined;
    const store = (): UserStore => {
      if (!opened) throw new Error('the store did not open');
      return opened.store;
    };

    beforeAll(async () => {
      opened = await open();
      await opened.store.migrate();
    });

    afterAll(async () => {
      await opened?.cleanup();
    });

    let seq = 0;
    /** A lowercase token no other test (or earlier run) uses. */
    const uniqueTag = () => `t${++seq}x${randomBytes(4).toString('hex')}`;
    const newUser = (overrides: Partial<NewUser> = {}): NewUser => ({
      email: `${uniqueTag()}@example.test`,
      fullName: 'Ada Lovelace',
      phone: null,
      role: 'CUSTOMER',
      passwordHash: 'argon2-hash',
      ...overrides,
    });
    const createUser = (overrides: Partial<NewUser> = {}) => store().createUser(newUser(overrides));
    const newToken = (userId: number, overrides: Partial<NewRefreshToken> = {}): NewRefreshToken => ({
      id: randomUUID(),
      familyId: randomUUID(),
      userId,
      tokenHash: randomBytes(32).toString('base64url'),
      expiresAt: new Date(Date.now() + 86_400_000),
      sessionExpiresAt: new Date(Date.now() + 7 * 86_400_000),
      ...overrides,
    });
    const ids = (users: UserRecord[]) => users.map((user) => user.id);

    describe('migrations', () => {
      it('when migrate runs again on a migrated database, then it succeeds and keeps the data', async () => {
        const user = await createUser();

        await store().migrate();
        await store().migrate();

        expect(await store().findUserById(user.id)).toEqual(user);
      });

      it('when two migrations start together on a fresh database, then both succeed and the schema is usable', async () => {
        const fresh = await open();
        try {
          await Promise.all([fresh.store.migrate(), fresh.store.migrate()]);
          await fresh.store.migrate();

          const user = await fresh.store.createUser(newUser());
          expect(await fresh.store.countUsers()).toBe(1);
          expect(await fresh.store.findUserById(user.id)).toEqual(user);
        } finally {
          await fresh.cleanup();
        }
      });
    });

    describe('users', () => {
      it('when a user is created, then the record has a numeric id, the given fields, active=true and dates', async () => {
        const input = newUser({ fullName: 'Grace Hopper', phone: '+49 30 1234567', role: 'STAFF' });

        const user = await store().createUser(input);

        expect(typeof user.id).toBe('number');
        expect(Number.isInteger(user.id) && user.id > 0).toBe(true);
        expect(user).toMatchObject({
          email: input.email,
          fullName: 'Grace Hopper',
          phone: '+49 30 1234567',
          role: 'STAFF',
          active: true,
          passwordHash: input.passwordHash,
        });
        expect(user.createdAt).toBeInstanceOf(Date);
        expect(user.updatedAt).toBeInstanceOf(Date);
        expect(Number.isNaN(user.createdAt.getTime())).toBe(false);
      });

      it('when a user without a phone is created, then phone is null and reads back as null', async () => {
        const user = await createUser({ phone: null });

        expect(user.phone).toBeNull();
        expect((await store().findUserById(user.id))?.phone).toBeNull();
      });

      it('when two users are created, then they get different ids', async () => {
        const first = await createUser();
        const second = await createUser();

        expect(second.id).not.toBe(first.id);
      });

      it('when the same email is registered twice, then the second gets DuplicateEmailError', async () => {
        const input = newUser();
        await store().createUser(input);

        await expect(store().createUser({ ...input, fullName: 'Someone Else' })).rejects.toBeInstanceOf(
          DuplicateEmailError,
        );
      });

      it('when an email differing only in case is registered, then it gets DuplicateEmailError', async () => {
        const tag = uniqueTag();
        await createUser({ email: `${tag}@example.test` });

        await expect(createUser({ email: `${tag.toUpperCase()}@EXAMPLE.test` })).rejects.toBeInstanceOf(
          DuplicateEmailError,
        );
      });

      it('when the same email is registered twice at once, then exactly one succeeds', async () => {
        const input = newUser();

        const results = await Promise.allSettled([store().createUser(input), store().createUser(input)]);

        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((result) => result.status === 'rejected');
        expect(rejected?.reason).toBeInstanceOf(DuplicateEmailError);
      });

      it('when a user is looked up by email in another case, then it is found', async () => {
        const tag = uniqueTag();
        const user = await createUser({ email: `Mixed.${tag}@Example.test` });

        expect(await store().findUserByEmail(`mixed.${tag}@example.test`)).toEqual(user);
        expect(await store().findUserByEmail(`MIXED.${tag.toUpperCase()}@EXAMPLE.TEST`)).toEqual(user);
      });

      it('when an unknown email is looked up, then the result is undefined', async () => {
        expect(await store().findUserByEmail(`${uniqueTag()}@example.test`)).toBeUndefined();
      });

      it('when a user is looked up by id, then the same record comes back', async () => {
        const user = await createUser();

        expect(await store().findUserById(user.id)).toEqual(user);
      });

      it('when an unknown id is looked up, then the result is undefined', async () => {
        expect(await store().findUserById(2_000_000_000)).toBeUndefined();
      });
    });

    describe('updateUser', () => {
      it('when one field is patched, then only it changes and updatedAt moves forward', async () => {
        const user = await createUser({ phone: '+1 555 0100', role: 'CUSTOMER' });
        // Let the clock pass a millisecond so a bumped updatedAt is distinguishable.
        await new Promise((resolve) => setTimeout(resolve, 5));

        const updated = await store().updateUser(user.id, { fullName: 'New Name' });

        expect(updated).toEqual({ ...user, fullName: 'New Name', updatedAt: updated?.updatedAt });
        expect(updated!.updatedAt.getTime()).toBeGreaterThan(user.updatedAt.getTime());
        expect(updated!.createdAt).toEqual(user.createdAt);
        expect(await store().findUserById(user.id)).toEqual(updated);
      });

      it('when role, active and password hash are patched, then all three change', async () => {
        const user = await createUser();

        const updated = await store().updateUser(user.id, { role: 'ADMIN', active: false, passwordHash: 'new-hash' });

        expect(updated).toMatchObject({
          role: 'ADMIN',
          active: false,
          passwordHash: 'new-hash',
          fullName: user.fullName,
          email: user.email,
        });
      });

      it('when phone is patched to null, then the phone is cleared', async () => {
        const user = await createUser({ phone: '+1 555 0101' });

        const updated = await store().updateUser(user.id, { phone: null });

        expect(updated?.phone).toBeNull();
        expect((await store().findUserById(user.id))?.phone).toBeNull();
      });

      it('when the patch is empty, then the user comes back unchanged', async () => {
        const user = await createUser();

        expect(await store().updateUser(user.id, {})).toEqual(user);
      });

      it('when an unknown id is patched, then the result is undefined', async () => {
        expect(await store().updateUser(2_000_000_000, { fullName: 'Nobody' })).toBeUndefined();
        expect(await store().updateUser(2_000_000_000, {})).toBeUndefined();
      });
    });

    describe('listUsers and countUsers', () => {
      const createTagged = async (tag: string, count: number, role: Role = 'CUSTOMER') => {
        const users: UserRecord[] = [];
        for (let i = 0; i < count; i++) users.push(await createUser({ fullName: `Member ${tag} ${i}`, role }));
        return users;
      };

      it('when pages are requested with limit and offset, then they split the matches and total counts all', async () => {
        const tag = uniqueTag();
        const users = await createTagged(tag, 5);

        const first = await store().listUsers({ q: tag, limit: 2, offset: 0 });
        const second = await store().listUsers({ q: tag, limit: 2, offset: 2 });
        const third = await store().listUsers({ q: tag, limit: 2, offset: 4 });
        const beyond = await store().listUsers({ q: tag, limit: 2, offset: 10 });

        expect(first.users).toHaveLength(2);
        expect(second.users).toHaveLength(2);
        expect(third.users).toHaveLength(1);
        expect(beyond.users).toEqual([]);
        for (const page of [first, second, third, beyond]) expect(page.total).toBe(5);
        const seen = [...first.users, ...second.users, ...third.users];
        expect(new Set(ids(seen)).size).toBe(5);
        expect(ids(seen).sort((a, b) => a - b)).toEqual(ids(users).sort((a, b) => a - b));
      });

      it('when a role filter is given, then only users of that role are listed and counted', async () => {
        const tag = uniqueTag();
        const staff = await createTagged(tag, 2, 'STAFF');
        await createTagged(tag, 3, 'CUSTOMER');

        const result = await store().listUsers({ role: 'STAFF', q: tag, limit: 50, offset: 0 });

        expect(result.total).toBe(2);
        expect(ids(result.users).sort((a, b) => a - b)).toEqual(ids(staff).sort((a, b) => a - b));
      });

      it('when only a role filter is given, then every listed user has that role', async () => {
        const admin = await createUser({ role: 'ADMIN' });

        const result = await store().listUsers({ role: 'ADMIN', limit: 1000, offset: 0 });

        expect(result.users.every((user) => user.role === 'ADMIN')).toBe(true);
        expect(ids(result.users)).toContain(admin.id);
        expect(result.total).toBe(result.users.length);
      });

      it('when q is given, then it matches email or full name case-insensitively', async () => {
        const tag = uniqueTag();
        const byEmail = await createUser({ email: `${tag.toUpperCase()}.a@example.test`, fullName: 'Plain Name' });
        const byName = await createUser({ fullName: `Someone ${tag.toUpperCase()}` });
        await createUser({ fullName: 'Unrelated Person' });

        const lower = await store().listUsers({ q: tag, limit: 50, offset: 0 });
        const mixed = await store().listUsers({ q: `${tag.slice(0, 3).toUpperCase()}${tag.slice(3)}`, limit: 50, offset: 0 });

        const expected = [byEmail.id, byName.id].sort((a, b) => a - b);
        expect(lower.total).toBe(2);
        expect(ids(lower.users).sort((a, b) => a - b)).toEqual(expected);
        expect(ids(mixed.users).sort((a, b) => a - b)).toEqual(expected);
      });

      it('when q contains % or _, then they match literally and are not wildcards', async () => {
        const tag = uniqueTag();
        const percent = await createUser({ fullName: `${tag} 100% done` });
        await createUser({ fullName: `${tag} 1000 done` });
        const underscore = await createUser({ fullName: `${tag} a_b` });
        await createUser({ fullName: `${tag} axb` });
        const backslash = await createUser({ fullName: `${tag} c\\d` });
        await createUser({ fullName: `${tag} cd` });

        const byPercent = await store().listUsers({ q: `${tag} 100%`, limit: 50, offset: 0 });
        const byUnderscore = await store().listUsers({ q: `${tag} a_b`, limit: 50, offset: 0 });
        const byBackslash = await store().listUsers({ q: `${tag} c\\d`, limit: 50, offset: 0 });
        const onlyPercent = await store().listUsers({ q: `%${tag}`, limit: 50, offset: 0 });

        expect(ids(byPercent.users)).toEqual([percent.id]);
        expect(byPercent.total).toBe(1);
        expect(ids(byUnderscore.users)).toEqual([underscore.id]);
        expect(ids(byBackslash.users)).toEqual([backslash.id]);
        expect(onlyPercent).toEqual({ users: [], total: 0 });
      });

      it('when nothing matches q, then the list is empty and total is zero', async () => {
        expect(await store().listUsers({ q: uniqueTag(), limit: 10, offset: 0 })).toEqual({ users: [], total: 0 });
      });

      it('when users are created, then countUsers grows by that many', async () => {
        const before = await store().countUsers();
        await createUser();
        await createUser({ role: 'ADMIN' });

        expect(await store().countUsers()).toBe(before + 2);
      });

      it('when no filter is given, then total equals countUsers', async () => {
        await createUser();

        const result = await store().listUsers({ limit: 1, offset: 0 });

        expect(result.users).toHaveLength(1);
        expect(result.total).toBe(await store().countUsers());
      });
    });

    describe('session revocation and the outbox', () => {
      const revokedEvent = (userId: number) => (notBefore: number) => ({
        eventId: randomUUID(),
        routingKey: 'user.sessions_revoked',
        payload: { user_id: String(userId), not_before: notBefore },
      });

      it('when sessions are revoked, then refresh tokens are revoked, not-before is set and the event waits in the outbox, in one go', async () => {
        const user = await createUser();
        const token = newToken(user.id);
        await store().insertRefreshToken(token);
        const event = revokedEvent(user.id);
        let eventId = '';

        const moment = await store().revokeSessions(user.id, new Date(), 2_000_000_000, (notBefore) => {
          const built = event(notBefore);
          eventId = built.eventId;
          return built;
        });

        expect(moment).toBe(2_000_000_000);
        expect((await store().findRefreshToken(token.tokenHash))?.revokedAt).toBeInstanceOf(Date);
        expect((await store().findUserById(user.id))?.tokensNotBefore).toBe(2_000_000_000);
        const claimed = await store().outbox.claimBatch(1000);
        expect(claimed.find((record) => record.eventId === eventId)).toEqual({
          eventId,
          routingKey: 'user.sessions_revoked',
          payload: { user_id: String(user.id), not_before: 2_000_000_000 },
          attempts: 0,
        });
        await store().outbox.markSent(claimed.map((record) => record.eventId));
      });

      it('when a revocation comes while the last not-before is not behind it (the same second), then it moves one second past it and the event carries that', async () => {
        // Tokens signed after the first revocation carry its not-before as their `iat`: keeping
        // the same moment would leave them valid.
        const user = await createUser();
        await store().revokeSessions(user.id, new Date(), 2_000_000_100, revokedEvent(user.id));
        const moment = await store().revokeSessions(user.id, new Date(), 2_000_000_050, revokedEvent(user.id));
        expect(moment).toBe(2_000_000_101);
        expect(await store().listTokensNotBefore(2_000_000_099)).toEqual([{ userId: user.id, notBefore: 2_000_000_101 }]);
        const claimed = await store().outbox.claimBatch(1000);
        expect(claimed.filter((r) => (r.payload as { user_id: string }).user_id === String(user.id)).map((r) => (r.payload as { not_before: number }).not_before).sort()).toEqual([
          2_000_000_100, 2_000_000_101,
        ]);
        await store().outbox.markSent(claimed.map((record) => record.eventId));
      });

      it('when a user is deactivated with their sessions, then the change, the not-before, the refresh tokens and the event are written together', async () => {
        const user = await createUser();
        const token = newToken(user.id);
        await store().insertRefreshToken(token);
        const updated = await store().updateUserAndRevokeSessions(user.id, { active: false }, { now: new Date(), notBefore: 2_000_000_200, event: revokedEvent(user.id) });
        expect(updated).toMatchObject({ id: user.id, active: false, tokensNotBefore: 2_000_000_200 });
        expect((await store().findRefreshToken(token.tokenHash))?.revokedAt).toBeInstanceOf(Date);
        const claimed = await store().outbox.claimBatch(1000);
        expect(claimed.map((record) => record.payload)).toEqual([{ user_id: String(user.id), not_before: 2_000_000_200 }]);
        await store().outbox.markSent(claimed.map((record) => record.eventId));
      });

      it('when the event cannot be written, then the role change is not saved either (one transaction)', async () => {
        const user = await createUser();
        const failing = () => ({ eventId: 'not-a-uuid', routingKey: 'user.sessions_revoked', payload: { bad: 1n } });
        await expect(store().updateUserAndRevokeSessions(user.id, { role: 'STAFF' }, { now: new Date(), notBefore: 2_000_000_300, event: failing as never })).rejects.toThrow();
        expect(await store().findUserById(user.id)).toMatchObject({ role: user.role, tokensNotBefore: user.tokensNotBefore });
        expect(await store().outbox.claimBatch(1000)).toEqual([]);
      });

      it('when an unknown user is changed with their sessions, then nothing is written', async () => {
        expect(await store().updateUserAndRevokeSessions(987_654_321, { active: false }, { now: new Date(), notBefore: 2_000_000_000, event: revokedEvent(987_654_321) })).toBeUndefined();
        expect(await store().outbox.claimBatch(1000)).toEqual([]);
      });

      it('when an unknown user’s sessions are revoked, then nothing is written', async () => {
        expect(await store().revokeSessions(987_654_321, new Date(), 2_000_000_000, revokedEvent(987_654_321))).toBeUndefined();
        expect(await store().outbox.claimBatch(1000)).toEqual([]);
      });

      it('when rows are claimed, then another claim skips them; sent rows never come back; a failed row waits for its retry time', async () => {
        const user = await createUser();
        await store().revokeSessions(user.id, new Date(), 2_000_000_000, revokedEvent(user.id));
        await store().revokeSessions(user.id, new Date(), 2_000_000_001, revokedEvent(user.id));
        const [first, second] = await store().outbox.claimBatch(1000);
        expect(second).toBeDefined();
        expect(await store().outbox.claimBatch(1000)).toEqual([]);

        await store().outbox.markSent([first!.eventId]);
        await store().outbox.markFailed(second!.eventId, 'broker away', new Date(Date.now() + 3_600_000));
        expect(await store().outbox.claimBatch(1000)).toEqual([]);
        await store().outbox.markFailed(second!.eventId, 'broker away', new Date(Date.now() - 1000));
        expect(await store().outbox.claimBatch(1000)).toEqual([{ ...second!, attempts: 2 }]);
        await store().outbox.markSent([second!.eventId]);
      });
    });

    describe('refresh tokens', () => {
      it('when a fresh token is used, then the result is ok with the record marked used', async () => {
        const user = await createUser();
        const token = newToken(user.id);
        await store().insertRefreshToken(token);
        const now = new Date();

        const result = await store().useRefreshToken(token.tokenHash, now);

        expect(result).toEqual({ kind: 'ok', token: { ...token, usedAt: now, revokedAt: null } });
      });

      it('when a token is used a second time, then the result is reused with the record', async () => {
        const user = await createUser();
        const token = newToken(user.id);
        await store().insertRefreshToken(token);
        const firstUse = new Date();
        await store().useRefreshToken(token.tokenHash, firstUse);

        const result = await store().useRefreshToken(token.tokenHash, new Date(firstUse.getTime() + 1000));

        expect(result).toEqual({ kind: 'reused', token: { ...token, usedAt: firstUse, revokedAt: null } });
      });

      it('when a token is looked up, then it is found unchanged and can still be used once', async () => {
        const user = await createUser();
        const token = newToken(user.id);
        await store().insertRefreshToken(token);

        expect(await store().findRefreshToken(token.tokenHash)).toEqual({ ...token, usedAt: null, revokedAt: null });
        expect(await store().findRefreshToken('no-such-hash')).toBeUndefined();
        expect((await store().useRefreshToken(token.tokenHash, new Date())).kind).toBe('ok');
      });

      it('when an unknown token is used, then the result is unknown', async () => {
        expect(await store().useRefreshToken('no-such-hash', new Date())).toEqual({ kind: 'unknown' });
      });

      it('when the same token is used twice at once, then exactly one use is ok and the other reused', async () => {
        const user = await createUser();
        // Several tokens raced together make an unguarded read-then-write likely to show.
        const tokens = Array.from({ length: 8 }, () => newToken(user.id));
        for (const token of tokens) await store().insertRefreshToken(token);

        const results = await Promise.all(
          tokens.map((token) =>
            Promise.all([
              store().useRefreshToken(token.tokenHash, new Date()),
              store().useRefreshToken(token.tokenHash, new Date()),
            ]),
          ),
        );

        for (const pair of results) {
          expect(pair.map((result) => result.kind).sort()).toEqual(['ok', 'reused']);
        }
      });

      it('when a family is revoked, then its unused tokens are reused and other families stay usable', async () => {
        const user = await createUser();
        const familyId = randomUUID();
        const inFamily = newToken(user.id, { familyId });
        const alsoInFamily = newToken(user.id, { familyId });
        const otherFamily = newToken(user.id);
        for (const token of [inFamily, alsoInFamily, otherFamily]) await store().insertRefreshToken(token);
        const revokedAt = new Date();

        await store().revokeRefreshFamily(familyId, revokedAt);

        expect(await store().useRefreshToken(inFamily.tokenHash, new Date())).toEqual({
          kind: 'reused',
          token: { ...inFamily, usedAt: null, revokedAt },
        });
        expect((await store().useRefreshToken(alsoInFamily.tokenHash, new Date())).kind).toBe('reused');
        expect((await store().useRefreshToken(otherFamily.tokenHash, new Date())).kind).toBe('ok');
      });

      it("when a user's tokens are revoked, then their unused tokens are reused and other users' stay usable", async () => {
        const user = await createUser();
        const other = await createUser();
        const first = newToken(user.id);
        const second = newToken(user.id);
        const othersToken = newToken(other.id);
        for (const token of [first, second, othersToken]) await store().insertRefreshToken(token);
        const revokedAt = new Date();

        await store().revokeUserRefreshTokens(user.id, revokedAt);

        expect(await store().useRefreshToken(first.tokenHash, new Date())).toEqual({
          kind: 'reused',
          token: { ...first, usedAt: null, revokedAt },
        });
        expect((await store().useRefreshToken(second.tokenHash, new Date())).kind).toBe('reused');
        expect((await store().useRefreshToken(othersToken.tokenHash, new Date())).kind).toBe('ok');
      });

      it('when expired tokens are deleted, then only those expired before the cut-off go', async () => {
        const user = await createUser();
        // Dates long past, so tokens of other tests (which expire tomorrow) are never in range.
        const expiredA = newToken(user.id, { expiresAt: new Date('2001-01-01T00:00:00Z') });
        const expiredB = newToken(user.id, { expiresAt: new Date('2001-01-02T00:00:00Z') });
        const atCutOff = newToken(user.id, { expiresAt: new Date('2001-01-03T00:00:00Z') });
        const live = newToken(user.id);
        for (const token of [expiredA, expiredB, atCutOff, live]) await store().insertRefreshToken(token);

        const deleted = await store().deleteExpiredRefreshTokens(new Date('2001-01-03T00:00:00Z'));

        expect(deleted).toBe(2);
        expect(await store().useRefreshToken(expiredA.tokenHash, new Date())).toEqual({ kind: 'unknown' });
        expect(await store().useRefreshToken(expiredB.tokenHash, new Date())).toEqual({ kind: 'unknown' });
        expect((await store().useRefreshToken(atCutOff.tokenHash, new Date())).kind).toBe('ok');
        expect((await store().useRefreshToken(live.tokenHash, new Date())).kind).toBe('ok');
        expect(await store().deleteExpiredRefreshTokens(new Date('2001-01-03T00:00:00Z'))).toBe(0);
      });
    });

    describe('push subscriptions', () => {
      const subscription = (userId: number, endpoint = `https://push.example.test/${uniqueTag()}`) => ({
        userId,
        endpoint,
        p256dh: 'p256dh-key',
        auth: 'auth-secret',
        // Beyond 32 bits, as browsers report it (epoch milliseconds).
        expirationTime: 1_893_456_000_000 as number | null,
      });

      it('when a subscription is saved, then it is listed for its user with a createdAt', async () => {
        const user = await createUser();
        const sub = subscription(user.id);
        const withoutExpiry = { ...subscription(user.id), expirationTime: null };

        await store().savePushSubscription(sub);
        await store().savePushSubscription(withoutExpiry);

        const listed = await store().listPushSubscriptions(user.id);
        expect(listed).toHaveLength(2);
        expect(listed).toEqual(
          expect.arrayContaining([
            { ...sub, createdAt: expect.any(Date) },
            { ...withoutExpiry, createdAt: expect.any(Date) },
          ]),
        );
      });

      it('when a user has no subscriptions, then the list is empty', async () => {
        const user = await createUser();

        expect(await store().listPushSubscriptions(user.id)).toEqual([]);
      });

      it('when the same endpoint is saved again, then it is replaced and not duplicated', async () => {
        const user = await createUser();
        const sub = subscription(user.id);
        await store().savePushSubscription(sub);

        await store().savePushSubscription({ ...sub, p256dh: 'rotated-key', auth: 'rotated-auth', expirationTime: null });

        expect(await store().listPushSubscriptions(user.id)).toEqual([
          { ...sub, p256dh: 'rotated-key', auth: 'rotated-auth', expirationTime: null, createdAt: expect.any(Date) },
        ]);
      });

      it('when the same endpoint is saved for another user, then it is taken and stays with its owner unchanged', async () => {
        const first = await createUser();
        const second = await createUser();
        const sub = subscription(first.id);
        expect(await store().savePushSubscription(sub)).toBe('saved');

        expect(await store().savePushSubscription({ ...sub, userId: second.id, p256dh: 'second-key' })).toBe('taken');

        expect(await store().listPushSubscriptions(second.id)).toEqual([]);
        expect(await store().listPushSubscriptions(first.id)).toEqual([{ ...sub, createdAt: expect.any(Date) }]);
      });

      it('when a user saves more than maxPerUser subscriptions, then the oldest go and the newest stay', async () => {
        const user = await createUser();
        const subs = [1, 2, 3, 4].map(() => subscription(user.id));
        for (const sub of subs) expect(await store().savePushSubscription(sub, { maxPerUser: 2 })).toBe('saved');

        const kept = (await store().listPushSubscriptions(user.id)).map((sub) => sub.endpoint).sort();
        expect(kept).toEqual([subs[2]!.endpoint, subs[3]!.endpoint].sort());
        // Renewing an old one keeps it (it becomes the newest) and the limit holds.
        expect(await store().savePushSubscription(subs[2]!, { maxPerUser: 2 })).toBe('saved');
        expect(await store().listPushSubscriptions(user.id)).toHaveLength(2);
      });

      it('when a subscription is deleted by another user, then nothing is deleted', async () => {
        const owner = await createUser();
        const stranger = await createUser();
        const sub = subscription(owner.id);
        await store().savePushSubscription(sub);

        expect(await store().deletePushSubscription(stranger.id, sub.endpoint)).toBe(false);
        expect(await store().listPushSubscriptions(owner.id)).toHaveLength(1);
      });

      it('when a subscription is deleted by its user, then it is gone and a second delete is false', async () => {
        const user = await createUser();
        const kept = subscription(user.id);
        const removed = subscription(user.id);
        await store().savePushSubscription(kept);
        await store().savePushSubscription(removed);

        expect(await store().deletePushSubscription(user.id, removed.endpoint)).toBe(true);
        expect(await store().deletePushSubscription(user.id, removed.endpoint)).toBe(false);
        expect((await store().listPushSubscriptions(user.id)).map((sub) => sub.endpoint)).toEqual([kept.endpoint]);
      });

      it('when a subscription is deleted by endpoint, then it is gone whoever owned it', async () => {
        const user = await createUser();
        const sub = subscription(user.id);
        await store().savePushSubscription(sub);

        expect(await store().deletePushSubscriptionByEndpoint(sub.endpoint)).toBe(true);
        expect(await store().listPushSubscriptions(user.id)).toEqual([]);
        expect(await store().deletePushSubscriptionByEndpoint(sub.endpoint)).toBe(false);
      });
    });

    it('when the store is pinged, then it answers', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });
  });
}
