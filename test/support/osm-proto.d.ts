// Types for the parts of pbf and of osm-pbf-parser-node's compiled OSM schema that the tests write PBF with.
declare module 'pbf' {
  export default class Pbf {
    constructor(buf?: Uint8Array);
    finish(): Uint8Array;
  }
}

declare module 'osm-pbf-parser-node/proto/*.js' {
  import type Pbf from 'pbf';
  export interface ProtoMessage {
    write(obj: object, pbf: Pbf): void;
  }
}

declare module 'osm-pbf-parser-node/proto/fileformat.js' {
  import type { ProtoMessage } from 'osm-pbf-parser-node/proto/*.js';
  export const Blob: ProtoMessage;
  export const BlobHeader: ProtoMessage;
}

declare module 'osm-pbf-parser-node/proto/osmformat.js' {
  import type { ProtoMessage } from 'osm-pbf-parser-node/proto/*.js';
  export const HeaderBlock: ProtoMessage;
  export const PrimitiveBlock: ProtoMessage;
}
