"""The release of notes as its users meet it, in a French browser: the social worker
finds the request on his home page, reads his notes and releases or withholds each; the
DPO follows the counts on the request's page and gets the export only when every note is
decided. The DPO reaches no page, no PDF and no JSON holding a note's text that its
author did not release."""

import json
import re
import time
from io import BytesIO

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

from lien.accounts.decorators import AUTHENTICATED_AT
from lien.accounts.roles import Role
from lien.casefiles.notes import services as note_services
from lien.privacy import services
from lien.privacy.models import NoteRelease

from ..prepared_files import download_prepared

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}
SECRET = "Madame craint son ex-conjoint, Kevin Lambert, qui la menace."
OTHER = "Le fils aîné consulte un psychiatre pour ses crises."


@pytest.fixture
def case(world):
    author = world.users[Role.SOCIAL_WORKER]
    secret = note_services.write_note(actor=author, casefile_id=world.file.pk, text=SECRET)
    other = note_services.write_note(actor=author, casefile_id=world.file.pk, text=OTHER)
    rights = services.open_rights_request(
        actor=world.users[Role.DPO],
        casefile_id=world.file.pk,
        person_name=world.file.reference_person.birth_name,
        kind="access",
    )
    return author, secret, other, rights


def _fresh(client, user):
    client.force_login(user)
    session = client.session
    session[AUTHENTICATED_AT] = time.time()
    session.save()


def _text(response) -> str:
    if response.get("Content-Type") == "application/pdf":
        return _pdf_text(response.content)
    return response.content.decode()


def _release_page_post(client, rights, data):
    return client.post(reverse("note_release", args=[rights.pk]), data, **FRENCH)


def test_the_author_finds_reads_and_releases_his_notes(client, world, case):
    author, secret, other, rights = case
    person = world.file.reference_person
    client.force_login(author)
    home = _text(client.get(reverse("home"), **FRENCH))
    assert "Notes à communiquer" in home and person.full_name in home
    assert reverse("note_release", args=[rights.pk]) in home
    listing = _text(client.get(reverse("note_releases"), **FRENCH))
    assert person.full_name in listing and "3 sur 3 en attente" in listing
    page = _text(client.get(reverse("note_release", args=[rights.pk]), **FRENCH))
    assert SECRET in page and OTHER in page and "3 notes attendent votre décision." in page

    # A passage that is not in the note: refused, in French, nothing recorded.
    response = _release_page_post(
        client,
        rights,
        {"act": "release", "note": secret.pk, f"release-{secret.pk}-masked_passages": "Jean"},
    )
    assert response.status_code == 422
    assert "Ce passage n&#x27;est pas dans la note, mot pour mot" in _text(response)
    assert not NoteRelease.objects.exists()

    response = _release_page_post(
        client,
        rights,
        {
            "act": "release",
            "note": secret.pk,
            f"release-{secret.pk}-masked_passages": "Kevin Lambert",
        },
    )
    assert response.status_code == 302
    page = _text(client.get(response["Location"], **FRENCH))
    assert "Note communiquée." in page and "1 passage masqué" in page
    assert "Madame craint son ex-conjoint, [tiers masqué], qui la menace." in page

    # Withholding needs its legal ground.
    response = _release_page_post(client, rights, {"act": "withhold", "note": other.pk})
    assert response.status_code == 422 and "Ce champ est obligatoire." in _text(response)
    response = _release_page_post(
        client,
        rights,
        {"act": "withhold", "note": other.pk, f"withhold-{other.pk}-ground": "another_person"},
    )
    assert response.status_code == 302
    page = _text(client.get(response["Location"], **FRENCH))
    assert "Note non communiquée." in page and "1 note attend votre décision." in page


def test_another_social_worker_cannot_open_the_authors_release_page(client, world, case):
    _, secret, _, rights = case
    client.force_login(world.other_worker)
    assert client.get(reverse("note_release", args=[rights.pk])).status_code == 404
    response = _release_page_post(client, rights, {"act": "release", "note": secret.pk})
    assert response.status_code == 404
    assert not NoteRelease.objects.exists()


