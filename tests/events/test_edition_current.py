"""The current edition is read on every attendee page and every booking: it is kept per
public-page version, and stale the moment an edition is published, changed or deleted."""

import pytest

from events.selectors import edition_current
from events.services import edition_delete, edition_save
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 60


def test_edition_current_is_read_once_while_nothing_changes(cached, django_assert_num_queries):
    edition = EditionFactory(year=2026)
    edition_current()

    with django_assert_num_queries(0):
        again = edition_current()

    assert again.pk == edition.pk


def test_edition_current_changes_as_soon_as_an_edition_is_published(cached):
    EditionFactory(year=2026)
    edition_current()
    newer = EditionFactory.build(year=2027, is_published=False)
    edition_save(edition=newer)
    assert edition_current().year == 2026

    newer.is_published = True
    edition_save(edition=newer)

    assert edition_current().year == 2027


def test_edition_current_sees_an_edited_edition_at_once(cached):
    edition = EditionFactory(year=2026)
    edition_current()
    edition.max_party_size = 2

    edition_save(edition=edition)

    assert edition_current().max_party_size == 2


def test_edition_current_falls_back_when_the_current_edition_is_deleted(cached):
    EditionFactory(year=2026)
    newest = EditionFactory(year=2027)
    assert edition_current().year == 2027

    edition_delete(edition=newest)

    assert edition_current().year == 2026


def test_edition_current_is_a_copy_a_caller_may_change(cached):
    EditionFactory(year=2026, max_party_size=4)
    first = edition_current()

    first.max_party_size = 1

    assert edition_current().max_party_size == 4


def test_edition_current_without_the_page_cache_reads_every_time(
    settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    EditionFactory(year=2026)

    with django_assert_num_queries(1):
        edition_current()
    with django_assert_num_queries(1):
        edition_current()


def test_edition_current_is_none_before_any_edition_is_published(cached):
    EditionFactory(year=2026, is_published=False)

    assert edition_current() is None
