"""A burst of concurrent reads over real HTTP: every request is answered, none waits for the pool to time out.

150 clients at once against 40 worker threads and 40 pooled connections: before request sessions were limited
(api.deps.get_session), every thread could end up waiting for a connection held by a request that waited for a
thread to serialise its response; this burst then took two minutes and a third of the requests failed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from live_servers import serving

CLIENTS, REQUESTS = 150, 600


def test_a_burst_of_reads_is_answered_in_full(sample_settings):
    with (
        serving(sample_settings) as server,
        httpx.Client(base_url=server, timeout=60, limits=httpx.Limits(max_connections=CLIENTS)) as http,
    ):
        project = http.get("/api/projects", params={"limit": 1}).json()["features"][0]["id"]

        def read(n: int) -> int:
            path = f"/api/projects/{project}/history" if n % 2 else f"/api/projects/{project}"
            return http.get(path).status_code

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            codes = list(pool.map(read, range(REQUESTS)))

    assert codes == [200] * REQUESTS
