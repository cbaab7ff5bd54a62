// A small raster PMTiles v3 archive made in the test (spec: github.com/protomaps/PMTiles/blob/main/spec/v3):
// 127-byte header, root directory, JSON metadata, then tile data. Every tile is one solid-colour PNG, so a
// test can tell from a pixel that the basemap was drawn. The tile ids come from the pmtiles package itself.
import { promises as fs } from 'node:fs';
import zlib from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

/** A 256×256 PNG of one colour (8-bit RGB, no filter), built with zlib. */
export function solidPng([r, g, b]: [number, number, number]): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(256 * 3)]);
  for (let x = 0; x < 256; x++) row.set([r, g, b], 1 + x * 3);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(256, 0);
  header.writeUInt32BE(256, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(Array.from({ length: 256 }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function tileX(lon: number, z: number): number {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}
function tileY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
}

export interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** Writes an archive covering `bounds` at zooms minZoom..maxZoom; resolves the number of tiles. */
export async function writePmtiles(
  file: string,
  bounds: Bounds,
  { minZoom, maxZoom, colour }: { minZoom: number; maxZoom: number; colour: [number, number, number] },
): Promise<number> {
  const png = solidPng(colour);
  const ids: number[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    for (let x = tileX(bounds.west, z); x <= tileX(bounds.east, z); x++) {
      for (let y = tileY(bounds.north, z); y <= tileY(bounds.south, z); y++) ids.push(zxyToTileId(z, x, y));
    }
  }
  ids.sort((a, b) => a - b);
  // Every entry points at the one PNG (offset 0): offsets are written as offset + 1, since 0 would mean
  // "right after the previous tile".
  const directory = Buffer.from([
    ...varint(ids.length),
    ...ids.flatMap((id, i) => varint(id - (i === 0 ? 0 : (ids[i - 1] ?? 0)))),
    ...ids.flatMap(() => varint(1)),
    ...ids.flatMap(() => varint(png.length)),
    ...ids.flatMap(() => varint(1)),
  ]);
  const metadata = Buffer.from(JSON.stringify({ name: 'test basemap', attribution: 'test tiles' }));
  const rootOffset = 127;
  const metadataOffset = rootOffset + directory.length;
  const dataOffset = metadataOffset + metadata.length;
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const u64 = (at: number, value: number) => header.writeBigUInt64LE(BigInt(value), at);
  u64(8, rootOffset);
  u64(16, directory.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, dataOffset); // no leaf directories
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, png.length);
  u64(72, ids.length);
  u64(80, ids.length);
  u64(88, 1);
  header.writeUInt8(0, 96); // not clustered: entries share one tile
  header.writeUInt8(1, 97); // internal compression: none
  header.writeUInt8(1, 98); // tile compression: none
  header.writeUInt8(2, 99); // PNG
  header.writeUInt8(minZoom, 100);
  header.writeUInt8(maxZoom, 101);
  const e7 = (at: number, deg: number) => header.writeInt32LE(Math.round(deg * 1e7), at);
  e7(102, bounds.west);
  e7(106, bounds.south);
  e7(110, bounds.east);
  e7(114, bounds.north);
  header.writeUInt8(minZoom, 118);
  e7(119, (bounds.west + bounds.east) / 2);
  e7(123, (bounds.south + bounds.north) / 2);
  await fs.writeFile(file, Buffer.concat([header, directory, metadata, png]));
  return ids.length;
}
