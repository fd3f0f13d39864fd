from django.contrib import admin
from django.urls import include, path

from interviewprep import health

urlpatterns = [
    path("", include("questions.urls")),
    path("", include("study.urls")),
    path("search/", include("search.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
