"""How fast the reminder outbox delivers 10,000 due reminders, beside Celery's own throughput
for an empty task on the same broker, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dd_bench REDIS_URL=redis://127.0.0.1:6379/3 \
        .venv/bin/python bench/reminders_throughput.py [--count 10000] [--workers 2]

Needs a migrated PostgreSQL database and a Redis database of its own: the Redis db is FLUSHED.
Both phases use the same N worker processes (``--pool=solo`` unless told otherwise, prefetch 1,
acks_late, as in production) and the locmem email backend. Reminders: the dispatcher is run
once (what beat does every minute) and the clock stops when every row is ``sent``. Empty task:
N tasks are published and the clock stops when the last has run; it runs before and after the
reminders and the two rates are averaged. Bench rows are deleted afterwards.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402

from bench import reminders_seed  # noqa: E402
from participants.models import Reminder  # noqa: E402
from participants.outbox.services import reminders_dispatch  # noqa: E402

BENCH_YEAR = 2099
EMAIL_DOMAIN = "bench.example.invalid"


def start_workers(
    count: int, log_folder: Path, pool: str, concurrency: int
) -> list[subprocess.Popen]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CELERY_BROKER_URL": settings.REDIS_URL}
    workers = []
    for n in range(count):
        log = (log_folder / f"bench-worker-{n}.log").open("w")
        workers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "-I",
                    "bench.reminders_noop",
                    f"--pool={pool}",
                    f"--concurrency={concurrency}",
                    "--loglevel=WARNING",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    f"bench{n}@%h",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return workers


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_by_group(worker_pids: set[int]) -> dict[str, float]:
    """CPU seconds used so far by each kind of process on the machine (from /proc): this script
    (it publishes), the Celery workers, PostgreSQL, Redis and everything else. Differences
    between two readings say where a phase's CPU went. Processes that ended in between are
    missed, so the groups are read around each phase, with the same processes alive."""
    groups = dict.fromkeys(("bench", "workers", "postgres", "redis", "other"), 0.0)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
        pid = int(entry.name)
        if pid == os.getpid():
            group = "bench"
        elif pid in worker_pids or int(fields[1]) in worker_pids:  # a prefork pool's children
            group = "workers"
        elif name.startswith("postgres"):
            group = "postgres"
        elif name.startswith("redis"):
            group = "redis"
        else:
            group = "other"
        groups[group] += seconds
    return groups


def cpu_spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {group: after[group] - before[group] for group in before}


def wait_until(predicate, *, timeout: float, every: float = 0.05) -> float:
    started = time.perf_counter()
    while not predicate():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("the benchmark did not finish in time")
        time.sleep(every)
    return time.perf_counter()


def run_empty_tasks(noop, broker: redis.Redis, count: int, run: int) -> float:
    started = time.perf_counter()
    with noop.app.producer_or_acquire() as producer:
        for _ in range(count):
            noop.apply_async(producer=producer)
    finished = wait_until(
        lambda: int(broker.get("bench:noop:done") or 0) >= count * run, timeout=600
    )
    return count / (finished - started)


def cleanup() -> None:
    reminders_seed.cleanup(year=BENCH_YEAR, email_domain=EMAIL_DOMAIN)


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        worker.wait(30)


def print_cpu(phases: dict[str, dict[str, float]], count: int) -> None:
    groups = next(iter(phases.values()))
    print(f"CPU ms per task, by process ({os.cpu_count()} CPUs):")
    print(f"  {'phase':<28}" + "".join(f"{group:>10}" for group in groups))
    for phase, spent in phases.items():
        per_task = [1000 * seconds / count for seconds in spent.values()]
        print(f"  {phase:<28}" + "".join(f"{ms:>10.2f}" for ms in per_task))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--pool",
        default=settings.CELERY_WORKER_POOL,
        help=f"threads, solo or prefork (default: production's, {settings.CELERY_WORKER_POOL})",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=settings.CELERY_WORKER_CONCURRENCY,
        help=f"pool size per worker (default: production's, {settings.CELERY_WORKER_CONCURRENCY})",
    )
    args = parser.parse_args()
    if not (settings.USING_POSTGRES and settings.REDIS_URL):
        sys.exit("Set DATABASE_URL to PostgreSQL and REDIS_URL to a Redis database of its own.")
    if args.pool == "solo":
        args.concurrency = 1

    from bench.reminders_noop import noop

    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.flushdb()
    cleanup()
    reminders_seed.make_due_reminders(
        args.count, year=BENCH_YEAR, email_domain=EMAIL_DOMAIN, label="guest"
    )
    log_folder = ROOT / "var"
    log_folder.mkdir(exist_ok=True)
    cpu_phases: dict[str, dict[str, float]] = {}
    workers = start_workers(args.workers, log_folder, args.pool, args.concurrency)
    try:
        time.sleep(4)  # let the workers connect before either clock starts
        worker_pids = {worker.pid for worker in workers}

        # The empty task runs before and after the reminders, so that a machine whose load
        # changes during the run does not favour either side.
        cpu = cpu_by_group(worker_pids)
        empty_rates = [run_empty_tasks(noop, broker, args.count, 1)]
        cpu_phases["empty task (before)"], cpu = (
            cpu_spent(cpu, after := cpu_by_group(worker_pids)),
            after,
        )
        started = time.perf_counter()
        reminders_dispatch()
        dispatched = time.perf_counter()
        sent = Reminder.objects.filter(edition__year=BENCH_YEAR, status=Reminder.Status.SENT)
        finished = wait_until(lambda: sent.count() >= args.count, timeout=900, every=0.25)
        reminder_rate = args.count / (finished - started)
        cpu_phases["reminders"], cpu = cpu_spent(cpu, after := cpu_by_group(worker_pids)), after
        empty_rates.append(run_empty_tasks(noop, broker, args.count, 2))
        cpu_phases["empty task (after)"] = cpu_spent(cpu, cpu_by_group(worker_pids))
        statuses = dict(
            Reminder.objects.filter(edition__year=BENCH_YEAR)
            .values_list("status")
            .annotate(n=django.db.models.Count("id"))
            .order_by()
        )
    finally:
        stop_workers(workers)
        cleanup()

    # The empty task is fastest with --pool=solo (no thread hand-offs): also compare with that,
    # on two fresh solo workers, so that a pool that slows the empty task cannot flatter the ratio.
    solo_rates: list[float] = []
    if args.pool != "solo":
        broker.flushdb()
        workers = start_workers(args.workers, log_folder, "solo", 1)
        try:
            time.sleep(4)
            worker_pids = {worker.pid for worker in workers}
            cpu = cpu_by_group(worker_pids)
            solo_rates = [run_empty_tasks(noop, broker, args.count, run) for run in (1, 2)]
            cpu_phases["empty task (solo, 2 runs)"] = {
                group: seconds / 2
                for group, seconds in cpu_spent(cpu, cpu_by_group(worker_pids)).items()
            }
        finally:
            stop_workers(workers)

    print(
        f"workers: {args.workers} processes (--pool={args.pool} --concurrency={args.concurrency}),"
        f" broker {settings.REDIS_URL}"
    )
    empty_rate = sum(empty_rates) / len(empty_rates)
    print(
        f"empty task: {args.count} per run, {' and '.join(f'{r:.0f}/s' for r in empty_rates)}"
        f" = {empty_rate:.0f}/s on average"
    )
    print(
        f"reminders:  {args.count} dispatched and sent in {args.count / reminder_rate:.2f} s "
        f"= {reminder_rate:.0f}/s  {statuses}"
    )
    print(f"dispatcher: claimed and queued all {args.count} in {dispatched - started:.2f} s")
    print(f"ratio: {reminder_rate / empty_rate:.2f} (target >= 0.33)")
    if solo_rates:
        solo_rate = sum(solo_rates) / len(solo_rates)
        print(
            f"empty task with --pool=solo: {' and '.join(f'{r:.0f}/s' for r in solo_rates)}"
            f" = {solo_rate:.0f}/s; ratio against it: {reminder_rate / solo_rate:.2f}"
        )
    print_cpu(cpu_phases, args.count)


if __name__ == "__main__":
    main()
