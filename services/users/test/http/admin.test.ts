import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUserStore } from '../../src/store/index.ts';
import type { UserStore } from '../../src/store/user.store.ts';
import {
  client,
  expectErrorShape,
  keepOpen,
  login,
  registerUser,
  startUsers,
  type Call,
  type RunningUsers,
} from './helpers.ts';

const ADMIN = { email: 'admin@canteen.test', password: 'Admin-Strong-Pass-1' };
const STAFF = { email: 'staff@canteen.test', password: 'Staff-Strong-Pass-1', fullName: 'Kitchen Staff', role: 'STAFF' as const };

describe('users service: administration', () => {
  let store: UserStore;
  let users: RunningUsers;
  let call: Call;
  let admin: Awaited<ReturnType<typeof login>>;
  let staff: Awaited<ReturnType<typeof login>>;
  let customer: Awaited<ReturnType<typeof registerUser>>;

  beforeAll(async () => {
    // One database for the file; the service gets a handle it cannot close, so a second start
    // can find what the first one left.
    store = await openUserStore({ kind: 'pglite' });
    users = await startUsers({
      store: keepOpen(store),
      env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
      seedAccounts: [STAFF],
    });
    call = client(users.url);
    admin = await login(call, ADMIN.email, ADMIN.password);
    staff = await login(call, STAFF.email, STAFF.password);
    customer = await registerUser(call, { fullName: 'Plain Customer' });
  });
  afterAll(async () => {
    await users?.stop();
    await store?.close();
  });

  const patchUser = (id: number | string, body: unknown, token = admin.token) =>
    call('PATCH', `/api/users/${id}`, { token, body });

  describe('the first admin', () => {
    it('when the service starts with ADMIN_EMAIL and ADMIN_PASSWORD, then that admin can sign in', () => {
      expect(admin.role).toBe('ADMIN');
    });

    it('when the service starts again with another ADMIN_PASSWORD, then the admin is neither duplicated nor reset', async () => {
      await call('PUT', '/api/auth/profile', { token: admin.token, body: { fullName: 'Head of Canteen' } });

      const again = await startUsers({
        store: keepOpen(store),
        keys: users.keys,
        env: { ADMIN_EMAIL: ADMIN.email.toUpperCase(), ADMIN_PASSWORD: 'Another-Admin-Pass-2' },
        seedAccounts: [{ ...STAFF, password: 'Another-Staff-Pass-2' }],
      });
      try {
        const callAgain = client(again.url);
        const list = await callAgain('GET', `/api/users?q=${encodeURIComponent(ADMIN.email)}`, { token: admin.token });
        expect(list.body.total).toBe(1);
        expect(list.body.users[0]).toMatchObject({ email: ADMIN.email, role: 'ADMIN', fullName: 'Head of Canteen', active: true });

        const oldPassword = await callAgain('POST', '/api/auth/login', { body: ADMIN });
        const newPassword = await callAgain('POST', '/api/auth/login', {
          body: { email: ADMIN.email, password: 'Another-Admin-Pass-2' },
        });
        expect(oldPassword.status).toBe(200);
        expect(newPassword.status).toBe(401);
        expect((await callAgain('POST', '/api/auth/login', { body: STAFF })).status).toBe(200);
      } finally {
        await again.stop();
      }
    });
  });

  describe('GET /api/users', () => {
    it('when an admin lists users, then every user has the admin fields and no secret', async () => {
      const res = await call('GET', '/api/users', { token: admin.token });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: expect.any(Number), limit: 50, offset: 0 });
      for (const user of res.body.users) {
        expect(Object.keys(user).sort()).toEqual(['active', 'createdAt', 'email', 'fullName', 'id', 'phone', 'role', 'updatedAt']);
      }
      expect(res.text).not.toMatch(/argon2|password/i);
    });

    it('when the list is paged, then pages do not overlap and total counts all matches', async () => {
      const created = [];
      for (let i = 0; i < 3; i++) created.push(await registerUser(call, { fullName: `Paged Person ${i}` }));

      const first = await call('GET', '/api/users?q=paged%20person&limit=2&offset=0', { token: admin.token });
      const second = await call('GET', '/api/users?q=paged%20person&limit=2&offset=2', { token: admin.token });

      expect(first.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
      expect(second.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
      const ids = [...first.body.users, ...second.body.users].map((u: { id: number }) => u.id);
      expect(ids).toEqual(created.map((u) => u.id));
    });

    it('when filtered by role, then only that role comes back', async () => {
      const res = await call('GET', '/api/users?role=STAFF', { token: admin.token });

      expect(res.status).toBe(200);
      expect(res.body.users.map((u: { email: string }) => u.email)).toContain(STAFF.email);
      expect(res.body.users.every((u: { role: string }) => u.role === 'STAFF')).toBe(true);
    });

    it('when q matches part of an email in other case, then that user is found', async () => {
      const res = await call('GET', `/api/users?q=${encodeURIComponent(customer.email.slice(0, 12).toUpperCase())}`, {
        token: admin.token,
      });
      expect(res.body.users.map((u: { id: number }) => u.id)).toContain(customer.id);
    });

    it('when q holds LIKE wildcards, then they match literally', async () => {
      const res = await call('GET', '/api/users?q=%25', { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(0);
    });

    it.each(['limit=0', 'limit=201', 'limit=abc', 'offset=-1', 'role=ROOT'])(
      'when the query has %s, then it is 400',
      async (query) => {
        const res = await call('GET', `/api/users?${query}`, { token: admin.token });
        expect(res.status).toBe(400);
        expectErrorShape(res.body, 'VALIDATION_FAILED');
      },
    );

    it('when a customer or staff member asks, then it is 403', async () => {
      for (const token of [customer.token, staff.token]) {
        const res = await call('GET', '/api/users', { token });
        expect(res.status).toBe(403);
        expectErrorShape(res.body, 'FORBIDDEN');
      }
    });

    it('when there is no token, then it is 401', async () => {
      const res = await call('GET', '/api/users');
      expect(res.status).toBe(401);
      expectErrorShape(res.body, 'UNAUTHORIZED');
    });
  });

  describe('PATCH /api/users/:id', () => {
    it('when an admin makes a customer STAFF, then the new role is in their next login', async () => {
      const user = await registerUser(call);

      const res = await patchUser(user.id, { role: 'STAFF' });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: user.id, email: user.email, role: 'STAFF', active: true });
      expect((await login(call, user.email, user.password)).role).toBe('STAFF');
    });

    it("when a user's role changes, then their refresh tokens are revoked", async () => {
      const user = await registerUser(call);

      await patchUser(user.id, { role: 'STAFF' });

      const res = await call('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } });
      expect(res.status).toBe(401);
    });

    it('when a promotion, a sign-in and a demotion fall in one second, then the token signed in between is refused too', async () => {
      // The service's clock stands still a minute ahead, so all three fall in one second of it
      // however slow this machine is: the sign-in's token carries the promotion's not-before as
      // its `iat`, and the demotion must move the not-before past it.
      const frozen = new Date(Date.now() + 60_000);
      const still = await startUsers({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }, now: () => frozen });
      try {
        const at = client(still.url);
        const boss = await login(at, ADMIN.email, ADMIN.password);
        const user = await registerUser(at);
        const patch = (body: unknown) => at('PATCH', `/api/users/${user.id}`, { token: boss.token, body });
        expect((await patch({ role: 'STAFF' })).status).toBe(200);
        const between = await login(at, user.email, user.password);
        expect((await at('GET', '/api/auth/profile', { token: between.token })).status).toBe(200);

        expect((await patch({ role: 'CUSTOMER' })).status).toBe(200);

        expect((await at('GET', '/api/auth/profile', { token: between.token })).status).toBe(401);
      } finally {
        await still.stop();
      }
    });

    it('when role and active are patched together, then both change', async () => {
      const user = await registerUser(call);
      const res = await patchUser(user.id, { role: 'ADMIN', active: false });
      expect(res.body).toMatchObject({ role: 'ADMIN', active: false });
    });

    it.each([
      ['a word', 'abc'],
      ['zero', '0'],
      ['a negative number', '-1'],
      ['a fraction', '1.5'],
    ])('when the id is %s, then it is 400', async (_case, id) => {
      const res = await patchUser(id, { role: 'STAFF' });
      expect(res.status).toBe(400);
      expectErrorShape(res.body);
    });

    it('when the id is unknown, then it is 404', async () => {
      const res = await patchUser(987654, { role: 'STAFF' });
      expect(res.status).toBe(404);
      expectErrorShape(res.body, 'NOT_FOUND');
    });

    it.each([
      ['an empty body', {}],
      ['an unknown role', { role: 'ROOT' }],
      ['a lower-case role', { role: 'staff' }],
      ['a string for active', { active: 'no' }],
      ['only unknown fields', { email: 'x@example.com' }],
    ])('when the body is %s, then it is 400 and nothing changes', async (_case, body) => {
      const res = await patchUser(customer.id, body);
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 'VALIDATION_FAILED');
      expect(await store.findUserById(customer.id)).toMatchObject({ role: 'CUSTOMER', active: true });
    });

    it.each([
      ['demote themselves', { role: 'CUSTOMER' }],
      ['make themselves STAFF', { role: 'STAFF' }],
      ['deactivate themselves', { active: false }],
    ])('when an admin tries to %s, then it is 409 and they stay an active admin', async (_case, body) => {
      const res = await patchUser(admin.id, body);
      expect(res.status).toBe(409);
      expectErrorShape(res.body, 'SELF_LOCKOUT');
      expect(await store.findUserById(admin.id)).toMatchObject({ role: 'ADMIN', active: true });
    });

    it('when a customer or staff member patches a user, then it is 403 and nothing changes', async () => {
      for (const token of [customer.token, staff.token]) {
        const res = await patchUser(customer.id, { role: 'ADMIN' }, token);
        expect(res.status).toBe(403);
      }
      expect((await store.findUserById(customer.id))?.role).toBe('CUSTOMER');
    });

    it('when there is no token, then PATCH is 401', async () => {
      const res = await call('PATCH', `/api/users/${customer.id}`, { body: { role: 'ADMIN' } });
      expect(res.status).toBe(401);
    });
  });
});
