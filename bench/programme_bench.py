"""The programme's benchmark: /programme/ (200 items), an item's page and / against the
constant view.

Two scenarios on the same server build: the public page cache on (production default,
PUBLIC_PAGE_CACHE_SECONDS=60) and off (every request renders from PostgreSQL). In both, the
programme is also fetched by a signed-in attendee with bookings ("programme_signed_in"): the
timetable comes from the shared fragment and only the seat markers are filled for them
(issue 12's goal: >= 0.3x the constant view with the cache on).
Run: .venv/bin/python bench/programme_bench.py   (see bench/README.md)
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BenchConfig, Request, page_cache_bench, run_script, script_output

PAGES = {
    "programme": "/programme/",
    "home": "/",
    "programme_en": "/en/programme/",
    "programme_signed_in": Request("/programme/", headers="Cookie: sessionid={session}\r\n"),
    "item": "/programme/{item}/",
    "item_en": "/en/programme/{item}/",
}


def seed(config: BenchConfig) -> dict[str, str]:
    run_script(config, Path(__file__).with_name("seed_programme.py"), "200")
    with tempfile.TemporaryDirectory() as folder:
        key_file = Path(folder) / "session"
        run_script(config, Path(__file__).with_name("seed_attendee_session.py"), str(key_file))
        session = key_file.read_text()
    item = script_output(config, Path(__file__).with_name("seed_item.py"))
    return {"session": session, "item": item}


if __name__ == "__main__":
    page_cache_bench(name="programme", seed=seed, pages=PAGES)
