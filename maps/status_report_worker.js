// The field form's service worker (scope /status-report): it keeps the last copy of the form's page that this phone
// opened, in each language, so that the form opens with no connection — on a dyke far from a mast — and lists the
// reports kept on the phone (they are in its localStorage). The network is asked first, so the page is always the
// server's when there is a connection. Nothing from the API is kept here: a project's state read from a copy could
// send a report against a version the officer never saw (the form sends only with the version it read, If-Match).
const CACHE = "georeg-status-report-page";

// Both languages' pages are kept at once: the visit that registers this worker was not seen by it.
self.addEventListener("install", (event) => event.waitUntil((async () => {
  const cache = await caches.open(CACHE);
  await cache.addAll(["/status-report", "/status-report?lang=en"]);
  await self.skipWaiting();
})()));
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// One copy per language: /status-report?project=24 offline opens the copy of /status-report, whose script then reads
// the project asked for from the address as online.
function pageKey(url) {
  return url.searchParams.get("lang") === "en" ? "/status-report?lang=en" : "/status-report";
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || event.request.mode !== "navigate" || url.pathname !== "/status-report") return;
  event.respondWith((async () => {
    try {
      const response = await fetch(event.request);
      if (response.ok) {
        const cache = await caches.open(CACHE);
        await cache.put(pageKey(url), response.clone());
      }
      return response;
    } catch (error) {
      const kept = await caches.match(pageKey(url));
      if (kept) return kept;
      throw error;
    }
  })());
});
