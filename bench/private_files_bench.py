"""Private files through the permission check, from local disk and from S3-compatible storage.

Measures, on one gunicorn server (production settings, 2 workers) per storage, one run each:
- ``static``: the same bytes as a file on local disk served without any check (whitenoise);
- ``scan``: the vendor's permit scan through its permission-checked view (session, database
  lookup, object check), streamed from private storage: local disk, then moto's S3 server;
- ``presigned``: the same view with PRIVATE_MEDIA_DELIVERY=presigned (the 302 to a signed
  address; the browser then fetches the object from the store, measured as ``store``).
Issue 18's budget: a private file through the check costs at most 1.5x the same file from local
disk. Run: .venv/bin/python bench/private_files_bench.py   (see bench/README.md)
"""

import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    PYTHON,
    ROOT,
    BenchConfig,
    GunicornServer,
    measure,
    prepare,
    save_report,
)
from tests.s3_server import s3_server_start


def _seed(config: BenchConfig, **env: str) -> tuple[str, str, str]:
    seeded = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("seed_private_files.py"))],
        cwd=ROOT,
        env=config.environment(**env),
        check=True,
        capture_output=True,
        text=True,
    )
    session, permit, name = seeded.stdout.split()[-3:]
    return session, permit, name


def _row(label: str, m, base) -> dict:
    return {
        "label": label,
        "rps": m.rps,
        "p50_ms": m.p50_ms,
        "p95_ms": m.p95_ms,
        "errors": m.errors,
        "bytes": m.bytes_per_response,
        "p50_vs_static": round(m.p50_ms / base.p50_ms, 2) if base and base.p50_ms else None,
        "rps_vs_static": round(base.rps / m.rps, 2) if base and m.rps else None,
    }


def main() -> None:
    config = BenchConfig.from_env(name="files")
    duration = float(os.environ.get("BENCH_DURATION", "5"))
    concurrency = int(os.environ.get("BENCH_CONCURRENCY", "8"))
    prepare(config)
    folder = Path(tempfile.mkdtemp(prefix="dd-bench-files-"))
    private_root = folder / "private"
    rows = []
    s3 = s3_server_start(folder / "moto.log")
    try:
        public, private = s3.make_buckets()
        scenarios = [
            ("local disk", {"PRIVATE_MEDIA_ROOT": str(private_root)}),
            ("S3 (moto), streamed", {**s3.environment(public, private)}),
            (
                "S3 (moto), presigned",
                {**s3.environment(public, private), "PRIVATE_MEDIA_DELIVERY": "presigned"},
            ),
        ]
        static_file = ROOT / "var" / "staticfiles" / "bench" / "scan.pdf"
        base = None
        for label, env in scenarios:
            session, permit, name = _seed(config, **env)
            if base is None:
                # The same bytes as a plain file on local disk, served with no check at all.
                static_file.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(private_root / name, static_file)
            cookie = f"Cookie: sessionid={session}\r\n"
            path = f"/vendor/permits/{permit}/scan/"
            presigned = env.get("PRIVATE_MEDIA_DELIVERY") == "presigned"
            with GunicornServer(config, PUBLIC_PAGE_CACHE_SECONDS="0", **env) as server:
                for warm in ("/static/bench/scan.pdf", path):
                    measure(server.url, warm, duration=1, concurrency=2, headers=cookie,
                            ok_statuses=(200, 302))  # fmt: skip
                if base is None:
                    base = measure(
                        server.url, "/static/bench/scan.pdf", duration=duration,
                        concurrency=concurrency,
                    )  # fmt: skip
                    rows.append(_row("static file, local disk, no check", base, base))
                    constant = measure(
                        server.url, "/bench/constant", duration=duration, concurrency=concurrency
                    )
                    rows.append(_row("Django's constant view (the floor)", constant, base))
                scan = measure(
                    server.url, path, duration=duration, concurrency=concurrency,
                    headers=cookie, ok_statuses=(302,) if presigned else (200,),
                )  # fmt: skip
                rows.append(_row(f"scan view, {label}", scan, base))
                if presigned:
                    request = urllib.request.Request(
                        server.url + path, headers={"Cookie": cookie[8:-2]}
                    )
                    opener = urllib.request.build_opener(_NoRedirect())
                    try:
                        opener.open(request)
                    except urllib.error.HTTPError as redirect:
                        location = redirect.headers["Location"]
                    store_path = location[len(s3.url) :]
                    store = measure(s3.url, store_path, duration=duration, concurrency=concurrency)
                    rows.append(_row("  then the browser fetches from the store", store, base))
    finally:
        s3.stop()
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(ROOT / "var" / "staticfiles" / "bench", ignore_errors=True)
    print(
        f"\n== private files ({config.workers} gunicorn workers, {concurrency} clients, "
        f"{duration} s, one run)"
    )
    print(f"{'what':<46}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p50 x':>8}{'cost x':>8}")
    for row in rows:
        print(
            f"{row['label']:<46}{row['rps']!s:>9}{row['p50_ms']!s:>9}{row['p95_ms']!s:>9}"
            f"{row['p50_vs_static']!s:>8}{row['rps_vs_static']!s:>8}"
            + (f"  ({row['errors']} errors)" if row["errors"] else "")
        )
    print(f"\nsaved {save_report('private_files', rows)}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


if __name__ == "__main__":
    import urllib.error

    main()
