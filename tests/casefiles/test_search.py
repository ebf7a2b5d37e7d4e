import pytest

from lien.audit.models import Action, AuditEvent
from lien.casefiles.households.selectors import find_persons, search_persons
from lien.casefiles.search_key import normalise

from ..factories import CaseFileFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Élise", "elise"),
        ("LEFÈVRE-Dupont", "lefevre dupont"),
        ("Œillet", "oeillet"),
        ("  N'Diaye ", "n diaye"),
    ],
)
def test_normalise_folds_accents_case_and_punctuation(raw, key):
    assert normalise(raw) == key


def test_capitals_find_accented_names(world):
    CaseFileFactory(
        office=world.office, reference=PersonFactory(birth_name="Lefèvre", first_names="Élise")
    )
    worker = world.users["social_worker"]
    for query in ("ELISE", "elise", "Élise", "lefevre eli", "LEFÈVRE"):
        names = [m.person.first_names for m in search_persons(actor=worker, query=query)]
        assert names == ["Élise"], query


def test_search_matches_word_starts_only(world):
    CaseFileFactory(
        office=world.office, reference=PersonFactory(birth_name="Martin", first_names="Léa")
    )
    worker = world.users["social_worker"]
    assert search_persons(actor=worker, query="mart")
    assert not search_persons(actor=worker, query="artin")


def test_search_never_crosses_offices(world):
    CaseFileFactory(
        office=world.other_office, reference=PersonFactory(birth_name="Zyxwv", first_names="Anne")
    )
    assert search_persons(actor=world.users["social_worker"], query="zyxwv") == []
    assert len(search_persons(actor=world.other_worker, query="zyxwv")) == 1


@pytest.mark.parametrize("role", ["statistician", "admin", "dpo"])
def test_roles_without_file_access_find_nobody(world, role):
    reference = world.file.reference_person
    assert search_persons(actor=world.users[role], query=reference.birth_name) == []


def test_search_is_audited_with_count_but_not_terms(world):
    reference = world.file.reference_person
    matches = search_persons(actor=world.users["secretary"], query=reference.birth_name)
    event = AuditEvent.objects.get(action=Action.SEARCH)
    assert event.result_count == len(matches) >= 1
    assert event.actor == world.users["secretary"]
    recorded = " ".join(
        str(getattr(event, f.attname)) for f in AuditEvent._meta.concrete_fields
    ).casefold()
    assert reference.birth_name.casefold() not in recorded


def test_sql_meaningful_input_is_just_text(world):
    worker = world.users["social_worker"]
    for query in ("' OR 1=1 --", "%", "_", '"; DROP TABLE casefiles_person; --'):
        assert search_persons(actor=worker, query=query) == []


def test_the_search_box_records_one_event_and_looks_for_close_names_only_when_few(world):
    worker = world.users["social_worker"]
    for first in ("Anne", "Paul", "Rose"):
        CaseFileFactory(
            office=world.office, reference=PersonFactory(birth_name="Quenaudon", first_names=first)
        )
    CaseFileFactory(
        office=world.office, reference=PersonFactory(birth_name="Quenodon", first_names="Luc")
    )
    before = AuditEvent.objects.filter(action=Action.SEARCH).count()
    many = find_persons(actor=worker, query="quenaudon")
    assert len(many.matches) == 3 and many.similar == []  # found: no typo ranking
    typo = find_persons(actor=worker, query="quenodon luc")
    assert typo.matches and typo.similar == []
    misspelt = find_persons(actor=worker, query="quenaudonn")
    assert misspelt.matches == [] and {m.person.first_names for m in misspelt.similar} >= {
        "Anne",
        "Paul",
        "Rose",
    }
    assert AuditEvent.objects.filter(action=Action.SEARCH).count() == before + 3
    event = AuditEvent.objects.filter(action=Action.SEARCH).latest("pk")
    assert event.result_count == len(misspelt.similar)


@pytest.mark.parametrize("query", ["m", " é ", "-"])
def test_a_query_under_two_letters_searches_nothing(world, client, query):
    worker = world.users["social_worker"]
    before = AuditEvent.objects.count()
    assert find_persons(actor=worker, query=query).too_short
    assert AuditEvent.objects.count() == before
    client.force_login(worker)
    response = client.get("/persons/search/", {"q": query}, HTTP_HX_REQUEST="true")
    assert "Tapez au moins deux lettres du nom." in response.content.decode()


def test_while_typing_the_first_twenty_then_more_on_demand(world, client):
    """Each pause in typing asks again: 20 rows to render, not 50; "Show up to 50"
    (or the page without JavaScript) asks for the 50."""
    for n in range(25):
        CaseFileFactory(
            office=world.office,
            reference=PersonFactory(birth_name="Quémeneur", first_names=f"Prénom{n:02d}"),
        )
    client.force_login(world.users["social_worker"])
    typing = client.get("/persons/search/", {"q": "quem"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Plus de 20 personnes trouvées : les 20 premières sont affichées." in typing
    assert typing.count("Prénom") == 20
    assert "Afficher jusqu’à 50" in typing and "more=1" in typing
    more = client.get(
        "/persons/search/", {"q": "quem", "more": "1"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "25 personnes trouvées" in more and "Afficher jusqu’à" not in more
    assert "Plus de" not in more
    page = client.get("/persons/search/", {"q": "quem"}).content.decode()
    assert "25 personnes trouvées" in page
