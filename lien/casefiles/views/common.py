"""What the case-file views share: rendering the file page (whole, or for htmx only the
cards an entry changed) with the quick-entry forms, and the office a page is about. A
service's refusal lands on its form through `lien.base.forms.run_service`."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from lien.accounts.policy import Can, offices_where
from lien.base.compiled import compiled
from lien.base.forms import run_service
from lien.catalog.models import Family, Item
from lien.catalog.visibility import visible_to
from lien.offices.models import Office

from ..aid.forms import AidRequestForm
from ..break_glass.selectors import active_grant_for
from ..files import selectors as file_selectors
from ..files.models import CaseFile, FileStatus
from ..notes.forms import NoteForm
from ..privacy_questions import privacy
from ..problems.forms import InterventionForm, ProblemForm
from ..scope import get_or_404, require_office
from ..situation.forms import SituationForm

# The cards of the file page that an htmx entry can refresh, each on its own: the one
# saved, then those that depend on it. Drafts typed in the other cards stay untouched.
PROBLEMS_CARD = "casefiles/includes/problems_card.html"
INTERVENTION_ENTRY = "casefiles/includes/intervention_entry.html"
AID_ENTRY = "casefiles/includes/aid_entry.html"
NOTE_ENTRY = "casefiles/includes/note_entry.html"
AID_CARD = "casefiles/includes/aid_card.html"
TIMELINE = "casefiles/includes/timeline.html"
SITUATION_CARD = "casefiles/includes/situation_card.html"
SURVEY_CARD = "casefiles/includes/survey_card.html"


# Alt+Shift+letter puts the cursor in each quick-entry form (lien.js; listed on the page
# and in the user guide).
ENTRY_SHORTCUTS = {
    "problem_form": ("item", "p"),
    "intervention_form": ("item", "i"),
    "aid_form": ("aid_type", "a"),
    "note_form": ("text", "n"),
}


def intervention_draft(request, *, tick=None, untick=None) -> dict:
    """What was typed in the intervention form when another card was saved (htmx sends it
    along with hx-include), so that the form comes back as it was: with a new problem
    ticked, a closed one gone."""
    data = request.POST
    ticked = [int(v) for v in data.getlist("intervention-problems") if v.isdigit()]
    if tick is not None:
        ticked.append(tick)
    draft = {"problems": [pk for pk in ticked if pk != untick]}
    for name in ("item", "occurred_on"):
        if data.get(f"intervention-{name}"):
            draft[name] = data[f"intervention-{name}"]
    return draft


def entry_forms(page, *, intervention_draft=None, **bound) -> dict:
    """The quick-entry forms of the file page, fresh unless a bound one (with its errors)
    is given; the intervention form starts from its draft when another card was saved."""
    forms = {}
    if page.can_edit_social:
        # The choices of the three forms in one query, read for a closed file too: the
        # page runs the same number of queries for every file.
        offered = _offered_on_the_page()
    if page.can_edit_social and page.casefile.status == FileStatus.OPEN:
        forms["problem_form"] = bound.get("problem_form") or ProblemForm(
            prefix="problem", offered=offered
        )
        draft = {"initial": intervention_draft} if intervention_draft else {}
        forms["intervention_form"] = bound.get("intervention_form") or InterventionForm(
            prefix="intervention", open_problems=page.open_problems, offered=offered, **draft
        )
        forms["aid_form"] = bound.get("aid_form") or AidRequestForm(prefix="aid", offered=offered)
        forms.update(_situation_forms(page, offered, bound))
    if page.can_write_notes and page.casefile.status == FileStatus.OPEN:
        forms["note_form"] = bound.get("note_form") or NoteForm(
            prefix="note", casefile_id=page.casefile.pk
        )
    # A refused entry keeps its form and its error, even on a page that offers none (a
    # file frozen meanwhile).
    forms.update({name: form for name, form in bound.items() if form is not None})
    for name, (field, letter) in ENTRY_SHORTCUTS.items():
        if name in forms:
            forms[name].fields[field].widget.attrs["data-shortcut"] = letter
    return forms


@compiled
def _offered_on_the_page() -> QuerySet[Item]:
    return Item.objects.offered(
        Family.PROBLEM, Family.INTERVENTION, Family.AID, Family.SITUATION, Family.POPULATION_SURVEY
    )


def _situation_forms(page, offered: list[Item], bound: dict) -> dict:
    """The situation's and the population survey's forms of the file page, on the items
    of each family the actor's roles may see, with the current values."""
    current = {value.item_id: value for value in page.situation + page.survey}
    forms = {}
    for name, family in (
        ("situation_form", Family.SITUATION),
        ("survey_form", Family.POPULATION_SURVEY),
    ):
        items = [i for i in offered if i.family == family and visible_to(i, page.roles)]
        if not items:
            continue
        if bound.get(name):
            forms[name] = bound[name]
        elif family == Family.SITUATION:
            # Folded on the page: fetched when unfolded (situation.views.situation_entry_form).
            forms["situation_form_later"] = True
        else:
            forms[name] = SituationForm(
                prefix=name.removesuffix("_form"), items=items, current=current
            )
    return forms


