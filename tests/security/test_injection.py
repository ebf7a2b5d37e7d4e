"""Stored XSS, CSRF, SQL-meaningful search input, and the security headers."""

import os
import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.utils import timezone

from lien.accounts.decorators import AUTHENTICATED_AT
from lien.accounts.roles import Role
from lien.audit.models import Action
from lien.audit.services import record, record_for_file
from lien.casefiles.break_glass.models import BreakGlassGrant
from lien.casefiles.models import Person

from ..factories import CaseFileFactory, release_every_note
from .attack_objects import note_share
from .test_attack_matrix import ATTACKS, _url

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
RAW_MARKERS = ["<script>alert(1)", "<img src=x onerror"]
FREE_TEXT_APPS = ("casefiles", "break_glass", "accounts", "offices", "catalog", "audit")


def _free_text_fields():
    """Every free-text field of Lien's models: char and text fields without choices."""
    for model in apps.get_models():
        if model._meta.app_label not in FREE_TEXT_APPS or not model.__module__.startswith("lien."):
            continue
        for f in model._meta.concrete_fields:
            if (
                isinstance(f, models.CharField | models.TextField)
                and not f.choices
                and not f.primary_key
                and f.name not in ("password", "search_key", "hash", "previous_hash")
            ):
                yield model, f


def _poison(world):
    """Writes the payload into every free-text field of every row (directly: the point
    is what the pages do with stored data, whatever let it in)."""
    poisoned = []
    # Rows that only exist after an act: an emergency access (shown to the DPO) and a
    # file in the archive under legal hold (shown in the archive's list).
    BreakGlassGrant.objects.create(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile=world.other_file,
        reason="x",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    CaseFileFactory(
        office=world.office, status="closed", archived_on=timezone.localdate(), legal_hold=True
    )
    for model, f in _free_text_fields():
        if model._meta.label == "audit.AuditEvent":
            continue  # append-only: written below through the service
        if (f.max_length or 1000) < len(PAYLOAD) + 12:
            continue  # e.g. a postal code of 5 characters: a payload cannot fit
        if f.unique:
            for pk in model._default_manager.values_list("pk", flat=True):
                model._default_manager.filter(pk=pk).update(**{f.name: f"{PAYLOAD}{pk}"})
        else:
            model._default_manager.update(**{f.name: PAYLOAD})
        poisoned.append(f"{model._meta.label}.{f.name}")
    for person in Person.objects.all():
        person.search_key = person.computed_search_key()
        person.save(update_fields=["search_key"])
    worker = world.users[Role.SOCIAL_WORKER]
    record_for_file(actor=worker, action=Action.BREAK_GLASS, casefile=world.file, reason=PAYLOAD)
    record(actor=worker, action=Action.EXPORT, reason=PAYLOAD, result_count=500)
    return poisoned


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _pages(world):
    urls = []
    for name, attack in ATTACKS.items():
        if attack.method != "get":
            continue
        urls.append(_url(name, attack, world, "own"))
    urls += ["/persons/search/?q=script", "/persons/search/?q=alert", "/audit/?action=break_glass"]
    return urls


def test_stored_xss_comes_back_escaped_on_every_page(client, world):
    note_share(world.file)  # a share's reason is shown to the author and the colleague
    poisoned = _poison(world)
    assert {
        "casefiles.Person.birth_name",
        "casefiles.Note.text",
        "casefiles.NoteAccess.reason",
        "accounts.User.first_name",
        "break_glass.BreakGlassGrant.reason",
    } <= set(poisoned)
    seen_escaped = 0
    for role in Role.values:
        client.force_login(world.users[role])
        session = client.session
        session[AUTHENTICATED_AT] = time.time()
        session.save()
        for url in _pages(world):
            response = client.get(url)
            if not _is_html(response):
                continue  # downloads and exports: no page to inject into
            text = response.content.decode()
            for marker in RAW_MARKERS:
                assert marker not in text, (role, url)
            seen_escaped += text.count("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert seen_escaped > 20  # the payload was really shown, escaped, on many pages


def test_the_htmx_search_fragment_escapes_too(client, world):
    _poison(world)
    client.force_login(world.users[Role.SECRETARY])
    text = client.get("/persons/search/?q=alert", HTTP_HX_REQUEST="true").content.decode()
    assert "&lt;script&gt;" in text and "<script>alert" not in text


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/login/", {"username": "x", "password": "y"}),
        ("/logout/", {}),
        ("/account/confirm/", {"password": "test-password-123"}),
        ("/account/backup-codes/", {}),
        ("/audit/extract/", {"reason": "x"}),
        ("/i18n/setlang/", {"language": "en"}),
    ],
)
def test_csrf_is_refused(world, url, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[Role.DPO])
    assert client.post(url, data).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "' OR '1'='1",
        "%",
        "_",
        '"; DROP TABLE casefiles_person; --',
        "\\",
        "x' UNION SELECT password FROM accounts_user --",
        "%' OR 1=1 --",
    ],
)
def test_sql_meaningful_search_input_returns_normal_results(client, world, query):
    client.force_login(world.users[Role.SECRETARY])
    response = client.get("/persons/search/", {"q": query})
    assert response.status_code == 200
    # No name contains these: nothing, not everything (under two letters, no search at all).
    assert not response.context["matches"]
    assert response.context["too_short"] or response.context["matches"] == []
    assert Person.objects.count() >= 2  # the table is still there


