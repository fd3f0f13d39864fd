"""Mail sent by the task worker (`manage.py db_worker`), never inside a request.

A password-reset request only enqueues `send_password_reset`, whether or not the address
belongs to an account, so the response takes the same time either way and reveals nothing.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.tasks import task

from accounts import throttle


@task()
def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    """Mail a reset link to every active account with this address, a few times an hour at most."""
    if throttle.hit(throttle.RESET_MAIL, email):
        return
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
