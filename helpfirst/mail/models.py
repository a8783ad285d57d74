"""E-mail capture: models."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone

from helpfirst.team.models import Team


def new_drop_local_part() -> str:
    """A hard-to-guess local part for a team's BCC drop address, e.g. ``bcc-k3v9q2m7x1``."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "bcc-" + "".join(secrets.choice(alphabet) for _ in range(10))


class MailSettings(models.Model):
    """How a team captures e-mail: which addresses are ours, whether bodies are kept.

    Subjects and addresses are always stored with an e-mail interaction; the body only when
    ``store_bodies`` is on. Mailbox passwords are never stored: a mailbox names the environment
    variable that holds its password (see ``helpfirst mail sync --password-env``).
    """

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="mail_settings")
    store_bodies = models.BooleanField(
        default=False,
        help_text="Keep the text of each e-mail (off: subject and addresses only; "
        "turning it off deletes the bodies already kept).",
    )
    team_domains = models.JSONField(
        default=list,
        blank=True,
        help_text="Domains whose senders are us, e.g. ['acme.com']; team members' own "
        "addresses always count.",
    )
    drop_local_part = models.CharField(
        max_length=64,
        unique=True,
        default=new_drop_local_part,
        help_text="The part before @ of the BCC drop address.",
    )
    drop_domain = models.CharField(
        max_length=253,
        blank=True,
        help_text="The domain whose mail reaches the receiver (helpfirst mail receive), "
        "e.g. in.acme.com.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "mail settings"
        verbose_name_plural = "mail settings"

    def __str__(self) -> str:
        return f"Mail settings of {self.team}"

    @property
    def drop_address(self) -> str:
        return f"{self.drop_local_part}@{self.drop_domain or 'your-receiver-domain'}"
