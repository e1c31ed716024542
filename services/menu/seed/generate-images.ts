/**
 * Draws a small flat illustration (256×256 PNG) for every demo menu item, plus a placeholder,
 * into `services/menu/seed/images/`. Deterministic: the same code always writes the same bytes
 * (garnish positions come from a PRNG seeded by the file name), so the service's content-hashed
 * image names stay stable across runs.
 *
 *   npx tsx services/menu/seed/generate-images.ts
 *
 * Shapes are drawn as signed distance functions with one pixel of anti-aliasing; colours are
 * flat, so the files compress to a few kilobytes each.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pngjs from 'pngjs';
import { seededRandom } from '@canteen/service-kit';
import { demoItems, PLACEHOLDER_IMAGE } from './demo-menu.ts';

const { PNG } = pngjs;

export const IMAGE_SIZE = 256;
export const IMAGES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'images');

// ---- colours ---------------------------------------------------------------------------

type RGB = readonly [number, number, number];

function hex(value: string): RGB {
  const n = Number.parseInt(value.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
/** Mixes towards white (amount > 0) or black (amount < 0). */
function tint(color: RGB, amount: number): RGB {
  const target = amount > 0 ? 255 : 0;
  const k = Math.abs(amount);
  return [color[0] + (target - color[0]) * k, color[1] + (target - color[1]) * k, color[2] + (target - color[2]) * k];
}
const WHITE: RGB = [255, 255, 255];
const BLACK: RGB = [0, 0, 0];

// ---- deterministic randomness -----------------------------------------------------------

type Rng = () => number;

/** The kit's generator, seeded by an FNV-1a hash of `key` (a file name). */
function seededRng(key: string): Rng {
  let seed = 2166136261;
  for (let i = 0; i < key.length; i++) seed = Math.imul(seed ^ key.charCodeAt(i), 16777619);
  return seededRandom(seed);
}
const between = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
function pick<T>(rng: Rng, list: readonly T[]): T {
  const value = list[Math.floor(rng() * list.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}
function inDisc(rng: Rng, cx: number, cy: number, radius: number): [number, number] {
  const r = radius * Math.sqrt(rng());
  const a = rng() * Math.PI * 2;
  return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
}

// ---- signed distance functions ------------------------------------------------------------

type Sdf = (x: number, y: number) => number;
type Point = readonly [number, number];

function sdSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const pax = px - ax;
  const pay = py - ay;
  const bax = bx - ax;
  const bay = by - ay;
  const len = bax * bax + bay * bay;
  const h = len === 0 ? 0 : Math.min(1, Math.max(0, (pax * bax + pay * bay) / len));
  return Math.hypot(pax - bax * h, pay - bay * h);
}

function sdEllipse(px: number, py: number, rx: number, ry: number): number {
  const k0 = Math.hypot(px / rx, py / ry);
  const k1 = Math.hypot(px / (rx * rx), py / (ry * ry));
  if (k1 === 0) return -Math.min(rx, ry);
  return (k0 * (k0 - 1)) / k1;
}

function sdPolygon(px: number, py: number, pts: readonly Point[]): number {
  const first = pts[0]!;
  let d = (px - first[0]) ** 2 + (py - first[1]) ** 2;
  let s = 1;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i, i++) {
    const [vix, viy] = pts[i]!;
    const [vjx, vjy] = pts[j]!;
    const ex = vjx - vix;
    const ey = vjy - viy;
    const wx = px - vix;
    const wy = py - viy;
    const h = Math.min(1, Math.max(0, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
    const bx = wx - ex * h;
    const by = wy - ey * h;
    d = Math.min(d, bx * bx + by * by);
    const c1 = py >= viy;
    const c2 = py < vjy;
    const c3 = ex * wy > ey * wx;
    if ((c1 && c2 && c3) || (!c1 && !c2 && !c3)) s = -s;
  }
  return s * Math.sqrt(d);
}

// ---- the canvas ---------------------------------------------------------------------------

class Canvas {
  readonly data: Float32Array;

  constructor(
    readonly size: number,
    background: RGB,
  ) {
    this.data = new Float32Array(size * size * 3);
    for (let i = 0; i < size * size; i++) this.data.set(background, i * 3);
  }

  private hard = false;

  /** Draws without anti-aliasing: for small garnish, where soft edges cost bytes and add little. */
  crisp(draw: () => void): void {
    const before = this.hard;
    this.hard = true;
    try {
      draw();
    } finally {
      this.hard = before;
    }
  }

  /** Paints where sdf < 0, with `feather` pixels of soft edge (0: hard), inside a bounding box. */
  fill(sdf: Sdf, box: readonly [number, number, number, number], color: RGB, alpha = 1, softness = 1): void {
    const feather = this.hard ? 0 : softness;
    const pad = feather + 1;
    const x0 = Math.max(0, Math.floor(box[0] - pad));
    const y0 = Math.max(0, Math.floor(box[1] - pad));
    const x1 = Math.min(this.size - 1, Math.ceil(box[2] + pad));
    const y1 = Math.min(this.size - 1, Math.ceil(box[3] + pad));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = sdf(x + 0.5, y + 0.5);
        const coverage = feather === 0 ? (d < 0 ? 1 : 0) : Math.min(1, Math.max(0, 0.5 - d / feather));
        if (coverage <= 0) continue;
        const a = coverage * alpha;
        const i = (y * this.size + x) * 3;
        const data = this.data;
        data[i] = data[i]! + (color[0] - data[i]!) * a;
        data[i + 1] = data[i + 1]! + (color[1] - data[i + 1]!) * a;
        data[i + 2] = data[i + 2]! + (color[2] - data[i + 2]!) * a;
      }
    }
  }

  circle(cx: number, cy: number, r: number, color: RGB, alpha = 1, feather = 1): void {
    this.fill((x, y) => Math.hypot(x - cx, y - cy) - r, [cx - r, cy - r, cx + r, cy + r], color, alpha, feather);
  }

  ring(cx: number, cy: number, r: number, width: number, color: RGB, alpha = 1): void {
    const o = r + width;
    this.fill((x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2, [cx - o, cy - o, cx + o, cy + o], color, alpha);
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, color: RGB, angle = 0, alpha = 1, feather = 1): void {
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const o = Math.max(rx, ry);
    this.fill(
      (x, y) => {
        const dx = x - cx;
        const dy = y - cy;
        return sdEllipse(dx * cos + dy * sin, -dx * sin + dy * cos, rx, ry);
      },
      [cx - o, cy - o, cx + o, cy + o],
      color,
      alpha,
      feather,
    );
  }

  ellipseStroke(cx: number, cy: number, rx: number, ry: number, width: number, color: RGB, alpha = 1): void {
    const o = Math.max(rx, ry) + width;
    this.fill((x, y) => Math.abs(sdEllipse(x - cx, y - cy, rx, ry)) - width / 2, [cx - o, cy - o, cx + o, cy + o], color, alpha);
  }

  /** A rounded rectangle of w×h centred on (cx, cy), turned by `angle` radians. */
  box(cx: number, cy: number, w: number, h: number, radius: number, color: RGB, angle = 0, alpha = 1): void {
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const hw = w / 2 - radius;
    const hh = h / 2 - radius;
    const o = Math.hypot(w, h) / 2;
    this.fill(
      (x, y) => {
        const dx = x - cx;
        const dy = y - cy;
        const qx = Math.abs(dx * cos + dy * sin) - hw;
        const qy = Math.abs(-dx * sin + dy * cos) - hh;
        return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
      },
      [cx - o, cy - o, cx + o, cy + o],
      color,
      alpha,
    );
  }

  capsule(ax: number, ay: number, bx: number, by: number, r: number, color: RGB, alpha = 1): void {
    this.fill(
      (x, y) => sdSegment(x, y, ax, ay, bx, by) - r,
      [Math.min(ax, bx) - r, Math.min(ay, by) - r, Math.max(ax, bx) + r, Math.max(ay, by) + r],
      color,
      alpha,
    );
  }

  /** A thick line through points, as one shape (no darker joints when translucent). */
  polyline(pts: readonly Point[], r: number, color: RGB, alpha = 1): void {
    if (pts.length < 2) return;
    this.fill(
      (x, y) => {
        let d = Infinity;
        for (let i = 1; i < pts.length; i++) {
          const a = pts[i - 1]!;
          const b = pts[i]!;
          d = Math.min(d, sdSegment(x, y, a[0], a[1], b[0], b[1]));
        }
        return d - r;
      },
      bounds(pts, r),
      color,
      alpha,
    );
  }

  polygon(pts: readonly Point[], color: RGB, alpha = 1, round = 0): void {
    this.fill((x, y) => sdPolygon(x, y, pts) - round, bounds(pts, round), color, alpha);
  }

  polygonStroke(pts: readonly Point[], width: number, color: RGB, alpha = 1): void {
    this.fill((x, y) => Math.abs(sdPolygon(x, y, pts)) - width / 2, bounds(pts, width), color, alpha);
  }

  /** A polygon clipped to another polygon (liquid inside a glass). */
  polygonWithin(pts: readonly Point[], clip: readonly Point[], color: RGB, alpha = 1): void {
    this.fill((x, y) => Math.max(sdPolygon(x, y, pts), sdPolygon(x, y, clip)), bounds(pts, 0), color, alpha);
  }

  toPng(): Buffer {
    const png = new PNG({ width: this.size, height: this.size });
    // Channels snap to steps of 4: invisible on flat colours, and the anti-aliased edges then
    // repeat far more often, which roughly halves what deflate has to store.
    const level = (value: number): number => Math.min(255, Math.max(0, Math.round(value / 4) * 4));
    for (let i = 0; i < this.size * this.size; i++) {
      png.data[i * 4] = level(this.data[i * 3]!);
      png.data[i * 4 + 1] = level(this.data[i * 3 + 1]!);
      png.data[i * 4 + 2] = level(this.data[i * 3 + 2]!);
      png.data[i * 4 + 3] = 255;
    }
    // Flat pictures compress best unfiltered with ordinary deflate (pngjs defaults to Z_RLE);
    // keep whichever of a few fixed settings is smallest: still deterministic.
    let best: Buffer | undefined;
    for (const filterType of [0, -1] as const) {
      for (const deflateStrategy of [0, 1]) {
        const bytes = PNG.sync.write(png, { colorType: 2, deflateLevel: 9, filterType, deflateStrategy });
        if (!best || bytes.length < best.length) best = bytes;
      }
    }
    return best!;
  }
}

function bounds(pts: readonly Point[], pad: number): [number, number, number, number] {
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad];
}

