"""Braces in every vendor-editable field shown in the admin: pages render, nothing is formatted."""

import pytest
from django.test import Client

from tests.factories import (
    PermitFactory,
    ProductFactory,
    StallApplicationFactory,
    UserFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db
BRACES = "{x}{0}{}"


def test_admin_pages_render_vendor_text_with_braces():
    vendor = VendorFactory(
        display_name_ko=BRACES,
        display_name_en=BRACES,
        description=BRACES,
        legal_name=BRACES,
        contact_phone=BRACES,
        contact_email="braces@example.org",
    )
    permit = PermitFactory(vendor=vendor, number=BRACES)
    product = ProductFactory(vendor=vendor, name_ko=BRACES, name_en=BRACES)
    application = StallApplicationFactory(vendor=vendor, note=BRACES)
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    pages = [
        f"/en/admin/participants/vendor/{vendor.pk}/change/",
        "/en/admin/participants/vendor/",
        f"/en/admin/participants/stallapplication/{application.pk}/change/",
        "/en/admin/participants/stallapplication/",
        f"/en/admin/participants/permit/{permit.pk}/change/",
        "/en/admin/participants/permit/",
        f"/en/admin/participants/product/{product.pk}/change/",
        "/en/admin/participants/product/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert BRACES in response.content.decode(), url
