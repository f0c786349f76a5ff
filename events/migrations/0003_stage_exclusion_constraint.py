"""Two items on one stage never overlap: a database backstop for ProgramItem.clean() on PostgreSQL.

SQLite has no exclusion constraints; there the rule is enforced in clean() and the services.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE events_programitem
    ADD CONSTRAINT item_stage_no_overlap
    EXCLUDE USING gist (stage_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&);
"""
DROP = "ALTER TABLE events_programitem DROP CONSTRAINT IF EXISTS item_stage_no_overlap;"


def create_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("events", "0002_initial")]

    operations = [migrations.RunPython(create_constraint, drop_constraint, elidable=False)]
