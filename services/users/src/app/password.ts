import { hash, verify, type Algorithm } from '@node-rs/argon2';

/**
 * Argon2id with OWASP's recommended cost (19 MiB, 2 passes). No truncation: the whole
 * password (up to the 128 characters the API accepts) is hashed.
 */
// `Algorithm` is an ambient const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * A hash to verify against when the email is unknown, so that "no such user" costs as much
 * time as "wrong password" and the response time does not reveal which emails exist.
 */
export const dummyPasswordHash = (): Promise<string> => (dummy ??= hashPassword('not-a-real-password-0'));
