"""Two stage managers pressing at once, on real PostgreSQL: exactly one action applies, the
other is told (nothing lost, nothing applied twice)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from events.live.models import ItemLive, LiveAction, StageLive
from events.live.services import item_start, stage_delay
from tests.events.live.helpers import stage_day
from tests.factories import seoul

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("english"),
]


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except ValidationError as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_stage_managers_starting_different_items_at_once_apply_one():
    edition, stage, (ceremony, talk, _concert) = stage_day()
    StageLive.objects.create(stage=stage)

    outcomes = _race(
        lambda: item_start(stage=stage, item=ceremony, version=0, now=seoul(edition, 10)),
        lambda: item_start(stage=stage, item=talk, version=0, now=seoul(edition, 10)),
    )

    applied = [o for o in outcomes if isinstance(o, LiveAction)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(applied), len(refused)) == (1, 1)
    assert refused[0].code == "stale"
    assert LiveAction.objects.count() == 1
    assert StageLive.objects.get(stage=stage).version == 1
    assert ItemLive.objects.filter(status="running").count() == 1


def test_two_stage_managers_announcing_delays_at_once_never_both_apply():
    edition, stage, _items = stage_day()

    outcomes = _race(
        lambda: stage_delay(stage=stage, minutes=10, version=0, now=seoul(edition, 9)),
        lambda: stage_delay(stage=stage, minutes=25, version=0, now=seoul(edition, 9)),
    )

    applied = [o for o in outcomes if isinstance(o, LiveAction)]
    assert len(applied) == 1
    assert StageLive.objects.get(stage=stage).delay_minutes == applied[0].detail["minutes"]
    assert LiveAction.objects.count() == 1
