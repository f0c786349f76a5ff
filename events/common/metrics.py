"""Prometheus metrics: django-prometheus's request and database timings, plus gauges that
higher apps register here (the outbox, door counts), computed from the database at each scrape.

``events`` imports no higher app: participants registers its gauges with ``gauges_register``
when it is ready, as pretix's plug-ins add dashboard widgets. ``/metrics`` (events.views.metrics)
answers only a bearer token (METRICS_TOKEN) or an allowed network (METRICS_ALLOWED_NETWORKS).
"""

import ipaddress
import logging
import os
import secrets
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.multiprocess import MultiProcessCollector

logger = logging.getLogger(__name__)

GaugeSource = Callable[[], Iterable[Metric]]
_sources: dict[str, GaugeSource] = {}


def gauges_register(name: str, source: GaugeSource) -> None:
    """Add (or replace) a source of metrics read at each scrape; ``name`` keeps it unique."""
    _sources[name] = source


class _RegisteredGauges:
    def collect(self) -> Iterable[Metric]:
        for name, source in sorted(_sources.items()):
            try:
                yield from source()
            except Exception:
                # One failing source must not hide the others (nor the request metrics).
                logger.exception("Metrics source %s failed.", name)


def metrics_page() -> bytes:
    """The text exposition of every metric this process (or, with PROMETHEUS_MULTIPROC_DIR, every
    gunicorn worker of this machine) has, and of the registered gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        requests = generate_latest(registry)
    else:
        requests = generate_latest(REGISTRY)
    gauges = CollectorRegistry(auto_describe=False)
    gauges.register(_RegisteredGauges())
    return requests + generate_latest(gauges)


def _client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For can be written by anyone. Behind a reverse proxy, allow
    # the proxy's address or use the token.
    return request.META.get("REMOTE_ADDR", "")


def metrics_allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if given.startswith("Bearer ") and secrets.compare_digest(
            given.removeprefix("Bearer ").encode(), token.encode()
        ):
            return True
    networks = settings.METRICS_ALLOWED_NETWORKS
    if networks:
        try:
            address = ipaddress.ip_address(_client_address(request))
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(network, strict=False) for network in networks)
    return False
