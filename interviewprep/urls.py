from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# The study pages first: nearly every request is for one of them, and the resolver tries
# patterns in order (a miss on an include costs it an exception).
urlpatterns = [
    path("", include("questions.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH:  # only under `make loadtest`
    from questions.views import bench

    urlpatterns[:0] = [
        path("_bench/trivial", bench.trivial),
        path("_bench/trivial-user", bench.trivial_user),
    ]
