"""The reception desk's day: today's appointments and visits of an office, read by date
range. Built concurrently on PostgreSQL: both tables grow with the département's history,
and the desk keeps logging visits meanwhile."""

from django.db import migrations, models

from lien.base.operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("casefiles", "0022_payment_order_again"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="appointment",
            index=models.Index(fields=["starts_at"], name="casefiles_a_starts__d8277f_idx"),
        ),
        AddIndexConcurrently(
            model_name="visit",
            index=models.Index(fields=["occurred_at"], name="casefiles_v_occurre_d98acd_idx"),
        ),
    ]
