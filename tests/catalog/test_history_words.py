"""An item's history reads in sentences and its choices are edited one per line, never
as JSON or "ItemChange object (34)"."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lien.catalog.admin import ChoiceLinesField
from lien.catalog.history import change_sentences
from lien.catalog.models import ChangeKind, ItemChange

from ..factories import ItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_change_reads_as_sentences_with_labels():
    item = ItemFactory()
    change = ItemChange.objects.create(
        item=item,
        actor=UserFactory(first_name="Marc", last_name="Petit"),
        kind=ChangeKind.CHANGED,
        changes={
            "label_fr": ["Type", "Type de ménage"],
            "status": ["draft", "active"],
            "feeds_statistics": [False, True],
            "visible_to_roles": [[], ["social_worker"]],
            "choices": [[], [{"code": "owner", "fr": "Propriétaire", "en": "Owner"}]],
        },
    )
    with translation.override("fr"):
        sentences = change_sentences(change)
        summary = str(change)
    assert sentences == [
        "Libellé français : « Type » devient « Type de ménage ».",
        "État : brouillon devient actif.",
        "Alimente les statistiques : non devient oui.",
        "Rôles qui peuvent le voir : travailleur social.",
        "Choix : « Propriétaire ».",
    ]
    assert summary.startswith("Modifié le ") and summary.endswith("par Marc Petit")
    assert "object" not in summary


def test_choices_are_one_line_each_and_checked():
    field = ChoiceLinesField(required=False)
    stored = [{"code": "owner", "fr": "Propriétaire", "en": "Owner"}]
    assert field.prepare_value(stored) == "owner | Propriétaire | Owner"
    assert field.clean("owner | Propriétaire | Owner\n\ntenant | Locataire") == [
        *stored,
        {"code": "tenant", "fr": "Locataire", "en": "Locataire"},
    ]
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        field.clean("owner Propriétaire\nbad code | Mauvais")
    assert error.value.messages == [
        "Ligne 1 : écrivez « code | libellé français | libellé anglais ».",
        "Ligne 2 : écrivez « code | libellé français | libellé anglais ».",
    ]
