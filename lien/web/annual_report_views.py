"""The annual report's page, reached from the statistics page by whoever may write it
(the statisticians for every office and the département, a manager for their office):
the author types the commentary of each section, which the free-text guard reads when it
is saved (a text it flags is saved only once the author confirms it names nobody), then
asks for the report as a PDF or an ODT, built by the task worker (prepared_files)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.audit.models import Action
from lien.audit.services import record
from lien.base.forms import LienForm, choice_field, run_service
from lien.offices.models import Office
from lien.privacy import guard
from lien.stats.annual_report import rendering, selectors, services
from lien.stats.annual_report.services import MAX_CHARS
from lien.storage import prepared
from lien.storage.models import PreparedFile

from .prepared_files import ANNUAL_REPORT
from .statistics_access import annual_report_office_ids, sees_whole_departement
from .statistics_forms import ALL
from .statistics_views import asked_year, last_complete_year, years_offered

AUDIT_KIND = "annual_report"


class ReportScopeForm(LienForm):
    office = forms.ChoiceField(label=_("Office"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, offices, years, whole_departement: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(ALL, _("Whole département"))] if whole_departement else []
        choice_field(self, "office").choices = choices + [(o.code, o.name) for o in offices]
        choice_field(self, "year").choices = [(y, str(y)) for y in years]


def _text(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CommentaryForm(LienForm):
    introduction = _text(_("Introduction"))
    activity = _text(_("Activity"))
    population = _text(_("Population received"))
    aid = _text(_("Financial aid"))
    trends = _text(_("Trends over five years"))
    confirmed = forms.BooleanField(
        label=_(
            "I have read the words pointed out: the text names no person and says nothing "
            "that could identify one."
        ),
        required=False,
    )


class GenerateForm(LienForm):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("pdf", _("PDF for reading and printing (accessible)")),
            ("odt", _("OpenDocument text to rework")),
        ],
    )
    indicators = forms.BooleanField(
        label=_("Add the indicators of the analyse des besoins sociaux (CCAS)"), required=False
    )


def _scope(request, office_ids):
    offices = list(Office.objects.filter(pk__in=office_ids).order_by("name"))
    if not offices:
        raise Http404
    whole = sees_whole_departement(request.user)
    form = ReportScopeForm(
        {
            "office": request.GET.get("office") or (ALL if whole else offices[0].code),
            "year": request.GET.get("year") or str(last_complete_year()),
        },
        offices=offices,
        years=years_offered(office_ids, asked_year(request)),
        whole_departement=whole,
    )
    if not form.is_valid():
        raise Http404
    code = form.cleaned_data["office"]
    office = None if code == ALL else next(o for o in offices if o.code == code)
    return form, office, form.cleaned_data["year"]


def _audit(actor):
    def write(*, object_id: str, office_id: int | None) -> None:
        record(
            actor=actor,
            action=Action.UPDATE,
            object_kind=AUDIT_KIND,
            object_id=object_id,
            office_id=office_id,
        )

    return write


def _flags(data: dict) -> list[dict]:
    found = []
    for name, label in (
        (name, CommentaryForm.base_fields[name].label)
        for name in ("introduction", "activity", "population", "aid", "trends")
    ):
        text = data.get(name) or ""
        flags = guard.find(text)
        if flags:
            found.append({"label": label, "flags": flags, "segments": guard.segments(text, flags)})
    return found


def annual_report_page(request) -> HttpResponse:
    office_ids = annual_report_office_ids(request.user)
    scope_form, office, year = _scope(request, office_ids)
    office_id = office.pk if office else None
    query = urlencode({"office": office.code if office else ALL, "year": year})
    saved = selectors.report_commentary(office_ids=office_ids, office_id=office_id, year=year)
    commentary = CommentaryForm(initial=saved)
    generate = GenerateForm(initial={"format": "pdf"})
    flagged: list[dict] = []
    if request.method == "POST" and request.POST.get("action") == "generate":
        generate = GenerateForm(request.POST)
        if generate.is_valid():
            return _ask(request, office, year, generate.cleaned_data)
    elif request.method == "POST":
        commentary = CommentaryForm(request.POST)
        if commentary.is_valid():
            flagged = _flags(commentary.cleaned_data)
            if not flagged or commentary.cleaned_data["confirmed"]:
                saved_now = run_service(
                    commentary,
                    lambda: services.save_report_commentary(
                        office_ids=office_ids,
                        office_id=office_id,
                        year=year,
                        sections=commentary.cleaned_data,
                        audit=_audit(request.user),
                    ),
                )
                if saved_now is not None:
                    return redirect(f"{request.path}?{query}&saved=1")
    return render(
        request,
        "web/annual_report.html",
        {
            "scope_form": scope_form,
            "office": office,
            "year": year,
            "commentary": commentary,
            "generate": generate,
            "flagged": flagged,
            "saved": request.GET.get("saved") == "1",
            "query": query,
        },
        status=400 if request.method == "POST" else 200,
    )


def _ask(request, office: Office | None, year: int, choice: dict) -> HttpResponse:
    fmt = choice["format"]
    file = prepared.ask(
        kind=ANNUAL_REPORT,
        requested_by_id=request.user.pk,
        parameters={
            "year": year,
            "office_id": office.pk if office else None,
            "format": fmt,
            "indicators": bool(choice["indicators"]),
        },
        file_name=f"rapport-annuel-{office.code if office else ALL}-{year}.{fmt}",
        content_type=rendering.FORMATS[fmt],
    )
    return redirect("prepared_file", pk=file.pk)


def build_annual_report(file: PreparedFile) -> bytes:
    """In the worker: the report, with the rights of the agent as they are now."""
    user = User.objects.filter(pk=file.requested_by_id, is_active=True).first()
    if user is None:
        raise PermissionDenied
    parameters = file.parameters
    report = selectors.annual_report(
        office_ids=annual_report_office_ids(user),
        office_id=parameters["office_id"],
        year=parameters["year"],
        indicators=parameters["indicators"],
    )
    return rendering.render(report, parameters["format"])
