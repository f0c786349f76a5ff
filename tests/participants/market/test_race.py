"""Two organisers place two applications on one stall at the same moment (real PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from participants.market.services import stall_assign
from participants.models import StallApplication
from tests.factories import StallFactory, approved_application

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_stall_assign_race_one_stall_two_organisers_exactly_one_wins():
    first = approved_application()
    second = approved_application(edition=first.edition)
    stall = StallFactory(stage__edition=first.edition)
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def place(application: StallApplication) -> None:
        try:
            barrier.wait(timeout=10)
            stall_assign(application=application, stall=stall)
            outcomes[application.pk] = "placed"
        except ValidationError as error:
            outcomes[application.pk] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=place, args=(a,)) for a in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["placed", "stall_taken"]
    assert StallApplication.objects.filter(stall=stall, status="approved").count() == 1


def test_stall_two_approved_on_one_stall_refused_by_postgres():
    from django.db import IntegrityError

    first = approved_application()
    second = approved_application(edition=first.edition)
    stall = StallFactory(stage__edition=first.edition)
    StallApplication.objects.filter(pk=first.pk).update(stall=stall)

    with pytest.raises(IntegrityError):
        StallApplication.objects.filter(pk=second.pk).update(stall=stall)
