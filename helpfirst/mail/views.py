"""E-mail capture: the page that shows and edits a team's mail settings and mailboxes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from helpfirst.capture import health
from helpfirst.capture.models import CaptureKind, CaptureSource
from helpfirst.mail.forms import MailSettingsForm
from helpfirst.mail.models import new_drop_local_part
from helpfirst.mail.services import forget_bodies, settings_for

FILES_SHOWN = 10  # the most recent file imports; capture health lists them all


def _can_edit(user) -> bool:
    return user.sees_whole_team


def mail_settings_page(request):
    """Everyone on the team sees the drop address and mailboxes; managers and admins edit."""
    if request.user.team_id is None:
        raise Http404
    mail_settings = settings_for(request.user.team_id)
    can_edit = _can_edit(request.user)
    form = MailSettingsForm(instance=mail_settings) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Only managers and admins change the mail settings.")
        if request.POST.get("action") == "new-drop-address":
            mail_settings.drop_local_part = new_drop_local_part()
            mail_settings.updated_at = timezone.now()
            mail_settings.save(update_fields=["drop_local_part", "updated_at"])
            messages.success(request, "New drop address made; the old one no longer works.")
            return redirect("mail-settings")
        kept_bodies = mail_settings.store_bodies
        form = MailSettingsForm(request.POST, instance=mail_settings)
        if form.is_valid():
            saved = form.save(commit=False)
            saved.updated_at = timezone.now()
            with transaction.atomic():
                saved.save()
                forgotten = (
                    forget_bodies(saved.team_id) if kept_bodies and not saved.store_bodies else 0
                )
            note = f" {forgotten} kept e-mail bodies deleted." if forgotten else ""
            messages.success(request, "Mail settings saved." + note)
            return redirect("mail-settings")
    team_sources = CaptureSource.objects.filter(team_id=request.user.team_id)
    live = list(team_sources.filter(kind__in=(CaptureKind.IMAP, CaptureKind.BCC_DROP)))
    files = team_sources.filter(kind=CaptureKind.MAIL_FILE).order_by(
        F("last_attempt_at").desc(nulls_last=True), "-pk"
    )
    shown_files = list(files[:FILES_SHOWN])
    request.nav_section = "mail"
    return render(
        request,
        "mail/settings.html",
        {
            "mail_settings": mail_settings,
            "form": form,
            "can_edit": can_edit,
            "sources": [health.judge(s) for s in [*live, *shown_files]],
            "more_files": max(0, files.count() - len(shown_files)),
        },
    )
