import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One small file the app keeps in its user-data folder (settings, the sealed token). */
export interface StoredFile {
  /** The content, or null when there is no file yet. */
  read(): Promise<Buffer | null>;
  write(data: string | Uint8Array): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Writes go to a temporary file that is then renamed over the old one, so a power cut in the
 * middle of a write (a kitchen screen is often switched off at the wall) leaves the old file
 * or the new one, never half of each. Mode 0600: the file is the signed-in user's only.
 */
export function storedFile(filePath: string): StoredFile {
  return {
    async read() {
      try {
        return await readFile(filePath);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async write(data) {
      await mkdir(path.dirname(filePath), { recursive: true });
      const temporary = `${filePath}.${process.pid}.tmp`;
      await writeFile(temporary, data, { mode: 0o600 });
      await rename(temporary, filePath);
    },
    async remove() {
      await rm(filePath, { force: true });
    },
  };
}
