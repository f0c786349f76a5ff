"""The pages a visitor, an attendee, a vendor and the door staff reach, after ``load_demo``:
the list the HTML checker (tests/test_html_valid.py) and the accessibility audit
(tests/e2e/test_accessibility.py) both go through, in Korean and in English."""

import datetime as dt

from django.utils import timezone

from events.models import Edition, ProgramItem
from exhibits.models import Exhibit
from participants.models import Rsvp, Vendor

LANGUAGES = ("", "/en")  # Korean at /, English under /en/
DEMO_PASSWORD = "defectorsday2025"
ATTENDEE = "attendee1@example.org"
VENDOR = "vendor.onsong@example.org"


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
        "/programme/changes/",
        "/now/",
        f"/now/screen/?stage={item.stage_id}",
        "/embed/programme/",
        "/exhibits/",
        "/exhibits/?q=%EC%98%B7",
        f"/exhibits/{exhibit.object_number}/",
        "/market/",
        f"/market/{vendor.pk}/",
        "/market/plan/",
        "/remember/",
        "/remember/screen/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
        f"/{past.year}/",
        f"/{past.year}/programme/",
        f"/{past.year}/programme/changes/",
        *signed_paths(),
    ]
    if tribute is not None:
        paths += [f"/remember/{tribute.pk}/", f"/remember/{tribute.pk}/report/"]
    return paths


def signed_paths() -> list[str]:
    """The pages opened from an email's signed link, with no session: the ticket, its cancel
    page, a waiting-list offer, unsubscribe, a survey and its thanks, deleting a tribute. Makes
    what the demo lacks (an open offer, an open survey with questions), once."""
    from participants.attendance.links import offer_token, rsvp_cancel_token, ticket_token
    from participants.attendance.models import WaitlistOffer
    from participants.outbox.models import Reminder
    from participants.outbox.services.unsubscribe import reminder_unsubscribe_token
    from participants.surveys.models import Survey, SurveyChoice, SurveyQuestion
    from participants.surveys.services.invitations import survey_invitation_token
    from participants.tributes.models import Tribute
    from participants.tributes.services.links import tribute_delete_token

    now = timezone.now()
    ticket = Rsvp.objects.filter(user__email=ATTENDEE).order_by("pk").first()
    waiting = (
        Rsvp.objects.exclude(user__email=ATTENDEE).filter(item__isnull=False).order_by("pk").first()
    )
    offer = WaitlistOffer.objects.filter(rsvp=waiting, status="open").first()
    if offer is None:
        Rsvp.objects.filter(pk=waiting.pk).update(status=Rsvp.Status.OFFERED)
        offer = WaitlistOffer.objects.create(
            rsvp=waiting,
            seats=waiting.party_size,
            offered_at=now,
            expires_at=now + dt.timedelta(days=1),
        )
    survey = Survey.objects.filter(edition=ticket.edition).first()
    if survey is None:
        survey = Survey.objects.create(
            edition=ticket.edition,
            title_ko="행사 후 설문",
            title_en="After the day",
            intro_ko="몇 가지만 여쭙겠습니다.",
            intro_en="A few questions.",
            status=Survey.Status.INVITED,
            closes_at=now + dt.timedelta(days=7),
        )
        kinds = ("rating", "single", "multiple", "text")
        for position, kind in enumerate(kinds, start=1):
            question = SurveyQuestion.objects.create(
                survey=survey,
                position=position,
                kind=kind,
                text_ko=f"질문 {position}",
                text_en=f"Question {position}",
                required=position == 1,
            )
            if question.has_choices:
                for number in (1, 2):
                    SurveyChoice.objects.create(
                        question=question,
                        position=number,
                        text_ko=f"보기 {number}",
                        text_en=f"Choice {number}",
                    )
    reminders = Reminder.objects.filter(kind__in=Reminder.OPTIONAL_KINDS).order_by("pk")
    optional = next((reminder for reminder in reminders if reminder.email), None)
    tribute = Tribute.objects.filter(author__email=ATTENDEE).order_by("pk").first()
    paths = [
        f"/t/{ticket.pk}/{ticket_token(ticket)}/",
        f"/rsvp/{ticket.pk}/cancel/{rsvp_cancel_token(ticket)}/",
        f"/rsvp/offer/{offer.pk}/{offer_token(offer)}/",
        f"/survey/{survey_invitation_token(survey=survey, user=ticket.user)}/",
        "/survey/thanks/",
        f"/remember/delete/{tribute_delete_token(tribute)}/",
    ]
    if optional is not None:
        paths.append(f"/reminders/unsubscribe/{reminder_unsubscribe_token(optional)}/")
    return paths


def role_paths() -> dict[str, list[str]]:
    """Signed-in pages by the demo account that sees them."""
    from participants.market.models import Product
    from participants.tributes.models import Tribute

    ticket = Rsvp.objects.filter(user__email=ATTENDEE).order_by("pk").first()
    tribute = Tribute.objects.filter(author__email=ATTENDEE).order_by("pk").first()
    product = Product.objects.filter(vendor__owner__email=VENDOR).order_by("pk").first()
    return {
        ATTENDEE: [
            "/me/",
            "/rsvp/",
            f"/me/tickets/{ticket.pk}/",
            f"/me/rsvps/{ticket.pk}/cancel/",
            "/me/delete/",
            "/accounts/email/",
            "/accounts/logout/",
            "/remember/write/",
            f"/remember/mine/{tribute.pk}/",
        ],
        VENDOR: [
            "/vendor/",
            "/vendor/profile/",
            "/vendor/application/",
            "/vendor/permits/",
            "/vendor/products/",
            "/vendor/products/add/",
            f"/vendor/products/{product.pk}/edit/",
            f"/vendor/products/{product.pk}/delete/",
        ],
        "door@example.org": ["/checkin/"],
    }
