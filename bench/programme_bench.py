"""The programme's benchmark: /programme/ (200 items) and / against the constant view.

Two scenarios on the same server build: the public page cache on (production default,
PUBLIC_PAGE_CACHE_SECONDS=60) and off (every request renders from PostgreSQL).
Run: .venv/bin/python bench/programme_bench.py   (see bench/README.md)
"""

import sys
from pathlib import Path

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

PAGES = {"programme": "/programme/", "home": "/", "programme_en": "/en/programme/"}


def main() -> None:
    config = BenchConfig.from_env(name="programme")
    prepare(config)
    run_script(config, Path(__file__).with_name("seed_programme.py"), "200")
    reports = []
    for label, seconds in (("page cache on (60 s)", "60"), ("page cache off", "0")):
        with GunicornServer(config, PUBLIC_PAGE_CACHE_SECONDS=seconds) as server:
            report = compare(server, PAGES, label=label)
        print_report(report)
        reports.append(report)
    print(f"\nsaved {save_report('programme', reports)}")


if __name__ == "__main__":
    main()
