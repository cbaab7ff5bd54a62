// The map's own files, served from DATA_DIR on the same origin: the PMTiles basemap (read by the browser with
// HTTP range requests, one tile at a time) and the imported roads and places. Both optional: without them the
// map still draws the cluster file's real boundaries.
import { existsSync } from 'node:fs';
import express, { type Request, type Response } from 'express';
import type { MapSources } from '../../shared/api';
import { OSM_ATTRIBUTION } from '../../shared/map-data';
import { ErrorCode } from '../../shared/protocol';
import type { ServerConfig } from '../config';
import { refuse } from '../domain/refusal';

export const MAP_TILES_URL = '/map/tiles.pmtiles';
export const MAP_DATA_URL = '/map/data.json';

type MapConfig = Pick<ServerConfig, 'mapTilesFile' | 'mapTilesAttribution' | 'mapDataFile'>;

/** What the map can draw now; asked on every GET /api/cluster, so a file dropped in later is picked up. */
export function mapSources(config: MapConfig): MapSources {
  return {
    basemap:
      config.mapTilesFile && existsSync(config.mapTilesFile)
        ? { url: MAP_TILES_URL, attribution: config.mapTilesAttribution }
        : null,
    mapData: existsSync(config.mapDataFile) ? { url: MAP_DATA_URL, attribution: OSM_ATTRIBUTION } : null,
  };
}

export function createMapRouter(config: MapConfig): express.Router {
  const router = express.Router();
  const serve = (file: string) => (_req: Request, res: Response) => {
    if (!file || !existsSync(file)) {
      res.status(404).json(refuse(ErrorCode.NotFound, 'no such map file on this server'));
      return;
    }
    // send() answers Range with 206 and Content-Range; PMTiles readers need exactly that.
    res.sendFile(file, { acceptRanges: true, cacheControl: true, maxAge: '1h', dotfiles: 'allow' });
  };
  router.get('/tiles.pmtiles', serve(config.mapTilesFile));
  router.get('/data.json', serve(config.mapDataFile));
  return router;
}
