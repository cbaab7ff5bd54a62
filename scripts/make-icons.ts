// `npx tsx scripts/make-icons.ts`: draws the app icons into client/public/icons (committed; re-run after
// changing the drawing). One drawing, three outputs: an SVG, PNGs with rounded corners ("any") and a
// full-bleed maskable PNG whose shield stays inside the 80 % safe circle Android crops to.
// The PNG encoder is the few lines PNG needs (zlib is built in), so no image package is required.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type Point = readonly [number, number];
type Rgba = readonly [number, number, number, number];

const OUT = path.resolve(import.meta.dirname, '..', 'client', 'public', 'icons');
const NAVY: Rgba = [11, 18, 32, 255];
const RED: Rgba = [220, 38, 38, 255];
const GOLD: Rgba = [251, 191, 36, 255];
const CLEAR: Rgba = [0, 0, 0, 0];
const CORNER = 0.18;
/** A red shield with a gold star (the police badge's colours), in unit coordinates. */
const SHIELD: Point[] = [
  [0.28, 0.22],
  [0.72, 0.22],
  [0.72, 0.52],
  [0.5, 0.8],
  [0.28, 0.52],
];
const STAR: Point[] = Array.from({ length: 10 }, (_, i) => {
  const radius = i % 2 === 0 ? 0.15 : 0.06;
  const angle = -Math.PI / 2 + (i * Math.PI) / 5;
  return [0.5 + radius * Math.cos(angle), 0.46 + radius * Math.sin(angle)] as const;
});

function insidePolygon([x, y]: Point, polygon: Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] ?? [0, 0];
    const [xj, yj] = polygon[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRoundedSquare([x, y]: Point): boolean {
  const cx = Math.min(Math.max(x, CORNER), 1 - CORNER);
  const cy = Math.min(Math.max(y, CORNER), 1 - CORNER);
  return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER ** 2;
}

function colourAt(p: Point, maskable: boolean): Rgba {
  if (!maskable && !insideRoundedSquare(p)) return CLEAR;
  if (insidePolygon(p, STAR)) return GOLD;
  if (insidePolygon(p, SHIELD)) return RED;
  return NAVY;
}

/** 4×4 samples per pixel, averaged: smooth edges without a rasteriser library. */
function render(size: number, maskable: boolean): Buffer {
  const rows = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    rows[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const c = colourAt([(x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size], maskable);
          for (let k = 0; k < 4; k++) sum[k] = (sum[k] ?? 0) + (c[k] ?? 0) * (k < 3 ? (c[3] ?? 0) / 255 : 1);
        }
      }
      const alpha = (sum[3] ?? 0) / 16;
      for (let k = 0; k < 3; k++)
        rows[row + 1 + x * 4 + k] = alpha ? Math.round((sum[k] ?? 0) / 16 / (alpha / 255)) : 0;
      rows[row + 1 + x * 4 + 3] = Math.round(alpha);
    }
  }
  return encodePng(size, rows);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size: number, rows: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function svg(): string {
  const hex = (c: Rgba) =>
    `#${c
      .slice(0, 3)
      .map((v) => v.toString(16).padStart(2, '0'))
      .join('')}`;
  const s = (v: number) => Number((v * 512).toFixed(2));
  const points = (polygon: Point[]) => polygon.map(([x, y]) => `${s(x)},${s(y)}`).join(' ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">`,
    `<rect width="512" height="512" rx="${s(CORNER)}" fill="${hex(NAVY)}"/>`,
    `<polygon points="${points(SHIELD)}" fill="${hex(RED)}"/>`,
    `<polygon points="${points(STAR)}" fill="${hex(GOLD)}"/>`,
    `</svg>`,
    '',
  ].join('\n');
}

fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'icon.svg'), svg());
for (const size of [192, 512]) fs.writeFileSync(path.join(OUT, `icon-${size}.png`), render(size, false));
fs.writeFileSync(path.join(OUT, 'icon-maskable-512.png'), render(512, true));
fs.writeFileSync(path.join(OUT, 'apple-touch-icon.png'), render(180, true));
console.log(`icons written to ${OUT}`);
