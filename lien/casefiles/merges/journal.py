"""What a merge changed, written down as it changes it, and played back to undo it.

A merge only ever sets a field of an existing row (`change`) or removes a row that would
duplicate another (`remove`); each is journalled with what the row held, so that undoing
replays the journal backwards and puts every value and row back as it was."""

import json

from django.apps import apps
from django.core import serializers
from django.db import models

from .models import JournalEntry, Merge


def _stored(instance: models.Model, name: str):
    """A field's value as JSON holds it: dates as text, keys and text as they are."""
    field = instance._meta.get_field(name)
    value = field.value_from_object(instance)  # type: ignore[union-attr]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return field.value_to_string(instance)  # type: ignore[union-attr]


def change(merge: Merge, instance: models.Model, **values) -> None:
    """Sets fields of a row, journalling their former values."""
    for name, value in values.items():
        attname = instance._meta.get_field(name).attname  # type: ignore[union-attr]
        JournalEntry.objects.create(
            merge=merge,
            model=instance._meta.label,
            object_pk=str(instance.pk),
            field=attname,
            former_value=_stored(instance, name),
        )
        setattr(instance, attname, value)
    type(instance)._default_manager.filter(pk=instance.pk).update(
        **{instance._meta.get_field(name).attname: value for name, value in values.items()}  # type: ignore[union-attr]
    )


def remove(merge: Merge, instance: models.Model) -> None:
    """Removes a row that the merge makes a duplicate, keeping it whole for an undo."""
    JournalEntry.objects.create(
        merge=merge,
        model=instance._meta.label,
        object_pk=str(instance.pk),
        snapshot=json.loads(serializers.serialize("json", [instance]))[0],
    )
    type(instance)._default_manager.filter(pk=instance.pk).delete()


def undo(merge: Merge) -> int:
    """Plays the journal backwards. A row removed since the merge stays removed (its
    changes have nothing to apply to); returns the number of entries replayed."""
    replayed = 0
    for entry in merge.journal.order_by("-pk"):
        model = apps.get_model(entry.model)
        if entry.snapshot is not None:
            for restored in serializers.deserialize("json", json.dumps([entry.snapshot])):
                restored.save()
            replayed += 1
            continue
        field = next(f for f in model._meta.concrete_fields if f.attname == entry.field)
        value = None if entry.former_value is None else field.to_python(entry.former_value)
        replayed += model._default_manager.filter(pk=entry.object_pk).update(**{entry.field: value})
    return replayed
