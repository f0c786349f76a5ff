"""Private files through the permission check, from local disk and from S3-compatible storage.

One gunicorn server (production settings, 2 workers) per way of storing the file, all three up at
once, measured in interleaved rounds (BENCH_ROUNDS, default 3; the median round of each is kept):
- ``static``: the same bytes as a file on local disk served without any check (whitenoise);
- ``scan, local disk``: the vendor's permit scan through its permission-checked view (session,
  database lookup, object check), streamed from PRIVATE_MEDIA_ROOT;
- ``scan, S3 presigned``: the same view with the scan in moto's S3 server and the default
  delivery (PRIVATE_MEDIA_DELIVERY=auto: the 302 to a signed address; the browser then fetches
  the object from the store, measured as ``store``);
- ``scan, S3 streamed``: PRIVATE_MEDIA_DELIVERY=stream (through the web process).
Issue 18's budget: a private file through the check costs at most 1.5x the same file from local
disk (``cost x`` against the local-disk scan view: its req/s over the row's).
Run: .venv/bin/python bench/private_files_bench.py   (see bench/README.md)
"""

import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from contextlib import ExitStack
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


def _seed(config: BenchConfig, vendor: str, **env: str) -> tuple[str, str, str]:
    seeded = subprocess.run(
        [PYTHON, str(Path(__file__).with_name("seed_private_files.py")), vendor],
        cwd=ROOT,
        env=config.environment(**env),
        check=True,
        capture_output=True,
        text=True,
    )
    session, permit, name = seeded.stdout.split()[-3:]
    return session, permit, name


def _median(runs: list):
    return sorted(runs, key=lambda run: run.rps)[len(runs) // 2]


def _row(label: str, runs: list, base_runs: list) -> dict:
    """The median round of ``runs``, and its cost against the local-disk view's median round
    (that view's req/s over this one's), with each round's cost beside it."""
    m, base = _median(runs), _median(base_runs)
    return {
        "label": label,
        "rps": m.rps,
        "rps_runs": [run.rps for run in runs],
        "p50_ms": m.p50_ms,
        "p95_ms": m.p95_ms,
        "errors": sum(run.errors for run in runs),
        "bytes": m.bytes_per_response,
        "cost_vs_local": round(base.rps / m.rps, 2) if m.rps else None,
        "cost_runs": [
            round(b.rps / run.rps, 2) if run.rps else None
            for b, run in zip(base_runs, runs, strict=True)
        ],
    }


@dataclasses.dataclass
class _Target:
    label: str
    url: str
    path: str
    headers: str = ""
    ok_statuses: tuple[int, ...] = (200,)
    runs: list = dataclasses.field(default_factory=list)


def _location(url: str, cookie: str) -> str:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        urllib.request.build_opener(_NoRedirect()).open(request)
    except urllib.error.HTTPError as redirect:
        return redirect.headers["Location"]
    raise RuntimeError(f"{url} did not redirect")


def main() -> None:
    config = BenchConfig.from_env(name="files")
    duration = float(os.environ.get("BENCH_DURATION", "5"))
    concurrency = int(os.environ.get("BENCH_CONCURRENCY", "8"))
    prepare(config)
    folder = Path(tempfile.mkdtemp(prefix="dd-bench-files-"))
    private_root = folder / "private"
    s3 = s3_server_start(folder / "moto.log")
    static_file = ROOT / "var" / "staticfiles" / "bench" / "scan.pdf"
    try:
        public, private = s3.make_buckets()
        scenarios = [
            ("local disk", {"PRIVATE_MEDIA_ROOT": str(private_root)}),
            # The one signed link measured must stay valid through every round.
            (
                "S3 (moto), presigned (default)",
                {**s3.environment(public, private), "PRIVATE_MEDIA_URL_SECONDS": "3600"},
            ),
            (
                "S3 (moto), streamed",
                {**s3.environment(public, private), "PRIVATE_MEDIA_DELIVERY": "stream"},
            ),
        ]
        targets: list[_Target] = []
        with ExitStack() as servers:
            for number, (label, env) in enumerate(scenarios):
                session, permit, name = _seed(config, f"vendor{number}", **env)
                if number == 0:
                    # The same bytes as a plain file on local disk, served with no check at all.
                    static_file.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(private_root / name, static_file)
                node = dataclasses.replace(config, port=config.port + number)
                server = servers.enter_context(
                    GunicornServer(node, PUBLIC_PAGE_CACHE_SECONDS="0", **env)
                )
                cookie = f"Cookie: sessionid={session}\r\n"
                path = f"/vendor/permits/{permit}/scan/"
                if number == 0:
                    targets.append(
                        _Target(
                            "static file, local disk, no check",
                            server.url,
                            "/static/bench/scan.pdf",
                        )
                    )
                    targets.append(
                        _Target("Django's constant view (the floor)", server.url, "/bench/constant")
                    )
                presigned = env.get("PRIVATE_MEDIA_DELIVERY") != "stream" and number > 0
                targets.append(
                    _Target(
                        f"scan view, {label}",
                        server.url,
                        path,
                        cookie,
                        (302,) if presigned else (200,),
                    )
                )
                if presigned:
                    location = _location(server.url + path, cookie[8:-2])
                    targets.append(
                        _Target(
                            "  then the browser fetches from the store",
                            s3.url,
                            location[len(s3.url) :],
                        )
                    )
            for target in targets:  # warm up
                measure(
                    target.url,
                    target.path,
                    duration=1,
                    concurrency=2,
                    headers=target.headers,
                    ok_statuses=target.ok_statuses,
                )
            for _round in range(config.rounds):
                for target in targets:
                    target.runs.append(
                        measure(
                            target.url,
                            target.path,
                            duration=duration,
                            concurrency=concurrency,
                            headers=target.headers,
                            ok_statuses=target.ok_statuses,
                        )
                    )
    finally:
        s3.stop()
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(ROOT / "var" / "staticfiles" / "bench", ignore_errors=True)
    base = next(t for t in targets if t.label == "scan view, local disk")
    rows = [_row(t.label, t.runs, base.runs) for t in targets]
    print(
        f"\n== private files ({config.workers} gunicorn workers per server, {concurrency} clients, "
        f"{duration} s x {config.rounds} interleaved rounds, median round)"
    )
    print(f"{'what':<46}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'cost x':>8}  cost x per round")
    for row in rows:
        print(
            f"{row['label']:<46}{row['rps']!s:>9}{row['p50_ms']!s:>9}{row['p95_ms']!s:>9}"
            f"{row['cost_vs_local']!s:>8}  {row['cost_runs']}"
            + (f"  ({row['errors']} errors)" if row["errors"] else "")
        )
    print(f"\nsaved {save_report('private_files', rows)}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


if __name__ == "__main__":
    main()
