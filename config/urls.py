from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from events.views import bench_constant, bench_insert, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
]

if getattr(settings, "BENCH_CONSTANT_VIEW", False):
    # The benchmarks' yardstick (bench/harness.py); never routed unless the bench turns it on.
    urlpatterns.append(path("bench/constant", bench_constant, name="bench_constant"))
    urlpatterns.append(path("bench/insert", bench_insert, name="bench_insert"))

# Korean, the first language, is unprefixed; English lives under /en/.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("participants.urls")),
    path("", include("exhibits.urls")),
    path("", include("events.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
