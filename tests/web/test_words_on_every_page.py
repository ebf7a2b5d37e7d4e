"""Words, never codes: every page of the URL conf, every PDF and every export meant for
people, opened by every demo role on the demo data, shows each coded value by its label.

The test walks the URL conf (a new page without a sample below fails it), opens each page
as each of the demo accounts of one office, and reads the visible text (PDFs through the
HTML they are made from). It fails when that text holds an enum value that differs from
its label, a catalogue choice's code, an audit object kind, a model name, a Python repr
("ItemChange object (34)", "True", "False", "None") or a code in snake_case."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import models
from django.db.models import Count
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from lien.accounts.models import User
from lien.accounts.role_changes import request_role_change
from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.models import (
    AgendaEntry,
    AgendaOutcome,
    AidRequest,
    AidStatus,
    CaseFile,
    CommitteeSession,
    FileStatus,
    PaymentBatch,
)
from lien.catalog import services as catalog_services
from lien.catalog.models import Item, ValueType
from lien.demo.accounts import STAFF
from lien.offices.models import Office
from lien.privacy import services as privacy_services

from ..factories import release_every_note

pytestmark = [pytest.mark.django_db, pytest.mark.words]

# Codes that are also plain French words, so that the French text may hold them.
FRENCH_WORDS = {
    "information",
    "documents",
    "intervention",
    "situation",
    "opposition",
    "rectification",
    "limitation",
    "religion",
    "date",
    "urgent",
    "note",
    "document",
    "organisation",
    "visite",
    "consent",
    "export",
}
# Pages where a catalogue item's codes are shown on purpose: the catalogue's own pages,
# where its managers write and read them, and Django's administration.
PAGES_SHOWING_CODES = ("/catalogue/", "/admin/")
# Exports meant for machines (another installation, a spreadsheet model, a portability
# file) rather than for a person to read.
MACHINE_EXPORTS = ("/catalogue/export.", "/offices/imports/template.csv", "/export.json")
# Files handed back as they were uploaded.
UPLOADED = ("/documents/",)


class VisibleText(HTMLParser):
    """The text a reader sees or hears: the page's text and the attributes read aloud."""

    # Hidden, or the agent's own typing (a textarea holds text as written, in any language).
    HIDDEN = {"script", "style", "template", "head", "textarea"}
    SPOKEN = ("alt", "title", "aria-label", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden_depth += 1
        if tag == "img" and "/admin/img/icon-" in (dict(attrs).get("src") or ""):
            return  # Django's administration says yes/no with an icon, alt "True"/"False"
        for name, value in attrs:
            if name in self.SPOKEN and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth:
            self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return unescape(" ".join(" ".join(parser.parts).split()))


def _choices_classes(cls=models.Choices) -> Iterator[type[models.Choices]]:
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("lien."):
            yield sub
        yield from _choices_classes(sub)


def _code_pattern(codes: set[str]) -> re.Pattern:
    """A code standing alone: not part of a longer word, a user name, an address or a path."""
    alternatives = "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<![\w@./-])({alternatives})(?![\w@/-]|\.\w)")


def _codes_of_enums() -> set[str]:
    codes = set()
    with translation.override("fr"):
        for cls in _choices_classes():
            for value, label in cls.choices:
                value = str(value)
                if value != str(label) and len(value) >= 3 and value not in FRENCH_WORDS:
                    codes.add(value)
    return codes


def _names_of_models() -> set[str]:
    names = set()
    for model in apps.get_models():
        if model.__module__.startswith("lien."):
            names |= {model._meta.model_name, model._meta.object_name}
    return {n for n in names if n.lower() not in FRENCH_WORDS}


def _codes_of_catalog() -> set[str]:
    codes = set()
    for item in Item.objects.exclude(choices=[]):
        for choice in item.choices:
            if choice["code"] != choice["fr"] and len(choice["code"]) >= 3:
                codes.add(choice["code"])
    return codes - FRENCH_WORDS


@dataclass
class Fault:
    url: str
    role: str
    what: str
    found: str
    context: str

    def __str__(self):
        return f"{self.role} {self.url}: {self.what} {self.found!r} in «…{self.context}…»"


