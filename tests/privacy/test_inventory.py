"""Every field of every model is classified in the data inventory, and nothing else is."""

from django.apps import apps

from lien.privacy.inventory import INVENTORIED_APPS, INVENTORY, Category, Sensitivity


def _models():
    for model in apps.get_models():
        if model._meta.app_label in INVENTORIED_APPS and model.__module__.startswith("lien."):
            yield f"{model._meta.app_label}.{model.__name__}", model


def _fields(model):
    return {f.name for f in model._meta.concrete_fields} | {
        f.name for f in model._meta.many_to_many
    }


def test_every_field_is_classified():
    unclassified = [
        f"{label}.{name}"
        for label, model in _models()
        for name in sorted(_fields(model))
        if name not in INVENTORY.get(label, {})
    ]
    assert unclassified == [], "classify these fields in lien/privacy/inventory/"


def test_the_inventory_names_only_existing_fields():
    models = dict(_models())
    stale = [
        f"{label}.{name}"
        for label, fields in INVENTORY.items()
        for name in fields
        if label not in models or name not in _fields(models[label])
    ]
    assert stale == []


def test_no_special_category_data_by_default():
    assert all(
        c.sensitivity != Sensitivity.SPECIAL
        for fields in INVENTORY.values()
        for c in fields.values()
    )


def test_notes_and_problems_are_marked_highly_sensitive_and_exported():
    for label, field in [
        ("casefiles.Note", "text"),
        ("casefiles.Problem", "item"),
        ("casefiles.Intervention", "item"),
    ]:
        classified = INVENTORY[label][field]
        assert classified.sensitivity == Sensitivity.HIGH and classified.in_access_export


def test_there_is_no_social_security_number_anywhere():
    names = {name.casefold() for _, model in _models() for name in _fields(model)}
    assert not names & {"nir", "social_security_number", "numero_securite_sociale", "insee_number"}
    assert INVENTORY["casefiles.Person"]["birth_name"].category == Category.IDENTITY
