from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from events.api import api
from events.api.core import api_not_found
from events.common.csp import csp_report
from events.common.ops_views import healthz, metrics, readyz
from events.views import bench_constant, bench_insert

# One sign-in for everyone: the admin's login page sends staff to allauth's, with its rate limits
# and its two-step stage (events/common/staff.py requires the second step for some staff).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("csp-report/", csp_report, name="csp_report"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    # The open-data API is one address for every language (?lang= or Accept-Language).
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", api_not_found),
]

if getattr(settings, "BENCH_CONSTANT_VIEW", False):
    # The benchmarks' yardstick (bench/harness.py); never routed unless the bench turns it on.
    urlpatterns.append(path("bench/constant", bench_constant, name="bench_constant"))
    urlpatterns.append(path("bench/insert", bench_insert, name="bench_insert"))

# Korean, the first language, is unprefixed; English lives under /en/.
# The public pages come first: Django tries patterns in order, and walking the admin's and
# allauth's dozens of patterns before every cached hit cost a tenth of a hit (bench/README.md).
# No two of these overlap, so the order decides nothing else.
urlpatterns += i18n_patterns(
    path("", include("events.urls")),
    path("", include("exhibits.urls")),
    path("", include("participants.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