class Reader:
    """Looks for codes in a page's visible text."""

    REPR = re.compile(r"\b[A-Z]\w* object \(\d+\)")
    PYTHON = re.compile(r"(?<![\w-])(True|False|None)(?![\w-])")
    QUOTED = re.compile(r"«[^»]*»")
    SNAKE = re.compile(r"(?<![\w@./:-])[a-z]+(?:_[a-z0-9]+)+(?![\w@/-])")

    def __init__(self):
        self.enum = _code_pattern(_codes_of_enums())
        self.models = _code_pattern(_names_of_models())
        self.catalog_choices = _code_pattern(_codes_of_catalog())
        kinds = set(AuditEvent.objects.values_list("object_kind", flat=True).distinct())
        self.kinds = _code_pattern(kinds - FRENCH_WORDS)

    # French slips the proof-reading fixed: an office's name ("Circonscription de
    # Bobigny") after a preposition, "Fichier" for a case file, "1 juillet" for "1er
    # juillet", an amount with a decimal point.
    MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    FRENCH_SLIPS = (
        ("office name after a preposition", re.compile(r"\b(?:de|à|dans|du) Circonscription\b")),
        ("case file called a 'Fichier'", re.compile(r"\bFichier :? ?\d")),
        ("first of the month without 'er'", re.compile(rf"(?<![\d/,.])1 (?:{MONTHS})\b")),
        ("amount with a decimal point", re.compile(r"\b\d+\.\d\d\s?€")),
    )

    def faults(self, url: str, role: str, text: str) -> list[Fault]:
        checks = [
            *self.FRENCH_SLIPS,
            ("enum value", self.enum),
            ("model name", self.models),
            ("audit object kind", self.kinds),
            ("Python repr", self.REPR),
            ("Python value", self.PYTHON),
        ]
        if url.startswith(PAGES_SHOWING_CODES):
            # The catalogue quotes its items' labels and help « as written », in French
            # and in English: quotations are words, whatever they say.
            text = self.QUOTED.sub("« »", text)
        else:
            checks += [("catalogue code", self.catalog_choices), ("code", self.SNAKE)]
        found, seen = [], set()
        for what, pattern in checks:
            for match in pattern.finditer(text):
                if match.group(0) in seen:
                    continue  # once per page is enough to say it
                seen.add(match.group(0))
                start, end = match.span()
                context = text[max(0, start - 40) : end + 40]
                found.append(Fault(url, role, what, match.group(0), context))
        return found


@dataclass
class Demo:
    office: Office
    accounts: dict[str, User]
    file: CaseFile
    archived: CaseFile
    samples: dict[str, int | str]


def _demo_office() -> Demo:
    """The demo département, with what the demo does not make: a rights request with its
    note releases, an archived file, a catalogue change, a role change awaiting approval."""
    with translation.override("fr"):
        call_command("seed_demo", households=8, stdout=StringIO())
    office = Office.objects.get(code="bobigny")
    accounts = {
        role: User.objects.get(username=f"{prefix}-{office.code}")
        for prefix, role, *_ in STAFF
        if prefix != "as2"
    }
    worker, dpo, admin_user = (
        accounts[Role.SOCIAL_WORKER],
        accounts[Role.DPO],
        accounts[Role.ADMIN],
    )
    files = CaseFile.objects.filter(office=office).annotate(n=Count("problems"))
    open_files = files.filter(status=FileStatus.OPEN, referent__isnull=False)
    casefile = open_files.order_by("-n", "pk").first()
    assert casefile is not None, "the demo gives Bobigny an open file with a referent"
    # The demo draws referents at random between the office's two social workers: the
    # social worker of this walk is the file's referent, whose notes it holds.
    worker = accounts[Role.SOCIAL_WORKER] = casefile.referent
    reference = casefile.household.members.get(relationship="reference").person
    rights = privacy_services.open_rights_request(
        actor=dpo, casefile_id=casefile.pk, person_name=reference.birth_name, kind="access"
    )
    release_every_note(rights)
    archived = files.exclude(pk=casefile.pk).first()
    CaseFile.objects.filter(pk=archived.pk).update(
        status=FileStatus.CLOSED,
        close_reason="goals_met",
        closed_on=casefile.opened_on,
        last_contact_on=casefile.opened_on,
        archived_on=casefile.opened_on,
    )
    item = Item.objects.filter(value_type=ValueType.CHOICE, status="active").first()
    catalog_services.update_item(
        actor=admin_user,
        item_id=item.pk,
        changes={"help_fr": "Aide modifiée pour l'essai."},
        reason="Précision demandée par les équipes.",
    )
    change = request_role_change(
        actor=admin_user,
        user_id=User.objects.get(username=f"as2-{office.code}").pk,
        office_id=office.pk,
        role=Role.SECRETARY,
        kind="grant",
        reason="Renfort à l'accueil.",
    )
    samples = {
        "file": casefile.pk,
        "person": reference.pk,
        "appointment": casefile.appointments.first().pk,
        "aid": casefile.aid_requests.first().pk,
        "problem": casefile.problems.first().pk,
        "note": casefile.notes.filter(author=worker).first().pk,
        "item": item.pk,
        "role_change": change.pk,
        "rights": rights.pk,
        "release": rights.pk,
        "archived": archived.pk,
        "version": 1,
        **_committee_samples(casefile),
    }
    return Demo(office, accounts, casefile, archived, samples)


