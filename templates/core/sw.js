// The portal's service worker: it keeps only the offline page and what that page needs, and shows
// it when a page cannot be loaded because the network is gone. Nothing with people's data is kept.
const CACHE = "portal-offline-v1";
const OFFLINE_URL = "{{ offline_url|escapejs }}";
const PRECACHE = [{% for url in precache %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, {credentials: "omit"}))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
    return;
  }
  if (PRECACHE.some((url) => request.url.endsWith(url))) {
    event.respondWith(fetch(request).catch(() => caches.match(request)));
  }
});
