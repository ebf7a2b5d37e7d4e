"""/healthz and /metrics: open to machines without a session, never audited as reads of
personal data since they carry none."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from .health import run_checks
from .metrics import exposition, may_read_metrics, metrics_enabled


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    failing = [r.name for r in results if not r.ok]
    body = {
        "status": "failing" if failing else "ok",
        "failing": failing,
        "checks": {r.name: {"ok": r.ok, **r.details} for r in results},
    }
    return JsonResponse(body, status=503 if failing else 200)


@login_not_required
@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_enabled():
        raise Http404
    if not may_read_metrics(request):
        return HttpResponseForbidden()
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
