"""Optional TOTP two-factor sign-in (RFC 6238, any authenticator app) with recovery codes."""

from __future__ import annotations

import hashlib
import secrets

import pyotp
import segno
from django.db import transaction
from django.utils import timezone

from helpfirst.team.models import TwoFactor, User

ISSUER = "helpfirst"
RECOVERY_CODES = 10


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """Return the QR code of ``uri`` as an SVG ``data:`` URI (allowed by our CSP's img-src)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def new_recovery_codes() -> list[str]:
    """Return fresh one-time recovery codes like ``k3m9-x2p7-q4ra`` (60 random bits each)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(alphabet) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    return codes


def active_for(user: User) -> TwoFactor | None:
    """Return the user's confirmed second factor, if they enrolled one."""
    device = TwoFactor.objects.filter(user=user).first()
    return device if device is not None and device.is_active else None


def _totp_step(secret: str, code: str) -> int | None:
    """Return the time step ``code`` is valid for (now, or one step either side), else None."""
    code = code.replace(" ", "").strip()
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    for offset in (0, -1, 1):
        at = now.timestamp() + offset * totp.interval
        if secrets.compare_digest(totp.at(at), code):
            return int(at // totp.interval)
    return None


def confirm(user: User, secret: str, code: str) -> list[str] | None:
    """Enrol ``user`` if ``code`` matches ``secret``; return the recovery codes (shown once)."""
    step = _totp_step(secret, code)
    if step is None:
        return None
    codes = new_recovery_codes()
    TwoFactor.objects.update_or_create(
        user=user,
        defaults={
            "secret": secret,
            "confirmed_at": timezone.now(),
            "recovery_code_hashes": [_hash_code(c) for c in codes],
            "last_used_step": step,
        },
    )
    return codes


def verify(device: TwoFactor, code: str) -> bool:
    """Accept a current TOTP code (each time step once) or an unused recovery code."""
    with transaction.atomic():
        device = TwoFactor.objects.select_for_update().get(pk=device.pk)
        step = _totp_step(device.secret, code)
        if step is not None:
            if step <= device.last_used_step:
                return False  # replayed
            device.last_used_step = step
            device.save(update_fields=["last_used_step"])
            return True
        hashed = _hash_code(code)
        if hashed in device.recovery_code_hashes:
            device.recovery_code_hashes = [h for h in device.recovery_code_hashes if h != hashed]
            device.save(update_fields=["recovery_code_hashes"])
            return True
    return False


def disable(user: User) -> None:
    TwoFactor.objects.filter(user=user).delete()