// ---- reusable pieces of food --------------------------------------------------------------

const C = 128;
const STEEL_DARK = hex('#aeb4ba');
const STEEL = hex('#cfd3d8');
const STEEL_LIGHT = hex('#e4e7ea');

const COL = {
  coriander: hex('#3f8f3a'),
  chilliGreen: hex('#4e9a2e'),
  onion: hex('#c98bb5'),
  tomato: hex('#d9432b'),
  carrot: hex('#f0862c'),
  peanut: hex('#b8783e'),
  cashew: hex('#efd7a4'),
  mustardSeed: hex('#2d2620'),
  lemon: hex('#ede26a'),
  butter: hex('#f8e37e'),
  sambar: hex('#c8642a'),
  coconutChutney: hex('#f3f0e2'),
  mintChutney: hex('#5a9e3c'),
  tamarind: hex('#7a3a1c'),
  rice: hex('#f8f5ec'),
  pistachio: hex('#86b04a'),
  saffron: hex('#e8731a'),
  cream: hex('#fbf6ea'),
};

function plate(c: Canvas, kind: 'ceramic' | 'steel' = 'ceramic'): void {
  c.circle(C + 3, C + 6, 106, BLACK, 0.16);
  if (kind === 'steel') {
    c.circle(C, C, 108, STEEL_DARK);
    c.circle(C, C, 105, STEEL);
    c.ring(C, C, 90, 2, STEEL_DARK, 0.6);
    c.circle(C, C, 89, tint(STEEL, 0.15));
  } else {
    c.circle(C, C, 106, hex('#e3e0d8'));
    c.circle(C, C, 104, hex('#fcfbf8'));
    c.ring(C, C, 82, 2, hex('#ebe8e1'));
  }
}

function sprinkle(
  c: Canvas,
  rng: Rng,
  cx: number,
  cy: number,
  radius: number,
  count: number,
  colors: readonly RGB[],
  shape: 'dot' | 'sliver' | 'leaf' | 'cube' | 'nut',
  size: number,
): void {
  c.crisp(() => {
    for (let i = 0; i < count; i++) {
      const [x, y] = inDisc(rng, cx, cy, radius);
      const color = pick(rng, colors);
      const s = size * between(rng, 0.75, 1.2);
      const a = rng() * Math.PI;
      if (shape === 'dot') c.circle(x, y, s, color);
      else if (shape === 'sliver') {
        const dx = Math.cos(a) * s * 1.4;
        const dy = Math.sin(a) * s * 1.4;
        c.capsule(x - dx, y - dy, x + dx, y + dy, Math.max(0.8, s * 0.38), color);
      } else if (shape === 'leaf') c.ellipse(x, y, s, s * 0.55, color, a);
      else if (shape === 'cube') c.box(x, y, s * 2, s * 2, s * 0.35, color, a);
      else {
        c.ellipse(x, y, s, s * 0.62, color, a);
        c.ellipse(x - Math.cos(a) * s * 0.2, y - Math.sin(a) * s * 0.2, s * 0.45, s * 0.25, tint(color, 0.25), a);
      }
    }
  });
}

/** A heap of rice, poha, upma…: an organic blob with grains on top. */
function mound(c: Canvas, rng: Rng, cx: number, cy: number, radius: number, base: RGB, grains: readonly RGB[], density = 1): void {
  c.circle(cx + 2, cy + 4, radius, BLACK, 0.1);
  c.circle(cx, cy, radius * 0.86, base);
  for (let i = 0; i < 9; i++) {
    const a = (i / 9) * Math.PI * 2 + rng() * 0.4;
    const d = radius * 0.55;
    c.circle(cx + Math.cos(a) * d, cy + Math.sin(a) * d, radius * between(rng, 0.38, 0.46), base);
  }
  const count = Math.round(((radius * radius) / 14) * density);
  c.crisp(() => {
    for (let i = 0; i < count; i++) {
      const [x, y] = inDisc(rng, cx, cy, radius * 0.88);
      const a = rng() * Math.PI;
      const dx = Math.cos(a) * 2.6;
      const dy = Math.sin(a) * 2.6;
      c.capsule(x - dx, y - dy, x + dx, y + dy, 1.3, pick(rng, grains));
    }
  });
}

/** A small steel bowl (katori) with something in it. */
function katori(c: Canvas, cx: number, cy: number, r: number, content: RGB): void {
  c.circle(cx + 2, cy + 3, r, BLACK, 0.15);
  c.circle(cx, cy, r, STEEL_DARK);
  c.circle(cx, cy, r - 1.5, STEEL_LIGHT);
  c.circle(cx, cy, r - 4.5, content);
}

/** A deeper ceramic or copper serving bowl. */
function bowl(c: Canvas, cx: number, cy: number, r: number, content: RGB, rim: RGB = hex('#f7f5f0')): void {
  c.circle(cx + 3, cy + 5, r, BLACK, 0.16);
  c.circle(cx, cy, r, tint(rim, -0.12));
  c.circle(cx, cy, r - 2, rim);
  c.circle(cx, cy, r - 8, tint(content, -0.18));
  c.circle(cx - 1, cy + 1, r - 10, content);
}

function flatbread(c: Canvas, rng: Rng, cx: number, cy: number, rx: number, ry: number, angle: number, base: RGB, spot: RGB, spots = 14): void {
  c.ellipse(cx + 2, cy + 3, rx, ry, BLACK, angle, 0.1);
  c.ellipse(cx, cy, rx, ry, tint(base, -0.1), angle);
  c.ellipse(cx - 1, cy - 1, rx - 3, ry - 3, base, angle);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  c.crisp(() => {
    for (let i = 0; i < spots; i++) {
      const [u, v] = inDisc(rng, 0, 0, 0.8);
      const x = cx + u * rx * cos - v * ry * sin;
      const y = cy + u * rx * sin + v * ry * cos;
      c.ellipse(x, y, between(rng, 2, 5), between(rng, 1.5, 3.5), spot, rng() * Math.PI, 0.75);
    }
  });
}

function lemonWedge(c: Canvas, cx: number, cy: number, r: number, angle: number): void {
  const pts: Point[] = [];
  for (let i = 0; i <= 12; i++) {
    const a = angle + (i / 12) * Math.PI;
    pts.push([cx + Math.cos(a) * r, cy + Math.sin(a) * r]);
  }
  c.polygon(pts, hex('#c9c23a'));
  const inner = pts.map(([x, y]): Point => [cx + (x - cx) * 0.82, cy + (y - cy) * 0.82]);
  c.polygon(inner, COL.lemon);
  for (let i = 1; i < 4; i++) {
    const a = angle + (i / 4) * Math.PI;
    c.capsule(cx, cy, cx + Math.cos(a) * r * 0.75, cy + Math.sin(a) * r * 0.75, 0.7, hex('#f6f1b8'));
  }
}

/** Wavy strands (noodles, carrot shreds). */
function strands(c: Canvas, rng: Rng, cx: number, cy: number, radius: number, count: number, colors: readonly RGB[], width: number, length = 16): void {
  for (let i = 0; i < count; i++) {
    let [x, y] = inDisc(rng, cx, cy, radius * 0.85);
    let a = rng() * Math.PI * 2;
    const wobble = between(rng, 0.25, 0.6);
    const pts: Point[] = [[x, y]];
    for (let k = 0; k < length; k++) {
      a += Math.sin(k * 0.9 + i) * wobble;
      x += Math.cos(a) * 4;
      y += Math.sin(a) * 4;
      if (Math.hypot(x - cx, y - cy) > radius) break;
      pts.push([x, y]);
    }
    const color = pick(rng, colors);
    c.crisp(() => c.polyline(pts, width, color));
  }
}

