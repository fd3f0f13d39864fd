"""Forms for a signed-in learner's own account: change the e-mail address, delete the account.

Both ask for the current password, checked through `authenticate` so django-axes counts a wrong
guess as it counts one at the log-in form.
"""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.http import HttpRequest


class PasswordCheckForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request: HttpRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = authenticate(
            self.request, username=self.request.user.get_username(), password=password
        )
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError("That is not your password.")
        return password


class EmailChangeForm(PasswordCheckForm):
    email = forms.EmailField(
        label="New e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We send a link to it; the address changes when you open the link.",
    )
    field_order = ["email", "password"]

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if email.lower() == (self.request.user.email or "").lower():
            raise forms.ValidationError("That is already your address.")
        if User.objects.filter(email__iexact=email).exclude(pk=self.request.user.pk).exists():
            raise forms.ValidationError("Another account uses that address.")
        return email


class DeleteAccountForm(PasswordCheckForm):
    pass
