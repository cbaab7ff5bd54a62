// The imported roads and places (GET /map/data.json), fetched once per page and checked against the schema
// before anything draws or searches them; null while loading, when absent, or when the file is bad.
import { useEffect, useState } from 'react';
import type { MapSource } from '../../shared/api';
import { MapDataSchema, type MapData } from '../../shared/map-data';

const loads = new Map<string, Promise<MapData | null>>();

function load(url: string): Promise<MapData | null> {
  let pending = loads.get(url);
  if (!pending) {
    pending = fetch(url)
      .then((res) => (res.ok ? res.json() : null))
      .then((body: unknown) => {
        if (body === null) return null;
        const parsed = MapDataSchema.safeParse(body);
        if (!parsed.success) console.warn('map data ignored: not the expected shape');
        return parsed.success ? parsed.data : null;
      })
      .catch(() => {
        loads.delete(url); // offline now: try again on the next mount
        return null;
      });
    loads.set(url, pending);
  }
  return pending;
}

export function useMapData(source: MapSource | null | undefined): MapData | null {
  const url = source?.url ?? null;
  const [data, setData] = useState<{ url: string; data: MapData | null } | null>(null);
  useEffect(() => {
    if (!url) return;
    let live = true;
    void load(url).then((loaded) => {
      if (live) setData({ url, data: loaded });
    });
    return () => {
      live = false;
    };
  }, [url]);
  return url && data?.url === url ? data.data : null;
}
