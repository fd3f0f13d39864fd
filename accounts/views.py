"""Sign-up, the throttled log-in and password-reset pages, and the lockout page.

Log-out and the password change and reset-confirm views come from django.contrib.auth as they are.
"""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import throttle
from accounts.forms import QueuedPasswordResetForm, SignupForm
from interviewprep.middleware import client_ip

django_login = auth_views.LoginView.as_view()
django_password_reset = auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm)


def safe_next(request: HttpRequest, fallback: str = settings.LOGIN_REDIRECT_URL) -> str:
    """The `next` parameter when it points back into this site, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path or a full URL: redirect() takes a bare word like "0" for a view name and fails.
    if target.startswith(("/", "http://", "https://")) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    if request.method == "POST" and (wait := throttle.hit(throttle.SIGNUP, client_ip(request))):
        return throttle.too_many_requests(request, throttle.SIGNUP, wait)
    form = SignupForm(request.POST or None)
    if form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(safe_next(request))
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": safe_next(request, fallback="")},
    )


def login_view(request: HttpRequest) -> HttpResponse:
    """Django's LoginView, after a look at the address's recent failures (accounts.backends)."""
    if request.method == "POST" and (
        wait := throttle.check(throttle.FAILED_LOGINS, client_ip(request))
    ):
        return throttle.too_many_requests(request, throttle.FAILED_LOGINS, wait)
    return django_login(request)


def password_reset(request: HttpRequest) -> HttpResponse:
    """Django's PasswordResetView with a per-address limit; the mail goes out from the worker."""
    if request.method == "POST" and (
        wait := throttle.hit(throttle.PASSWORD_RESET, client_ip(request))
    ):
        return throttle.too_many_requests(request, throttle.PASSWORD_RESET, wait)
    return django_password_reset(request)


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): 429 with a page saying what to do."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
