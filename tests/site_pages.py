"""The pages a visitor, an attendee, a vendor and the door staff reach, after ``load_demo``:
the list the HTML checker (tests/test_html_valid.py) and the accessibility audit
(tests/e2e/test_accessibility.py) both go through, in Korean and in English."""

from events.models import Edition, ProgramItem
from exhibits.models import Exhibit
from participants.models import Rsvp, Vendor

LANGUAGES = ("", "/en")  # Korean at /, English under /en/
DEMO_PASSWORD = "defectorsday2025"


def public_paths() -> list[str]:
    from participants.tributes.models import Tribute

    edition = Edition.objects.published().order_by("-year").first()
    past = Edition.objects.published().exclude(pk=edition.pk).order_by("-year").first()
    item = ProgramItem.objects.filter(edition=edition, is_published=True).first()
    exhibit = Exhibit.objects.filter(is_published=True).order_by("object_number").first()
    vendor = Vendor.objects.filter(is_listed=True).order_by("pk").first()
    tribute = Tribute.objects.filter(status="approved", consent_web=True).order_by("pk").first()
    paths = [
        "/",
        "/about/",
        "/accessibility/",
        "/programme/",
        f"/programme/{item.pk}/",
        "/exhibits/",
        "/exhibits/?q=%EC%98%B7",
        f"/exhibits/{exhibit.object_number}/",
        "/market/",
        f"/market/{vendor.pk}/",
        "/market/plan/",
        "/remember/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        f"/{past.year}/",
        f"/{past.year}/programme/",
    ]
    if tribute is not None:
        paths.append(f"/remember/{tribute.pk}/")
    return paths


def role_paths() -> dict[str, list[str]]:
    """Signed-in pages by the demo account that sees them."""
    attendee = "attendee1@example.org"
    ticket = Rsvp.objects.filter(user__email=attendee).order_by("pk").first()
    return {
        attendee: ["/me/", "/rsvp/", f"/me/tickets/{ticket.pk}/", "/remember/write/"],
        "vendor.onsong@example.org": [
            "/vendor/",
            "/vendor/profile/",
            "/vendor/application/",
            "/vendor/permits/",
            "/vendor/products/",
            "/vendor/products/add/",
        ],
        "door@example.org": ["/checkin/"],
    }
