"""Opt-outs keep a keyed hash of the address instead of the address (participants.outbox.models.
opt_out_hash). The plain addresses are erased; going back cannot bring them back, so the reverse
leaves the column empty."""

from django.db import migrations, models


def hash_addresses(apps, schema_editor):
    from participants.outbox.models import opt_out_hash

    ReminderOptOut = apps.get_model("participants", "ReminderOptOut")
    seen: set[tuple[str, str]] = set()
    duplicates = []
    # Oldest first: when two spellings of one address (casefolded alike) opted out of the same
    # kind, the first opt-out is kept.
    for opt_out in ReminderOptOut.objects.order_by("created_at", "pk").iterator():
        key = (opt_out_hash(opt_out.email), opt_out.kind)
        if key in seen:
            duplicates.append(opt_out.pk)
            continue
        seen.add(key)
        opt_out.email_hash = key[0]
        opt_out.email = ""
        opt_out.save(update_fields=["email_hash", "email"])
    ReminderOptOut.objects.filter(pk__in=duplicates).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0016_product_photos_private"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reminderoptout", name="reminder_optout_once"),
        migrations.AddField(
            model_name="reminderoptout",
            name="email_hash",
            field=models.CharField(
                default="", max_length=64, verbose_name="email address (keyed hash)"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(hash_addresses, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="reminderoptout", name="email"),
        migrations.AddConstraint(
            model_name="reminderoptout",
            constraint=models.UniqueConstraint(
                fields=("email_hash", "kind"), name="reminder_optout_once"
            ),
        ),
    ]
