// Writes a small OpenStreetMap PBF in a test: the real file format (BlobHeader + zlib Blob per block, an
// OSMHeader then one OSMData block with dense nodes and ways), encoded with pbf and the OSM protobuf schema
// compiled in osm-pbf-parser-node, so the importer reads exactly what osmium or a Geofabrik extract would give.
import { promises as fs } from 'node:fs';
import zlib from 'node:zlib';
import Pbf from 'pbf';
import { Blob, BlobHeader } from 'osm-pbf-parser-node/proto/fileformat.js';
import { HeaderBlock, PrimitiveBlock } from 'osm-pbf-parser-node/proto/osmformat.js';
import type { ProtoMessage } from 'osm-pbf-parser-node/proto/*.js';

export interface TestNode {
  id: number;
  lat: number;
  lon: number;
  tags?: Record<string, string>;
}
export interface TestWay {
  id: number;
  refs: number[];
  tags: Record<string, string>;
}

function encode(message: ProtoMessage, obj: object): Buffer {
  const pbf = new Pbf();
  message.write(obj, pbf);
  return Buffer.from(pbf.finish());
}

function fileBlock(type: 'OSMHeader' | 'OSMData', payload: Buffer): Buffer {
  const blob = encode(Blob, { raw_size: payload.length, zlib_data: zlib.deflateSync(payload) });
  const header = encode(BlobHeader, { type, datasize: blob.length });
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, blob]);
}

const delta = (values: number[]) => values.map((v, i) => v - (i === 0 ? 0 : (values[i - 1] ?? 0)));

export async function writeOsmPbf(file: string, nodes: TestNode[], ways: TestWay[]): Promise<void> {
  const strings = [''];
  const index = (s: string) => {
    const at = strings.indexOf(s);
    if (at >= 0) return at;
    strings.push(s);
    return strings.length - 1;
  };
  // Granularity 100 nanodegrees (the default): coordinates are integers of 1e-7 degrees, delta-coded.
  const dense = {
    id: delta(nodes.map((n) => n.id)),
    lat: delta(nodes.map((n) => Math.round(n.lat * 1e7))),
    lon: delta(nodes.map((n) => Math.round(n.lon * 1e7))),
    keys_vals: nodes.flatMap((n) => [...Object.entries(n.tags ?? {}).flatMap(([k, v]) => [index(k), index(v)]), 0]),
  };
  const wayMessages = ways.map((w) => ({
    id: w.id,
    keys: Object.keys(w.tags).map(index),
    vals: Object.values(w.tags).map(index),
    refs: delta(w.refs),
  }));
  const block = encode(PrimitiveBlock, {
    stringtable: { s: strings.map((s) => Buffer.from(s, 'utf8')) },
    primitivegroup: [{ dense }, { ways: wayMessages }],
  });
  const header = encode(HeaderBlock, {
    required_features: ['OsmSchema-V0.6', 'DenseNodes'],
    writingprogram: 'giap-ranh-dispatch test',
  });
  await fs.writeFile(file, Buffer.concat([fileBlock('OSMHeader', header), fileBlock('OSMData', block)]));
}
