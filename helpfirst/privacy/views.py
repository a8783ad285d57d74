"""Privacy pages: one contact's data (export, erase), and the team's privacy settings."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpfirst.audit.services import record_export
from helpfirst.privacy import access, retention
from helpfirst.privacy.erasure import erase_contact
from helpfirst.privacy.export import contact_export
from helpfirst.privacy.models import PrivacySettings, RetentionPolicy, RetentionUnit
from helpfirst.team.models import Role

CONFIRM_WORD = "erase"


@require_GET
def contact_privacy(request, pk: int):
    """Show what is held about a contact, with the export and erase actions."""
    contact = access.contact_for(request.user, pk)
    data = contact_export(contact)
    summary = {
        "Interactions": len(data["interactions"]),
        "Stakeholder seats": len(data["stakeholder_seats"]),
        "Calls with their lines": sum(1 for c in data["call_lines"] if c["lines"]),
        "Lines spoken in calls": sum(len(c["lines"]) for c in data["call_lines"]),
        "Other linked records": len(data["linked_records"]),
        "Mentions elsewhere": len(data["mentions"]),
    }
    return render(
        request,
        "privacy/contact_privacy.html",
        {"contact": contact, "summary": summary, "confirm_word": CONFIRM_WORD},
    )


@require_GET
def contact_export_download(request, pk: int):
    """Download everything held about a contact as JSON."""
    contact = access.contact_for(request.user, pk)
    data = contact_export(contact)
    record_export(request.user, "contact", object_id=contact.pk, fmt="json")
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}-{stamp}.json"'
    return response


@require_POST
def contact_erase(request, pk: int):
    """Erase a contact everywhere, after the manager typed the confirmation word."""
    contact = access.contact_for(request.user, pk)
    if request.POST.get("confirm", "").strip().lower() != CONFIRM_WORD:
        messages.error(request, f"Type “{CONFIRM_WORD}” to confirm the erasure.")
        return redirect("privacy-contact", pk=contact.pk)
    account_id = contact.account_id
    report = erase_contact(contact, by=request.user)
    total = sum(report.counts.values())
    messages.success(
        request, f"Contact #{report.contact_id} erased ({total} records removed or scrubbed)."
    )
    return redirect("account-detail", pk=account_id)


def _admin_only(user) -> None:
    if not (getattr(user, "is_authenticated", False) and user.team_id is not None):
        raise Http404("Not found")
    if user.role != Role.ADMIN:
        raise Http404("Not found")


@require_http_methods(["GET", "POST"])
def privacy_settings(request):
    """Admins: card-number redaction on or off, and how long each kind of data is kept."""
    _admin_only(request.user)
    team = request.user.team
    settings_row, _created = PrivacySettings.objects.get_or_create(team=team)
    targets = retention.targets()
    policies = {p.target: p for p in RetentionPolicy.objects.filter(team=team)}
    if request.method == "POST":
        problems = _save_settings(request, team, settings_row, targets, policies)
        if not problems:
            messages.success(request, "Privacy settings saved.")
            return redirect("privacy-settings")
        for problem in problems:
            messages.error(request, problem)
    rows = [
        {"target": t, "policy": policies.get(key), "key": key} for key, t in sorted(targets.items())
    ]
    return render(
        request,
        "privacy/settings.html",
        {"settings_row": settings_row, "rows": rows, "units": RetentionUnit.choices},
    )


def _save_settings(request, team, settings_row, targets, policies) -> list[str]:
    if not request.user.sees_whole_team:
        raise PermissionDenied
    problems = []
    wanted = request.POST.get("redact_card_numbers") == "on"
    if wanted != settings_row.redact_card_numbers:
        settings_row.redact_card_numbers = wanted
        settings_row.updated_at = timezone.now()
        settings_row.save()
    for key, target in targets.items():
        raw = request.POST.get(f"keep_{key}", "").strip()
        unit = request.POST.get(f"unit_{key}", target.default_unit)
        existing = policies.get(key)
        if not raw:
            if existing is not None:
                existing.delete()
            continue
        if not raw.isdigit() or not 1 <= int(raw) <= 1200 or unit not in RetentionUnit.values:
            problems.append(f"{target.label}: give a whole number from 1 to 1200 and a unit.")
            continue
        policy = existing or RetentionPolicy(team=team, target=key)
        if policy.pk and policy.keep_for == int(raw) and policy.unit == unit:
            continue
        policy.keep_for, policy.unit, policy.updated_at = int(raw), unit, timezone.now()
        policy.save()
    return problems
