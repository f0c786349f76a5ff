"""/healthz, /readyz, /metrics, request ids in logs and tasks, the second-beat warning."""

import datetime as dt
import json
import logging

import pytest

from config.celery_app import _carry_request_id, _restore_request_id
from events.common.beat import KEY, BeatHeartbeat
from events.common.metrics import gauges_register
from events.common.request_id import (
    RequestIdFilter,
    current_request_id,
    request_id_accept,
)
from events.models import SEOUL
from participants.attendance.metrics import attendance_gauges
from participants.outbox.metrics import outbox_gauges
from tests.factories import EditionFactory, ProgramItemFactory, ReminderFactory, RsvpFactory

TOKEN = "metrics-token-for-tests-1234"


def test_healthz_answers_json_with_the_time_of_its_check(client):
    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200
    assert (body["status"], list(body["checks"])) == ("ok", ["process"])
    assert body["checks"]["process"]["ok"] is True
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_readyz_reports_every_check_with_its_time(client):
    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert list(body["checks"]) == ["database", "cache", "broker", "storage", "migrations"]
    assert all(check["ok"] is True for check in body["checks"].values())
    assert all(isinstance(check["ms"], float) for check in body["checks"].values())


@pytest.mark.django_db
def test_readyz_fails_clearly_when_a_bucket_is_missing(client, s3, settings):
    settings.S3_PRIVATE_BUCKET = "no-such-bucket"

    response = client.get("/readyz")

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["storage"] == {
        "ok": False,
        "ms": body["checks"]["storage"]["ms"],
        "message": "bucket not found: 'no-such-bucket'",
    }
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_readyz_fails_without_leaking_when_the_store_is_unreachable(client, s3, settings):
    settings.S3_ENDPOINT_URL = "http://127.0.0.1:9"
    settings.S3_CONNECT_TIMEOUT_SECONDS = 0.5

    response = client.get("/readyz")

    storage = response.json()["checks"]["storage"]
    assert response.status_code == 503
    assert storage["message"] == "unreachable (EndpointConnectionError)"
    assert settings.S3_SECRET_ACCESS_KEY not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}"])
def test_metrics_refused_without_the_token(client, settings, authorization):
    settings.METRICS_TOKEN = TOKEN
    headers = {"Authorization": authorization} if authorization else {}

    response = client.get("/metrics", headers=headers)

    assert response.status_code == 403
    assert b"outbox" not in response.content


