"""A real Celery worker of each pool sending reminders to a real SMTP server (aiosmtpd in this
process): one kept connection per pool thread or process, every reminder delivered once."""

import pytest

from participants.models import Reminder
from tests.integration.conftest import wait_for
from tests.integration.test_reminders_worker import _all_sent, _due_reminders
from tests.smtp_relay import running_relay

pytestmark = pytest.mark.integration


@pytest.fixture
def relay():
    with running_relay() as handler:
        yield handler


@pytest.mark.parametrize(("pool", "concurrency"), [("threads", 2), ("prefork", 2), ("solo", 1)])
def test_worker_pool_sends_through_one_kept_connection_per_thread_or_process(
    worker, relay, pool, concurrency
):
    _due_reminders(30)

    worker.start(
        pool=pool,
        concurrency=concurrency,
        TEST_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(relay.port),
        EMAIL_USE_TLS="false",
    )
    assert wait_for(lambda: _all_sent(30))
    worker.stop()

    delivered = sorted(address for d in relay.deliveries for address in d.recipients)
    assert delivered == sorted(f"guest{n}@example.org" for n in range(30))
    assert 1 <= len(relay.connections) <= concurrency
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {1}
    assert relay.quits == len(relay.connections)  # closed with QUIT at worker shutdown
