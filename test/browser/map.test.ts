// The console's map when busy, in a real browser at 1920×1080 with the demo simulator running and no internet:
// officer labels keep off the commune names and each other, the legend and scale show, the offline PMTiles
// basemap made in this test is fetched with range requests and drawn, and the attribution names only what is
// drawn. Then the post's picker names the commune of a picked point.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OSM_ATTRIBUTION, type MapData } from '../../shared/map-data';
import { defaultSimulatorOptions } from '../../simulator/options';
import { startSimulator, type RunningSimulator } from '../../simulator/simulator';
import { writePmtiles } from '../support/pmtiles-file';
import { cluster, startBrowserServer, type BrowserServer } from './browser-server';
import { isolatedContext, launchChromium, loginThroughUi, screenshot } from './browser';

const STEP = { timeout: 20_000 };
const TILE_COLOUR: [number, number, number] = [214, 40, 200];

interface Rect {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}
const overlaps = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

function rects(page: Page, selector: string): Promise<Rect[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => getComputedStyle(el).visibility !== 'hidden')
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { text: el.textContent ?? '', left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
  );
}

describe('the console map when busy', () => {
  let server: BrowserServer;
  let browser: Browser;
  let simulator: RunningSimulator;
  let tilesDir: string;
  let tileCount = 0;
  const tileResponses: { status: number; range: string | null }[] = [];

  beforeAll(async () => {
    tilesDir = await fs.mkdtemp(path.join(os.tmpdir(), 'grd-tiles-'));
    const tilesFile = path.join(tilesDir, 'basemap.pmtiles');
    tileCount = await writePmtiles(tilesFile, cluster.map.bounds, { minZoom: 9, maxZoom: 12, colour: TILE_COLOUR });
    // Roads and villages as `npm run map:import` writes them (the importer has its own test).
    const mapDataFile = path.join(tilesDir, 'map-data.json');
    const kyPhu = cluster.communes.find((c) => c.id === 'ky-phu')!.post.location;
    const data: MapData = {
      version: 1,
      source: 'test',
      importedAt: new Date(0).toISOString(),
      attribution: OSM_ATTRIBUTION,
      license: 'ODbL-1.0',
      roads: [
        {
          id: 1,
          class: 'trunk',
          ref: 'QL45',
          coordinates: [
            [kyPhu.lon - 0.02, kyPhu.lat],
            [kyPhu.lon + 0.02, kyPhu.lat + 0.01],
          ],
        },
      ],
      places: [
        {
          id: 2,
          kind: 'village',
          name: 'Thôn Đồng Bài',
          lat: kyPhu.lat - 0.006,
          lon: kyPhu.lon + 0.004,
          commune: 'ky-phu',
        },
      ],
    };
    await fs.writeFile(mapDataFile, JSON.stringify(data));
    server = await startBrowserServer({ mapTilesFile: tilesFile, mapTilesAttribution: 'Test basemap', mapDataFile });
    simulator = await startSimulator({
      ...defaultSimulatorOptions(server.url),
      requestEveryMs: { min: 2_000, max: 4_000 },
      positionEveryMs: { min: 1_000, max: 2_000 },
      offDutyShare: 0,
      seed: 11,
      log: () => {},
    });
    browser = await launchChromium();
    // The simulator logs 25 demo accounts in (scrypt): slow on a loaded machine.
  }, 180_000);

  afterAll(async () => {
    simulator?.stop();
    await browser?.close();
    await server?.stop();
    await fs.rm(tilesDir, { recursive: true, force: true });
  });

  it('keeps officer labels off commune names and each other, shows legend and scale, and draws the PMTiles basemap', async () => {
    expect(tileCount).toBeGreaterThan(4);
    const { context, blocked } = await isolatedContext(browser, server.url, {
      viewport: { width: 1920, height: 1080 },
    });
    const page = await context.newPage();
    page.on('response', (response) => {
      if (response.url().endsWith('/map/tiles.pmtiles')) {
        tileResponses.push({ status: response.status(), range: response.request().headers().range ?? null });
      }
    });
    await loginThroughUi(page, 'dieu-phoi', 'demo', '/console');
    const map = page.getByTestId('cluster-map');

    // The demo is busy: most officers have reported and requests are open.
    await expect.poll(() => map.locator('.grd-officer-label').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(6);
    await expect.poll(() => map.locator('.grd-request-marker').count(), STEP).toBeGreaterThanOrEqual(2);

    // Over several position batches, no visible officer label covers a commune name or another label.
    for (let round = 0; round < 4; round++) {
      await page.waitForTimeout(1_200);
      const names = await rects(page, '.grd-area-label span');
      expect(names.map((n) => n.text).sort()).toEqual(cluster.communes.map((c) => c.name).sort());
      const labels = await rects(page, '.grd-officer-label');
      expect(labels.length).toBeGreaterThan(3);
      for (const label of labels) {
        for (const name of names) expect(overlaps(label, name), `${label.text} over ${name.text}`).toBe(false);
        for (const other of labels) {
          if (other !== label) expect(overlaps(label, other), `${label.text} over ${other.text}`).toBe(false);
        }
      }
    }

    await expect.poll(() => page.getByTestId('map-legend').isVisible()).toBe(true);
    expect(await page.getByTestId('map-legend').innerText()).toContain('Ranh giới tỉnh');
    expect(await map.locator('.leaflet-control-scale-line').isVisible()).toBe(true);
    expect(await map.locator('.leaflet-control-scale-line').innerText()).toMatch(/\d+ (m|km)/);

    // The basemap: read in ranges from our server, decoded into tiles of the test's colour.
    await expect
      .poll(
        () =>
          map
            .locator('.grd-basemap img')
            .evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth === 256).length),
        STEP,
      )
      .toBeGreaterThan(0);
    expect(tileResponses.length).toBeGreaterThan(1);
    expect(tileResponses.every((r) => r.status === 206 && r.range?.startsWith('bytes='))).toBe(true);
    const pixel = await map.locator('.grd-basemap img').evaluateAll((imgs) => {
      const img = imgs.find((i) => (i as HTMLImageElement).naturalWidth === 256) as HTMLImageElement;
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 4;
      const ctx = canvas.getContext('2d');
      ctx?.drawImage(img, 0, 0, 4, 4);
      return [...(ctx?.getImageData(1, 1, 1, 1).data ?? [])].slice(0, 3);
    });
    expect(pixel).toEqual(TILE_COLOUR);

    // Attribution: the boundaries, the basemap and the imported roads, which are drawn; the online tiles are
    // neither asked for nor credited.
    const attribution = await map.locator('.leaflet-control-attribution').innerText();
    expect(attribution).toContain('vietnam-3d-map (gis.vn), censusVN2009');
    expect(attribution).toContain('Test basemap');
    expect(attribution.match(/OpenStreetMap/g)).toHaveLength(1);
    expect(blocked.filter((u) => u.includes('tile.openstreetmap.org'))).toEqual([]);
    await screenshot(page, 'console-map-busy');
    await context.close();
  }, 120_000);

  it('names the commune of a point picked on the post’s map, and finds a village by name without accents', async () => {
    const { context } = await isolatedContext(browser, server.url, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await loginThroughUi(page, 'post-thanh-cong', 'demo', '/post');
    const raise = page.getByRole('button', { name: /YÊU CẦU HỖ TRỢ/ });
    await raise.hover();
    await page.mouse.down();
    await page.waitForTimeout(1_800);
    await page.mouse.up();
    await page.getByRole('button', { name: 'Chọn trên bản đồ' }).click();
    const map = page.getByTestId('cluster-map');
    await map.locator('.grd-area-label span').first().waitFor(STEP);
    await map.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500); // the map refits once its box has settled
    // Click just below Kỳ Phú's post marker (its label sits above it): inside Kỳ Phú.
    const post = await map.locator('.grd-post-marker').nth(1).boundingBox();
    if (!post) throw new Error('no post marker');
    await page.mouse.click(post.x + post.width / 2, post.y + post.height + 12);
    await expect.poll(() => page.getByTestId('picked-location').innerText(), STEP).toContain('thuộc xã Kỳ Phú');

    await page.getByLabel('Tìm thôn, xóm hoặc xã').fill('dong bai');
    await page.getByRole('button', { name: /Thôn Đồng Bài/ }).click();
    await expect
      .poll(() => page.getByTestId('picked-location').innerText(), STEP)
      .toMatch(/20,21\d+.*thuộc xã Kỳ Phú, gần Thôn Đồng Bài/);
    await context.close();
  }, 60_000);
});