function creamSwirl(c: Canvas, cx: number, cy: number, r: number, turns = 1.6): void {
  const pts: Point[] = [];
  for (let i = 0; i <= 40; i++) {
    const t = i / 40;
    const a = t * turns * Math.PI * 2;
    pts.push([cx + Math.cos(a) * r * t, cy + Math.sin(a) * r * t]);
  }
  c.polyline(pts, 2.2, COL.cream, 0.9);
}

function steam(c: Canvas, cx: number, top: number, color: RGB = WHITE): void {
  for (const dx of [-16, 0, 16]) {
    const pts: Point[] = [];
    for (let i = 0; i <= 12; i++) {
      const y = top - i * 3.2;
      pts.push([cx + dx + Math.sin(i * 0.7 + dx) * 4, y]);
    }
    c.polyline(pts, 2.2, color, 0.65);
  }
}

/** A long rolled dosa seen from above. */
function dosaRoll(c: Canvas, rng: Rng, cx: number, cy: number, length: number, width: number, angle: number, color: RGB, filling?: RGB): void {
  c.box(cx + 3, cy + 5, length, width, width / 2, BLACK, angle, 0.12);
  c.box(cx, cy, length, width, width / 2, tint(color, -0.12), angle);
  c.box(cx, cy - 2, length - 4, width - 8, width / 2 - 4, color, angle);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  for (let i = -5; i <= 5; i++) {
    const t = (i / 6) * (length / 2 - width / 2);
    const x = cx + cos * t + between(rng, -2, 2);
    const y = cy + sin * t;
    const nx = -sin * (width / 2 - 6);
    const ny = cos * (width / 2 - 6);
    c.capsule(x - nx * 0.8, y - ny * 0.8, x + nx * 0.3 + cos * 6, y + ny * 0.3 + sin * 6, 1.3, tint(color, -0.22), 0.55);
  }
  if (filling) {
    const ex = cx + cos * (length / 2 - width / 2);
    const ey = cy + sin * (length / 2 - width / 2);
    c.ellipse(ex, ey, width / 2 - 3, width / 2 - 7, filling, angle + Math.PI / 2);
    sprinkle(c, rng, ex, ey, width / 2 - 10, 6, [COL.coriander, COL.mustardSeed], 'dot', 1.6);
  }
}

function triangle(c: Canvas, cx: number, cy: number, r: number, angle: number, color: RGB, round = 4): Point[] {
  const pts: Point[] = [0, 1, 2].map((i): Point => {
    const a = angle + (i / 3) * Math.PI * 2;
    return [cx + Math.cos(a) * r, cy + Math.sin(a) * r];
  });
  c.polygon(pts, color, 1, round);
  return pts;
}

/** Sandwich halves seen from above: a bread triangle with crust and grill lines. */
function sandwichHalf(c: Canvas, cx: number, cy: number, r: number, angle: number, bread: RGB, crust: RGB, filling: RGB, grill: boolean): void {
  c.fill((x, y) => sdTriangle(x, y, cx + 3, cy + 5, r, angle) - 6, [cx - r - 10, cy - r - 10, cx + r + 10, cy + r + 10], BLACK, 0.14);
  triangle(c, cx, cy, r + 2, angle, filling, 6);
  triangle(c, cx, cy, r, angle, crust, 5);
  triangle(c, cx, cy, r - 7, angle, bread, 3);
  if (grill) {
    for (let k = -3; k <= 3; k++) {
      const off = k * 11;
      c.fill(
        (x, y) => {
          const inside = sdTriangle(x, y, cx, cy, r - 9, angle) - 2;
          const line = Math.abs((x - cx) * 0.7071 + (y - cy) * 0.7071 - off) - 1.8;
          return Math.max(inside, line);
        },
        [cx - r, cy - r, cx + r, cy + r],
        tint(crust, -0.2),
        0.8,
      );
    }
  }
}

function sdTriangle(x: number, y: number, cx: number, cy: number, r: number, angle: number): number {
  const pts: Point[] = [0, 1, 2].map((i): Point => {
    const a = angle + (i / 3) * Math.PI * 2;
    return [cx + Math.cos(a) * r, cy + Math.sin(a) * r];
  });
  return sdPolygon(x, y, pts);
}

/** A kathi roll seen from above: a paratha cylinder, open at one end, half in a paper wrap. */
function kathiRoll(c: Canvas, rng: Rng, cx: number, cy: number, angle: number, filling: readonly RGB[]): void {
  const length = 150;
  const width = 50;
  const wrap = hex('#f4f1ea');
  const bread = hex('#e2b46c');
  c.box(cx + 3, cy + 6, length, width, 20, BLACK, angle, 0.14);
  c.box(cx, cy, length, width, 20, tint(bread, -0.1), angle);
  c.box(cx, cy - 2, length - 6, width - 10, 16, bread, angle);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  for (let i = 0; i < 12; i++) {
    const t = between(rng, -length / 2 + 20, length / 2 - 20);
    const n = between(rng, -width / 2 + 10, width / 2 - 10);
    c.ellipse(cx + cos * t - sin * n, cy + sin * t + cos * n, between(rng, 2, 4.5), between(rng, 1.5, 3), hex('#b27a38'), rng() * 3, 0.7);
  }
  // paper wrap on the far half
  const wx = cx - cos * (length / 4 + 4);
  const wy = cy - sin * (length / 4 + 4);
  c.box(wx, wy, length / 2 + 6, width + 6, 12, tint(wrap, -0.08), angle);
  c.box(wx, wy - 1, length / 2, width, 10, wrap, angle);
  c.box(wx + cos * 10, wy + sin * 10, 8, width, 2, hex('#d9453b'), angle);
  // open end with filling
  const ex = cx + cos * (length / 2 - 8);
  const ey = cy + sin * (length / 2 - 8);
  c.ellipse(ex, ey, 12, width / 2 - 2, tint(bread, -0.18), angle);
  c.ellipse(ex + cos, ey + sin, 9, width / 2 - 6, pick(rng, filling), angle);
  for (let i = 0; i < 9; i++) {
    const n = between(rng, -width / 2 + 9, width / 2 - 9);
    const t = between(rng, -5, 5);
    c.circle(ex + cos * t - sin * n, ey + sin * t + cos * n, between(rng, 2, 3.5), pick(rng, filling));
  }
}

// ---- drinks: side views --------------------------------------------------------------------

interface GlassSpec {
  top?: number;
  bottom?: number;
  topW?: number;
  botW?: number;
  level?: number;
  liquid: RGB;
  liquidAlpha?: number;
  foam?: RGB;
  straw?: RGB;
  ice?: boolean;
  bubbles?: boolean;
  specks?: readonly RGB[];
}

function tableShadow(c: Canvas, cx: number, y: number, w: number): void {
  c.ellipse(cx + 4, y, w, 9, BLACK, 0, 0.15);
}

function glass(c: Canvas, rng: Rng, spec: GlassSpec): void {
  const { top = 58, bottom = 214, topW = 104, botW = 78, level = 84, liquid } = spec;
  const at = (y: number, inset: number): number => botW / 2 + ((topW - botW) / 2) * ((bottom - y) / (bottom - top)) - inset;
  const outline: Point[] = [
    [C - topW / 2, top],
    [C + topW / 2, top],
    [C + botW / 2, bottom],
    [C - botW / 2, bottom],
  ];
  tableShadow(c, C, bottom + 2, botW * 0.7);
  c.polygon(outline, WHITE, 0.35);
  const liquidBottom = bottom - 12;
  const body: Point[] = [
    [C - at(level, 5), level],
    [C + at(level, 5), level],
    [C + at(liquidBottom, 5), liquidBottom],
    [C - at(liquidBottom, 5), liquidBottom],
  ];
  c.polygon(body, liquid, spec.liquidAlpha ?? 1);
  if (spec.specks) {
    for (let i = 0; i < 26; i++) {
      const y = between(rng, level + 6, liquidBottom - 4);
      const x = C + between(rng, -1, 1) * (at(y, 10));
      c.circle(x, y, between(rng, 0.9, 1.6), pick(rng, spec.specks), 0.85);
    }
  }
  if (spec.ice) {
    for (let i = 0; i < 3; i++) {
      const y = level + 14 + i * 20;
      c.box(C + (i % 2 === 0 ? -14 : 12), y, 26, 24, 5, WHITE, 0.3 + i * 0.2, 0.32);
    }
  }
  if (spec.bubbles) {
    for (let i = 0; i < 16; i++) {
      const y = between(rng, level + 4, liquidBottom - 4);
      const x = C + between(rng, -1, 1) * at(y, 12);
      c.ring(x, y, between(rng, 1.2, 2.6), 1, WHITE, 0.7);
    }
  }
  if (spec.foam) {
    const foam: Point[] = [
      [C - at(level - 6, 5), level - 6],
      [C + at(level - 6, 5), level - 6],
      [C + at(level + 8, 5), level + 8],
      [C - at(level + 8, 5), level + 8],
    ];
    c.polygon(foam, spec.foam);
  }
  if (spec.straw) {
    const s = spec.straw;
    c.capsule(C + 8, liquidBottom - 18, C + 34, top - 34, 5, s);
    c.capsule(C + 8, liquidBottom - 18, C + 34, top - 34, 1.6, tint(s, 0.35), 0.7);
    // the straw shows through the liquid, dimmed
    c.polygonWithin(body, body, liquid, 0.45 * (spec.liquidAlpha ?? 1));
    if (spec.foam) {
      c.polygon(
        [
          [C - at(level - 6, 5), level - 6],
          [C + at(level - 6, 5), level - 6],
          [C + at(level + 8, 5), level + 8],
          [C - at(level + 8, 5), level + 8],
        ],
        spec.foam,
        0.6,
      );
    }
  }
  c.polygonStroke(outline, 2.5, hex('#f4f8fa'), 0.9);
  c.box(C, bottom - 5, botW - 4, 10, 4, WHITE, 0, 0.35);
  c.capsule(C - topW / 2 + 14, top + 16, C - botW / 2 + 12, bottom - 22, 3, WHITE, 0.45);
}

