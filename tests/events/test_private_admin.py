"""Private fields sealed in the admin: a view-only staff member attacks every changelist.

The attacker has every "view" permission and none of the "can see private details" ones. For
every changelist and every private field reachable from it, each common lookup is asked once with
a value that matches the private value and once with one that does not: if the two answers
differ, one character has leaked.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from events.common.private_admin import PrivateFieldsAdminMixin
from events.models import AuditEntry
from participants.models import ReminderOptOut, Rsvp, User
from participants.outbox.models import opt_out_hash
from tests.factories import (
    AppearanceFactory,
    LenderFactory,
    PerformerFactory,
    PermitFactory,
    ReminderFactory,
    RsvpFactory,
    UserFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "윤Secret"
LOOKUPS = ("exact", "iexact", "startswith", "contains", "icontains", "regex", "in", "gt")


def sealed_admins() -> dict:
    return {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, PrivateFieldsAdminMixin)
    }


def private_paths(model) -> list[str]:
    """Every private field reachable from ``model``: its own, and one relation away."""
    sealed = sealed_admins()
    paths = list(getattr(sealed.get(model), "private_fields", ()))
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model in sealed:
            name = field.name  # a reverse relation's name is its query name
            paths += [
                f"{name}__{private}" for private in sealed[field.related_model].private_fields
            ]
    return paths


def matching_and_not(lookup: str) -> tuple[str, str]:
    return {
        "exact": (SECRET, "nothing"),
        "iexact": (SECRET.lower(), "nothing"),
        "startswith": (SECRET[0], "~"),
        "contains": (SECRET[1:4], "~~~"),
        "icontains": (SECRET[1:4].lower(), "~~~"),
        "regex": (f"^{SECRET[0]}", "^~"),
        "in": (SECRET, "nothing"),
        "gt": ("", "\uffff"),
    }[lookup]


@pytest.fixture
def secrets_everywhere():
    """One row of every sealed model, each private text field holding SECRET."""
    performer = PerformerFactory(legal_name=SECRET, contact_email="yoon@secret.example.org")
    AppearanceFactory(performer=performer)
    LenderFactory(legal_name=SECRET, contact_email="lender@secret.example.org")
    vendor = VendorFactory(legal_name=SECRET, contact_email="vendor@secret.example.org")
    PermitFactory(vendor=vendor, number=SECRET)
    RsvpFactory(
        other_needs=SECRET,
        needs_wheelchair=True,
        user=UserFactory(email="attendee@secret.example.org", name=SECRET, phone=SECRET),
    )
    ReminderFactory(recipient_email="reminder@secret.example.org", context={"name": SECRET})
    # An opt-out of an address that is SECRET, and one of another: the search box computes the
    # keyed hash for whoever types, so it would tell which addresses unsubscribed.
    ReminderOptOut.objects.create(email_hash=opt_out_hash(SECRET), kind="announcement")
    ReminderOptOut.objects.create(email_hash=opt_out_hash("other@example.org"), kind="announcement")
    # A second row of each without the secret, so that a filter has something to tell apart.
    PerformerFactory(legal_name="Other")
    LenderFactory(legal_name="Other")
    PermitFactory(number="Other")
    RsvpFactory(other_needs="Other")


def view_only_staff() -> Client:
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__startswith="view_").exclude(
            codename__endswith="_private"
        )
    )
    client = Client()
    client.force_login(user)
    return client


def changelist_answer(client: Client, url: str, params: dict) -> tuple[int, list]:
    response = client.get(url, params)
    assert response.status_code != 500, (url, params)
    if response.status_code != 200:
        return response.status_code, []
    body = response.content.decode()
    assert "secret.example.org" not in body, (url, params)
    if SECRET not in str(params):  # the search box echoes the attacker's own guess
        assert SECRET not in body, (url, params)
    return 200, sorted(obj.pk for obj in response.context["cl"].result_list)


def test_private_lookups_every_changelist_answer_independent_of_private_values(
    secrets_everywhere,
):
    client = view_only_staff()
    walked = walked_users = 0
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for path in private_paths(model):
            if model is User:
                walked_users += len(LOOKUPS)
            for lookup in LOOKUPS:
                matching, other = matching_and_not(lookup)
                key = f"{path}__{lookup}"
                assert changelist_answer(client, url, {key: matching}) == changelist_answer(
                    client, url, {key: other}
                ), key
                walked += 1
            # The bare field name (an exact lookup) and ordering by it.
            assert changelist_answer(client, url, {path: SECRET}) == changelist_answer(
                client, url, {path: "nothing"}
            ), path
            assert changelist_answer(client, url, {"q": SECRET}) == changelist_answer(
                client, url, {"q": "nothing"}
            ), url
    # Lender, performer, vendor, permit, RSVP, reminder, user and the models that point at them.
    assert walked >= 150
    assert walked_users >= 3 * len(LOOKUPS)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PRIVATE_VIEW).exists()


def test_private_lookup_in_address_refused_with_400(secrets_everywhere):
    client = view_only_staff()

    response = client.get("/en/admin/exhibits/lender/", {"legal_name__startswith": SECRET[0]})

    assert response.status_code == 400
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize(
    ("url", "hidden"),
    [
        ("/en/admin/exhibits/lender/", "contact_email"),
        ("/en/admin/events/performer/", "legal_name"),
        ("/en/admin/participants/vendor/", "legal_name"),
        ("/en/admin/participants/permit/", "number"),
    ],
)
def test_private_to_field_refused(secrets_everywhere, url, hidden):
    client = view_only_staff()

    response = client.get(url, {"_to_field": hidden})

    assert response.status_code == 400


def test_private_ordering_by_column_index_never_private(secrets_everywhere):
    client = view_only_staff()
    response = client.get("/en/admin/participants/permit/")
    columns = response.context["cl"].list_display

    assert "number" not in columns
    assert "scan_link" not in columns
    for index in range(1, len(columns) + 1):
        assert client.get("/en/admin/participants/permit/", {"o": str(index)}).status_code == 200


def test_private_autocomplete_performer_by_legal_name_finds_nothing(secrets_everywhere):
    client = view_only_staff()
    params = {
        "app_label": "events",
        "model_name": "appearance",
        "field_name": "performer",
        "term": SECRET,
    }

    response = client.get("/en/admin/autocomplete/", params)

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_private_autocomplete_with_permission_finds_and_is_searchable(secrets_everywhere):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_performer", "view_appearance", "view_performer_private"]
        )
    )
    client = Client()
    client.force_login(user)

    response = client.get(
        "/en/admin/autocomplete/",
        {
            "app_label": "events",
            "model_name": "appearance",
            "field_name": "performer",
            "term": SECRET,
        },
    )

    assert [row["text"] for row in response.json()["results"]] == [
        str(PerformerFactory._meta.model.objects.get(legal_name=SECRET))
    ]


def test_private_change_view_without_permission_hides_values(secrets_everywhere):
    client = view_only_staff()
    for model in sealed_admins():
        obj = model.objects.first()
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )

        response = client.get(url)

        assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET not in body, url
        assert "secret.example.org" not in body, url
        history = client.get(url.replace("/change/", "/history/"))
        assert history.status_code == 200
        assert SECRET not in history.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PRIVATE_VIEW).exists()


def test_private_change_view_with_permission_shows_and_audits(secrets_everywhere):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_lender", "view_lender_private"])
    )
    client = Client()
    client.force_login(user)
    lender = LenderFactory._meta.model.objects.get(legal_name=SECRET)

    response = client.get(f"/en/admin/exhibits/lender/{lender.pk}/change/")

    assert SECRET in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PRIVATE_VIEW)
    assert (entry.user, entry.target, entry.object_id, entry.detail) == (
        user,
        "exhibits.Lender",
        str(lender.pk),
        {"view": "change"},
    )


def test_private_search_with_permission_audited_without_the_term(secrets_everywhere):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_lender", "view_lender_private"])
    )
    client = Client()
    client.force_login(user)

    response = client.get("/en/admin/exhibits/lender/", {"q": SECRET})

    assert [lender.legal_name for lender in response.context["cl"].result_list] == [SECRET]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PRIVATE_VIEW)
    assert entry.detail == {"view": "changelist", "lookups": [], "search": True}
    assert SECRET not in str(entry.detail)


def test_private_change_without_permission_keeps_private_values(secrets_everywhere):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_rsvp", "change_rsvp"]))
    client = Client()
    client.force_login(user)
    rsvp = Rsvp.objects.get(other_needs=SECRET)

    form = client.get(f"/en/admin/participants/rsvp/{rsvp.pk}/change/").context["adminform"]

    assert "other_needs" not in form.form.fields
    assert "needs_wheelchair" not in form.form.fields


def test_private_export_without_permission_drops_private_columns(secrets_everywhere):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_rsvp", "export_rsvp"]))
    client = Client()
    client.force_login(user)

    response = client.post(
        "/en/admin/participants/rsvp/export/",
        {
            "format": "0",
            "resource": "0",
            **{
                f"rsvpresource_{name}": "on"
                for name in ("id", "edition", "status", "needs_wheelchair", "other_needs")
            },
        },
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET not in body
    assert "other_needs" not in body.splitlines()[0]


def test_private_permit_scan_needs_private_permission(secrets_everywhere):
    permit = PermitFactory._meta.model.objects.get(number=SECRET)
    client = view_only_staff()

    response = client.get(reverse("participants:vendor_permit_scan", args=[permit.pk]))

    assert response.status_code == 404


def test_private_resources_never_list_private_fields():
    for model, model_admin in sealed_admins().items():
        for resource_class in getattr(model_admin, "resource_classes", []) or []:
            names = set(resource_class().get_export_headers()) | set(resource_class.fields)
            assert not names & {
                "legal_name",
                "contact_email",
                "contact_phone",
                "private_notes",
                "number",
                "scan",
            }, model


OPT_OUTS = "/en/admin/participants/reminderoptout/"


def test_opt_out_search_without_permission_cannot_tell_whether_an_address_unsubscribed(
    secrets_everywhere,
):
    client = view_only_staff()

    unsubscribed = client.get(OPT_OUTS, {"q": SECRET})
    never = client.get(OPT_OUTS, {"q": "never.unsubscribed@example.org"})

    assert (unsubscribed.status_code, never.status_code) == (200, 200)
    every_row = sorted(ReminderOptOut.objects.values_list("pk", flat=True))
    assert sorted(o.pk for o in unsubscribed.context["cl"].result_list) == every_row
    assert sorted(o.pk for o in never.context["cl"].result_list) == every_row
    assert 'name="q"' not in unsubscribed.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PRIVATE_VIEW).exists()


@pytest.mark.parametrize(
    "params",
    [
        {"email_hash": opt_out_hash(SECRET)},
        {"email_hash__startswith": opt_out_hash(SECRET)[:1]},
        {"email_hash__in": opt_out_hash(SECRET)},
        {"o": "email_hash"},
        {"_to_field": "email_hash"},
    ],
    ids=["exact", "startswith", "in", "ordering", "to_field"],
)
def test_opt_out_hash_in_the_address_tells_nothing(secrets_everywhere, params):
    client = view_only_staff()

    response = client.get(OPT_OUTS, params)

    if response.status_code == 200:  # the ordering by a hidden field is ignored, not refused
        assert [o.pk for o in response.context["cl"].result_list] == list(
            ReminderOptOut.objects.order_by("-pk").values_list("pk", flat=True)
        )
    else:
        assert response.status_code == 400
    # The attacker's own value comes back in the language links; no stored hash ever does.
    assert opt_out_hash("other@example.org") not in response.content.decode()


def test_opt_out_search_with_the_permission_answers_and_is_audited(secrets_everywhere):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_reminderoptout", "view_reminderoptout_private"]
        )
    )
    client = Client()
    client.force_login(user)

    response = client.get(OPT_OUTS, {"q": SECRET})

    assert [o.email_hash for o in response.context["cl"].result_list] == [opt_out_hash(SECRET)]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PRIVATE_VIEW)
    assert (entry.user, entry.target, entry.detail) == (
        user,
        "participants.ReminderOptOut",
        {"view": "changelist", "lookups": [], "search": True},
    )
    assert SECRET not in str(entry.detail)
