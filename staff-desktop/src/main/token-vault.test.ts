import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedFile } from './stored-file.ts';
import { createTokenVault, EncryptionUnavailableError, InvalidTokenError, type SafeStorageLike } from './token-vault.ts';

/** A stand-in for safeStorage: a real cipher (XOR with a key) plus a marker, so tampering is detectable. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike & { available: boolean } {
  const key = 0x5a;
  const state = {
    available: options.available ?? true,
    isEncryptionAvailable: () => state.available,
    encryptString: (plain: string) => Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ key)]),
    decryptString: (sealed: Buffer) => {
      if (sealed.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(sealed.subarray(3).map((b) => b ^ key)).toString('utf8');
    },
    ...(options.backend ? { getSelectedStorageBackend: () => options.backend! } : {}),
  };
  return state;
}

const TOKEN = 'rt_3f9a7c1e.Zx-8_kQ';
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kitchen-vault-'));
  file = path.join(dir, 'refresh-token.bin');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('token vault', () => {
  it('when encryption is available, then the token is stored encrypted and loads back after a restart', async () => {
    const safe = fakeSafeStorage({ backend: 'gnome_libsecret' });
    await createTokenVault(safe, storedFile(file)).save(TOKEN);
    const bytes = await readFile(file);
    expect(bytes.toString('utf8')).not.toContain(TOKEN);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await createTokenVault(safe, storedFile(file)).load()).toBe(TOKEN);
  });

  it('when there is no stored token, then load answers null', async () => {
    expect(await createTokenVault(fakeSafeStorage(), storedFile(file)).load()).toBeNull();
  });

  it('when the token is cleared (sign-out), then the file is gone', async () => {
    const vault = createTokenVault(fakeSafeStorage(), storedFile(file));
    await vault.save(TOKEN);
    await vault.save(null);
    await expect(stat(file)).rejects.toThrow();
    expect(await vault.load()).toBeNull();
  });

  it('when the system has no encryption, then it refuses to store the token, says why, and drops an older one', async () => {
    const safe = fakeSafeStorage();
    const vault = createTokenVault(safe, storedFile(file));
    await vault.save('older-token');
    safe.available = false;
    const refusal = vault.save(TOKEN);
    await expect(refusal).rejects.toThrow(EncryptionUnavailableError);
    await expect(vault.save(TOKEN)).rejects.toThrow(/Not keeping you signed in: the operating system offers no encryption/);
    await expect(stat(file)).rejects.toThrow();
  });

  it('when Linux has no keyring (basic_text), then that counts as plain text and is refused', async () => {
    const vault = createTokenVault(fakeSafeStorage({ backend: 'basic_text' }), storedFile(file));
    await expect(vault.save(TOKEN)).rejects.toThrow(/plain text/);
    await expect(stat(file)).rejects.toThrow();
  });

  it.each([[42], [''], ['has space'], ['x'.repeat(4097)], [{ token: 'x' }], [undefined]])(
    'when the token %j is not a token, then it is refused and nothing is written',
    async (token) => {
      const vault = createTokenVault(fakeSafeStorage(), storedFile(file));
      await expect(vault.save(token)).rejects.toThrow(InvalidTokenError);
      await expect(stat(file)).rejects.toThrow();
    },
  );

  it('when the stored token cannot be decrypted (profile copied from another machine), then it is dropped and load answers null', async () => {
    await storedFile(file).write(Buffer.from('garbage'));
    const dropped: string[] = [];
    expect(await createTokenVault(fakeSafeStorage(), storedFile(file), (reason) => dropped.push(reason)).load()).toBeNull();
    expect(dropped).toEqual(['the stored token could not be decrypted']);
    await expect(stat(file)).rejects.toThrow();
  });

  it('when encryption is unavailable at start, then a stored token is left alone and load answers null', async () => {
    const safe = fakeSafeStorage();
    await createTokenVault(safe, storedFile(file)).save(TOKEN);
    safe.available = false;
    expect(await createTokenVault(safe, storedFile(file)).load()).toBeNull();
    safe.available = true;
    expect(await createTokenVault(safe, storedFile(file)).load()).toBe(TOKEN);
  });
});
