import type { StoredFile } from './stored-file.ts';

/** The part of Electron's `safeStorage` the vault uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store protects the key (`gnome_libsecret`, `kwallet5`, `basic_text`, …). */
  getSelectedStorageBackend?(): string;
}

/**
 * Raised when the token cannot be stored encrypted. The kitchen still works; staff sign in again
 * after a restart. The message says why, so the renderer can tell them.
 */
export class EncryptionUnavailableError extends Error {
  override readonly name = 'EncryptionUnavailableError';
}

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

export interface TokenVault {
  load(): Promise<string | null>;
  /** Stores the token encrypted, or forgets it (`null`, at sign-out). */
  save(token: unknown): Promise<void>;
}

/**
 * On Linux without a keyring, safeStorage "encrypts" with a password written in Chromium's
 * source (`basic_text`): that is plain text in all but name, so it counts as unavailable.
 */
const PLAIN_TEXT_BACKENDS = new Set(['basic_text', 'unknown']);

export function encryptionProblem(safe: SafeStorageLike): string | null {
  if (!safe.isEncryptionAvailable()) return 'the operating system offers no encryption for stored secrets';
  const backend = safe.getSelectedStorageBackend?.();
  if (backend !== undefined && PLAIN_TEXT_BACKENDS.has(backend)) {
    return `no keyring is unlocked (secret store "${backend}"), so the token would be kept as plain text`;
  }
  return null;
}

// A refresh token is an opaque printable string; anything else is a caller's mistake.
const TOKEN_PATTERN = /^[\x21-\x7e]{1,4096}$/;

export function createTokenVault(safe: SafeStorageLike, file: StoredFile, onDiscarded?: (reason: string) => void): TokenVault {
  return {
    async load() {
      const sealed = await file.read();
      if (sealed === null) return null;
      if (encryptionProblem(safe) !== null) return null;
      try {
        const token = safe.decryptString(sealed);
        if (TOKEN_PATTERN.test(token)) return token;
      } catch {
        // Sealed by another user account or machine (a copied profile): useless here.
      }
      onDiscarded?.('the stored token could not be decrypted');
      await file.remove();
      return null;
    },
    async save(token) {
      if (token === null) return file.remove();
      if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) {
        throw new InvalidTokenError('the refresh token must be a string of 1 to 4096 printable characters, or null');
      }
      const problem = encryptionProblem(safe);
      if (problem !== null) {
        // An older sealed token must not outlive the session that replaced it.
        await file.remove();
        throw new EncryptionUnavailableError(`Not keeping you signed in: ${problem}. Sign in again after a restart.`);
      }
      await file.write(safe.encryptString(token));
    },
  };
}
