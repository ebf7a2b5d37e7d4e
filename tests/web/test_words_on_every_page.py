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

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.catalog.models import Item

from .demo_samples import Demo, demo_office

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
    "association",
    "budget",
    "pension",
    "attestation",
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
    # A member leaving or dying: the demo file's reference person (the form opens for them).
    "files/<int:pk>/members/<int:person_pk>/": lambda d: {
        "pk": d.samples["file"],
        "person_pk": d.samples["person"],
    },
    "appointments/<int:pk>/": lambda d: {"pk": d.samples["appointment"]},
    "aid-requests/<int:pk>/": lambda d: {"pk": d.samples["aid"]},
    "problems/<int:pk>/": lambda d: {"pk": d.samples["problem"]},
    "notes/<int:pk>/": lambda d: {"pk": d.samples["note"]},
    "files/<int:pk>/": lambda d: {"pk": d.samples["file"]},
    "concerns/<int:pk>/": lambda d: {"pk": d.samples["concern"]},
    "budgets/<int:pk>/": lambda d: {"pk": d.samples["budget"]},
    "social-reports/<int:pk>/": lambda d: {"pk": d.samples["report"]},
    "social-reports/<int:pk>/<str:recipient>.pdf": lambda d: {
        "pk": d.samples["report"],
        "recipient": "committee",
    },
    "roles/<int:pk>/": lambda d: {"pk": d.samples["role_change"]},
    "catalogue/items/<int:pk>/": lambda d: {"pk": d.samples["item"]},
    "catalogue/versions/<int:number>/": lambda d: {"number": d.samples["version"]},
    "catalogue/documents/<str:kind>": lambda d: {"kind": "register"},
    "privacy/requests/<int:pk>/": lambda d: {"pk": d.samples["rights"]},
    "privacy/note-releases/<int:pk>/": lambda d: {"pk": d.samples["release"]},
    "notice/<int:version>/": lambda d: {"version": 1},
    "archive/<int:pk>/": lambda d: {"pk": d.samples["archived"]},
    "statistics/export/<str:fmt>/": lambda d: {"fmt": "csv"},
    "exports/<int:pk>/": lambda d: {"pk": d.samples["prepared_file"]},
    "statistics/paper/<slug:grid_code>/<slug:office_code>/<int:year>/": lambda d: {
        "grid_code": "activity",
        "office_code": d.office.code,
        "year": d.file.opened_on.year,
    },
    "committees/<int:pk>/": lambda d: {"pk": d.samples["session"]},
    "committees/agenda/<int:pk>/decide/": lambda d: {"pk": d.samples["entry"]},
    "committees/agenda/<int:pk>/report/": lambda d: {"pk": d.samples["entry"]},
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
    "exports/<int:pk>/download/": None,  # the file: read by the export tests
    "budget-lines/<int:pk>/": None,  # answers a POST only
    "catalogue/export.<str:fmt>": None,
    "catalogue/approvals/<int:pk>/": None,  # answers a POST only
    "duplicates/<int:pk>/undo/": None,  # answers a POST only
    "api-tokens/<int:pk>/": None,  # approve, refuse, revoke: a POST only
    # The REST API answers other systems in JSON, to a token (tests/api/).
    "api/v1/": None,
    # POST only: ticking a reminder, withdrawing a consent or an agreement, a partner's
    # answer, a concern's acknowledgement and follow-up (their pages are the file's).
    "deadlines/<int:pk>/done/": None,
    "reminder-consents/<int:pk>/withdraw/": None,
    "sharing-agreements/<int:pk>/withdraw/": None,
    "referrals/<int:pk>/answer/": None,
    "concerns/<int:pk>/proof/": None,
    "concerns/<int:pk>/follow-up/": None,
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
    demo = demo_office()
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