def _committee_samples(casefile: CaseFile) -> dict[str, int]:
    """The demo's committee session, with a request to decide and a granted aid without
    its payment order (made here when the small demo drew none)."""
    session = CommitteeSession.objects.select_related("scheme").first()
    entry = AgendaEntry.objects.filter(outcome=AgendaOutcome.PENDING).first()
    if entry is None:
        waiting = AidRequest.objects.create(
            casefile=casefile,
            aid_type=session.scheme.aid_type,
            amount_requested=session.scheme.ceiling,
            status=AidStatus.SUBMITTED,
            submitted_on=casefile.opened_on,
            created_by=casefile.referent,
        )
        entry = AgendaEntry.objects.create(session=session, aid_request=waiting)
    granted = AidRequest.objects.filter(
        status=AidStatus.GRANTED, payment_order__isnull=True
    ).first() or AidRequest.objects.create(
        casefile=casefile,
        aid_type=session.scheme.aid_type,
        amount_requested=session.scheme.ceiling,
        amount_granted=session.scheme.ceiling,
        status=AidStatus.GRANTED,
        submitted_on=casefile.opened_on,
        decided_on=casefile.opened_on,
        created_by=casefile.referent,
    )
    return {
        "session": session.pk,
        "entry": entry.pk,
        "granted": granted.pk,
        "batch": PaymentBatch.objects.first().pk,
    }


def _routes(patterns=None, prefix="") -> Iterator[tuple[str, URLPattern]]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern) == "admin/":
                continue  # walked below, model by model
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


