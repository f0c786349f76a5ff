"""Performers' photos leave the public MEDIA_ROOT for private storage (see events.performer_photos).

Going back does not put faces back where anyone could fetch them: the reverse does nothing.
"""

from django.db import migrations


def make_private(apps, schema_editor):
    from events.performer_photos import performer_photos_make_private

    Performer = apps.get_model("events", "Performer")
    performer_photos_make_private(performers=Performer.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_performer_language_and_private_photo"),
    ]

    operations = [
        migrations.RunPython(make_private, migrations.RunPython.noop, elidable=True),
    ]
