"""The Prometheus metrics: django-prometheus's (requests and latency by view, database
queries) and Lien's service gauges, served to the addresses or the token allowed.

Lien's gauges describe the service, never its content: nothing per office, per worker
or per file, which would let a count point at someone.
"""

import hmac
import ipaddress
import os
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.http import HttpRequest
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from lien.accounts.lockout import client_address

from .health import run_checks


class LienCollector(Collector):
    """Runs the health checks at each scrape and reports them as gauges."""

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("lien_health_check_up", "1 when the check passes", labels=["check"])
        for result in run_checks():
            up.add_metric([result.name], 1.0 if result.ok else 0.0)
            if result.name == "audit" and result.ok:
                yield GaugeMetricFamily(
                    "lien_audit_events_waiting_to_be_sealed",
                    "Audit events committed and not yet sealed in the chain",
                    value=float(result.details["waiting"]),
                )
                yield GaugeMetricFamily(
                    "lien_audit_chain_head_seq",
                    "Position of the last sealed audit event",
                    value=float(result.details["head"]),
                )
            if result.name == "tasks" and "oldest_waiting_seconds" in result.details:
                yield GaugeMetricFamily(
                    "lien_tasks_oldest_waiting_seconds",
                    "How long the oldest task ready to run has waited",
                    value=float(result.details["oldest_waiting_seconds"]),
                )
        yield up


def exposition() -> bytes:
    """The metrics page: every worker's metrics (PROMETHEUS_MULTIPROC_DIR under gunicorn)
    or this process's, then Lien's gauges, read once for all workers."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    lien = CollectorRegistry(auto_describe=False)
    lien.register(LienCollector())
    return generate_latest(registry) + generate_latest(lien)


def metrics_enabled() -> bool:
    return bool(settings.LIEN_METRICS_TOKEN or settings.LIEN_METRICS_ALLOWED_ADDRESSES)


def _address_allowed(address: str | None, allowed: Iterable[str]) -> bool:
    if not address:
        return False
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(client in ipaddress.ip_network(network, strict=False) for network in allowed)


def _token_given(request: HttpRequest, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


def may_read_metrics(request: HttpRequest) -> bool:
    """The bearer token LIEN_METRICS_TOKEN, or a client address in
    LIEN_METRICS_ALLOWED_ADDRESSES (addresses or networks, read as the lockout reads them
    behind LIEN_PROXY_COUNT proxies)."""
    token = settings.LIEN_METRICS_TOKEN
    if token and _token_given(request, token):
        return True
    return _address_allowed(client_address(request), settings.LIEN_METRICS_ALLOWED_ADDRESSES)
