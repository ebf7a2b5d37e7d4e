"""pg_trgm and unaccent on PostgreSQL (no-ops on SQLite): fuzzy person search uses them."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0001_initial")]

    operations = [TrigramExtension(), UnaccentExtension()]