# Which sample fills each route's parameters; a route missing here fails the test.
ROUTE_SAMPLES: dict[str, Callable[[Demo], dict] | None] = {
    "files/<int:pk>/persons/<int:person_pk>/edit/": lambda d: {
        "pk": d.samples["file"],
        "person_pk": d.samples["person"],
    },
    "appointments/<int:pk>/": lambda d: {"pk": d.samples["appointment"]},
    "aid-requests/<int:pk>/": lambda d: {"pk": d.samples["aid"]},
    "problems/<int:pk>/": lambda d: {"pk": d.samples["problem"]},
    "notes/<int:pk>/": lambda d: {"pk": d.samples["note"]},
    "files/<int:pk>/": lambda d: {"pk": d.samples["file"]},
    "roles/<int:pk>/": lambda d: {"pk": d.samples["role_change"]},
    "catalogue/items/<int:pk>/": lambda d: {"pk": d.samples["item"]},
    "catalogue/versions/<int:number>/": lambda d: {"number": d.samples["version"]},
    "catalogue/documents/<str:kind>": lambda d: {"kind": "register"},
    "privacy/requests/<int:pk>/": lambda d: {"pk": d.samples["rights"]},
    "privacy/note-releases/<int:pk>/": lambda d: {"pk": d.samples["release"]},
    "notice/<int:version>/": lambda d: {"version": 1},
    "archive/<int:pk>/": lambda d: {"pk": d.samples["archived"]},
    "statistics/export/<str:fmt>/": lambda d: {"fmt": "csv"},
    "statistics/paper/<slug:grid_code>/<slug:office_code>/<int:year>/": lambda d: {
        "grid_code": "activity",
        "office_code": d.office.code,
        "year": d.file.opened_on.year,
    },
    "committees/<int:pk>/": lambda d: {"pk": d.samples["session"]},
    "committees/agenda/<int:pk>/decide/": lambda d: {"pk": d.samples["entry"]},
    "payments/order/<int:aid_pk>/": lambda d: {"aid_pk": d.samples["granted"]},
    "payments/batches/<int:pk>/": lambda d: {"pk": d.samples["batch"]},
    # Nothing to read: answered by redirects, machine files or uploads.
    "committees/<int:pk>/agenda/<int:aid_pk>/": None,  # answers a POST only
    "committees/<int:pk>/close/": None,  # answers a POST only
    # For the finance software (docs/admin/payments.md), not for a person to read.
    "payments/batches/<int:pk>/export.<str:fmt>": None,
    "password/<uidb64>/<token>/": None,
    "notes/shares/<int:pk>/": None,
    "offices/imports/<int:pk>/": None,
    "documents/<int:pk>/": None,
    "catalogue/export.<str:fmt>": None,
    "catalogue/approvals/<int:pk>/": None,  # answers a POST only
}


def _sample_for(route: str) -> Callable[[Demo], dict] | None:
    for start in sorted(ROUTE_SAMPLES, key=len, reverse=True):
        if route.startswith(start):
            return ROUTE_SAMPLES[start]
    raise AssertionError(f"{route}: say in ROUTE_SAMPLES which object this page shows")


def _urls(demo: Demo) -> list[str]:
    urls = []
    for route, _pattern in _routes():
        if "<" not in route:
            urls.append("/" + route)
            continue
        sample = _sample_for(route)
        if sample is not None:
            urls.append("/" + _fill(route, sample(demo)))
    urls += _admin_urls()
    # The log last: it then shows what the other pages recorded.
    return sorted(urls, key=lambda u: u.startswith(("/audit/", "/account/")))


def _fill(route: str, values: dict) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def _admin_urls() -> list[str]:
    urls = ["/admin/"]
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls.append(base)
        first = model.objects.order_by("pk").first()
        if first is not None:
            urls += [f"{base}{first.pk}/change/", f"{base}{first.pk}/history/"]
    return urls


SKIPPED = (*MACHINE_EXPORTS, *UPLOADED, "/logout/", "/oidc/", "/i18n/")


@pytest.fixture
def pdf_as_html(monkeypatch):
    """WeasyPrint is slow and its output hard to read: keep the HTML a PDF is made from."""
    import weasyprint

    made: list[str] = []

    class Captured:
        def __init__(self, string="", **kwargs):
            made.append(string)

        def write_pdf(self, *args, **kwargs):
            return b"%PDF-1.7 captured"

    monkeypatch.setattr(weasyprint, "HTML", Captured)
    return made


def _visible(response, pdf_html: list[str]) -> str | None:
    kind = response.get("Content-Type", "")
    if kind.startswith("text/html"):
        return VisibleText.of(response.content.decode())
    if kind.startswith("application/pdf"):
        return VisibleText.of(pdf_html[-1]) if pdf_html else None
    if kind.startswith(("text/csv", "text/plain")):
        return response.content.decode("utf-8-sig")
    return None


@pytest.mark.parametrize("role", Role.values)
def test_every_page_shows_words_not_codes(client, role, pdf_as_html):
    demo = _demo_office()
    reader = Reader()
    user = demo.accounts[role]
    client.force_login(user)
    faults, read = [], 0
    for url in _urls(demo):
        if any(part in url for part in SKIPPED):
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _visible(response, pdf_as_html)
        if text is None:
            continue
        read += 1
        faults += reader.faults(url, role, text)
    assert read >= 5, "the role opened its pages"
    assert not faults, "\n".join(str(f) for f in faults)
