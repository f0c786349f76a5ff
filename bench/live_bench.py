"""The day's benchmark (issue 13): /now/, the venue screen and its JSON, and the public pages,
against the constant view on the same server in the same run; then what 1,000 venue screens
polling every 10 seconds cost the server.

Targets: /now/ and the screen's JSON >= 0.8 x the constant view; every public page >= 0.8 x;
1,000 screens (100 requests a second) take < 10 % of the server's throughput.

The screens' cost is measured in the server's CPU time (gunicorn's processes, from /proc): CPU
per poll (paced at the screens' rate, full 200 answers: browsers would mostly get a 304) x polls
per second, over the CPU the server spends per second at full load on the constant view. An
earlier version compared the constant view's wall-clock throughput with and without a paced
client; on this shared 2-CPU machine (load average 10-13) that compared other people's work more
than ours (it swung between 60 % and 0 %), while CPU time per request stays put.

Run: .venv/bin/python bench/live_bench.py [--screens-only]   (see bench/README.md)
"""

import asyncio
import json
import os
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


def _server_cpu_seconds(server: GunicornServer) -> float:
    """CPU time (user + system) used so far by gunicorn's master and workers."""
    pids = [server.process.pid]
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    pids += [int(pid) for pid in children.read_text().split()]
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _cpu_per_request(server: GunicornServer, path: str, *, rate: float | None) -> tuple:
    """(server CPU seconds per request, server CPU seconds per second) for ``path`` under full
    load (16 clients) or, with ``rate``, at that many requests a second."""
    config = server.config
    before = _server_cpu_seconds(server)
    if rate is None:
        load = asyncio.run(_load(server.url, path, config.duration, config.concurrency))
        done, seconds = load.requests, load.seconds
    else:
        done, _failed = asyncio.run(_poll(server.url, path, rate, config.duration))
        seconds = config.duration
    used = _server_cpu_seconds(server) - before
    return used / max(done, 1), used / seconds


def screens_cpu_share(server: GunicornServer, path: str) -> dict:
    """What the screens cost in the server's CPU time (user + system of gunicorn's processes,
    from /proc), which other people's work on a shared machine does not blur as it blurs
    wall-clock throughput: CPU per constant-view request and per poll under full load, CPU per
    poll at the screens' own rate, interleaved over rounds (medians)."""
    config = server.config
    rate = SCREENS / POLL_SECONDS
    constant, polls, paced, full_cpu = [], [], [], []
    for _ in range(config.rounds):
        per_request, per_second = _cpu_per_request(server, CONSTANT_PATH, rate=None)
        constant.append(per_request)
        full_cpu.append(per_second)
        polls.append(_cpu_per_request(server, path, rate=None)[0])
        paced.append(_cpu_per_request(server, path, rate=rate)[0])
    per_poll = statistics.median(paced)
    screens_cpu = per_poll * rate
    server_cpu = statistics.median(full_cpu)
    cores = min(config.workers, os.cpu_count() or 1)
    return {
        "screens": SCREENS,
        "poll_seconds": POLL_SECONDS,
        "path": path,
        "cpu_ms_per_constant_request": round(statistics.median(constant) * 1000, 3),
        "cpu_ms_per_poll_full_load": round(statistics.median(polls) * 1000, 3),
        "cpu_ms_per_poll_at_screens_rate": round(per_poll * 1000, 3),
        "screens_cpu_per_second": round(screens_cpu, 4),
        "server_cpu_per_second_at_full_load": round(server_cpu, 3),
        "share_of_cpu_the_server_got": round(screens_cpu / server_cpu, 4),
        "share_of_dedicated_cores": round(screens_cpu / cores, 4),
    }


def _stage(server: GunicornServer) -> int:
    with urllib.request.urlopen(server.url + "/now/data.json") as response:
        return json.load(response)["stages"][0]["id"]


def _pages(server: GunicornServer) -> dict[str, str]:
    stage = _stage(server)
    return {
        "now": "/now/",
        "now_json": "/now/data.json",
        "screen_json": f"/now/data.json?stage={stage}",
        "screen": f"/now/screen/?stage={stage}",
        "home": "/",
        "exhibits": "/exhibits/",
        "programme": "/programme/",
        "changes": "/programme/changes/",
    }


def main() -> None:
    config = BenchConfig.from_env(name="live")
    prepare(config)
    run_script(config, Path(__file__).with_name("seed_programme.py"), "200")
    run_script(config, Path(__file__).with_name("seed_exhibits.py"))
    run_script(config, Path(__file__).with_name("seed_live.py"))
    reports = []
    screens_only = "--screens-only" in sys.argv
    if not screens_only:
        # Before events/common/fastpath.py: every hit went through Django's middleware.
        with GunicornServer(
            config, PUBLIC_PAGE_CACHE_SECONDS="60", PUBLIC_PAGE_REPLAY="false"
        ) as server:
            report = compare(server, _pages(server), label="page cache on, no WSGI replay")
        print_report(report)
        reports.append(report)
    with GunicornServer(config, PUBLIC_PAGE_CACHE_SECONDS="60") as server:
        share = screens_cpu_share(server, f"/now/data.json?stage={_stage(server)}")
        print(
            f"\n{SCREENS} screens every {POLL_SECONDS} s, in server CPU time: a poll costs "
            f"{share['cpu_ms_per_poll_full_load']} ms under full load "
            f"({share['cpu_ms_per_poll_at_screens_rate']} ms at the screens' rate) against "
            f"{share['cpu_ms_per_constant_request']} ms per constant-view request; the screens "
            f"take {share['screens_cpu_per_second']} CPU-s/s: "
            f"{share['share_of_cpu_the_server_got']:.1%} of the "
            f"{share['server_cpu_per_second_at_full_load']} CPU-s/s the server got at full load "
            f"on this shared machine, {share['share_of_dedicated_cores']:.1%} of "
            f"{min(config.workers, os.cpu_count() or 1)} dedicated cores"
        )
        reports.append({"label": "screens polling, CPU time", **share})
        if screens_only:
            print(f"\nsaved {save_report('live', reports)}")
            return
        report = compare(server, _pages(server), label="page cache on, WSGI replay (default)")
        print_report(report)
        reports.append(report)
    print(f"\nsaved {save_report('live', reports)}")


if __name__ == "__main__":
    main()
