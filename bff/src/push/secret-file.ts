import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads a secret kept under the data folder, creating it on first use (all-in-one mode).
 * Creation is exclusive: the content goes to a private temp file that is then hard-linked
 * into place, so two processes starting at once agree on one secret and neither ever reads a
 * half-written file. An existing file that does not parse is an error, not a reason to make
 * a new secret: silently replacing VAPID keys would orphan every push subscription.
 */
export function readOrCreateSecretFile<T>(file: string, create: () => string, parse: (text: string) => T): T {
  if (existsSync(file)) return parseOrExplain(file, parse);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, create(), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (err) {
    // Another process created it first: theirs wins.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temp);
  }
  return parseOrExplain(file, parse);
}

function parseOrExplain<T>(file: string, parse: (text: string) => T): T {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not a valid secret file (${(err as Error).message}); fix it or delete it to make a new one`);
  }
}
