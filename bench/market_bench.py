"""The market's benchmark: /market/ (200 vendors, 2,000 products), its English page, a vendor's
page and the public stall plan against the constant view, on the same server in the same run.

Two scenarios: the public page cache on (production default, PUBLIC_PAGE_CACHE_SECONDS=60) and
off (every request renders from PostgreSQL).
Run: .venv/bin/python bench/market_bench.py   (see bench/README.md)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BenchConfig, page_cache_bench, script_output

PAGES = {
    "market": "/market/",
    "market_en": "/en/market/",
    "vendor": "/market/{vendor}/",
    "plan": "/market/plan/",
}


def seed(config: BenchConfig) -> dict[str, str]:
    return {"vendor": script_output(config, Path(__file__).with_name("seed_market.py"))}


if __name__ == "__main__":
    page_cache_bench(name="market", seed=seed, pages=PAGES)
