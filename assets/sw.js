// CE Tracker's service worker: the CME Tracker and the event sheet open without a network, and a second visit
// does not wait for the network before it starts.
//
// * Hashed build files (/assets/*): cache first. Their names change with their content, so a cached copy is
//   never stale; they are cached as pages fetch them, and at install the CME Tracker's own (found through the
//   build's route manifest), so its pages open offline even before the member has been there.
// * Pages: the page's shell is the same static HTML for everyone (a member's data arrives over the
//   websocket, and the phone's copy of it is in localStorage, see offline/copy.js), so a cached shell is
//   answered at once and the network is asked for a fresh one in the background, for the next visit (after a
//   new version is deployed the first visit may run the old shell; Reflex then finds the new backend and
//   reloads once). A page never cached goes to the network; offline it gets the generic shell, which renders
//   any route. Query strings do not change a shell.
// * Sign-in and sign-out (POST /auth/...): passed to the network, and their redirect is handed back for the
//   browser to follow, so the next page's shell comes from here too.
// * Everything else (the websocket, files, feeds, health): untouched.
const SHELLS = "ce-shells-v1";
const ASSETS = "ce-assets-v1";
const FALLBACK = "/__spa-fallback.html";
// Shells kept at install, with their build files: Home and the CME Tracker. The sign-in goes on to Home without
// a page load, and offline the generic shell renders the sign-in page as any other; it is kept once visited.
const SHELL_PAGES = ["/home", "/cme"];
const OFFLINE_ROUTES = ["routes/[cme]._index", "routes/[cme].$[event_id]._index"];
// The page's own stylesheets; the manifest and its icons are fetched by the browser itself, and cached below
// (STATIC_RUNTIME) if a page asks for them.
const STATIC = ["/app.css", "/print.css"];
const STATIC_RUNTIME = ["/manifest.webmanifest"];
const MAX_ASSETS = 400;

self.addEventListener("install", (event) => {
  event.waitUntil(precache().finally(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== SHELLS && name !== ASSETS) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// A page that loaded before this worker controlled it says what it fetched, so those files are kept too.
self.addEventListener("message", (event) => {
  const urls = event.data && event.data.type === "keep" ? event.data.urls : null;
  if (Array.isArray(urls)) event.waitUntil(keepAssets(urls.filter(isAsset)));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && request.method === "POST" && url.pathname.startsWith("/auth/")) {
    event.respondWith(fetch(request, { redirect: "manual" }));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (isAsset(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else if (STATIC.includes(url.pathname) || STATIC_RUNTIME.includes(url.pathname)
             || url.pathname.startsWith("/icons/")) {
    event.respondWith(staleWhileRevalidate(request, SHELLS));
  }
});

// A copy that a navigation may be answered with: a followed redirect (/cme -> /cme/) is made a plain answer, as
// a navigation refuses a response marked "redirected".
async function plain(response) {
  if (!response.redirected) return response;
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText,
    headers: response.headers });
}

function isAsset(path) {
  return typeof path === "string" && path.startsWith("/assets/");
}

function shellKey(url) {
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  return new Request(new URL(path, self.location.origin).href);
}

async function page(event, url) {
  const cache = await caches.open(SHELLS);
  const key = shellKey(url);
  const fresh = fetch(event.request).then(async (response) => {
    if (response.ok && response.type === "basic" && !response.redirected) {
      await cache.put(key, response.clone());
    }
    return response;
  });
  const cached = await cache.match(key, MATCH);
  if (cached) {
    event.waitUntil(fresh.catch(() => undefined));
    return cached;
  }
  try {
    return await fresh;
  } catch (error) {
    const fallback = await cache.match(FALLBACK, MATCH);
    if (fallback) return fallback;
    throw error;
  }
}

// Cached under the bare path, matched ignoring Vary: the server varies on Origin and Accept-Encoding, which
// differ between a page's module request and this worker's own fetch of the same, never-changing file.
const MATCH = { ignoreVary: true };

async function cacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const key = new URL(request.url).pathname;
  const cached = await cache.match(key, MATCH);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await cache.put(key, response.clone());
    trim(cache);
  }
  return response;
}

async function staleWhileRevalidate(request, name) {
  const cache = await caches.open(name);
  const key = new URL(request.url).pathname;
  const cached = await cache.match(key, MATCH);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok && response.type === "basic") await cache.put(key, response.clone());
    return response;
  });
  if (cached) {
    fresh.catch(() => undefined);
    return cached;
  }
  return fresh;
}

async function keepAssets(urls) {
  const cache = await caches.open(ASSETS);
  await Promise.all(urls.map(async (path) => {
    if (await cache.match(path, MATCH)) return;
    try {
      const response = await fetch(path);
      if (response.ok) await cache.put(path, response);
    } catch {
      // offline now: the page fetches it again next time
    }
  }));
  trim(cache);
}

async function trim(cache) {
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) await cache.delete(request);
}

// The generic shell, the shells of SHELL_PAGES, the static files, and every build file they and the CME
// Tracker's two pages need (the shells' own, and those the routes import, as the build's route manifest lists).
async function precache() {
  const shells = await caches.open(SHELLS);
  const assets = new Set();
  await Promise.all([FALLBACK, ...SHELL_PAGES, ...STATIC].map(async (path) => {
    try {
      const response = await fetch(path, { cache: "no-cache" });
      if (!response.ok) return;
      if (path === FALLBACK || SHELL_PAGES.includes(path)) {
        const html = await response.clone().text();
        for (const match of html.matchAll(/\/assets\/[A-Za-z0-9._$[\]-]+\.(?:js|css)/g)) assets.add(match[0]);
      }
      await shells.put(path, await plain(response));
    } catch {
      // installed offline: the pages cache themselves as they load
    }
  }));
  const manifest = [...assets].find((path) => /\/assets\/manifest-[^/]+\.js$/.test(path));
  if (manifest) {
    try {
      const source = await (await fetch(manifest)).text();
      const routes = JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1)).routes || {};
      for (const id of OFFLINE_ROUTES) {
        const route = routes[id];
        if (!route) continue;
        for (const path of [route.module, ...(route.imports || []), ...(route.css || [])]) assets.add(path);
      }
    } catch {
      // an unexpected manifest: the routes cache themselves when visited
    }
  }
  await keepAssets([...assets]);
}
