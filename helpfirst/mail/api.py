"""E-mail capture: REST API (the team's mail settings; managers and admins change them)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema

from helpfirst.core.errors import DataValidationError
from helpfirst.mail.forms import clean_domains
from helpfirst.mail.services import forget_bodies, settings_for

router = Router(tags=["E-mail capture"])


class MailSettingsIn(Schema):
    store_bodies: bool = False
    team_domains: list[str] = Field(default_factory=list, max_length=100)
    drop_domain: str = Field("", max_length=253)


class MailSettingsOut(MailSettingsIn):
    drop_local_part: str
    drop_address: str
    updated_at: datetime


def _team_id(request) -> int:
    if request.auth.team_id is None:
        raise Http404
    return request.auth.team_id


def _out(found) -> MailSettingsOut:
    return MailSettingsOut(
        store_bodies=found.store_bodies,
        team_domains=list(found.team_domains or []),
        drop_domain=found.drop_domain,
        drop_local_part=found.drop_local_part,
        drop_address=found.drop_address,
        updated_at=found.updated_at,
    )


@router.get("/mail/settings", response=MailSettingsOut)
def get_mail_settings(request):
    """Your team's mail settings: whether bodies are kept, our domains, the BCC drop address."""
    return _out(settings_for(_team_id(request)))


@router.put("/mail/settings", response=MailSettingsOut)
def put_mail_settings(request, payload: MailSettingsIn):
    """Change your team's mail settings (managers and admins).

    Turning ``store_bodies`` off deletes the e-mail bodies already kept.
    """
    team_id = _team_id(request)
    if not request.auth.sees_whole_team:
        raise PermissionDenied("Only managers and admins change the mail settings.")
    try:
        domains = clean_domains(payload.team_domains)
    except ValueError as exc:
        raise DataValidationError(str(exc), field="team_domains") from exc
    drop_domain = ""
    if payload.drop_domain.strip():
        try:
            drop_domain = clean_domains([payload.drop_domain])[0]
        except ValueError as exc:
            raise DataValidationError(str(exc), field="drop_domain") from exc
    found = settings_for(team_id)
    kept_bodies = found.store_bodies
    found.store_bodies = payload.store_bodies
    found.team_domains = domains
    found.drop_domain = drop_domain
    found.updated_at = timezone.now()
    with transaction.atomic():
        found.save()
        if kept_bodies and not found.store_bodies:
            forget_bodies(team_id)
    return _out(found)
