from django.urls import include, path

from tools.bench import views

urlpatterns = [
    path("_bench/trivial", views.trivial),
    path("_bench/trivial-user", views.trivial_user),
    path("", include("interviewprep.urls")),
]