def _release_all(client, world, case):
    author, secret, other, rights = case
    client.force_login(author)
    for note in world.file.notes.exclude(pk__in=[secret.pk, other.pk]):
        _release_page_post(client, rights, {"act": "release", "note": note.pk})
    _release_page_post(
        client,
        rights,
        {
            "act": "release",
            "note": secret.pk,
            f"release-{secret.pk}-masked_passages": "Kevin Lambert",
        },
    )
    _release_page_post(
        client,
        rights,
        {"act": "withhold", "note": other.pk, f"withhold-{other.pk}-ground": "third_parties"},
    )
    client.logout()


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def test_the_dpo_follows_the_release_and_gets_only_what_was_released(client, world, case):
    author, _, _, rights = case
    dpo = world.users[Role.DPO]
    _fresh(client, dpo)
    page = _text(client.get(reverse("rights_request", args=[rights.pk]), **FRENCH))
    assert str(author) in page and "Qui doit les communiquer" in page
    assert f"{author} (l'auteur)" in page
    assert "3 notes sont en attente" in page
    assert reverse("access_export_pdf", args=[rights.pk]) not in page
    for name in ("access_export_pdf", "access_export_json"):
        response = client.get(reverse(name, args=[rights.pk]), **FRENCH)
        assert response.status_code == 302
        assert response["Location"] == reverse("rights_request", args=[rights.pk])
        assert (
            "L&#x27;export ne peut pas encore être produit : 3 notes attendent leurs auteurs."
            in (_text(client.get(response["Location"], **FRENCH)))
        )

    _release_all(client, world, case)
    _fresh(client, dpo)
    page = _text(client.get(reverse("rights_request", args=[rights.pk]), **FRENCH))
    assert reverse("access_export_pdf", args=[rights.pk]) in page
    pdf = download_prepared(
        client, client.get(reverse("access_export_pdf", args=[rights.pk]), **FRENCH)
    )
    text = _pdf_text(pdf.content)
    assert "Madame craint son ex-conjoint, [tiers masqué], qui la menace." in text
    assert "Non communiquée : sa communication porterait atteinte aux droits" in text
    assert "Kevin" not in text and "psychiatre" not in text
    exported = json.dumps(
        json.loads(client.get(reverse("access_export_json", args=[rights.pk])).content),
        ensure_ascii=False,
    )
    assert "[tiers masqué]" in exported
    assert "Kevin" not in exported and "psychiatre" not in exported


def _patterns(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin"):
                continue  # no note in the admin, which the DPO does not enter anyway
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if not route.startswith(("login", "logout", "oidc", "i18n")):  # the session's own
                yield route


def _followed(client, url):
    """A page, or the file the task worker prepared when the URL asks for one."""
    response = client.get(url, **FRENCH)
    if response.status_code == 302 and response["Location"].startswith("/exports/"):
        return download_prepared(client, response)
    return response


def _urls(ids: list[int]):
    """Every page of Lien, each id-taking one with every id of the test's objects."""
    for route in _patterns():
        params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        if any(kind not in ("int", "str") for kind, _ in params):
            continue
        urls = ["/" + route]
        for kind, name in params:
            values = ids if kind == "int" else ["csv", "json", "pdf", "register"]
            urls = [u.replace(f"<{kind}:{name}>", str(v), 1) for u in urls for v in values]
        yield from urls


def test_no_page_the_dpo_can_reach_holds_an_unreleased_note(client, world, case):
    rights = case[-1]
    ids = sorted(
        {
            *world.file.notes.values_list("pk", flat=True),
            world.file.pk,
            world.file.household_id,
            world.file.reference_person.pk,
            rights.pk,
            world.office.pk,
        }
    )
    client.raise_request_exception = False

    def crawl() -> dict[str, str]:
        _fresh(client, world.users[Role.DPO])
        return {url: _text(_followed(client, url)) for url in _urls(ids)}

    before = crawl()  # nothing released yet
    request_page = reverse("rights_request", args=[rights.pk])
    assert "Qui doit les communiquer" in before[request_page]  # the crawl got in
    for url, body in before.items():
        for words in ("Kevin Lambert", "psychiatre", "point sur le dossier"):
            assert words not in body, url

    _release_all(client, world, case)
    after = crawl()  # the export now holds what the author released, and only that
    assert "[tiers masqué]" in after[reverse("access_export_pdf", args=[rights.pk])]
    for url, body in after.items():
        for words in ("Kevin Lambert", "psychiatre"):
            assert words not in body, url


def test_the_manager_sees_which_departed_notes_an_access_request_waits_for(client, world, case):
    from lien.accounts.models import OfficeMembership

    author = case[0]
    OfficeMembership.objects.filter(user=author).update(is_active=False)
    client.force_login(world.users[Role.MANAGER])
    page = _text(client.get(f"{reverse('departed_notes')}?office={world.office.pk}", **FRENCH))
    assert "une demande d'accès attend ces notes" in page
    assert "Kevin" not in page and "psychiatre" not in page
