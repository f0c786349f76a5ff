"""The remembrance wall's benchmark: /remember/ with 10,000 approved tributes (newest first, a
later page, the shuffled order, English), one tribute's page and the venue screens' feed (the
newest 100 with screen consent) against the constant view, on the same server in the same run,
with the public page cache on (production) and off.
Run: .venv/bin/python bench/tributes_bench.py   (see bench/README.md)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BenchConfig, page_cache_bench, script_output

PAGES = {
    "wall": "/remember/",
    "wall_page_200": "/remember/?page=200",
    "wall_random": "/remember/?order=random&seed=42",
    "wall_en": "/en/remember/",
    "tribute": "/remember/{tribute}/",
    # What the venue screens poll during the moment of silence (every 8 s per screen).
    "screen_feed": "/remember/screen/data.json",
}


def seed(config: BenchConfig) -> dict[str, str]:
    return {"tribute": script_output(config, Path(__file__).with_name("seed_tributes.py"))}


if __name__ == "__main__":
    page_cache_bench(name="tributes", seed=seed, pages=PAGES)
