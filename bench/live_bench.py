"""The day's benchmark (issue 13): /now/, the venue screen and its JSON, and the public pages,
against the constant view on the same server in the same run; then what 1,000 venue screens
polling every 10 seconds cost the server.

Targets: /now/ and the screen's JSON >= 0.8 x the constant view; every public page >= 0.8 x;
1,000 screens (100 requests a second) take < 10 % of the server's throughput.

The polling cost is measured, not computed: the constant view's throughput under full load is
measured alone and then while a paced client sends the screens' 100 requests a second to the
JSON from another process (full 200 answers, no If-None-Match, so the worst case; browsers send
If-None-Match and get a 304), interleaved over rounds; the cost is 1 - (with screens / alone).
The screens' client runs on the same machine, so the figure also counts its CPU: an upper bound.

Run: .venv/bin/python bench/live_bench.py   (see bench/README.md)
"""

import asyncio
import json
import multiprocessing
import statistics
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    CONSTANT_PATH,
    BenchConfig,
    GunicornServer,
    _load,
    _one_request,
    compare,
    prepare,
    print_report,
    run_script,
    save_report,
)

SCREENS = 1000
# What static/js/now.js does (stricter than the every 10 s).
POLL_SECONDS = 8


async def _poll(url: str, path: str, rate: float, duration: float) -> tuple[int, int]:
    """Send ``rate`` requests a second to ``path`` for ``duration`` seconds, paced (each one in
    its own task, as independent screens would); returns (answered 200, failed)."""
    parts = urlsplit(url)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\nAccept-Language: ko\r\n"
        "Accept-Encoding: gzip, deflate, br\r\nConnection: close\r\n\r\n"
    ).encode()
    done, failed, tasks = 0, 0, []

    async def one() -> None:
        nonlocal done, failed
        try:
            status, _length = await _one_request(parts.hostname, parts.port, request)
        except OSError:
            failed += 1
            return
        if status == 200:
            done += 1
        else:
            failed += 1

    began = time.perf_counter()
    sent = 0
    while (elapsed := time.perf_counter() - began) < duration:
        while sent < elapsed * rate:
            tasks.append(asyncio.create_task(one()))
            sent += 1
        await asyncio.sleep(0.002)
    await asyncio.gather(*tasks)
    return done, failed


def _poller(url: str, path: str, duration: float, results) -> None:
    results.put(asyncio.run(_poll(url, path, SCREENS / POLL_SECONDS, duration)))


def screens_cost(server: GunicornServer, path: str) -> dict:
    """The constant view's throughput alone, then while another process plays the screens."""
    config = server.config
    alone, loaded, polled = [], [], []
    for _ in range(config.rounds):
        alone.append(
            asyncio.run(_load(server.url, CONSTANT_PATH, config.duration, config.concurrency)).rps
        )
        results = multiprocessing.Queue()
        screens = multiprocessing.Process(
            target=_poller, args=(server.url, path, config.duration, results)
        )
        screens.start()
        loaded.append(
            asyncio.run(_load(server.url, CONSTANT_PATH, config.duration, config.concurrency)).rps
        )
        polled.append(results.get())
        screens.join()
    cost = 1 - statistics.median(loaded) / statistics.median(alone)
    return {
        "screens": SCREENS,
        "poll_seconds": POLL_SECONDS,
        "path": path,
        "constant_alone_rps": statistics.median(alone),
        "constant_with_screens_rps": statistics.median(loaded),
        "screen_requests_answered": [d for d, _ in polled],
        "screen_requests_failed": [f for _, f in polled],
        "cost": round(cost, 3),
    }


def main() -> None:
    config = BenchConfig.from_env(name="live")
    prepare(config)
    run_script(config, Path(__file__).with_name("seed_programme.py"), "200")
    run_script(config, Path(__file__).with_name("seed_exhibits.py"))
    run_script(config, Path(__file__).with_name("seed_live.py"))
    reports = []
    with GunicornServer(config, PUBLIC_PAGE_CACHE_SECONDS="60") as server:
        with urllib.request.urlopen(server.url + "/now/data.json") as response:
            stage = json.load(response)["stages"][0]["id"]
        pages = {
            "now": "/now/",
            "now_json": "/now/data.json",
            "screen_json": f"/now/data.json?stage={stage}",
            "screen": f"/now/screen/?stage={stage}",
            "home": "/",
            "exhibits": "/exhibits/",
            "programme": "/programme/",
            "changes": "/programme/changes/",
        }
        report = compare(server, pages, label="the day: page cache on (60 s)")
        print_report(report)
        reports.append(report)
        cost = screens_cost(server, f"/now/data.json?stage={stage}")
        print(
            f"\n{SCREENS} screens every {POLL_SECONDS} s: constant view "
            f"{cost['constant_alone_rps']} req/s alone, {cost['constant_with_screens_rps']} "
            f"with the screens -> cost {cost['cost']:.1%} of throughput "
            f"(screen requests answered per round: {cost['screen_requests_answered']}, "
            f"failed: {cost['screen_requests_failed']})"
        )
        reports.append({"label": "screens polling", **cost})
    print(f"\nsaved {save_report('live', reports)}")


if __name__ == "__main__":
    main()
