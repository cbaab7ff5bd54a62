// The cluster as data: communes, their posts, the officers and the map areas.
// Loaded from a file at start (never hard-coded) so the same software serves any cluster.
import { z } from 'zod';
import { ClusterIdSchema } from './ids';

export const LatLonSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type LatLon = z.infer<typeof LatLonSchema>;

const IdSchema = ClusterIdSchema;

export const PostSchema = z.object({
  id: IdSchema,
  name: z.string().min(1),
  location: LatLonSchema,
  locationNote: z.string().optional(),
});
export type Post = z.infer<typeof PostSchema>;

export const CommuneSchema = z.object({
  id: IdSchema,
  name: z.string().min(1),
  nameAscii: z.string().optional(),
  district: z.string().optional(),
  province: z.string().min(1),
  code: z.string().min(1).max(6),
  center: LatLonSchema,
  centerSource: z.string().optional(),
  /** Former names people still use (a merged commune's members): the location search matches them too. */
  aliases: z.array(z.string().min(1)).optional(),
  post: PostSchema,
});
export type Commune = z.infer<typeof CommuneSchema>;

export const OfficerProfileSchema = z.object({
  id: IdSchema,
  callsign: z.string().min(1).max(16),
  commune: IdSchema,
  // Names belong to the deployment's roster, not the seed data.
  name: z.string().nullable().optional(),
});
export type OfficerProfile = z.infer<typeof OfficerProfileSchema>;

const PositionSchema = z.array(z.number()).min(2);
const PolygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(PositionSchema).min(4)),
});
const MultiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(z.array(PositionSchema).min(4))),
});
const LineStringSchema = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(PositionSchema).min(2),
});
const MultiLineStringSchema = z.object({
  type: z.literal('MultiLineString'),
  coordinates: z.array(z.array(PositionSchema).min(2)),
});

/** A drawn line such as the province border, as published (it may run beyond the cluster's communes). */
export const BorderFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({ name: z.string().optional() }).loose(),
  geometry: z.union([LineStringSchema, MultiLineStringSchema]),
});
export type BorderFeature = z.infer<typeof BorderFeatureSchema>;

export const AreaFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({ commune: IdSchema, name: z.string().optional() }).loose(),
  geometry: z.union([PolygonSchema, MultiPolygonSchema]),
});
export type AreaFeature = z.infer<typeof AreaFeatureSchema>;

export const RoadFeatureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({ name: z.string().optional(), ref: z.string().optional() }).loose(),
  geometry: LineStringSchema,
});
export type RoadFeature = z.infer<typeof RoadFeatureSchema>;

export const ClusterSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1),
    nameEn: z.string().optional(),
    formed: z.string().optional(),
    timezone: z.string().default('Asia/Ho_Chi_Minh'),
    map: z.object({
      center: LatLonSchema,
      zoom: z.number().int().min(1).max(19),
      bounds: z.object({
        south: z.number(),
        west: z.number(),
        north: z.number(),
        east: z.number(),
      }),
    }),
    communes: z.array(CommuneSchema).min(1),
    neighbours: z.array(z.tuple([IdSchema, IdSchema])).default([]),
    officers: z.array(OfficerProfileSchema).min(1),
    areas: z.object({
      type: z.literal('FeatureCollection'),
      note: z.string().optional(),
      /** Credit the boundaries' licences ask for; shown on the map whenever the areas are drawn. */
      attribution: z.string().optional(),
      features: z.array(AreaFeatureSchema),
    }),
    /** The province border as a line; without it the map derives it from the areas' shared edges. */
    border: z.object({ type: z.literal('FeatureCollection'), features: z.array(BorderFeatureSchema) }).optional(),
    roads: z.object({ type: z.literal('FeatureCollection'), features: z.array(RoadFeatureSchema) }).optional(),
  })
  .superRefine((cluster, ctx) => {
    const communeIds = new Set<string>();
    cluster.communes.forEach((c, i) => {
      if (communeIds.has(c.id)) {
        ctx.addIssue({ code: 'custom', path: ['communes', i, 'id'], message: `duplicate commune id "${c.id}"` });
      }
      communeIds.add(c.id);
    });
    const officerIds = new Set<string>();
    cluster.officers.forEach((o, i) => {
      if (officerIds.has(o.id)) {
        ctx.addIssue({ code: 'custom', path: ['officers', i, 'id'], message: `duplicate officer id "${o.id}"` });
      }
      officerIds.add(o.id);
      if (!communeIds.has(o.commune)) {
        ctx.addIssue({ code: 'custom', path: ['officers', i, 'commune'], message: `unknown commune "${o.commune}"` });
      }
    });
    cluster.neighbours.forEach((pair, i) => {
      pair.forEach((id, j) => {
        if (!communeIds.has(id)) {
          ctx.addIssue({ code: 'custom', path: ['neighbours', i, j], message: `unknown commune "${id}"` });
        }
      });
    });
    cluster.areas.features.forEach((f, i) => {
      if (!communeIds.has(f.properties.commune)) {
        ctx.addIssue({
          code: 'custom',
          path: ['areas', 'features', i, 'properties', 'commune'],
          message: `unknown commune "${f.properties.commune}"`,
        });
      }
    });
  });
export type Cluster = z.infer<typeof ClusterSchema>;

/** Turns zod issues into one line a person can act on: `communes.2.post.location.lat: expected number`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

export function communeById(cluster: Cluster, id: string): Commune | undefined {
  return cluster.communes.find((c) => c.id === id);
}

export function officerById(cluster: Cluster, id: string): OfficerProfile | undefined {
  return cluster.officers.find((o) => o.id === id);
}
