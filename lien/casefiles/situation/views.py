"""The situation form of a file. The form shows only the items the actor's role may see;
the service checks each value against its item and saves all or nothing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lien.base.forms import run_service

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
                _("Situation saved (%(count)s change).") % {"count": changed}
                if changed == 1
                else _("Situation saved (%(count)s changes).") % {"count": changed},
            )
            return redirect("casefile_detail", pk=data.casefile.pk)
    return render(
        request,
        "casefiles/situation_form.html",
        {"form": form, "casefile": data.casefile, "items": data.items},
    )
