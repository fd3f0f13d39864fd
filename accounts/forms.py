from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.models import User
from django.contrib.sites.shortcuts import get_current_site

from accounts.tasks import send_password_reset


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        required=False, help_text="Optional; needed only to reset a forgotten password."
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]

    def clean_email(self) -> str:
        """One account per address, whatever its case: a reset mails one learner, not thirty."""
        email = self.cleaned_data["email"]
        if email and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account already uses this e-mail address. Log in, or reset its password."
            )
        return email


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the mail left to the task worker (accounts.tasks)."""

    def save(self, domain_override=None, use_https=False, request=None, **kwargs) -> None:
        domain = domain_override or get_current_site(request).domain
        send_password_reset.enqueue(self.cleaned_data["email"], domain, use_https)
