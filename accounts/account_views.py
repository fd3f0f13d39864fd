"""A signed-in learner's own account: change the e-mail address, delete the account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts import deletion, email_change
from accounts.account_forms import DeleteAccountForm, EmailChangeForm


@login_required
def email_change_request(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST or None, request=request)
    if form.is_valid():
        email_change.send_confirmation(request, form.cleaned_data["email"])
        return render(
            request, "accounts/email_change_sent.html", {"new_email": form.cleaned_data["email"]}
        )
    return render(request, "accounts/email_change_form.html", {"form": form})


@login_required
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the address and a button; only the POST changes it."""
    try:
        new_email = email_change.read_token(token, request.user)
    except email_change.WrongAccount:
        raise Http404 from None
    except email_change.InvalidLink as error:
        return render(request, "accounts/email_confirm_invalid.html", {"reason": error}, status=400)
    if request.method == "POST":
        email_change.change_email(request.user, new_email)
        messages.success(request, f"Your e-mail address is now {new_email}.")
        return redirect("your_data")
    return render(request, "accounts/email_confirm.html", {"new_email": new_email})


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, request=request)
    if form.is_valid():
        username = request.user.get_username()
        deletion.delete_learner(request.user)
        logout(request)
        messages.success(request, f"The account “{username}” and everything in it are deleted.")
        return redirect("home")
    context = {"form": form, "counts": counts(request)}
    return render(request, "accounts/account_delete.html", context)


def counts(request: HttpRequest) -> list[str]:
    """What the page says will go, counted through the user's reverse relations."""
    user = request.user
    rows = [
        (user.bookmarks.count(), "bookmark", "bookmarks"),
        (user.notes.count(), "note", "notes"),
        (user.review_cards.count(), "review card", "review cards"),
        (user.review_logs.count(), "review log entry", "review log entries"),
        (user.mock_interviews.count(), "mock interview", "mock interviews, with their answers"),
    ]
    return [f"{n} {one if n == 1 else many}" for n, one, many in rows]
