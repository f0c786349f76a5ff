"""The market's benchmark: /market/ (200 vendors, 2,000 products), its English page, a vendor's
page and the public stall plan against the constant view, on the same server in the same run.

Two scenarios: the public page cache on (production default, PUBLIC_PAGE_CACHE_SECONDS=60) and
off (every request renders from PostgreSQL).
Run: .venv/bin/python bench/market_bench.py   (see bench/README.md)
"""

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    PYTHON,
    ROOT,
    BenchConfig,
    GunicornServer,
    compare,
    prepare,
    print_report,
    save_report,
)


def main() -> None:
    config = BenchConfig.from_env(name="market")
    prepare(config)
    seeded = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("seed_market.py"))],
        cwd=ROOT,
        env=config.environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    vendor = seeded.stdout.split()[-1]
    pages = {
        "market": "/market/",
        "market_en": "/en/market/",
        "vendor": f"/market/{vendor}/",
        "plan": "/market/plan/",
    }
    reports = []
    for label, seconds in (("page cache on (60 s)", "60"), ("page cache off", "0")):
        with GunicornServer(config, PUBLIC_PAGE_CACHE_SECONDS=seconds) as server:
            report = compare(server, pages, label=f"market: {label}")
        print_report(report)
        reports.append(report)
    print(f"\nsaved {save_report('market', reports)}")


if __name__ == "__main__":
    main()