// ---- what each dish looks like -------------------------------------------------------------

type Painter = (c: Canvas, rng: Rng) => void;

const BACKGROUNDS: Record<string, RGB> = {
  Breakfast: hex('#fde6c4'),
  'South Indian': hex('#d8ecd0'),
  'North Indian Meals': hex('#f6d7c3'),
  Chinese: hex('#f4d3cf'),
  'Snacks & Chaat': hex('#fbefb6'),
  'Sandwiches & Rolls': hex('#dfe5f4'),
  Beverages: hex('#d3e9f1'),
  Desserts: hex('#f5d9e6'),
};
const DEFAULT_BACKGROUND = hex('#e9ecef');

const sambarSide = (c: Canvas, rng: Rng, x: number, y: number, r = 22): void => {
  katori(c, x, y, r, COL.sambar);
  sprinkle(c, rng, x, y, r - 9, 7, [COL.carrot, hex('#e9c46a'), COL.coriander], 'cube', 1.8);
};
const chutneySide = (c: Canvas, rng: Rng, x: number, y: number, r = 18, color = COL.coconutChutney): void => {
  katori(c, x, y, r, color);
  sprinkle(c, rng, x, y, r - 8, 6, [COL.mustardSeed, hex('#2f7d32')], 'dot', 1.1);
};

function thali(c: Canvas, rng: Rng, bowls: readonly [RGB, (x: number, y: number) => void][], rice: RGB, special: boolean): void {
  plate(c, 'steel');
  const positions: Point[] = [
    [70, 78],
    [128, 56],
    [186, 78],
    [196, 140],
  ];
  bowls.forEach(([color, extra], i) => {
    const p = positions[i];
    if (!p) return;
    katori(c, p[0], p[1], 25, color);
    extra(p[0], p[1]);
  });
  mound(c, rng, 128, 142, 30, rice, [COL.rice, hex('#ebe5d3')]);
  flatbread(c, rng, 74, 160, 40, 34, 0.3, hex('#dcae6c'), hex('#9c6a34'), 10);
  flatbread(c, rng, 86, 178, 40, 34, -0.2, hex('#e2b777'), hex('#9c6a34'), 10);
  // salad: cucumber and tomato slices, and a dab of pickle
  c.circle(158, 196, 9, hex('#5e9c3a'));
  c.circle(158, 196, 7, hex('#cfe6a8'));
  c.circle(176, 186, 9, COL.tomato);
  c.circle(176, 186, 6, hex('#ee7a5e'));
  c.circle(196, 172, 6, hex('#b8381c'));
  if (special) star(c, 214, 40, 26, hex('#f2b807'));
}

function star(c: Canvas, cx: number, cy: number, r: number, color: RGB): void {
  const pts: Point[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i / 10) * Math.PI * 2;
    const rr = i % 2 === 0 ? r : r * 0.45;
    pts.push([cx + Math.cos(a) * rr, cy + Math.sin(a) * rr]);
  }
  c.polygon(
    pts.map(([x, y]): Point => [x + 2, y + 3]),
    BLACK,
    0.15,
    1.5,
  );
  c.polygon(pts, color, 1, 1.5);
  c.circle(cx, cy, r * 0.18, tint(color, 0.5));
}

function biryani(c: Canvas, rng: Rng, extras: (c: Canvas) => void): void {
  plate(c);
  mound(c, rng, 120, 124, 70, hex('#f3e6c8'), [COL.rice, COL.rice, hex('#f4b24a'), hex('#e8862a'), hex('#f7d9a0')], 1.1);
  extras(c);
  sprinkle(c, rng, 120, 124, 56, 14, [hex('#7b3f17'), hex('#94501f')], 'sliver', 3);
  sprinkle(c, rng, 120, 124, 56, 8, [hex('#3e8e3e')], 'leaf', 4);
  katori(c, 192, 186, 22, hex('#f6f3ea'));
  sprinkle(c, rng, 192, 186, 12, 7, [COL.coriander, hex('#7fb36a')], 'dot', 1.2);
}

function pieces(c: Canvas, count: number, cx: number, cy: number, spread: number, start: number, draw: (x: number, y: number, i: number) => void): void {
  for (let i = 0; i < count; i++) {
    const a = start + (i / count) * Math.PI * 2;
    draw(cx + Math.cos(a) * spread, cy + Math.sin(a) * spread, i);
  }
}

