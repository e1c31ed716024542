import { writtenLogs } from '@canteen/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserStore } from '../../src/store/user.store.ts';
import type { OpenedUserStore } from './user-store.contract.ts';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$bG9nLWNvbnRyYWN0$c2VjcmV0LWhhc2gtdmFsdWUtbm90LWZvci1sb2dz';

/**
 * The driver's own error for a row the database refuses (PostgreSQL takes no NUL in text)
 * carries the statement's values, the password hash among them (PGlite hangs `params` on it).
 * What the service's logger makes of that error must keep the failure and drop the values.
 */
export function userStoreLoggingContract(name: string, open: () => Promise<OpenedUserStore>): void {
  describe(name, () => {
    let opened: OpenedUserStore | undefined;
    const store = (): UserStore => opened!.store;

    beforeAll(async () => {
      opened = await open();
      await opened.store.migrate();
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    it('when an INSERT fails on a NUL in a name, then the logged error names the failure and carries no value of the row', async () => {
      const email = `nul.${Date.now()}@canteen.test`;
      const failure = await store()
        .createUser({ email, fullName: 'Asha\u0000Rao', phone: null, role: 'CUSTOMER', passwordHash: HASH })
        .then(() => undefined, (err: unknown) => err);
      expect(failure).toBeInstanceOf(Error);

      const { logger, lines, text } = writtenLogs('users');
      logger.error({ err: failure }, 'registration failed');
      logger.error({ err: new Error('registration failed', { cause: failure }) }, 'wrapped');

      const [plain, wrapped] = lines() as { err: Record<string, unknown> }[];
      expect(plain!.err.message).toEqual(expect.any(String));
      expect(plain!.err.code).toBe('22021');
      expect((wrapped!.err.cause as Record<string, unknown>).code).toBe('22021');
      expect(text()).not.toContain(HASH.slice(0, 20));
      expect(text()).not.toContain(email);
      expect(await store().findUserByEmail(email)).toBeUndefined();
    });
  });
}
