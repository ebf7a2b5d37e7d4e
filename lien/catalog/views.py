"""Pages of the catalogue's governance: the DPO's approvals, usage, versions, import and
export (the generated documents are in `lien.privacy.register`). Views translate HTTP;
decisions are in the selectors and services."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can, can
from lien.base.forms import run_service

from . import exchange, selectors, services
from .forms import ImportForm, ItemFilterForm, RefuseForm, UsageForm
from .models import Status
from .rules import activation_faults


def catalog_home(request):
    user = request.user
    if not (can(user, Can.MANAGE_CATALOG) or can(user, Can.READ_REGISTER)):
        raise Http404
    items = selectors.catalog_items_for(actor=user)
    counts = dict.fromkeys(Status.values, 0)
    for item in items:
        counts[item.status] += 1
    pending = [i for i in items if i.awaiting_approval]
    return render(
        request,
        "catalog/home.html",
        {
            "counts": [(Status(s).label, n) for s, n in counts.items()],
            "pending": pending,
            "can_manage": can(user, Can.MANAGE_CATALOG),
            "can_approve": can(user, Can.APPROVE_CATALOG_ITEMS),
        },
    )


def item_list(request):
    form = ItemFilterForm(request.GET or None)
    items = selectors.catalog_items_for(actor=request.user)
    if form.is_valid():
        wanted = {k: v for k, v in form.cleaned_data.items() if v}
        items = [i for i in items if all(getattr(i, k) == v for k, v in wanted.items())]
    return render(request, "catalog/item_list.html", {"form": form, "items": items})


def item_detail(request, pk: int):
    item = selectors.item_for(actor=request.user, pk=pk)
    history = selectors.item_history_for(actor=request.user, item_id=item.pk)
    return render(
        request,
        "catalog/item_detail.html",
        {
            "item": item,
            "history": history,
            "faults": activation_faults(item),
            "can_manage": can(request.user, Can.MANAGE_CATALOG),
        },
    )


def approvals(request):
    items = selectors.items_awaiting_approval_for(actor=request.user)
    return render(
        request,
        "catalog/approvals.html",
        {"items": items, "forms": {i.pk: RefuseForm(prefix=f"refuse-{i.pk}") for i in items}},
    )


@require_POST
def approve(request, pk: int):
    item = run_service(request, lambda: services.approve_item(actor=request.user, item_id=pk))
    if item is not None:
        messages.success(request, _("%(item)s is approved and now offered.") % {"item": item})
    return redirect("catalog_approvals")


@require_POST
def refuse(request, pk: int):
    items = selectors.items_awaiting_approval_for(actor=request.user)
    if pk not in {i.pk for i in items}:
        raise Http404  # before reading the form: a forged id answers like a missing one
    form = RefuseForm(request.POST, prefix=f"refuse-{pk}")
    if form.is_valid():
        item = run_service(
            form,
            lambda: services.refuse_item(
                actor=request.user, item_id=pk, reason=form.cleaned_data["reason"]
            ),
        )
        if item is not None:
            messages.success(
                request, _("%(item)s is sent back to the administrator.") % {"item": item}
            )
            return redirect("catalog_approvals")
    forms = {i.pk: RefuseForm(prefix=f"refuse-{i.pk}") for i in items}
    forms[pk] = form
    return render(request, "catalog/approvals.html", {"items": items, "forms": forms}, status=400)


def usage(request):
    form = UsageForm(request.GET or None, initial=UsageForm.default_period())
    lines = None
    if form.is_bound and form.is_valid():
        period = form.cleaned_data
    elif not form.is_bound:
        period = {**UsageForm.default_period(), "office": None}
    else:
        period = None
    if period is not None:
        lines = selectors.usage_report_for(
            actor=request.user,
            start=period["start"],
            end=period["end"],
            office_id=period["office"].pk if period.get("office") else None,
        )
    return render(
        request,
        "catalog/usage.html",
        {
            "form": form,
            "lines": lines,
            "to_retire": [line for line in lines or [] if line.propose_retirement],
        },
    )


def versions(request):
    return render(
        request, "catalog/versions.html", {"versions": selectors.versions_for(actor=request.user)}
    )


def version_diff(request, number: int):
    against = request.GET.get("against")
    try:
        against = int(against) if against else None
    except ValueError:
        raise Http404 from None
    result = selectors.version_diff_for(actor=request.user, number=number, against=against)
    return render(request, "catalog/version_diff.html", {"result": result})


def export(request, fmt: str):
    if fmt not in ("yaml", "xlsx"):
        raise Http404
    items = selectors.catalog_items_for(actor=request.user, export=fmt)
    if fmt == "yaml":
        response = HttpResponse(
            exchange.to_yaml(items), content_type="application/yaml; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            exchange.to_xlsx(items),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="catalogue.{fmt}"'
    return response


def import_view(request):
    if not can(request.user, Can.MANAGE_CATALOG):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    faults: list[str] = []  # the rules the file breaks, when it is refused
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # An unreadable file is refused like a file that breaks the rules: in `faults`.
        result = run_service(
            faults,
            lambda: services.import_catalog(
                actor=request.user, rows=_rows_of(upload), note=form.cleaned_data["note"]
            ),
        )
        if result is None:
            form.add_error(
                "file",
                _("The file breaks %(n)s rule(s), listed below: nothing was imported.")
                % {"n": len(faults)},
            )
        else:
            assert result.version is not None  # an import always makes a new version
            messages.success(
                request,
                _("Catalogue imported: version %(n)s.") % {"n": result.version.number},
            )
    return render(
        request, "catalog/import.html", {"form": form, "result": result, "faults": faults}
    )


def _rows_of(upload) -> list:
    """The rows of an uploaded catalogue, YAML or spreadsheet (ImportFormatError, a
    ValidationError, when it cannot be read)."""
    data = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        return exchange.read_xlsx(data)
    return exchange.read_yaml(data)
