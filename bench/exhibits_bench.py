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

from bench.harness import BenchConfig, page_cache_bench, run_script

PAGES = {
    "catalogue": "/exhibits/",
    "search": "/exhibits/?q=" + quote("배급"),
    "facet": "/exhibits/?category=clothing",
    "detail": "/exhibits/DD-2024-007/",
}


def seed(config: BenchConfig) -> dict[str, str]:
    run_script(config, Path(__file__).with_name("seed_exhibits.py"))
    return {}


if __name__ == "__main__":
    page_cache_bench(name="exhibits", seed=seed, pages=PAGES)
