"""Capacities and counts have sane maxima, refused by validation and by the database on every
back-end (issue 17, item 4): a 14-digit capacity is a typing error, not a big hall."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from events.models import MAX_CAPACITY, Edition, ProgramItem, Stage
from participants.models import Product, Rsvp, Stall
from tests.factories import (
    EditionFactory,
    ProductFactory,
    ProgramItemFactory,
    RsvpFactory,
    StageFactory,
    StallFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HUGE = 12_345_678_901_234


@pytest.mark.parametrize(
    "make", [EditionFactory, StageFactory, ProgramItemFactory], ids=["edition", "stage", "item"]
)
def test_capacity_of_fourteen_digits_is_refused_by_validation(make):
    instance = make()
    instance.capacity = HUGE

    with pytest.raises(ValidationError) as error:
        instance.full_clean()

    assert error.value.message_dict["capacity"] == [
        f"Ensure this value is less than or equal to {MAX_CAPACITY}."
    ]


@pytest.mark.parametrize(
    ("make", "model"),
    [(EditionFactory, Edition), (StageFactory, Stage), (ProgramItemFactory, ProgramItem)],
    ids=["edition", "stage", "item"],
)
def test_capacity_above_the_maximum_is_refused_by_the_database(make, model):
    instance = make()

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=instance.pk).update(capacity=MAX_CAPACITY + 1)


def test_capacity_at_the_maximum_is_accepted():
    item = ProgramItemFactory()

    ProgramItem.objects.filter(pk=item.pk).update(capacity=MAX_CAPACITY)

    item.refresh_from_db()
    assert item.capacity == MAX_CAPACITY


@pytest.mark.parametrize(
    ("make", "model", "field", "value"),
    [
        (EditionFactory, Edition, "max_party_size", 21),
        (RsvpFactory, Rsvp, "party_size", 21),
        (StallFactory, Stall, "number", 1000),
        (ProductFactory, Product, "price_won", 100_000_001),
    ],
)
def test_counts_above_their_maximum_are_refused_by_the_database(make, model, field, value):
    instance = make()

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=instance.pk).update(**{field: value})


def test_admin_item_form_with_a_fourteen_digit_capacity_shows_the_limit(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    item = ProgramItemFactory(capacity=100)
    url = reverse("admin:events_programitem_change", args=[item.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }

    response = client.post(url, {**data, "capacity": str(HUGE)})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["capacity"] == [
        f"Ensure this value is less than or equal to {MAX_CAPACITY}."
    ]
    item.refresh_from_db()
    assert item.capacity == 100
