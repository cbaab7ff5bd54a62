// Roads and places imported from OpenStreetMap (`npm run map:import`): the file the server keeps in DATA_DIR,
// serves at /map/data.json, and routes on; the map draws it and the post's picker searches its villages.
import { z } from 'zod';

/** OSM highway classes kept, most important first; `_link` roads take their main class. */
export const ROAD_CLASSES = [
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'unclassified',
  'residential',
  'living_street',
  'service',
  'track',
] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];
export const RoadClassSchema = z.enum(ROAD_CLASSES);

export const PLACE_KINDS = ['village', 'hamlet', 'isolated_dwelling'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

const Coordinate = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const MapRoadSchema = z.object({
  /** The OSM way id (a way cut by the area's edge keeps its id in every piece). */
  id: z.number().int(),
  class: RoadClassSchema,
  name: z.string().optional(),
  ref: z.string().optional(),
  /** [lon, lat] pairs, as in GeoJSON. */
  coordinates: z.array(Coordinate).min(2),
});
export type MapRoad = z.infer<typeof MapRoadSchema>;

export const MapPlaceSchema = z.object({
  id: z.number().int(),
  kind: z.enum(PLACE_KINDS),
  name: z.string().min(1),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  /** The cluster commune the place lies in, when the import knew the cluster. */
  commune: z.string().nullable(),
});
export type MapPlace = z.infer<typeof MapPlaceSchema>;

export const MapDataSchema = z.object({
  version: z.literal(1),
  /** What it was made from (the extract's file name) and when. */
  source: z.string(),
  importedAt: z.string(),
  attribution: z.string(),
  license: z.string(),
  roads: z.array(MapRoadSchema),
  places: z.array(MapPlaceSchema),
});
export type MapData = z.infer<typeof MapDataSchema>;

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';
