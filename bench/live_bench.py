"""The day's benchmark (issue 13): /now/, the venue screen and its JSON, and the public pages,
against the constant view on the same server in the same run; then what 1,000 venue screens
polling every 10 seconds cost the server.

Targets: /now/ and the screen's JSON >= 0.8 x the constant view; every public page >= 0.8 x;
1,000 screens (100 requests a second) take < 10 % of the server's throughput.

The polling cost is measured, not computed: the constant view's throughput under full load is
measured alone and then while a paced client sends the screens' 100 requests a second to the
JSON (full 200 answers, no If-None-Match, so the worst case), interleaved over rounds; the cost
is 1 - (with screens / alone). The load generator runs on the same machine, so the figure also
counts the client's own CPU for the extra requests: an upper bound.

Run: .venv/bin/python bench/live_bench.py   (see bench/README.md)
"""

import asyncio
import json
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
POLL_SECONDS = 10


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


async def _with_screens(url: str, path: str, config: BenchConfig) -> tuple[float, int, int]:
    rate = SCREENS / POLL_SECONDS
    load, (done, failed) = await asyncio.gather(
        _load(url, CONSTANT_PATH, config.duration, config.concurrency),
        _poll(url, path, rate, config.duration),
    )
    return load.rps, done, failed


def screens_cost(server: GunicornServer, path: str) -> dict:
    config = server.config
    alone, loaded, polled = [], [], []
    for _ in range(config.rounds):
        alone.append(
            asyncio.run(_load(server.url, CONSTANT_PATH, config.duration, config.concurrency)).rps
        )
        rps, done, failed = asyncio.run(_with_screens(server.url, path, config))
        loaded.append(rps)
        polled.append((done, failed))
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
