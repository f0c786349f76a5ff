import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages asserted in English; Korean, the default, is asserted where it matters."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_local_pages():
    """Each process's in-memory page cache starts empty in every test."""
    from events.caching import local_pages

    local_pages.clear()
    yield
    local_pages.clear()