def _emergency_grant(actor, casefile):
    """The running emergency access through which the actor sees this file, if the file
    is not of their offices (no query otherwise)."""
    if casefile.office_id in offices_where(actor, Can.VIEW_IDENTITY):
        return None
    return active_grant_for(actor=actor, casefile_id=casefile.pk)


def render_file_page(
    request, pk, *, status=200, saved=None, refusal=None, cards=(), draft=None, **bound
):
    """The file page; for htmx, only the `cards` an entry changed (the first swapped where
    the entry was made, the others out of band), or the whole body when no card is named.
    Quick entry during an interview never reloads the page nor wipes another card."""
    page = file_selectors.file_page_for(actor=request.user, pk=pk)
    # The notices, oppositions, corrections and limitation: privacy's panel of the page.
    notice_status = privacy().file_panel_for(actor=request.user, casefile=page.casefile)
    if notice_status is not None and notice_status.limitation is not None:
        page.freeze()
    context = {
        "page": page,
        "casefile": page.casefile,
        "notice_status": notice_status,
        "saved": saved,
        "refusal": refusal,
        "emergency_grant": _emergency_grant(request.user, page.casefile),
        "cards": cards,
        **entry_forms(page, intervention_draft=draft, **bound),
    }
    template = "casefiles/casefile_detail.html"
    if request.htmx:
        template = "casefiles/includes/file_cards.html" if cards else template + "#file_body"
    return render(request, template, context, status=status)


def after_entry(request, pk, saved, cards=(), draft=None):
    """After a successful quick entry: the refreshed cards for htmx, a redirect otherwise."""
    if request.htmx:
        return render_file_page(request, pk, saved=saved, cards=cards, draft=draft)
    messages.success(request, saved)
    return redirect("casefile_detail", pk=pk)


def require(request, capability: Can, office_id: int) -> None:
    """A form the user could not save answers 404 from the start, like the service would
    at the end, instead of letting them fill it in for nothing."""
    require_office(request.user, capability, office_id)


def require_file(request, pk, capability: Can) -> None:
    """The same for an entry posted on a file: refused before the form is even read, so
    that a role without the right learns nothing from the form's errors."""
    get_or_404(CaseFile.objects.all(), request.user, capability, pk, office_path="office_id")


def file_url(pk) -> str:
    return reverse("casefile_detail", args=[pk])


def today():
    return timezone.localdate()


def button_act(request, pk, call, saved, cards=(), draft=None):
    """A one-click act of the file page (close a problem, submit a request): a refusal,
    such as someone else's change in the meantime, is shown in the status line above the
    refreshed cards."""
    refusal: list[str] = []
    if run_service(refusal, call) is None:
        return render_file_page(
            request, pk, status=409, refusal=" ".join(refusal), cards=cards, draft=draft
        )
    return after_entry(request, pk, saved, cards=cards, draft=draft)


def chosen_office(request, capability=Can.VIEW_RECEPTION) -> Office:
    """The office asked for (?office=), else the first where the user has the right."""
    allowed = offices_where(request.user, capability)
    wanted = request.GET.get("office") or request.POST.get("office")
    if wanted:
        if not wanted.isdigit() or int(wanted) not in allowed:
            raise Http404
        office_id = int(wanted)
    elif allowed:
        office_id = min(allowed)
    else:
        raise Http404
    return Office.objects.get(pk=office_id)


def permitted_offices(request, capability=Can.VIEW_RECEPTION):
    """The offices where the user has the right, for the page's choice of office."""
    return Office.objects.filter(pk__in=offices_where(request.user, capability)).order_by("name")
