"""How long the send task takes to deliver reminders one by one through a real SMTP server, with a
new connection per message (as before participants/mail.py) and with the thread's kept one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dd_bench \\
        .venv/bin/python bench/reminders_smtp.py [--count 500] [--rounds 3] [--tls]

Needs a migrated database (PostgreSQL, as in production). The SMTP server is aiosmtpd on a free
loopback port, in a process of its own (bench/smtp_sink.py), without TLS or login unless
``--tls`` asks for STARTTLS and AUTH as a relay does (a self-signed certificate made for the
run, trusted through SSL_CERT_FILE). Loopback has no network round trips, so a real relay
makes every new connection dearer still. Each round sends ``--count`` due announcement
reminders with ``participants.tasks.send_reminder`` called in this thread (the task's body, no
broker), first with REMINDER_MAIL_CONNECTION_MAX_MESSAGES = 1 (a new connection per message:
connect, EHLO, [STARTTLS, EHLO, AUTH,] send, QUIT) and then with the defaults (one connection
per 100 messages). Bench rows are deleted afterwards.
"""

import argparse
import datetime as dt
import ipaddress
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from bench import reminders_seed  # noqa: E402
from participants.outbox import mail  # noqa: E402
from participants.tasks import send_reminder  # noqa: E402

BENCH_YEAR = 2098
EMAIL_DOMAIN = "bench-smtp.example.invalid"


class Sink:
    """bench/smtp_sink.py on a free loopback port, for one phase; ``stop()`` returns its
    counts of connections and messages."""

    def __init__(self, certificate: tuple[Path, Path] | None) -> None:
        self.port = _free_port()
        extra = [str(path) for path in certificate] if certificate else []
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "smtp_sink.py"), str(self.port), *extra],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        if self.process.stdout.readline().strip() != "ready":
            sys.exit("The SMTP sink did not start")

    def stop(self) -> dict[str, int]:
        self.process.stdin.close()
        counts = json.loads(self.process.stdout.readline())
        self.process.wait(30)
        return counts


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, trusted by this process's TLS clients."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "sink.crt", folder / "sink.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.environ["SSL_CERT_FILE"] = str(cert_path)  # what ssl.create_default_context() trusts
    return cert_path, key_path


def cleanup() -> None:
    reminders_seed.cleanup(year=BENCH_YEAR, email_domain=EMAIL_DOMAIN)


def make_due_reminders(count: int, label: str) -> list[int]:
    return reminders_seed.make_due_reminders(
        count, year=BENCH_YEAR, email_domain=EMAIL_DOMAIN, label=label
    )


def send_all(ids: list[int], certificate, *, max_messages: int) -> tuple[float, dict[str, int]]:
    """Seconds to send every reminder with the task in this thread, and the sink's counts."""
    sink = Sink(certificate)
    settings.EMAIL_PORT = sink.port
    settings.REMINDER_MAIL_CONNECTION_MAX_MESSAGES = max_messages
    mail.close_thread_connection()
    started = time.perf_counter()
    outcomes = [send_reminder(reminder_id) for reminder_id in ids]
    mail.close_thread_connection()  # its QUIT belongs to the run
    elapsed = time.perf_counter() - started
    counts = sink.stop()
    if outcomes != ["sent"] * len(ids) or counts["messages"] != len(ids):
        sys.exit(f"Not every reminder was sent: {sorted(set(outcomes))}, {counts}")
    return elapsed, counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tls", action="store_true", help="STARTTLS and AUTH, as a relay asks")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-smtp-"))
    certificate = self_signed_certificate(folder) if args.tls else None
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = args.tls
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = "bench" if args.tls else ""
    kept_max = settings.REMINDER_MAIL_CONNECTION_MAX_MESSAGES
    results: dict[str, list[tuple[float, dict]]] = {"new connection per message": [], "kept": []}
    cleanup()
    try:
        send_all(make_due_reminders(20, "warmup"), certificate, max_messages=kept_max)
        for round_number in range(args.rounds):
            for name, max_messages in (("new connection per message", 1), ("kept", kept_max)):
                ids = make_due_reminders(args.count, f"r{round_number}-{max_messages}-")
                results[name].append(send_all(ids, certificate, max_messages=max_messages))
    finally:
        cleanup()
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()

    print(
        f"{args.count} reminders sent one by one by the send task in one thread; aiosmtpd on "
        f"loopback in its own process, {'STARTTLS + AUTH' if args.tls else 'no TLS, no login'};"
        f" {args.rounds} rounds; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    medians = {}
    for name, runs in results.items():
        seconds = [elapsed for elapsed, _counts in runs]
        medians[name] = statistics.median(seconds)
        print(
            f"  {name:<28} {medians[name]:6.2f} s median "
            f"({', '.join(f'{s:.2f}' for s in seconds)}), "
            f"{1000 * medians[name] / args.count:.2f} ms per reminder, "
            f"{runs[0][1]['connections']} connections"
        )
    before, after = medians.values()
    print(f"  kept / new: {after / before:.2f}")


if __name__ == "__main__":
    main()
