"""Create and change tracked sites: origins and page rules are checked before anything is saved."""

from __future__ import annotations

from django.db import transaction

from helpfirst.capture.models import CaptureSource
from helpfirst.core.website import origins, page_rules
from helpfirst.core.website.errors import TrackingSetupError
from helpfirst.tracking.models import IpPolicy, TeamTrackingSettings, TrackedSite, new_site_key

EDITABLE = (
    "name",
    "allowed_origins",
    "page_rules",
    "ip_policy",
    "consent_required",
    "events_per_minute",
    "enabled",
)


def can_manage_sites(user) -> bool:
    """Managers and admins set up tracking for their team; reps only read what it captured."""
    return bool(user.is_authenticated and user.team_id and user.sees_whole_team)


def _clean(fields: dict) -> dict:
    out = dict(fields)
    if "name" in out:
        out["name"] = str(out["name"] or "").strip()[:200]
        if not out["name"]:
            raise TrackingSetupError("Give the site a name.", field="name")
    if "allowed_origins" in out:
        value = out["allowed_origins"]
        text = value if isinstance(value, str) else "\n".join(value or [])
        out["allowed_origins"] = origins.parse_origins(text)
        if not out["allowed_origins"]:
            raise TrackingSetupError(
                "Name at least one origin, e.g. https://www.example.com.", field="allowed_origins"
            )
    if "page_rules" in out:
        rules = page_rules.parse_rules(out["page_rules"] or "")
        out["page_rules"] = page_rules.format_rules(rules)
    if "ip_policy" in out and out["ip_policy"] not in IpPolicy.values:
        raise TrackingSetupError("ip_policy must be drop or truncate.", field="ip_policy")
    if "events_per_minute" in out:
        try:
            limit = int(out["events_per_minute"])
        except (TypeError, ValueError):
            raise TrackingSetupError(
                "events_per_minute must be a number.", field="events_per_minute"
            ) from None
        if not 1 <= limit <= 1_000_000:
            raise TrackingSetupError(
                "events_per_minute must be between 1 and 1,000,000.", field="events_per_minute"
            )
        out["events_per_minute"] = limit
    return out


def create_site(team_id: int, *, name: str, allowed_origins, **fields) -> TrackedSite:
    """Create a site with a fresh public key; raise :class:`TrackingSetupError` on bad input."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TrackingSetupError(f"Unknown site field(s): {', '.join(sorted(unknown))}.")
    clean = _clean({"name": name, "allowed_origins": allowed_origins, **fields})
    return TrackedSite.objects.create(team_id=team_id, **clean)


def update_site(site: TrackedSite, **fields) -> TrackedSite:
    """Change a site; renaming it renames its capture source too."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TrackingSetupError(f"Unknown site field(s): {', '.join(sorted(unknown))}.")
    clean = _clean(fields)
    old_name = site.capture_name
    with transaction.atomic():
        for key, value in clean.items():
            setattr(site, key, value)
        site.save()
        if site.capture_name != old_name:
            CaptureSource.objects.filter(
                team_id=site.team_id, kind="website", name=old_name
            ).update(name=site.capture_name)
    _forget_cached(site)
    return site


def rotate_key(site: TrackedSite) -> str:
    """Give the site a new public key (the old one stops working at once)."""
    site.site_key = new_site_key()
    site.save(update_fields=["site_key"])
    _forget_cached(site)
    return site.site_key


def _forget_cached(site: TrackedSite) -> None:
    """Drop this process's cached copy (other processes see the change within seconds)."""
    from helpfirst.tracking.collect import SITES

    SITES.clear()


def team_settings(team_id: int) -> TeamTrackingSettings:
    settings_row, _ = TeamTrackingSettings.objects.get_or_create(team_id=team_id)
    return settings_row


def snippet_tag(site: TrackedSite, base_url: str) -> str:
    """The one ``<script>`` tag to paste into every page of the site."""
    base = base_url.rstrip("/")
    consent = ' data-consent="required"' if site.consent_required else ""
    return (
        f'<script src="{base}/static/tracking/helpfirst.js" data-site-key="{site.site_key}" '
        f'data-endpoint="{base}/t/collect"{consent} defer></script>'
    )
