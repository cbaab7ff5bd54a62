// The app shell's service worker, for every role (/post, /officer, /console, /accounts all answer with
// the same index.html): a commune post or an officer that reloads with no network still gets the app
// (and its IndexedDB outbox), so nothing typed offline is stranded behind a blank page. It also carries
// the install files (manifest, icons) and Background Sync's wake-up for the outbox.
// Network first, cache as the fallback: a connected device always runs the newest build.
// Never cached: the socket (/socket.io), login and any other API call that is not public map data.
/* global self, caches, fetch, URL, Response, setTimeout, clearTimeout */
'use strict';

const CACHE = 'grd-shell-v2';
/** The SPA answers every route with the same index.html; it is kept under this one key. */
const SHELL = '/index.html';
const CACHED_API = new Set(['/api/cluster', '/api/config']);
/** Not named by the built files, so listed here: what "add to home screen" and the offline start need. */
const INSTALL_FILES = [
  '/manifest.webmanifest',
  '/icons/icon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/icon-maskable-512.png',
  '/icons/apple-touch-icon.png',
];
/** Must match client/net/background-sync.ts. */
const OUTBOX_SYNC_TAG = 'grd-outbox';
const OUTBOX_DRAIN_MESSAGE = 'outbox:drain';
/** On a connection that hangs rather than fails, answer from the cache after this long (when it can). */
const SLOW_NETWORK_MS = 6000;

function cacheable(url) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname.startsWith('/socket.io') || url.pathname === '/healthz' || url.pathname === '/metrics') return false;
  if (url.pathname === '/ca' || url.pathname === '/ca.crt') return false;
  if (url.pathname.startsWith('/api/')) return CACHED_API.has(url.pathname);
  return true;
}

/** Built files named in a page, stylesheet or script: hashed scripts, styles, lazy chunks, Leaflet's images. */
function assetPaths(text) {
  const paths = new Set();
  for (const m of text.matchAll(/assets\/[\w.-]+\.(?:js|css|png|svg|jpg|webp|woff2?)/g)) paths.add(`/${m[0]}`);
  return [...paths];
}

async function precache() {
  const cache = await caches.open(CACHE);
  const index = await fetch('/', { cache: 'no-store' });
  if (!index.ok) return;
  const html = await index.clone().text();
  await cache.put(SHELL, index);
  const seen = new Set();
  // Each file on its own: one that fails must not stop the rest. Scripts and styles are read once
  // for the files they load in turn (the console chunk, Leaflet's marker images).
  const fetchOne = async (path, read) => {
    if (seen.has(path)) return;
    seen.add(path);
    try {
      const response = await fetch(path);
      if (!response.ok) return;
      await cache.put(path, response.clone());
      if (read) await Promise.all(assetPaths(await response.text()).map((p) => fetchOne(p, false)));
    } catch {
      // Offline during install: the runtime cache fills the gap on the next visit.
    }
  };
  await Promise.all([
    ...assetPaths(html).map((p) => fetchOne(p, true)),
    ...[...CACHED_API, ...INSTALL_FILES].map((p) => fetchOne(p)),
  ]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (response) => {
    if (response.ok && response.type === 'basic') await cache.put(key, response.clone());
    return response;
  });
  network.catch(() => undefined); // a late failure after the cache has answered is not an error
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), SLOW_NETWORK_MS);
  });
  try {
    const first = await Promise.race([network, slow]);
    if (first) return first;
    const cached = await cache.match(key);
    return cached ?? (await network);
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    if (request.mode === 'navigate') {
      return new Response('Mất kết nối – Offline', { status: 503, headers: { 'content-type': 'text/plain' } });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  // Range reads (the PMTiles basemap) answer 206, which the Cache API refuses to store: straight to the network.
  if (request.headers.has('range')) return;
  const url = new URL(request.url);
  if (!cacheable(url)) return;
  const key = request.mode === 'navigate' ? SHELL : url.pathname + url.search;
  event.respondWith(networkFirst(request, key));
});

// Background Sync: the network is back. The outbox drains over the page's socket, so wake the pages
// (a backgrounded tab's own reconnect timer may be throttled for minutes).
self.addEventListener('sync', (event) => {
  if (event.tag !== OUTBOX_SYNC_TAG) return;
  event.waitUntil(
    self.clients
      .matchAll({ type: 'window', includeUncontrolled: true })
      .then((pages) => pages.forEach((page) => page.postMessage(OUTBOX_DRAIN_MESSAGE))),
  );
});
