"""Writes to the catalogue."""

from pathlib import Path

import yaml
from django.db import transaction

from .models import Family, Item, Status

DEFAULT_CATALOGUE = Path(__file__).parent / "data" / "default_catalogue.yaml"


@transaction.atomic
def load_catalogue(path: Path = DEFAULT_CATALOGUE) -> int:
    """Creates or updates the items of a catalogue file, by code. Returns how many."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    count = 0
    for family, entries in data.items():
        Family(family)  # an unknown family is an error in the file, not a new family
        for position, entry in enumerate(entries):
            Item.objects.update_or_create(
                code=entry["code"],
                defaults={
                    "family": family,
                    "label_fr": entry["fr"],
                    "label_en": entry["en"],
                    "position": position,
                    "counts_as_contact": bool(entry.get("contact", False)),
                    "status": Status.ACTIVE,
                },
            )
            count += 1
    return count
