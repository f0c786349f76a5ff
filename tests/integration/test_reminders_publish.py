"""The dispatcher's publishing, against the real Redis broker: one pipeline per batch, and
nothing lost when Redis refuses it."""

import base64
import datetime as dt
import json
import logging

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from participants.models import Reminder
from participants.outbox.services import reminders_dispatch
from tests.integration.test_reminders_worker import _due_reminders

pytestmark = pytest.mark.integration


def _queued_tasks(broker_url: str) -> list[tuple[str, list]]:
    """(task name, args) of every message waiting in Celery's default queue."""
    messages = [json.loads(raw) for raw in redis.Redis.from_url(broker_url).lrange("celery", 0, -1)]
    return sorted(
        (message["headers"]["task"], json.loads(base64.b64decode(message["body"]))[0])
        for message in messages
    )


@pytest.fixture
def pipelines(monkeypatch) -> list[list[str]]:
    """The commands of every Redis pipeline executed, in order (a spy: they still run)."""
    executed: list[list[str]] = []
    run = redis.client.Pipeline.execute

    def spy(self, *args, **kwargs):
        executed.append([str(command[0]).upper() for command, _options in self.command_stack])
        return run(self, *args, **kwargs)

    monkeypatch.setattr(redis.client.Pipeline, "execute", spy)
    return executed


def test_reminders_dispatch_publishes_a_batch_in_one_redis_round_trip(
    transactional_db, clean_broker, pipelines
):
    reminders = _due_reminders(3)

    queued = reminders_dispatch()

    assert queued == 3
    assert [batch.count("LPUSH") for batch in pipelines if "LPUSH" in batch] == [3]
    assert _queued_tasks(clean_broker) == sorted(
        ("participants.send_reminder", [reminder.pk]) for reminder in reminders
    )


def test_reminders_dispatch_refused_by_redis_keeps_the_rows_and_queues_them_again_later(
    transactional_db, clean_broker, monkeypatch, caplog
):
    reminders = _due_reminders(2)

    def refuse(self, *args, **kwargs):
        raise redis.ConnectionError("Connection refused")

    now = timezone.now()
    with monkeypatch.context() as broken:
        broken.setattr(redis.client.Pipeline, "execute", refuse)
        with caplog.at_level(logging.ERROR, logger="participants"):
            first = reminders_dispatch(now=now)
    later = now + dt.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS + 1)
    soon_after = _queued_tasks(clean_broker)
    second = reminders_dispatch(now=later)

    assert first == 2
    assert "Could not queue 2 reminders; they will be queued again" in caplog.text
    assert soon_after == []
    assert set(Reminder.objects.values_list("status", "queued_at")) == {("pending", later)}
    assert second == 2
    assert _queued_tasks(clean_broker) == sorted(
        ("participants.send_reminder", [reminder.pk]) for reminder in reminders
    )
