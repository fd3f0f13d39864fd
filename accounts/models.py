from django.db import models


class RequestCount(models.Model):
    """How many times one client did one rate-limited thing in one time window (accounts.throttle).

    `key` names the rate, the window and a hash of the client (an address or an e-mail address,
    never stored in the clear). Rows are deleted once their window has passed.
    """

    key = models.CharField(max_length=120, unique=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
