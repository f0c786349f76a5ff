"""The signed-in programme alone against the constant view (issue 12: >= 0.3x), on the
programme benchmark's database and session (run bench/programme_bench.py once first, which
seeds them): quicker than the whole programme benchmark when only this ratio is wanted.

    .venv/bin/python bench/signed_in_bench.py
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import BenchConfig, GunicornServer, Request, compare, print_report, run_script

if __name__ == "__main__":
    config = BenchConfig.from_env(name="programme")
    with tempfile.TemporaryDirectory() as folder:
        key_file = Path(folder) / "session"
        run_script(config, Path(__file__).with_name("seed_attendee_session.py"), str(key_file))
        session = key_file.read_text()
    cookie = f"Cookie: sessionid={session}\r\n"
    targets = {
        "programme_signed_in": Request("/programme/", headers=cookie),
        "programme_signed_in_en": Request("/en/programme/", headers=cookie),
    }
    with GunicornServer(config, PUBLIC_PAGE_CACHE_SECONDS="60") as server:
        print_report(compare(server, targets, label="programme, signed in: page cache on"))
