"""Migration 0005: a product's one allergens field becomes the Korean of two."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("participants", "0004_rsvp_item_restrict")]
AFTER = [("participants", "0005_product_allergens_ko_en")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_migration_copies_existing_allergens_into_the_korean_field():
    old = _migrate(BEFORE)
    owner = old.get_model("participants", "User").objects.create(email="v@example.org")
    vendor = old.get_model("participants", "Vendor").objects.create(
        owner=owner, display_name="온성", display_name_ko="온성"
    )
    Product = old.get_model("participants", "Product")
    for name, allergens in (("두부밥", "대두"), ("털모자", "")):
        Product.objects.create(
            vendor=vendor,
            name=name,
            name_ko=name,
            category="food",
            price_won=5000,
            allergens=allergens,
        )

    try:
        new = _migrate(AFTER)
        rows = list(
            new.get_model("participants", "Product")
            .objects.order_by("name_ko")
            .values_list("name_ko", "allergens_ko", "allergens_en")
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert rows == [("두부밥", "대두", None), ("털모자", None, None)]
