"""Sign-in lockout: too many failures for one username, or from one IP address, lock it out.

Failures are rows in the database (``LoginFailure``), so every gunicorn worker sees them. A
successful sign-in clears the username's failures; an admin unlocks a user from the admin (the
"Unlock sign-in" action on users) or with :func:`unlock`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from helpfirst.team.models import LoginFailure


@dataclass(frozen=True)
class Lockout:
    """Why sign-in is refused, and until when."""

    until: datetime
    by_address: bool

    @property
    def message(self) -> str:
        minutes = max(1, round((self.until - timezone.now()).total_seconds() / 60))
        who = "from this address" if self.by_address else "for this username"
        return (
            f"Too many failed sign-ins {who}. Try again in {minutes} minute"
            f"{'' if minutes == 1 else 's'}, or ask an admin to unlock the account."
        )


def _window() -> timedelta:
    return timedelta(minutes=settings.HELPFIRST_LOGIN_LOCKOUT_MINUTES)


def _locked_until(failures, limit: int) -> datetime | None:
    times = list(failures.order_by("-failed_at").values_list("failed_at", flat=True)[:limit])
    if limit <= 0 or len(times) < limit:
        return None
    return times[-1] + _window()  # the limit-th most recent failure, plus the window


def current_lockout(username: str, ip_address: str) -> Lockout | None:
    """Return the lockout that applies to this username or address now, if any."""
    since = timezone.now() - _window()
    recent = LoginFailure.objects.filter(failed_at__gt=since)
    until = _locked_until(
        recent.filter(username__iexact=username), settings.HELPFIRST_LOGIN_FAILURE_LIMIT
    )
    if until is not None:
        return Lockout(until=until, by_address=False)
    until = _locked_until(
        recent.filter(ip_address=ip_address), settings.HELPFIRST_LOGIN_IP_FAILURE_LIMIT
    )
    if until is not None:
        return Lockout(until=until, by_address=True)
    return None


def record_failure(username: str, ip_address: str) -> None:
    """Remember one failed sign-in (and forget failures older than the window)."""
    LoginFailure.objects.create(username=username[:150], ip_address=ip_address[:64])
    LoginFailure.objects.filter(failed_at__lt=timezone.now() - 2 * _window()).delete()


def clear_failures(username: str) -> None:
    """Forget a username's failures (after a successful sign-in)."""
    LoginFailure.objects.filter(username__iexact=username).delete()


def unlock(username: str) -> int:
    """Unlock a username (admin action); return how many failures were forgotten."""
    deleted, _ = LoginFailure.objects.filter(username__iexact=username).delete()
    return deleted
