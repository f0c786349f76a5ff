"""The catalogue's benchmark: /exhibits/ (2,000 exhibits), a Korean search, a facet filter and
an exhibit's page against the constant view, on the same server in the same run.

Two scenarios: the public page cache on (production default, PUBLIC_PAGE_CACHE_SECONDS=60) and
off (every request searches, counts facets and renders from PostgreSQL).
Run: .venv/bin/python bench/exhibits_bench.py   (see bench/README.md)
Target (issue #5): the catalogue's first page at no less than a third of the constant view.
"""

import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    BenchConfig,
    GunicornServer,
    compare,
    prepare,
    print_report,
    run_script,
    save_report,
)

PAGES = {
    "catalogue": "/exhibits/",
    "search": "/exhibits/?q=" + quote("배급"),
    "facet": "/exhibits/?category=clothing",
    "detail": "/exhibits/DD-2024-007/",
}


def main() -> None:
    config = BenchConfig.from_env(name="exhibits")
    prepare(config)
    run_script(config, Path(__file__).with_name("seed_exhibits.py"))
    reports = []
    for label, seconds in (("page cache on (60 s)", "60"), ("page cache off", "0")):
        with GunicornServer(config, PUBLIC_PAGE_CACHE_SECONDS=seconds) as server:
            report = compare(server, PAGES, label=f"exhibits: {label}")
        print_report(report)
        reports.append(report)
    print(f"\nsaved {save_report('exhibits', reports)}")


if __name__ == "__main__":
    main()
