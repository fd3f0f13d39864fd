from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("questions.urls")),
]

if settings.BENCH:  # only under `make loadtest`
    from questions.views import bench

    urlpatterns[:0] = [
        path("_bench/trivial", bench.trivial),
        path("_bench/trivial-user", bench.trivial_user),
    ]
