import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from events.models import Edition, Stage
from participants.models import Permit, Product, Stall, StallApplication, Vendor

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Edition, Stage, Stall, Vendor, StallApplication, Permit, Product)
    )


def test_load_demo_market_is_idempotent():
    call_command("load_demo_market", verbosity=0)
    first = _counts()

    call_command("load_demo_market", verbosity=0)

    assert _counts() == first == (1, 1, 20, 6, 6, 5, 7)


def test_load_demo_market_covers_each_visibility_and_status():
    call_command("load_demo_market", verbosity=0)

    assert set(Vendor.objects.values_list("visibility", flat=True)) == {
        "named",
        "pseudonym",
        "anonymous",
    }
    assert set(StallApplication.objects.values_list("status", flat=True)) == {
        "approved",
        "submitted",
        "info_requested",
        "waitlisted",
    }


def test_load_demo_market_fills_the_public_market(client):
    call_command("load_demo_market", verbosity=0)

    with translation.override("en"):
        response = client.get(reverse("participants:market"))
        names = [a.vendor.public_name for a in response.context["applications"]]

    assert names == ["Onsong Tofu Rice", "Hyesan Blueberry", "Anonymous stall"]
    content = response.content.decode()
    assert "Deuljjuk blueberry liquor" in content
    assert "Hoeryong Clothes" not in content
