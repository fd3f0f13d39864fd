from django.urls import include, path

from accounts import account_views, views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # Before django.contrib.auth's own, which the include below still provides for the rest.
    path("login/", views.login_view, name="login"),
    path("password_reset/", views.password_reset, name="password_reset"),
    path("email/", account_views.email_change_request, name="email_change"),
    path("email/confirm/<str:token>/", account_views.email_confirm, name="email_confirm"),
    path("delete/", account_views.account_delete, name="account_delete"),
    path("", include("django.contrib.auth.urls")),
]
