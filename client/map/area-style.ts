// Distinct colours for the commune areas and the status colours of officers, shared by the map and lists.
import type { Cluster } from '../../shared/cluster';

/** Eight well-separated hues (Okabe–Ito-like, readable for colour-blind users); a cluster rarely has more. */
export const AREA_PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#8a6d00', '#6a3d9a'];

/** The colour of each commune by its order in the cluster file, so it is the same on every screen. */
export function communeColours(cluster: Pick<Cluster, 'communes'>): Record<string, string> {
  const colours: Record<string, string> = {};
  cluster.communes.forEach((c, i) => {
    colours[c.id] = AREA_PALETTE[i % AREA_PALETTE.length] as string;
  });
  return colours;
}

export type OfficerMapStatus = 'available' | 'busy' | 'off_duty';

export const OFFICER_STATUS_COLOURS: Record<OfficerMapStatus, string> = {
  available: '#1a7f37',
  busy: '#c2410c',
  off_duty: '#6b7280',
};

/** A fix older than this makes the marker look stale. */
export const STALE_FIX_MS = 2 * 60_000;
