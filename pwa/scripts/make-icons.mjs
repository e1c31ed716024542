// Draws the app's icons as PNG files with nothing but Node (zlib for the PNG's deflate):
// a rounded plate in the brand colour with a white bowl and steam. `any` icons keep a
// transparent corner; the maskable one fills the whole square and keeps the drawing inside
// the 80 % safe zone, as Android's masks expect.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../public/icons');
const BRAND = [0xb4, 0x3c, 0x0a]; // --brand in tokens.css
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x += 1) row.set(pixel((x + 0.5) / size, (y + 0.5) / size), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The bowl and steam, in a unit square scaled by `s` around the centre. */
function drawing(x, y, s) {
  const u = (x - 0.5) / s + 0.5;
  const v = (y - 0.5) / s + 0.5;
  // Bowl: the lower half of a circle, with a rim.
  const bowl = v >= 0.52 && v <= 0.8 && (u - 0.5) ** 2 + ((v - 0.52) / 0.28) ** 2 * 0.09 <= 0.09;
  const rim = v >= 0.48 && v < 0.54 && u >= 0.16 && u <= 0.84;
  // Three wavy lines of steam.
  const steam = [0.36, 0.5, 0.64].some((cx) => v >= 0.2 && v <= 0.42 && Math.abs(u - (cx + 0.025 * Math.sin(v * 30))) < 0.022);
  return bowl || rim || steam;
}

function icon(size, maskable) {
  return png(size, (x, y) => {
    if (maskable) return drawing(x, y, 0.72) ? [...WHITE, 255] : [...BRAND, 255];
    // A rounded square (radius 22 %) with a transparent outside.
    const r = 0.22;
    const dx = Math.max(r - x, 0, x - (1 - r));
    const dy = Math.max(r - y, 0, y - (1 - r));
    if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
    return drawing(x, y, 0.9) ? [...WHITE, 255] : [...BRAND, 255];
  });
}

mkdirSync(OUT, { recursive: true });
const files = {
  'icon-192.png': icon(192, false),
  'icon-512.png': icon(512, false),
  'maskable-512.png': icon(512, true),
  'apple-touch-icon.png': icon(180, true),
  'favicon-32.png': icon(32, false),
};
for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(OUT, name), bytes);
process.stdout.write(`icons written to ${path.relative(process.cwd(), OUT)}: ${Object.keys(files).join(', ')}\n`);
