"""How fast `marsad serve` answers over a store, through HTTP on the loopback.

    python scripts/bench_serve.py --db /tmp/all.db [--repeat 30] [--browser]

Starts the app (read-only, public) on a free port of 127.0.0.1 in this process, then
times each request ``--repeat`` times and prints the median and 95th percentile in
milliseconds: filtered pages of /api/v1/events (the first and a later page), the
map's points for every event, the charts' counts, an event with its reports, the
actor network and a whole CSV export. With ``--browser`` it also loads the map page
in Debian's Chromium with every event and measures the frame times while the map
pans and zooms (the clustered markers). Build the store first, e.g.
``marsad run ../shared/corpus/ant-2018/ant-2018.jsonl.gz --workers 2 --db /tmp/all.db``.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _time(client, url: str, repeat: int) -> tuple[float, float, int]:
    times = []
    size = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = client.get(url)
        r.raise_for_status()
        size = len(r.content)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))], size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--browser", action="store_true")
    args = ap.parse_args()

    import httpx
    import uvicorn

    from marsad.serve import ServeConfig, create_app
    from marsad.store import Store

    store = Store(args.db, create=False)
    app = create_app(ServeConfig(db=args.db, public=True), store)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    client = httpx.Client(base_url=base, timeout=60)
    total = client.get("/api/v1/events?limit=1").json()["total"]
    some = client.get("/api/v1/events?sort=-fatalities&limit=1").json()["events"][0]["event_id_cnty"]
    page2 = client.get("/api/v1/events?event_type=Battles&limit=50").json()["next_cursor"]
    print(f"store {args.db}: {total:,} events; {args.repeat} requests each; median / p95 ms; bytes")
    cases = [
        ("events, no filter, first page of 50", "/api/v1/events?limit=50"),
        ("events, type=Battles, page 2 (cursor)", f"/api/v1/events?event_type=Battles&limit=50&cursor={page2}"),
        ("events, from/to one month, admin1=Idleb", "/api/v1/events?from=2018-03-01&to=2018-03-31&admin1=Idleb"),
        ("events, actor, sorted by fatalities", "/api/v1/events?actor=Military%20Forces%20of%20Syria%20(2000-)"
                                                "&sort=-fatalities"),
        ("events, q=ادلب (text search)", "/api/v1/events?q=%D8%A7%D8%AF%D9%84%D8%A8"),
        ("events, bbox + min_fatalities=5", "/api/v1/events?bbox=35.5,32.3,42.4,37.4&min_fatalities=5"),
        ("events, status=reviewed", "/api/v1/events?status=reviewed"),
        ("points (the map), every event", "/api/v1/points"),
        ("stats (the charts), every event", "/api/v1/stats"),
        ("an event with its reports and history", f"/api/v1/events/{some}"),
        ("actor network, every event", "/api/v1/actors"),
        ("CSV export, every event (streamed)", "/api/v1/events.csv"),
    ]
    for label, url in cases:
        med, p95, size = _time(client, url, args.repeat if "csv" not in url else max(3, args.repeat // 10))
        print(f"{label:45s} {med:8.1f} {p95:8.1f}   {size:,}")
    if args.browser:
        _browser(base, total)
    server.should_exit = True


def _browser(base: str, total: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        t0 = time.perf_counter()
        page.goto(base + "/")
        while not page.get_attribute("body", "data-loaded"):
            page.wait_for_timeout(20)
        loaded = time.perf_counter() - t0
        frames = page.evaluate("""async () => {
            const map = window.marsad.map, gaps = [];
            let last = performance.now(), running = true;
            const tick = (t) => { gaps.push(t - last); last = t; if (running) requestAnimationFrame(tick); };
            requestAnimationFrame(tick);
            const wait = (ms) => new Promise((r) => setTimeout(r, ms));
            for (const z of [7, 8, 9, 8, 7, 6]) { map.setZoom(z); await wait(700); }
            for (let i = 0; i < 12; i++) { map.panBy([120, 60]); await wait(250); }
            running = false;
            gaps.sort((a, b) => a - b);
            return {frames: gaps.length, median: gaps[gaps.length >> 1], p95: gaps[Math.floor(gaps.length * 0.95)],
                    max: gaps[gaps.length - 1]};
        }""")
        markers = page.locator(".leaflet-marker-icon").count()
        print(f"map page with {total:,} events: loaded in {loaded:.2f} s; {markers} clusters and markers drawn; "
              f"while zooming and panning {frames['frames']} frames, frame time median {frames['median']:.1f} ms, "
              f"p95 {frames['p95']:.1f} ms, max {frames['max']:.1f} ms")
        b.close()


if __name__ == "__main__":
    main()