@pytest.mark.django_db
def test_metrics_refused_to_everyone_when_nothing_is_configured(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = []

    assert client.get("/metrics").status_code == 403


@pytest.mark.django_db
def test_metrics_with_the_token_has_requests_database_and_outbox(client, settings):
    settings.METRICS_TOKEN = TOKEN
    client.get("/healthz")

    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert 'django_http_responses_total_by_status_total{status="200"}' in text
    assert "django_db_execute_total" in text
    assert "outbox_pending " in text
    assert "outbox_oldest_due_age_seconds " in text


@pytest.mark.django_db
def test_metrics_from_an_allowed_network(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = ["127.0.0.0/8"]

    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 403
    assert (
        client.get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1", REMOTE_ADDR="10.1.2.3").status_code
        == 403
    )


def _values(metrics) -> dict:
    return {
        (metric.name, tuple(sorted(sample.labels.items()))): sample.value
        for metric in metrics
        for sample in metric.samples
    }


@pytest.mark.django_db
def test_outbox_gauges_count_pending_due_oldest_and_failed():
    now = dt.datetime(2025, 7, 13, 12, tzinfo=SEOUL)
    ReminderFactory(due_at=now - dt.timedelta(minutes=5))  # due, pending
    ReminderFactory(due_at=now + dt.timedelta(hours=1))  # pending, not due
    ReminderFactory(due_at=now - dt.timedelta(minutes=1), status="sending")  # due, in flight
    ReminderFactory(due_at=now, status="sent")
    ReminderFactory(status="failed", claimed_at=now - dt.timedelta(minutes=30))
    ReminderFactory(status="failed", claimed_at=now - dt.timedelta(hours=2))

    values = _values(outbox_gauges(now))

    assert values == {
        ("outbox_pending", ()): 2,
        ("outbox_due_unsent", ()): 2,
        ("outbox_oldest_due_age_seconds", ()): 300,
        ("outbox_failed_last_hour", ()): 1,
    }


@pytest.mark.django_db
def test_seats_gauges_per_target_of_the_day_only():
    today = EditionFactory(year=2025)
    item = ProgramItemFactory(edition=today)
    RsvpFactory(edition=today, party_size=3)
    RsvpFactory(edition=today, party_size=2, status="checked_in")
    RsvpFactory(edition=today, party_size=4, status="waitlisted")
    RsvpFactory(edition=today, item=item, party_size=1)
    RsvpFactory(edition=EditionFactory(year=2024), party_size=5)
    now = dt.datetime.combine(today.date, dt.time(10), tzinfo=SEOUL)

    values = _values(attendance_gauges(now))

    edition, seated = (
        (("edition", "2025"), ("item", "")),
        (("edition", "2025"), ("item", str(item.pk))),
    )
    assert values == {
        ("seats_taken", edition): 5,
        ("seats_checked_in", edition): 2,
        ("seats_taken", seated): 1,
        ("seats_checked_in", seated): 0,
    }


@pytest.mark.django_db
def test_metrics_a_failing_source_hides_nothing_else(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def broken():
        raise RuntimeError("boom")

    gauges_register("tests.broken", broken)
    try:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    finally:
        gauges_register("tests.broken", lambda: [])

    assert response.status_code == 200
    assert "outbox_pending " in response.content.decode()


def test_request_id_from_the_proxy_is_kept_and_returned(client):
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-id-12345678"})

    assert response["X-Request-ID"] == "proxy-id-12345678"


def test_request_id_made_up_when_the_header_is_unusable(client):
    response = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})

    assert len(response["X-Request-ID"]) == 32
    assert response["X-Request-ID"] != "bad id\nwith newline"


def test_request_id_accept_refuses_what_should_not_reach_logs():
    assert request_id_accept("a" * 65) != "a" * 65
    assert request_id_accept("<script>alert</script>") != "<script>alert</script>"
    assert request_id_accept("abcdef12-3456") == "abcdef12-3456"


def test_request_id_travels_in_the_task_headers_and_back():
    headers: dict = {}
    token = current_request_id.set("req-from-web-1234")
    try:
        _carry_request_id(headers=headers)
    finally:
        current_request_id.reset(token)

    class Task:
        class request:
            request_id = "req-from-web-1234"

    _restore_request_id(task=Task, task_id="task-1")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "sent", None, None)
    RequestIdFilter().filter(record)

    assert headers == {"request_id": "req-from-web-1234"}
    assert (record.request_id, record.task_id) == ("req-from-web-1234", "task-1")
    current_request_id.set("")


def test_json_log_lines_carry_the_request_id():
    from django.utils.module_loading import import_string

    from config.settings.base import LOGGING

    options = dict(LOGGING["formatters"]["json"])
    formatter = import_string(options.pop("()"))(**options)
    record = logging.LogRecord("participants", logging.WARNING, __file__, 1, "hello", None, None)
    token = current_request_id.set("req-abcdef123")
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)

    line = json.loads(formatter.format(record))

    assert (line["level"], line["logger"], line["message"], line["request_id"]) == (
        "WARNING",
        "participants",
        "hello",
        "req-abcdef123",
    )


@pytest.mark.integration
def test_second_beat_is_warned_about(settings, caplog):
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(KEY)
    first = BeatHeartbeat(client, interval=1, name="host-a:1")
    second = BeatHeartbeat(client, interval=1, name="host-b:2")

    with caplog.at_level(logging.WARNING, logger="events.common.beat"):
        assert first.beat_once() is None
        assert second.beat_once() == "host-a:1"
        assert first.beat_once() is None

    assert [record.getMessage() for record in caplog.records] == [
        "A second Celery beat is running: host-a:1 holds the beat heartbeat and this is host-b:2. "
        "Run exactly one beat; the outbox sends nothing twice, but stop one of them."
    ]
    first.stop()
    assert client.get(KEY) is None
    assert second.beat_once() is None  # the first is gone: the second takes over quietly
    second.stop()
