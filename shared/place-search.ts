// Finding a spot by name for the post's location picker: villages and hamlets from the imported map data and
// the cluster's communes (with their former names), matched without accents, so "thon dong bai" finds
// "Thôn Đồng Bài" and the words may come in any order. The nearest place also names a request's village.
import type { Cluster, LatLon } from './cluster';
import { distanceMeters } from './geo';
import type { MapPlace } from './map-data';

/** Lower case, no tone or vowel marks, đ → d, single spaces. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface PlaceMatch {
  /** What to show: "Thôn Đồng Bài" or "xã Kỳ Phú". */
  name: string;
  kind: MapPlace['kind'] | 'commune';
  location: LatLon;
  /** The commune the spot lies in, when known. */
  commune: string | null;
}

/** Generic words a person may type or leave out ("thôn", "xã"). */
const FILLER = new Set(['thon', 'xom', 'ban', 'lang', 'xa', 'ap', 'trai']);

/**
 * Matches whose folded name contains every typed word (fillers optional), names starting with the query first,
 * then shorter names; at most `limit`. Fewer than two letters typed gives nothing.
 */
export function searchPlaces(
  query: string,
  places: readonly MapPlace[],
  cluster: Pick<Cluster, 'communes'>,
  limit = 8,
): PlaceMatch[] {
  const folded = foldVietnamese(query);
  const words = folded.split(' ').filter((w) => w && !FILLER.has(w));
  if (folded.replace(/ /g, '').length < 2 || words.length === 0) return [];
  const candidates: (PlaceMatch & { key: string })[] = [
    ...places.map((p) => ({
      name: p.name,
      kind: p.kind,
      location: { lat: p.lat, lon: p.lon },
      commune: p.commune,
      key: foldVietnamese(p.name),
    })),
    ...cluster.communes.map((c) => ({
      name: `xã ${c.name}`,
      kind: 'commune' as const,
      location: c.post.location,
      commune: c.id,
      key: foldVietnamese([c.name, c.nameAscii ?? '', ...(c.aliases ?? [])].join(' ')),
    })),
  ];
  const stripped = words.join(' ');
  return candidates
    .filter((c) => words.every((w) => c.key.includes(w)))
    .map((c) => ({ c, starts: c.key.replace(/^(thon|xom|ban|lang|xa|ap|trai) /, '').startsWith(stripped) ? 0 : 1 }))
    .sort((a, b) => a.starts - b.starts || a.c.name.length - b.c.name.length || a.c.name.localeCompare(b.c.name))
    .slice(0, limit)
    .map(({ c }) => ({ name: c.name, kind: c.kind, location: c.location, commune: c.commune }));
}

/** The village nearest to `point` within `maxMeters`, e.g. to say where a request is ("gần Thôn Đồng Bài"). */
export function nearestPlace(point: LatLon, places: readonly MapPlace[], maxMeters = 2_000): MapPlace | null {
  let best: MapPlace | null = null;
  let bestMeters = maxMeters;
  for (const place of places) {
    const meters = distanceMeters(point, place);
    if (meters <= bestMeters) {
      best = place;
      bestMeters = meters;
    }
  }
  return best;
}
