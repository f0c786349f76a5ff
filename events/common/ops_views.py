"""The operator's endpoints: /healthz (liveness), /readyz (readiness), /metrics (Prometheus).

None of them is cached, translated or behind a session; /metrics needs a token or an allowed
network (events/common/metrics.py). docs/operations.md tells how to wire them up.
"""

import time

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from events.common.health import readiness_run
from events.common.metrics import metrics_allowed, metrics_page


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: this process answers. Restart it when this fails; nothing else is asked."""
    started = time.perf_counter()
    return JsonResponse(
        {
            "status": "ok",
            "checks": {
                "process": {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 2)}
            },
        }
    )


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: database, cache, broker and file store reachable, migrations applied.

    503 while any check fails, so that the load balancer sends no traffic here.
    """
    results = readiness_run()
    ready = all(result.ok for result in results)
    return JsonResponse(
        {
            "status": "ok" if ready else "fail",
            "checks": {result.name: result.as_json() for result in results},
        },
        status=200 if ready else 503,
    )


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse(
            "Metrics need a token (Authorization: Bearer) or an allowed network.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(metrics_page(), content_type=CONTENT_TYPE_LATEST)
