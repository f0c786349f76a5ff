"""Readiness: can this process serve? Database, cache, broker, file store, migrations.

``/readyz`` (events.views.readyz) runs every check and reports each one's result and time; a load
balancer takes a node out while any fails. ``/healthz`` only says the process answers.
Messages name what failed (a bucket, a migration count) and never a password or a URL with one.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    seconds: float
    message: str = ""

    def as_json(self) -> dict:
        result = {"ok": self.ok, "ms": round(self.seconds * 1000, 2)}
        if self.message:
            result["message"] = self.message
        return result


def _database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return ""


def _cache() -> str:
    key = "readyz:probe"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was just stored")
    return ""


def _broker() -> str:
    from config.celery_app import app

    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=2)
    return ""


def _storage() -> str:
    if settings.MEDIA_STORAGE != "s3":
        for folder in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
            if folder.exists() and not folder.is_dir():
                raise RuntimeError(f"{folder.name} is not a folder")
        return ""
    import boto3

    from events.common.storage import s3_client_config

    client = boto3.client(
        "s3",
        endpoint_url=settings.S3_ENDPOINT_URL or None,
        region_name=settings.S3_REGION or None,
        aws_access_key_id=settings.S3_ACCESS_KEY_ID or None,
        aws_secret_access_key=settings.S3_SECRET_ACCESS_KEY or None,
        config=s3_client_config(),
    )
    missing = []
    for bucket in (settings.S3_PUBLIC_BUCKET, settings.S3_PRIVATE_BUCKET):
        try:
            client.head_bucket(Bucket=bucket)
        except client.exceptions.ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if status == 404:
                missing.append(bucket)
            else:
                raise RuntimeError(f"bucket {bucket!r}: HTTP {status}") from error
    if missing:
        raise RuntimeError(f"bucket not found: {', '.join(repr(name) for name in missing)}")
    return ""


def _migrations() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migration(s) not applied")
    return ""


CHECKS: dict[str, Callable[[], str]] = {
    "database": _database,
    "cache": _cache,
    "broker": _broker,
    "storage": _storage,
    "migrations": _migrations,
}


def _describe(error: Exception) -> str:
    # The class name and our own messages; never str() of a driver's error, which may carry
    # a connection string.
    if isinstance(error, RuntimeError):
        return str(error)
    return f"unreachable ({type(error).__name__})"


def readiness_run() -> list[CheckResult]:
    """Run every readiness check, each timed; a failure is reported, never raised."""
    results = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            message = check()
            ok = True
        except Exception as error:
            message, ok = _describe(error), False
        results.append(CheckResult(name, ok, time.perf_counter() - started, message))
    return results
