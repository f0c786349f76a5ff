"""The capacity backstop locks its target FOR NO KEY UPDATE: the foreign-key checks of other
bookings (FOR KEY SHARE on the same edition) no longer queue behind a booking's count."""

from django.db import migrations

import participants.attendance.db_guards


class Migration(migrations.Migration):
    dependencies = [("participants", "0021_reminder_optout_private_permission")]

    operations = [
        migrations.RunPython(participants.attendance.db_guards.install, migrations.RunPython.noop),
    ]