def test_a_search_with_quotes_still_finds_the_person(client, world):
    person = world.file.reference_person
    Person.objects.filter(pk=person.pk).update(
        birth_name="D'Artagnan",
        search_key=Person(
            birth_name="D'Artagnan", first_names=person.first_names
        ).computed_search_key(),
    )
    client.force_login(world.users[Role.SECRETARY])
    response = client.get("/persons/search/", {"q": "d'artagnan"})
    assert [m.person.pk for m in response.context["matches"]] == [person.pk]


def test_every_page_carries_a_strict_csp_with_a_nonce(client, world):
    for role in Role.values:
        client.force_login(world.users[role])
        for url in _pages(world):
            response = client.get(url)
            if response.status_code != 200 or not _is_html(response):
                continue
            policy = response["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "unsafe" not in policy
            assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
            text = response.content.decode()
            scripts = re.findall(r"<script\b[^>]*>", text)
            # Pages that load a script carry a nonce for it; fragments and printable
            # documents load none, and their policy allows no inline script either.
            nonce = re.search(r"'nonce-([^']+)'", policy)
            if scripts:
                assert nonce, url
                assert all(f'nonce="{nonce.group(1)}"' in s and "src=" in s for s in scripts), url
            assert not re.search(r"\sstyle=\"", text), url
            assert not re.search(r"\son[a-z]+=", text), url
            assert not re.search(r"\shx-on", text), url
            assert response["X-Frame-Options"] == "DENY"
            assert response["Referrer-Policy"] == "same-origin"
            assert response["X-Content-Type-Options"] == "nosniff"


def _deploy_env() -> dict:
    # The test suite's own DJANGO_ALLOW_ASYNC_UNSAFE (for the browser tests) is not
    # production's.
    unset = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "k" * 20 + "Zq8!vR2#pL5@wN7$yT4%hJ6^bM3&cX9*",
        "ALLOWED_HOSTS": "lien.example.org",
        "DATABASE_URL": "postgres://lien:secret@db.internal:5432/lien",
        "LIEN_NOTES_KEY": "cHJvZC10ZXN0LW5vdGVzLWtleS0zMi1ieXRlcy0hISE=",
        "LIEN_DOCUMENTS_KEY": "cHJvZC10ZXN0LWRvY3VtZW50cy1rZXktMzItYnl0ZSE=",
        "LIEN_AUDIT_KEY": "prod-test-audit-key-of-at-least-32-chars",
    }


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=_deploy_env(),
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_on_hsts_secure_cookies_and_two_factor():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.LIEN_OTP_REQUIRED, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_deploy_env(),
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "False"]


def test_the_pdfs_are_made_from_escaped_html(world):
    """The PDFs (the access export, the register of processing) are rendered by WeasyPrint
    from HTML templates: a stored payload must reach that HTML escaped."""
    from django.template.loader import render_to_string

    from lien.catalog.models import Item
    from lien.privacy import selectors as privacy_selectors
    from lien.privacy import services as privacy_services
    from lien.privacy.prepared_documents import export_table
    from lien.privacy.register.render import render_html

    world.file.notes.update(text=PAYLOAD)
    Item.objects.update(label_fr=PAYLOAD, justification=PAYLOAD)
    reference = world.file.household.members.get(relationship="reference").person
    rights = privacy_services.open_rights_request(
        actor=world.users[Role.DPO],
        casefile_id=world.file.pk,
        person_name=reference.birth_name,
        kind="access",
    )
    release_every_note(rights)
    _, export = privacy_selectors.access_export_for(
        actor=world.users[Role.DPO], request_id=rights.pk
    )
    sources = [
        render_to_string(
            "privacy/access_export.html", {"export": export, "sections": export_table(export)}
        ),
        render_html("register"),
    ]
    for html in sources:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        for marker in RAW_MARKERS:
            assert marker not in html
