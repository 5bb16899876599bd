from django.db import migrations, models

from attribution.roles import ensure_groups


def update_groups(apps, schema_editor):
    ensure_groups(apps)  # admins may now read the audit trail in the admin


class Migration(migrations.Migration):
    dependencies = [("attribution", "0008_speakermonth_no_extra_index")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("quote_confirmed", "Confirmed the quote"),
                    ("quote_rejected", "Rejected the quote"),
                    ("quote_corrected", "Corrected the quote"),
                    ("quote_added", "Added the quote"),
                    ("quote_reset", "Set the quote back to unreviewed"),
                    ("speaker_redescribed", "Renamed or re-described a speaker in the article"),
                    ("article_reviewed", "Marked the article reviewed"),
                    ("article_reopened", "Reopened the article for review"),
                    ("speaker_merged", "Merged a speaker into another"),
                    ("speaker_split", "Split an alias back out of a speaker"),
                    ("exported", "Exported quotes"),
                    ("admin_added", "Added in the admin"),
                    ("admin_changed", "Changed in the admin"),
                    ("admin_deleted", "Deleted in the admin"),
                ],
                max_length=40,
            ),
        ),
        migrations.RunPython(update_groups, migrations.RunPython.noop),
    ]