const LOOKS: Record<string, Painter> = {
  'kanda-poha': (c, rng) => {
    plate(c);
    mound(c, rng, 122, 126, 68, hex('#f1cd45'), [hex('#f6db6c'), hex('#e9c032'), hex('#f8e394')]);
    sprinkle(c, rng, 122, 126, 55, 14, [COL.peanut], 'nut', 4);
    sprinkle(c, rng, 122, 126, 58, 10, [COL.onion], 'sliver', 3);
    sprinkle(c, rng, 122, 126, 58, 22, [COL.coriander, hex('#58a84a')], 'leaf', 2.6);
    sprinkle(c, rng, 122, 118, 28, 26, [hex('#f2a22c'), hex('#e9912a')], 'sliver', 2.2);
    lemonWedge(c, 190, 190, 20, -2.4);
  },
  'rava-upma': (c, rng) => {
    plate(c);
    mound(c, rng, 116, 122, 66, hex('#eee0bb'), [hex('#f6edd2'), hex('#e5d3a3'), hex('#efe3c2')], 1.2);
    sprinkle(c, rng, 116, 122, 52, 8, [COL.cashew], 'nut', 4.5);
    sprinkle(c, rng, 116, 122, 58, 30, [COL.mustardSeed], 'dot', 1.1);
    sprinkle(c, rng, 116, 122, 54, 8, [hex('#2f7d32')], 'leaf', 4.5);
    sprinkle(c, rng, 116, 122, 54, 8, [COL.carrot, COL.chilliGreen], 'cube', 2);
    chutneySide(c, rng, 188, 186, 22);
  },
  'aloo-paratha': (c, rng) => {
    plate(c);
    flatbread(c, rng, 108, 124, 66, 60, 0.2, hex('#d89d54'), hex('#99602a'), 22);
    flatbread(c, rng, 118, 112, 64, 58, -0.3, hex('#e0a85e'), hex('#9a5f28'), 22);
    c.box(120, 110, 26, 20, 5, tint(COL.butter, -0.08), 0.25);
    c.box(119, 108, 24, 18, 5, COL.butter, 0.25);
    katori(c, 190, 176, 22, hex('#fbfaf4'));
    katori(c, 150, 200, 15, hex('#c4451e'));
    sprinkle(c, rng, 150, 200, 6, 4, [hex('#e8a33a')], 'cube', 1.6);
  },
  'bread-omelette': (c, rng) => {
    plate(c);
    c.box(112, 126, 104, 100, 16, hex('#c88a46'), -0.12);
    c.box(112, 126, 92, 88, 12, hex('#f0d6a2'), -0.12);
    c.ellipse(126, 136, 64, 44, hex('#f3c93c'), 0.3);
    sprinkle(c, rng, 150, 150, 26, 10, [COL.chilliGreen, COL.onion, COL.tomato], 'cube', 1.8);
    c.box(132, 112, 100, 96, 16, hex('#b8793a'), 0.1);
    c.box(132, 112, 88, 84, 12, hex('#e7bf7c'), 0.1);
    for (let k = -2; k <= 2; k++) c.box(132 + k * 16, 112, 5, 74, 2.5, hex('#a8682e'), 0.1 + 0.6, 0.55);
    c.circle(190, 186, 14, hex('#c7221b'));
    c.circle(186, 182, 4, hex('#e6625a'));
  },
  'puri-bhaji': (c, rng) => {
    plate(c);
    pieces(c, 3, 92, 118, 30, 0.5, (x, y) => {
      c.circle(x + 2, y + 4, 34, BLACK, 0.1);
      c.circle(x, y, 34, hex('#d99b48'));
      c.circle(x - 2, y - 2, 30, hex('#ecbb68'));
      c.ellipse(x - 8, y - 9, 14, 8, hex('#f6d596'), -0.6);
    });
    mound(c, rng, 168, 154, 40, hex('#e6b53a'), [hex('#f0c957'), hex('#d99f2a')], 0.25);
    sprinkle(c, rng, 168, 154, 32, 12, [hex('#f2cf63'), hex('#eab94a')], 'cube', 4);
    sprinkle(c, rng, 168, 154, 32, 18, [COL.coriander, COL.mustardSeed], 'dot', 1.5);
    lemonWedge(c, 176, 82, 16, 0.6);
  },
  'masala-dosa': (c, rng) => {
    plate(c, 'steel');
    dosaRoll(c, rng, 118, 104, 214, 58, -0.32, hex('#dd9f3e'), hex('#f0c43e'));
    sambarSide(c, rng, 92, 186, 24);
    chutneySide(c, rng, 148, 196, 19);
    chutneySide(c, rng, 192, 172, 17, hex('#d8553a'));
  },
  'plain-dosa': (c, rng) => {
    plate(c, 'steel');
    const pts: Point[] = [
      [40, 170],
      [200, 40],
      [176, 170],
    ];
    c.polygon(pts.map(([x, y]): Point => [x + 3, y + 5]), BLACK, 0.12);
    c.polygon(pts, hex('#c98833'), 1, 6);
    c.polygon(pts, hex('#e6ae52'), 1, 2);
    for (let i = 1; i < 7; i++) {
      const t = i / 7;
      c.capsule(176 - 4, 166, 40 + (200 - 40) * t, 170 + (40 - 170) * t, 0.9, hex('#c98833'), 0.5);
    }
    sambarSide(c, rng, 72, 200, 22);
    chutneySide(c, rng, 124, 210, 17);
    chutneySide(c, rng, 204, 194, 17, hex('#d8553a'));
  },
  'idli-sambar': (c, rng) => {
    plate(c, 'steel');
    pieces(c, 3, 98, 104, 34, -0.3, (x, y) => {
      c.circle(x + 2, y + 4, 30, BLACK, 0.12);
      c.circle(x, y, 30, hex('#e4dfd0'));
      c.circle(x - 1, y - 1, 28, hex('#f8f6ef'));
      c.ellipse(x - 7, y - 8, 10, 6, WHITE, -0.6);
    });
    sambarSide(c, rng, 166, 180, 32);
    chutneySide(c, rng, 84, 186, 22);
    sprinkle(c, rng, 100, 104, 60, 6, [hex('#c2571f')], 'dot', 2);
  },
  'medu-vada': (c, rng) => {
    plate(c, 'steel');
    pieces(c, 2, 104, 104, 34, 0.4, (x, y) => {
      c.circle(x + 2, y + 4, 36, BLACK, 0.12);
      c.circle(x, y, 36, hex('#a7641f'));
      c.circle(x - 1, y - 1, 33, hex('#c98534'));
      c.ring(x - 2, y - 2, 22, 8, hex('#dba24e'), 0.7);
      c.circle(x, y, 9, tint(STEEL, 0.15));
      c.ring(x, y, 9, 2, hex('#8d5217'));
      sprinkle(c, rng, x, y, 30, 6, [COL.chilliGreen, hex('#7a4413')], 'dot', 1.4);
    });
    sambarSide(c, rng, 170, 186, 28);
    chutneySide(c, rng, 92, 194, 20);
  },
  'onion-uttapam': (c, rng) => {
    plate(c, 'steel');
    c.circle(114, 112, 70, hex('#c98e47'));
    c.circle(113, 111, 66, hex('#f1dba8'));
    sprinkle(c, rng, 113, 111, 58, 22, [COL.onion, hex('#e3b2d0')], 'sliver', 3.5);
    sprinkle(c, rng, 113, 111, 58, 14, [COL.tomato], 'cube', 2.6);
    sprinkle(c, rng, 113, 111, 58, 12, [COL.chilliGreen], 'dot', 1.8);
    sprinkle(c, rng, 113, 111, 58, 16, [COL.coriander], 'leaf', 2.8);
    chutneySide(c, rng, 196, 170, 20);
    sambarSide(c, rng, 158, 204, 20);
  },
  'veg-thali': (c, rng) => {
    thali(
      c,
      rng,
      [
        [hex('#e6b033'), (x, y) => sprinkle(c, rng, x, y, 12, 6, [COL.mustardSeed, COL.coriander], 'dot', 1.2)],
        [hex('#6f9a36'), (x, y) => sprinkle(c, rng, x, y, 12, 8, [hex('#a8c75a'), COL.carrot], 'cube', 2)],
        [hex('#d9602b'), (x, y) => sprinkle(c, rng, x, y, 11, 5, [hex('#f7ecd2')], 'cube', 3)],
        [hex('#f4f0e4'), (x, y) => sprinkle(c, rng, x, y, 12, 8, [COL.coriander, hex('#94b86e')], 'dot', 1.2)],
      ],
      COL.rice,
      false,
    );
  },
  'special-paneer-thali': (c, rng) => {
    thali(
      c,
      rng,
      [
        [hex('#5e2f1b'), (x, y) => creamSwirl(c, x, y, 11)],
        [hex('#d8512a'), (x, y) => sprinkle(c, rng, x, y, 11, 5, [hex('#f7ecd2')], 'cube', 3)],
        [hex('#8a2a14'), (x, y) => pieces(c, 2, x, y, 8, 0.3, (px, py) => c.circle(px, py, 7, hex('#6e2a12')))],
        [hex('#f4f0e4'), (x, y) => sprinkle(c, rng, x, y, 12, 8, [COL.coriander, hex('#94b86e')], 'dot', 1.2)],
      ],
      hex('#f3ead0'),
      true,
    );
    sprinkle(c, rng, 128, 142, 24, 10, [hex('#6bab3c'), COL.carrot], 'dot', 1.8);
  },
  'paneer-butter-masala': (c, rng) => {
    plate(c);
    flatbread(c, rng, 84, 150, 46, 32, -0.5, hex('#ead0a0'), hex('#a0662c'), 12);
    flatbread(c, rng, 94, 170, 46, 32, 0.2, hex('#eccf97'), hex('#a0662c'), 12);
    bowl(c, 150, 104, 56, hex('#e0552a'), hex('#b86a3a'));
    sprinkle(c, rng, 150, 104, 32, 9, [hex('#f8efd8'), hex('#f3e2bf')], 'cube', 5.5);
    creamSwirl(c, 148, 102, 24, 1.3);
    sprinkle(c, rng, 150, 104, 36, 10, [COL.coriander], 'leaf', 2.6);
  },
  'chole-bhature': (c, rng) => {
    plate(c);
    c.ellipse(88, 110, 58, 50, BLACK, 0.3, 0.1);
    c.ellipse(84, 104, 58, 50, hex('#dfa95a'), 0.3);
    c.ellipse(82, 102, 54, 46, hex('#f0c982'), 0.3);
    c.ellipse(68, 88, 24, 14, hex('#f8e2b4'), -0.5);
    bowl(c, 164, 150, 46, hex('#8a4620'), hex('#f3f0e8'));
    sprinkle(c, rng, 164, 150, 28, 22, [hex('#c98a45'), hex('#b57836')], 'dot', 4);
    sprinkle(c, rng, 164, 150, 30, 10, [COL.coriander, COL.onion], 'leaf', 3);
    c.capsule(70, 190, 112, 176, 4, COL.chilliGreen);
    c.ring(118, 206, 10, 3, COL.onion);
  },
  'rajma-chawal': (c, rng) => {
    plate(c);
    mound(c, rng, 100, 132, 60, COL.rice, [COL.rice, hex('#ece6d5'), WHITE]);
    c.ellipse(146, 132, 52, 62, hex('#9a3a24'), 0.2);
    sprinkle(c, rng, 146, 132, 44, 24, [hex('#6b1d16'), hex('#7e2a1d')], 'nut', 5);
    sprinkle(c, rng, 146, 132, 40, 8, [COL.coriander], 'leaf', 3);
    c.circle(82, 200, 10, COL.onion);
    c.ring(82, 200, 6, 1.5, hex('#f0d6e6'));
    c.capsule(100, 212, 124, 200, 3.5, COL.chilliGreen);
  },
  'dal-makhani-jeera-rice': (c, rng) => {
    plate(c);
    mound(c, rng, 96, 146, 56, COL.rice, [COL.rice, hex('#ece6d5')]);
    sprinkle(c, rng, 96, 146, 46, 26, [hex('#6b4a2a')], 'sliver', 1.6);
    bowl(c, 156, 96, 50, hex('#5b2e1c'), hex('#f4f1ea'));
    creamSwirl(c, 154, 94, 22);
    c.box(162, 86, 12, 9, 3, COL.butter, 0.4);
    sprinkle(c, rng, 156, 96, 30, 6, [COL.coriander], 'leaf', 2.5);
  },
  'chicken-biryani': (c, rng) =>
    biryani(c, rng, (cv) => {
      for (const [x, y, a] of [
        [96, 104, 0.4],
        [138, 142, -0.6],
        [130, 96, 1.2],
      ] as const) {
        cv.ellipse(x + 2, y + 3, 17, 12, BLACK, a, 0.12);
        cv.ellipse(x, y, 17, 12, hex('#9d4a22'), a);
        cv.ellipse(x - 2, y - 2, 12, 7, hex('#bf6a35'), a);
      }
      cv.circle(92, 150, 11, WHITE);
      cv.circle(92, 150, 5.5, hex('#f6c533'));
    }),
  'veg-biryani': (c, rng) =>
    biryani(c, rng, (cv) => {
      const r2 = seededRng('veg-biryani-veg');
      sprinkle(cv, r2, 120, 124, 54, 16, [hex('#5fa83c')], 'dot', 3);
      sprinkle(cv, r2, 120, 124, 54, 12, [COL.carrot, hex('#f7ecd2')], 'cube', 3);
    }),
  'veg-hakka-noodles': (c, rng) => {
    plate(c);
    c.circle(126, 126, 72, BLACK, 0.1);
    c.circle(124, 122, 70, hex('#d9b36c'));
    strands(c, rng, 124, 122, 70, 70, [hex('#e9c98a'), hex('#dcb572'), hex('#f0d7a4'), hex('#c99d58')], 1.8, 18);
    sprinkle(c, rng, 124, 122, 58, 12, [hex('#a6cc6a'), hex('#c7df9a')], 'sliver', 4);
    sprinkle(c, rng, 124, 122, 58, 12, [COL.carrot], 'sliver', 3.5);
    sprinkle(c, rng, 124, 122, 58, 10, [hex('#3c8d3a'), COL.tomato], 'cube', 2.5);
    sprinkle(c, rng, 124, 122, 58, 14, [hex('#5fae4a')], 'dot', 1.8);
  },
  'chicken-fried-rice': (c, rng) => {
    plate(c);
    mound(c, rng, 124, 124, 70, hex('#dcc08a'), [hex('#ead39f'), hex('#c9a56a'), hex('#f2e2bc')], 1.1);
    sprinkle(c, rng, 124, 124, 56, 12, [hex('#f4d23c')], 'cube', 3);
    sprinkle(c, rng, 124, 124, 56, 12, [hex('#f1dfc6'), hex('#e6c9a4')], 'sliver', 4);
    sprinkle(c, rng, 124, 124, 56, 18, [hex('#4f9f3f'), hex('#7cc160')], 'dot', 2);
    sprinkle(c, rng, 124, 124, 56, 8, [COL.carrot], 'cube', 2);
  },
  'veg-manchurian': (c, rng) => {
    plate(c);
    bowl(c, 128, 126, 74, hex('#6a2c17'), hex('#f4f1ea'));
    const balls: Point[] = [
      [104, 104],
      [146, 98],
      [160, 138],
      [122, 150],
      [96, 140],
      [130, 122],
    ];
    for (const [x, y] of balls) {
      c.circle(x + 2, y + 3, 17, BLACK, 0.18);
      c.circle(x, y, 17, hex('#7e3519'));
      c.circle(x - 1, y - 1, 15, hex('#9a4a22'));
      c.ellipse(x - 5, y - 6, 6, 3.5, hex('#c67a4a'), -0.6, 0.9);
    }
    sprinkle(c, rng, 128, 126, 52, 16, [hex('#5fae4a'), hex('#8ccf6e')], 'sliver', 2.6);
  },
  'chilli-paneer': (c, rng) => {
    plate(c);
    c.circle(126, 126, 70, hex('#8a2d1b'));
    c.circle(124, 124, 62, hex('#9e3a22'));
    for (let i = 0; i < 10; i++) {
      const [x, y] = inDisc(rng, 124, 124, 46);
      const a = rng() * Math.PI;
      c.box(x + 1, y + 2, 22, 20, 4, BLACK, a, 0.15);
      c.box(x, y, 22, 20, 4, hex('#e9c48a'), a);
      c.box(x - 1, y - 1, 16, 14, 3, hex('#f6e4bc'), a);
    }
    sprinkle(c, rng, 124, 124, 52, 10, [hex('#2f8a34'), hex('#46a447')], 'cube', 5);
    sprinkle(c, rng, 124, 124, 52, 8, [hex('#efd6e2')], 'sliver', 5);
    sprinkle(c, rng, 124, 124, 52, 6, [hex('#d72a1c')], 'sliver', 4);
  },
  samosa: (c, rng) => {
    plate(c);
    for (const [x, y, a] of [
      [96, 104, -1.2],
      [150, 112, 0.7],
    ] as const) {
      c.fill((px, py) => sdTriangle(px, py, x + 3, y + 6, 46, a) - 7, [x - 60, y - 60, x + 60, y + 60], BLACK, 0.14);
      triangle(c, x, y, 46, a, hex('#c98533'), 7);
      triangle(c, x, y, 42, a, hex('#e4ac52'), 4);
      for (let k = 0; k < 10; k++) {
        const [sx, sy] = inDisc(rng, x, y, 22);
        c.circle(sx, sy, between(rng, 1, 2), hex('#f3d08d'), 0.8);
      }
    }
    chutneySide(c, rng, 92, 186, 20, COL.mintChutney);
    katori(c, 146, 196, 20, COL.tamarind);
  },
  'vada-pav': (c, rng) => {
    plate(c);
    c.box(125, 131, 128, 108, 40, BLACK, 0, 0.12);
    c.box(122, 126, 128, 108, 40, hex('#c77b35'));
    c.box(120, 122, 118, 96, 36, hex('#e3a054'));
    c.ellipse(106, 104, 36, 18, hex('#efc17e'), -0.3);
    c.ellipse(122, 172, 58, 14, hex('#c58a2e'));
    c.ellipse(122, 170, 56, 10, hex('#e0ad4a'));
    sprinkle(c, rng, 122, 170, 10, 8, [hex('#c2361c')], 'dot', 1.5);
    c.capsule(178, 64, 214, 120, 6, hex('#3f7f24'));
    c.capsule(190, 60, 222, 104, 5, hex('#4c9030'));
    c.capsule(178, 64, 214, 120, 2, hex('#6fb04a'), 0.6);
  },
  'pav-bhaji': (c, rng) => {
    plate(c);
    c.circle(142, 120, 62, BLACK, 0.1);
    c.circle(140, 116, 60, hex('#c64a22'));
    c.circle(138, 114, 54, hex('#d75b2a'));
    sprinkle(c, rng, 138, 114, 44, 18, [hex('#b8401e'), hex('#e67a3c')], 'dot', 3);
    c.box(134, 106, 20, 16, 5, COL.butter, 0.4);
    sprinkle(c, rng, 138, 114, 46, 14, [COL.onion], 'cube', 2);
    sprinkle(c, rng, 138, 114, 46, 14, [COL.coriander], 'leaf', 2.6);
    for (const [x, y] of [
      [72, 176],
      [112, 192],
    ] as const) {
      c.box(x + 2, y + 4, 52, 44, 16, BLACK, 0, 0.14);
      c.box(x, y, 52, 44, 16, hex('#c27a34'));
      c.box(x - 1, y - 2, 44, 36, 13, hex('#e3a052'));
      c.ellipse(x - 6, y - 8, 12, 6, hex('#f1c98a'), -0.3);
    }
    lemonWedge(c, 190, 190, 16, -2.2);
  },
  'pani-puri': (c, rng) => {
    plate(c);
    katori(c, 128, 128, 30, hex('#7cbc56'));
    sprinkle(c, rng, 128, 128, 18, 10, [hex('#4f9a36'), hex('#f2e4b0')], 'dot', 1.6);
    pieces(c, 6, 128, 128, 68, 0, (x, y) => {
      c.circle(x + 2, y + 4, 22, BLACK, 0.12);
      c.circle(x, y, 22, hex('#c98a3a'));
      c.circle(x - 1, y - 1, 20, hex('#e6b45e'));
      c.circle(x + 2, y + 1, 9, hex('#9b6a34'));
      c.circle(x + 2, y + 1, 7, hex('#e9cf8e'));
      c.circle(x + 4, y - 1, 2, hex('#6f9e3a'));
    });
  },
  'bhel-puri': (c, rng) => {
    plate(c);
    mound(c, rng, 126, 124, 70, hex('#ecdcb4'), [hex('#f8f1dc'), hex('#efe2c0'), WHITE], 0.5);
    sprinkle(c, rng, 126, 124, 62, 70, [hex('#fbf6e8'), hex('#f2e6c8')], 'nut', 4);
    sprinkle(c, rng, 126, 124, 60, 40, [hex('#f0b12e'), hex('#e59a26')], 'sliver', 2.4);
    sprinkle(c, rng, 126, 124, 56, 12, [COL.onion], 'cube', 2.4);
    sprinkle(c, rng, 126, 124, 56, 12, [COL.tomato], 'cube', 2.4);
    sprinkle(c, rng, 126, 124, 56, 10, [COL.peanut], 'nut', 3.4);
    sprinkle(c, rng, 126, 124, 56, 16, [COL.coriander], 'leaf', 2.6);
    sprinkle(c, rng, 126, 124, 50, 8, [COL.tamarind], 'dot', 2.4);
    pieces(c, 3, 126, 124, 84, 0.8, (x, y) => {
      c.circle(x, y, 12, hex('#d99c48'));
      c.circle(x, y, 10, hex('#eec27a'));
    });
  },
  'paneer-tikka': (c, rng) => {
    plate(c);
    for (const off of [-28, 28]) {
      const ax = 44;
      const ay = 150 + off;
      const bx = 208;
      const by = 88 + off;
      c.capsule(ax, ay, bx, by, 2, hex('#8f6a45'));
      for (let i = 0; i < 6; i++) {
        const t = 0.14 + i * 0.145;
        const x = ax + (bx - ax) * t;
        const y = ay + (by - ay) * t;
        const kind = i % 3;
        if (kind === 1) c.box(x, y, 20, 20, 5, hex('#3d8d35'), -0.36);
        else if (kind === 2) c.box(x, y, 18, 22, 6, hex('#e7b2c6'), -0.36);
        else {
          c.box(x + 2, y + 3, 26, 26, 5, BLACK, -0.36, 0.14);
          c.box(x, y, 26, 26, 5, hex('#e0782c'), -0.36);
          c.box(x - 1, y - 1, 20, 20, 4, hex('#f0973e'), -0.36);
          sprinkle(c, rng, x, y, 9, 4, [hex('#5a2610')], 'dot', 1.6);
        }
      }
    }
    lemonWedge(c, 82, 78, 15, -0.8);
    chutneySide(c, rng, 176, 190, 18, COL.mintChutney);
  },
  'veg-grilled-sandwich': (c) => {
    plate(c);
    sandwichHalf(c, 102, 116, 56, Math.PI / 6, hex('#eec27e'), hex('#b97a35'), hex('#5fa048'), true);
    sandwichHalf(c, 156, 150, 56, Math.PI / 6 + Math.PI, hex('#eec27e'), hex('#b97a35'), hex('#5fa048'), true);
    c.circle(190, 72, 13, hex('#c7221b'));
    c.circle(186, 68, 4, hex('#e6625a'));
  },
  'chicken-mayo-sandwich': (c, rng) => {
    plate(c);
    sandwichHalf(c, 102, 116, 56, Math.PI / 6, hex('#f6ead0'), hex('#d8ad6e'), hex('#8cc152'), false);
    sandwichHalf(c, 156, 150, 56, Math.PI / 6 + Math.PI, hex('#f6ead0'), hex('#d8ad6e'), hex('#8cc152'), false);
    sprinkle(c, rng, 188, 74, 12, 6, [hex('#cfe7a6'), hex('#5d9c3a')], 'dot', 4);
    c.circle(64, 196, 9, hex('#5e9c3a'));
    c.circle(64, 196, 7, hex('#d9ecb8'));
  },
  'paneer-kathi-roll': (c, rng) => {
    plate(c);
    kathiRoll(c, rng, 128, 118, -0.5, [hex('#ef8f3c'), hex('#f5e2b8'), COL.onion, COL.coriander]);
    lemonWedge(c, 92, 190, 16, -0.3);
    c.circle(170, 196, 8, COL.onion);
    c.ring(170, 196, 5, 1.4, hex('#f0d6e6'));
  },
  'chicken-tikka-roll': (c, rng) => {
    plate(c);
    kathiRoll(c, rng, 128, 118, -0.5, [hex('#c2461f'), hex('#a93a1a'), COL.onion, COL.coriander]);
    lemonWedge(c, 92, 190, 16, -0.3);
    chutneySide(c, rng, 172, 192, 16, COL.mintChutney);
  },
  'egg-roll': (c, rng) => {
    plate(c);
    kathiRoll(c, rng, 128, 118, -0.5, [hex('#f4cd3c'), hex('#f8dd6a'), COL.onion, COL.chilliGreen]);
    lemonWedge(c, 92, 190, 16, -0.3);
    c.circle(172, 194, 12, hex('#c7221b'));
  },
  'masala-chai': (c, rng) => {
    glass(c, rng, { top: 96, bottom: 206, topW: 86, botW: 62, level: 108, liquid: hex('#c3813f'), foam: hex('#d8a468') });
    steam(c, C, 86);
    for (const [x, y, a] of [
      [60, 206, -0.2],
      [196, 208, 0.3],
    ] as const) {
      c.box(x + 2, y + 3, 44, 20, 5, BLACK, a, 0.15);
      c.box(x, y, 44, 20, 5, hex('#d59a4e'), a);
      c.box(x, y - 2, 40, 14, 4, hex('#e8b76c'), a);
    }
  },
  'filter-coffee': (c, rng) => {
    // dabarah (the wide bowl) with the tumbler standing in it
    tableShadow(c, C, 214, 80);
    c.polygon(
      [
        [C - 84, 170],
        [C + 84, 170],
        [C + 62, 212],
        [C - 62, 212],
      ],
      STEEL,
      1,
      3,
    );
    c.ellipse(C, 170, 84, 10, STEEL_LIGHT);
    c.ellipse(C, 170, 76, 7, STEEL_DARK);
    const tumbler: Point[] = [
      [C - 40, 66],
      [C + 40, 66],
      [C + 30, 182],
      [C - 30, 182],
    ];
    c.polygon(tumbler, STEEL, 1, 2);
    c.polygonWithin(
      [
        [C - 34, 60],
        [C - 20, 60],
        [C - 14, 190],
        [C - 26, 190],
      ],
      tumbler,
      STEEL_LIGHT,
    );
    c.polygonWithin(
      [
        [C + 18, 60],
        [C + 30, 60],
        [C + 24, 190],
        [C + 14, 190],
      ],
      tumbler,
      STEEL_DARK,
      0.8,
    );
    c.ellipse(C, 66, 40, 8, STEEL_LIGHT);
    c.ellipse(C, 67, 36, 6, hex('#e3c7a0'));
    sprinkle(c, rng, C, 67, 5, 8, [hex('#f3e3c8'), hex('#c79e70')], 'dot', 1.3);
    steam(c, C, 56);
  },
  'cold-coffee': (c, rng) => {
    glass(c, rng, { level: 78, liquid: hex('#c59c72'), foam: hex('#e9d6bb'), straw: hex('#3b3b3b'), ice: true });
    const pts: Point[] = [];
    for (let i = 0; i <= 14; i++) pts.push([C - 44 + i * 6.2, 96 + (i % 2 === 0 ? 0 : 14)]);
    c.polyline(pts, 1.8, hex('#5b3420'), 0.8);
  },
  lassi: (c, rng) => {
    // a terracotta kulhad with malai on top
    tableShadow(c, C, 210, 64);
    const kulhad: Point[] = [
      [C - 62, 84],
      [C + 62, 84],
      [C + 44, 208],
      [C - 44, 208],
    ];
    c.polygon(kulhad, hex('#b55f35'), 1, 4);
    c.polygonWithin(
      [
        [C - 60, 80],
        [C - 34, 80],
        [C - 24, 212],
        [C - 40, 212],
      ],
      kulhad,
      hex('#c9774b'),
    );
    c.fill((x, y) => Math.max(sdPolygon(x, y, kulhad), Math.abs(y - 112) - 2), [C - 66, 100, C + 66, 124], hex('#9a4b27'));
    c.ellipse(C, 84, 66, 13, hex('#a5532d'));
    c.ellipse(C, 85, 60, 10, hex('#f8f4ea'));
    c.ellipse(C - 8, 78, 34, 12, WHITE);
    c.ellipse(C + 16, 76, 18, 8, hex('#fbf7ee'));
    sprinkle(c, rng, C, 80, 20, 8, [COL.pistachio, COL.saffron], 'dot', 1.6);
  },
  'fresh-lime-soda': (c, rng) => {
    glass(c, rng, { level: 74, liquid: hex('#dcefb0'), liquidAlpha: 0.85, straw: hex('#3fa34d'), ice: true, bubbles: true });
    c.circle(C - 44, 62, 24, hex('#6aa72c'));
    c.circle(C - 44, 62, 20, hex('#cfe98d'));
    for (let i = 0; i < 8; i++) {
      const a = (i / 8) * Math.PI * 2;
      c.capsule(C - 44, 62, C - 44 + Math.cos(a) * 17, 62 + Math.sin(a) * 17, 0.9, hex('#eef8cf'));
    }
  },
  'masala-chaas': (c, rng) => {
    glass(c, rng, { level: 82, liquid: hex('#f1efe2'), foam: hex('#fbfaf3'), specks: [COL.coriander, hex('#7a5a34')] });
    sprinkle(c, rng, C, 76, 24, 8, [COL.coriander], 'leaf', 3);
  },
  'mango-milkshake': (c, rng) => {
    glass(c, rng, { level: 80, liquid: hex('#f6b335'), foam: hex('#fbd888'), straw: hex('#e2483b') });
    c.box(C - 26, 70, 16, 16, 3, hex('#f39a1e'), 0.4);
    c.box(C - 10, 66, 14, 14, 3, hex('#f7ac2e'), -0.3);
  },
  'chilled-cola': (c, rng) => {
    glass(c, rng, { level: 82, liquid: hex('#3d1f12'), straw: hex('#e0e4e8'), ice: true, bubbles: true });
    for (let i = 0; i < 9; i++) c.ellipse(C + between(rng, -40, 40), between(rng, 110, 196), 1.8, 2.6, WHITE, 0, 0.55);
  },
  'mineral-water': (c) => {
    tableShadow(c, C, 220, 40);
    c.box(C, 148, 70, 140, 18, hex('#a9d2e8'));
    c.box(C, 148, 64, 134, 16, hex('#e4f3fb'));
    c.polygon(
      [
        [C - 32, 86],
        [C + 32, 86],
        [C + 12, 52],
        [C - 12, 52],
      ],
      hex('#cfe8f5'),
      1,
      2,
    );
    c.box(C, 44, 28, 16, 3, hex('#2f7fc1'));
    c.box(C, 52, 32, 5, 2, hex('#286da6'));
    c.box(C, 104, 66, 3, 1, hex('#b9dcef'));
    c.box(C, 150, 70, 42, 2, WHITE);
    const wave: Point[] = [];
    for (let i = 0; i <= 20; i++) wave.push([C - 33 + i * 3.3, 152 + Math.sin(i * 0.6) * 4]);
    c.polyline(wave, 2.4, hex('#2f7fc1'));
    c.capsule(C - 22, 92, C - 22, 200, 3, WHITE, 0.6);
  },
  'gulab-jamun': (c, rng) => {
    plate(c);
    bowl(c, 128, 128, 70, hex('#e4aa48'), STEEL_LIGHT);
    for (const [x, y] of [
      [106, 118],
      [150, 136],
    ] as const) {
      c.circle(x + 2, y + 4, 28, BLACK, 0.2);
      c.circle(x, y, 28, hex('#6b2c12'));
      c.circle(x - 1, y - 1, 25, hex('#85391a'));
      c.ellipse(x - 9, y - 10, 9, 5, hex('#c0704a'), -0.7);
    }
    sprinkle(c, rng, 128, 128, 44, 10, [COL.pistachio], 'sliver', 2.4);
  },
  rasmalai: (c, rng) => {
    plate(c);
    bowl(c, 128, 128, 72, hex('#f5df9e'), WHITE);
    for (const [x, y] of [
      [106, 114],
      [152, 140],
    ] as const) {
      c.circle(x + 1, y + 3, 28, hex('#e9cf85'), 0.8, 2);
      c.circle(x, y, 28, hex('#fbf5e3'));
      c.ring(x, y, 20, 1.5, hex('#efe3c0'));
    }
    sprinkle(c, rng, 128, 128, 50, 14, [COL.pistachio, hex('#a7c765')], 'sliver', 2.6);
    sprinkle(c, rng, 128, 128, 50, 8, [hex('#e3c58e')], 'sliver', 3);
    sprinkle(c, rng, 128, 128, 50, 8, [COL.saffron], 'sliver', 2);
  },
  'rice-kheer': (c, rng) => {
    plate(c);
    bowl(c, 128, 128, 72, hex('#f6ecd4'), hex('#c8823e'));
    sprinkle(c, rng, 128, 128, 50, 70, [hex('#fffdf6'), hex('#ece0c2')], 'sliver', 2);
    sprinkle(c, rng, 128, 128, 40, 8, [COL.cashew, hex('#e3c58e')], 'nut', 4);
    sprinkle(c, rng, 128, 128, 44, 10, [COL.pistachio], 'sliver', 2.2);
    sprinkle(c, rng, 128, 128, 44, 8, [COL.saffron], 'sliver', 1.8);
  },
  'gajar-halwa': (c, rng) => {
    plate(c);
    c.circle(130, 130, 70, BLACK, 0.1);
    c.circle(128, 126, 66, hex('#d4501d'));
    strands(c, rng, 128, 126, 64, 60, [hex('#e8642a'), hex('#f0803a'), hex('#c9441a')], 1.6, 5);
    sprinkle(c, rng, 128, 126, 46, 8, [COL.cashew], 'nut', 5);
    sprinkle(c, rng, 128, 126, 46, 8, [hex('#4a2016')], 'nut', 3);
    sprinkle(c, rng, 128, 126, 46, 8, [COL.pistachio], 'sliver', 2.4);
  },
  'ice-cream-cup': (c, rng) => {
    tableShadow(c, C, 212, 50);
    const scoops: [number, number, RGB][] = [
      [C - 24, 92, hex('#f7ecd1')],
      [C + 24, 88, hex('#6e3b23')],
      [C, 66, hex('#f4a7bd')],
    ];
    for (const [x, y, color] of scoops) {
      c.circle(x, y, 34, tint(color, -0.1));
      c.circle(x - 2, y - 2, 31, color);
      c.ellipse(x - 10, y - 12, 9, 5, tint(color, 0.35), -0.6);
    }
    const cup: Point[] = [
      [C - 64, 104],
      [C + 64, 104],
      [C + 44, 210],
      [C - 44, 210],
    ];
    c.polygon(cup, WHITE, 1, 3);
    for (let i = -3; i <= 3; i++) {
      c.polygonWithin(
        [
          [C + i * 20 - 5, 100],
          [C + i * 20 + 5, 100],
          [C + i * 14 + 4, 214],
          [C + i * 14 - 4, 214],
        ],
        cup,
        hex('#ef6f8e'),
      );
    }
    c.box(C, 106, 134, 10, 4, hex('#fbe3ea'));
    c.box(C + 50, 50, 12, 56, 3, hex('#d9a45c'), 0.5);
    c.box(C + 50, 50, 8, 52, 2, hex('#ebc27f'), 0.5);
    sprinkle(c, rng, C, 72, 30, 10, [hex('#f24a6b'), hex('#4aa8e0'), hex('#f5c518')], 'sliver', 2);
  },
  'chocolate-brownie': (c, rng) => {
    plate(c);
    for (const [x, y, a] of [
      [102, 110, -0.2],
      [156, 146, 0.25],
    ] as const) {
      c.box(x + 3, y + 6, 70, 64, 8, BLACK, a, 0.16);
      c.box(x, y, 70, 64, 8, hex('#3e2014'), a);
      c.box(x - 1, y - 2, 64, 56, 6, hex('#5c321f'), a);
      sprinkle(c, rng, x, y, 22, 5, [hex('#c89c6a')], 'nut', 5);
      sprinkle(c, rng, x, y, 24, 10, [hex('#74412a')], 'sliver', 3.5);
    }
    c.circle(196, 80, 11, hex('#c43a4e'));
    c.capsule(196, 70, 204, 56, 1.5, hex('#4f8a2e'));
  },
};

