"""The selling team: users with roles, and their API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Team(models.Model):
    """A selling team: the unit that owns accounts, the playbook and every interaction."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    REP = "rep", "Rep"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Admin"


class User(AbstractUser):
    """A person on a selling team. Reps see their own work; managers and admins the team's."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.REP)

    @property
    def sees_whole_team(self) -> bool:
        return self.role in (Role.MANAGER, Role.ADMIN)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


TOKEN_PREFIX = "hf_"  # noqa: S105 - a public prefix, not a secret


def default_scopes() -> list[str]:
    """Tokens read and write unless created read-only."""
    return ["read", "write"]


def hash_token(raw: str) -> str:
    """Hash an API token for storage (tokens are 256-bit random, so one SHA-256 pass suffices)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A per-user API token. Only its hash is stored; it can be revoked and can expire."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise a token.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    scopes = models.JSONField(
        default=default_scopes, help_text='What the token may do: ["read"] or ["read", "write"].'
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(
        cls, user: User, name: str, expires_at=None, scopes: list[str] | None = None
    ) -> tuple[ApiToken, str]:
        """Create a token for ``user``; return it and the raw key (shown once, never stored)."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[:10],
            key_hash=hash_token(raw),
            expires_at=expires_at,
            scopes=list(scopes or default_scopes()),
        )
        return token, raw

    @property
    def can_write(self) -> bool:
        return "write" in (self.scopes or [])

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now


class RateCounter(models.Model):
    """Requests counted per key (token, user or IP) and minute, shared by every worker."""

    key = models.CharField(max_length=80)
    minute = models.BigIntegerField(help_text="Minutes since the epoch.")
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "minute"], name="team_ratecounter_key_minute")
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.minute}: {self.hits}"


class LoginFailure(models.Model):
    """One failed sign-in, kept for the lockout window (per username and per IP address)."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.CharField(max_length=64, db_index=True)
    failed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.username} from {self.ip_address} at {self.failed_at:%Y-%m-%d %H:%M}"


class TwoFactor(models.Model):
    """A user's TOTP second factor: the shared secret and hashed one-time recovery codes."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    recovery_code_hashes = models.JSONField(default=list, blank=True)
    last_used_step = models.BigIntegerField(
        default=0, help_text="TOTP time step last accepted (a code works once)."
    )

    def __str__(self) -> str:
        return f"two-factor for {self.user}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None
