"""The situation form of a file, and the quick entry of the situation and of the
population survey on the file page (htmx, like problems). The forms show only the items
the actor's role may see; the service checks each value against its item and saves all
or nothing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from lien.accounts.policy import Can
from lien.base.forms import run_service
from lien.catalog.models import Family

from ..views.common import SITUATION_CARD, SURVEY_CARD, after_entry, render_file_page, require_file
from . import selectors, services
from .forms import SituationForm


def situation_edit(request, pk: int):
    data = selectors.situation_form_for(actor=request.user, pk=pk)
    form = SituationForm(request.POST or None, items=data.items, current=data.current)
    if request.method == "POST" and form.is_valid():
        changed = run_service(
            form,
            lambda: services.record_situation_values(
                actor=request.user, casefile_id=data.casefile.pk, values=form.values()
            ),
        )
        if changed is not None:  # 0 when nothing changed
            messages.success(
                request,
                ngettext(
                    "Situation saved (%(count)s change).",
                    "Situation saved (%(count)s changes).",
                    changed,
                )
                % {"count": changed},
            )
            return redirect("casefile_detail", pk=data.casefile.pk)
    return render(
        request,
        "casefiles/situation_form.html",
        {"form": form, "casefile": data.casefile, "items": data.items},
    )


@require_GET
def situation_entry_form(request, pk: int):
    """The situation's quick-entry form, fetched when its fold on the file page is opened;
    asked for outside htmx, the situation's own page (to whoever may edit it)."""
    if not request.htmx:
        require_file(request, pk, Can.EDIT_SOCIAL)
        return redirect("situation_edit", pk=pk)
    data = selectors.situation_form_for(actor=request.user, pk=pk)
    form = SituationForm(prefix="situation", items=data.items, current=data.current)
    return render(
        request,
        "casefiles/includes/situation_entry.html",
        {"situation_form": form, "casefile": data.casefile},
    )


def _quick_entry(request, pk: int, *, family: str, name: str, card: str, saved: str):
    require_file(request, pk, Can.EDIT_SOCIAL)
    data = selectors.situation_form_for(actor=request.user, pk=pk, family=family)
    form = SituationForm(request.POST, prefix=name, items=data.items, current=data.current)
    changed = form.is_valid() and run_service(
        form,
        lambda: services.record_situation_values(
            actor=request.user, casefile_id=pk, values=form.values(), family=family
        ),
    )
    # 0 when nothing changed: saved all the same; False or None when refused.
    if changed is not None and changed is not False:
        return after_entry(request, pk, saved, cards=(card,))
    return render_file_page(request, pk, status=422, cards=(card,), **{f"{name}_form": form})


@require_POST
def situation_entry(request, pk: int):
    return _quick_entry(
        request,
        pk,
        family=Family.SITUATION,
        name="situation",
        card=SITUATION_CARD,
        saved=_("Situation saved."),
    )


@require_POST
def survey_entry(request, pk: int):
    return _quick_entry(
        request,
        pk,
        family=Family.POPULATION_SURVEY,
        name="survey",
        card=SURVEY_CARD,
        saved=_("Population survey answers saved."),
    )