/** Used for an item without a look of its own: a plate or a glass by station. */
function fallbackPainter(station: string | undefined): Painter {
  if (station === 'drinks') return (c, rng) => glass(c, rng, { liquid: hex('#e9b86a'), foam: hex('#f5dcae') });
  return (c, rng) => {
    plate(c);
    mound(c, rng, 128, 128, 64, hex('#e8c27a'), [hex('#f0d092'), hex('#d8ab5a')]);
    sprinkle(c, rng, 128, 128, 52, 14, [COL.coriander], 'leaf', 3);
  };
}

function paintPlaceholder(c: Canvas): void {
  plate(c);
  c.ring(C, C, 60, 2, hex('#ebe8e1'));
  // fork
  c.capsule(40, 70, 40, 190, 4, hex('#9aa3ab'));
  c.box(40, 78, 22, 26, 6, hex('#9aa3ab'));
  for (const dx of [-8, 0, 8]) c.capsule(40 + dx, 44, 40 + dx, 70, 2.2, hex('#9aa3ab'));
  // knife
  c.capsule(216, 120, 216, 190, 4.5, hex('#9aa3ab'));
  c.polygon(
    [
      [210, 124],
      [222, 124],
      [222, 48],
      [210, 64],
    ],
    hex('#b3bbc2'),
    1,
    2,
  );
}

