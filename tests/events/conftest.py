import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages asserted in English; Korean, the default, is asserted where it matters."""
    with translation.override("en"):
        yield
