import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@canteen/service-kit';

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
export const IMAGE_URL_PREFIX = '/api/menu/images/';

/** The type comes from the bytes, never from the file name or the client's content type. */
export function detectImageType(bytes: Buffer): 'png' | 'jpg' | 'webp' | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WEBP') {
    return 'webp';
  }
  return undefined;
}

/**
 * Stores an image under its content hash, so a URL never changes meaning and can be cached
 * for a year; uploading the same picture twice stores it once.
 */
export async function saveImage(dir: string, bytes: Buffer): Promise<string> {
  const type = detectImageType(bytes);
  if (!type) throw new AppError(415, 'UNSUPPORTED_IMAGE', 'The image must be a PNG, JPEG or WebP file');
  const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${type}`;
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, name), bytes);
  return `${IMAGE_URL_PREFIX}${name}`;
}