// ---- output ----------------------------------------------------------------------------------

export interface GeneratedImage {
  file: string;
  bytes: number;
}

export function renderItemImage(image: string, category: string | undefined, station: string | undefined): Buffer {
  const slug = image.replace(/\.png$/, '');
  const canvas = new Canvas(IMAGE_SIZE, (category && BACKGROUNDS[category]) || DEFAULT_BACKGROUND);
  const painter = LOOKS[slug] ?? fallbackPainter(station);
  painter(canvas, seededRng(slug));
  return canvas.toPng();
}

export function renderPlaceholder(): Buffer {
  const canvas = new Canvas(IMAGE_SIZE, DEFAULT_BACKGROUND);
  paintPlaceholder(canvas);
  return canvas.toPng();
}

/** Writes every item's picture and the placeholder; returns what it wrote. */
export function generateMenuImages(dir: string = IMAGES_DIR): GeneratedImage[] {
  mkdirSync(dir, { recursive: true });
  const written: GeneratedImage[] = [];
  const write = (file: string, bytes: Buffer): void => {
    writeFileSync(path.join(dir, file), bytes);
    written.push({ file, bytes: bytes.length });
  };
  for (const { image, item } of demoItems) {
    if (!LOOKS[image.replace(/\.png$/, '')]) console.warn(`no drawing for ${image}; using the ${item.station ?? 'counter'} fallback`);
    write(image, renderItemImage(image, item.category, item.station));
  }
  write(PLACEHOLDER_IMAGE, renderPlaceholder());
  return written;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const written = generateMenuImages();
  const total = written.reduce((sum, w) => sum + w.bytes, 0);
  const largest = written.reduce((max, w) => (w.bytes > max.bytes ? w : max));
  console.log(
    `wrote ${written.length} images to ${path.relative(process.cwd(), IMAGES_DIR) || IMAGES_DIR} ` +
      `(${(total / 1024).toFixed(1)} KB in all, largest ${largest.file} ${(largest.bytes / 1024).toFixed(1)} KB)`,
  );
}
