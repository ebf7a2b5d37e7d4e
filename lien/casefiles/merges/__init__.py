"""Merging duplicates: two persons, or two households, registered twice; audited and
undone exactly within LIEN_MERGE_UNDO_DAYS."""
