"""The open data's benchmark: schedule.xml, schedule.json and the API's item list for 200
programme items, and a conditional request answered 304, against the constant view.

Targets (issue 14): each page >= 0.8x the constant view's req/s with the page cache on, and a
304 no dearer than the constant view. The rate limit is on (one shared-cache round trip per
request, as in production) with a limit no benchmark reaches.
Run: .venv/bin/python bench/opendata_bench.py [--cache-on-only]   (see bench/README.md)
"""

import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    BenchConfig,
    GunicornServer,
    Request,
    compare,
    prepare,
    print_report,
    run_script,
    save_report,
)

PAGES = {
    "schedule_xml": "/2025/schedule.xml",
    "schedule_json": "/2025/schedule.json",
    "api_items": "/api/v1/editions/2025/items?limit=200",
}
CONDITIONAL = "/api/v1/editions/2025/items?limit=200"


def _etag(url: str) -> str:
    request = urllib.request.Request(
        url, headers={"Accept-Encoding": "gzip, deflate, br", "Accept-Language": "ko"}
    )
    with urllib.request.urlopen(request) as response:
        return response.headers["ETag"]


def main() -> None:
    config = BenchConfig.from_env(
        name="opendata", extra_env={"OPEN_DATA_RATE_LIMIT": "1000000000/m"}
    )
    prepare(config)
    run_script(config, Path(__file__).with_name("seed_programme.py"), "200")
    reports = []
    scenarios = [("page cache on (60 s)", "60"), ("page cache off", "0")]
    if "--cache-on-only" in sys.argv:
        scenarios = scenarios[:1]
    for label, seconds in scenarios:
        with GunicornServer(config, PUBLIC_PAGE_CACHE_SECONDS=seconds) as server:
            pages: dict = dict(PAGES)
            if seconds != "0":
                etag = _etag(server.url + CONDITIONAL)
                pages["api_items_304"] = Request(
                    CONDITIONAL, headers=f"If-None-Match: {etag}\r\n", ok_statuses=(304,)
                )
            report = compare(server, pages, label=label)
        print_report(report)
        reports.append(report)
    print(f"\nsaved {save_report('opendata', reports)}")


if __name__ == "__main__":
    main()
