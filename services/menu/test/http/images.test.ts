import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCategory, createItem, expectErrorShape, SEED_IMAGES, startMenu, type Call, type RunningMenu } from './helpers.ts';

const UNKNOWN_ID = '0123456789abcdef01234567';
const TWO_MB = 2 * 1024 * 1024;

/** Bytes that start like a JPEG or WebP: the service looks at the content, not the name. */
const jpegBytes = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF jpeg body')]);
const webpBytes = () => {
  const bytes = Buffer.alloc(32);
  bytes.write('RIFF', 0, 'ascii');
  bytes.writeUInt32LE(24, 4);
  bytes.write('WEBPVP8 ', 8, 'ascii');
  return bytes;
};

const formWith = (bytes: Buffer, filename: string, type: string, field = 'image') => {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type }), filename);
  return form;
};

describe('menu service over HTTP: item images', () => {
  let menu: RunningMenu;
  let call: Call;
  let admin: string;
  let categoryId: string;
  let png: Buffer;

  beforeAll(async () => {
    menu = await startMenu();
    call = menu.call;
    admin = menu.tokens.admin;
    categoryId = (await createCategory(call, admin)).id;
    png = await readFile(path.join(SEED_IMAGES, 'masala-dosa.png'));
  });
  afterAll(async () => {
    await menu?.stop();
  });

  const upload = (itemId: string, form: FormData, token = admin) =>
    call('POST', `/api/menu/items/${itemId}/image`, { token, form });
  const storedFiles = async () => readdir(menu.imageDir).catch(() => [] as string[]);
  const itemNow = async (id: string) => (await call('GET', `/api/menu/items/${id}`)).body;

  it('when an admin uploads a PNG, then the item points at it and it is served for a year as immutable', async () => {
    const item = await createItem(call, admin, { category_id: categoryId });
    const res = await upload(item.id, formWith(png, 'dosa.png', 'image/png'));
    expect(res.status).toBe(200);
    expect(res.body.image_url).toMatch(/^\/api\/menu\/images\/[0-9a-f]{32}\.png$/);
    expect((await itemNow(item.id)).image_url).toBe(res.body.image_url);

    const image = await call('GET', res.body.image_url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.bytes.equals(png)).toBe(true);
    const cacheControl = image.headers.get('cache-control') ?? '';
    expect(cacheControl).toContain('immutable');
    expect(Number(/max-age=(\d+)/.exec(cacheControl)?.[1])).toBeGreaterThanOrEqual(365 * 24 * 3600);
  });

  it('when the same picture is uploaded for two items, then both share one URL', async () => {
    const first = await createItem(call, admin, { category_id: categoryId });
    const second = await createItem(call, admin, { category_id: categoryId });
    const a = await upload(first.id, formWith(png, 'a.png', 'image/png'));
    const b = await upload(second.id, formWith(png, 'b.jpg', 'image/jpeg'));
    expect(b.body.image_url).toBe(a.body.image_url);
  });

  it('when a JPEG or a WebP is uploaded under a misleading name, then its content decides its type', async () => {
    const item = await createItem(call, admin, { category_id: categoryId });
    const jpeg = await upload(item.id, formWith(jpegBytes(), 'photo.png', 'image/png'));
    expect(jpeg.status).toBe(200);
    expect(jpeg.body.image_url).toMatch(/\.jpg$/);
    expect((await call('GET', jpeg.body.image_url)).headers.get('content-type')).toBe('image/jpeg');

    const webp = await upload(item.id, formWith(webpBytes(), 'photo.gif', 'application/octet-stream'));
    expect(webp.status).toBe(200);
    expect(webp.body.image_url).toMatch(/\.webp$/);
    expect((await call('GET', webp.body.image_url)).headers.get('content-type')).toBe('image/webp');
  });

  it('when a text file named x.png is uploaded, then it is a 415, nothing is stored and the item is unchanged', async () => {
    const item = await createItem(call, admin, { category_id: categoryId });
    const filesBefore = await storedFiles();
    const res = await upload(item.id, formWith(Buffer.from('just some text, honest'), 'x.png', 'image/png'));
    expectErrorShape(res, 415, 'UNSUPPORTED_IMAGE');
    expect(await storedFiles()).toEqual(filesBefore);
    expect(await itemNow(item.id)).toEqual(item);
  });

  it('when the image is larger than 2 MB, then it is a 413 and the item is unchanged', async () => {
    const item = await createItem(call, admin, { category_id: categoryId });
    const filesBefore = await storedFiles();
    const huge = Buffer.concat([png.subarray(0, 8), Buffer.alloc(TWO_MB + 1024)]);
    const res = await upload(item.id, formWith(huge, 'huge.png', 'image/png'));
    expectErrorShape(res, 413, 'IMAGE_TOO_LARGE');
    expect(await storedFiles()).toEqual(filesBefore);
    expect(await itemNow(item.id)).toEqual(item);
  });

  it('when the upload has no "image" field, then it is a 400', async () => {
    const item = await createItem(call, admin, { category_id: categoryId });
    expectErrorShape(await upload(item.id, formWith(png, 'dosa.png', 'image/png', 'photo')), 400);
    const onlyText = new FormData();
    onlyText.append('caption', 'no file here');
    expectErrorShape(await upload(item.id, onlyText), 400);
    expectErrorShape(await call('POST', `/api/menu/items/${item.id}/image`, { token: admin, body: { image: 'x' } }), 400);
    expect(await itemNow(item.id)).toEqual(item);
  });

  it('when the item is unknown or the id is not an id, then it is a 404 or 400 and no file is left behind', async () => {
    const filesBefore = await storedFiles();
    const fresh = Buffer.concat([jpegBytes(), Buffer.from(`unique ${Date.now()}`)]);
    expectErrorShape(await upload(UNKNOWN_ID, formWith(fresh, 'a.jpg', 'image/jpeg')), 404, 'NOT_FOUND');
    expectErrorShape(await upload('nope', formWith(fresh, 'a.jpg', 'image/jpeg')), 400);
    expect(await storedFiles()).toEqual(filesBefore);
  });

  it('when an image that does not exist is asked for, then it is a JSON 404', async () => {
    expectErrorShape(await call('GET', `/api/menu/images/${'0'.repeat(32)}.png`), 404);
    expectErrorShape(await call('GET', '/api/menu/images/..%2F..%2Fetc%2Fpasswd'), 404);
  });
});
