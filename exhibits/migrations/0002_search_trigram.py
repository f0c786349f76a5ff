# Trigram search on PostgreSQL: the pg_trgm extension and one GIN index on the lower-cased
# search text, so LIKE '%배급%' and trigram word similarity use an index. SQLite skips both.
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "exhibit_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON exhibits_exhibit "
            "USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("exhibits", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
