"""The remembrance wall's benchmark: /remember/ with 10,000 approved tributes (newest first, a
later page, the shuffled order, English), one tribute's page and the venue screens' feed (the
newest 100 with screen consent) against the constant view, on the same server in the same run,
with the public page cache on (production) and off.
Run: .venv/bin/python bench/tributes_bench.py   (see bench/README.md)
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
    config = BenchConfig.from_env(name="tributes")
    prepare(config)
    seeded = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("seed_tributes.py"))],
        cwd=ROOT,
        env=config.environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    tribute = seeded.stdout.split()[-1]
    pages = {
        "wall": "/remember/",
        "wall_page_200": "/remember/?page=200",
        "wall_random": "/remember/?order=random&seed=42",
        "wall_en": "/en/remember/",
        "tribute": f"/remember/{tribute}/",
        # What the venue screens poll during the moment of silence (every 8 s per screen).
        "screen_feed": "/remember/screen/data.json",
    }
    reports = []
    for label, seconds in (("page cache on (60 s)", "60"), ("page cache off", "0")):
        with GunicornServer(config, PUBLIC_PAGE_CACHE_SECONDS=seconds) as server:
            report = compare(server, pages, label=f"tributes: {label}")
        print_report(report)
        reports.append(report)
    print(f"\nsaved {save_report('tributes', reports)}")


if __name__ == "__main__":
    main()
