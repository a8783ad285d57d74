"""Website tracking: REST API. Sites are managed by managers and admins; everything is scoped
to the caller's team (another team's site is a 404)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from helpfirst.site.api_types import PathId
from helpfirst.team import permissions
from helpfirst.tracking import links, sites
from helpfirst.tracking.models import TrackedSite
from helpfirst.tracking.views import visible_visitors

router = Router(tags=["Website tracking"])


class SiteIn(Schema):
    name: str = Field(..., max_length=200)
    allowed_origins: list[str] = Field(..., max_length=50)
    page_rules: str = Field("", max_length=20000)
    ip_policy: str = Field("drop", pattern="^(drop|truncate)$")
    consent_required: bool = True
    events_per_minute: int = Field(3000, ge=1, le=1_000_000)
    enabled: bool = True


class SitePatch(Schema):
    name: str | None = Field(None, max_length=200)
    allowed_origins: list[str] | None = Field(None, max_length=50)
    page_rules: str | None = Field(None, max_length=20000)
    ip_policy: str | None = Field(None, pattern="^(drop|truncate)$")
    consent_required: bool | None = None
    events_per_minute: int | None = Field(None, ge=1, le=1_000_000)
    enabled: bool | None = None


class SiteOut(Schema):
    id: int
    name: str
    site_key: str
    allowed_origins: list[str]
    page_rules: str
    ip_policy: str
    consent_required: bool
    events_per_minute: int
    enabled: bool
    created_at: datetime


class VisitorOut(Schema):
    id: int
    site_id: int
    visitor_id: str
    contact_id: int | None
    account_id: int | None
    identified_by: str
    identified_at: datetime | None
    first_seen_at: datetime
    last_seen_at: datetime
    events: int


class LinkIn(Schema):
    url: str = Field(..., max_length=2000)
    contact_id: int | None = None
    journey_id: int | None = None
    reference: str = Field("", max_length=300)


class LinkOut(Schema):
    url: str
    token: str
    destination: str


def _require_manager(request) -> None:
    if not sites.can_manage_sites(request.auth):
        raise PermissionDenied("Only managers and admins manage tracked sites.")


def _team_sites(request):
    return TrackedSite.objects.filter(team_id=request.auth.team_id)


@router.get("/tracking/sites", response=list[SiteOut])
def list_sites(request):
    """Your team's tracked sites (managers and admins)."""
    _require_manager(request)
    return list(_team_sites(request))


@router.post("/tracking/sites", response={201: SiteOut})
def create_site(request, payload: SiteIn):
    """Add a site; the answer carries its public site key."""
    _require_manager(request)
    return 201, sites.create_site(request.auth.team_id, **payload.dict())


@router.get("/tracking/sites/{site_id}", response=SiteOut)
def get_site(request, site_id: PathId):
    _require_manager(request)
    return get_object_or_404(_team_sites(request), pk=site_id)


@router.patch("/tracking/sites/{site_id}", response=SiteOut)
def update_site(request, site_id: PathId, payload: SitePatch):
    """Change some fields of a site (origins and rules are checked first)."""
    _require_manager(request)
    site = get_object_or_404(_team_sites(request), pk=site_id)
    changes = {k: v for k, v in payload.dict().items() if v is not None}
    return sites.update_site(site, **changes)


@router.post("/tracking/sites/{site_id}/rotate-key", response=SiteOut)
def rotate_site_key(request, site_id: PathId):
    """Give the site a new key; the old one stops working at once."""
    _require_manager(request)
    site = get_object_or_404(_team_sites(request), pk=site_id)
    sites.rotate_key(site)
    return site


@router.delete("/tracking/sites/{site_id}", response={204: None})
def delete_site(request, site_id: PathId):
    """Delete a site with its visitors and events (interactions already made stay)."""
    _require_manager(request)
    get_object_or_404(_team_sites(request), pk=site_id).delete()
    return 204, None


@router.get("/tracking/visitors", response=list[VisitorOut])
def list_visitors(request, limit: int = 100):
    """Recent visitors (a rep sees only those identified as contacts they may see)."""
    limit = max(1, min(limit, 1000))
    visitors = (
        visible_visitors(request.auth)
        .select_related("contact")
        .annotate(event_count=Count("events"))
        .order_by("-last_seen_at", "-id")[:limit]
    )
    return [
        VisitorOut(
            id=v.pk,
            site_id=v.site_id,
            visitor_id=v.visitor_id,
            contact_id=v.contact_id,
            account_id=v.contact.account_id if v.contact else None,
            identified_by=v.identified_by,
            identified_at=v.identified_at,
            first_seen_at=v.first_seen_at,
            last_seen_at=v.last_seen_at,
            events=v.event_count,
        )
        for v in visitors
    ]


@router.post("/tracking/links", response={201: LinkOut})
def create_link(request, payload: LinkIn):
    """Make a tracked link to put in an e-mail (made once per destination and recipient)."""
    if payload.contact_id is not None:
        get_object_or_404(permissions.visible_contacts(request.auth), pk=payload.contact_id)
    if payload.journey_id is not None:
        get_object_or_404(permissions.visible_journeys(request.auth), pk=payload.journey_id)
    link = links.make_link(
        request.auth.team_id,
        payload.url,
        contact=payload.contact_id,
        journey=payload.journey_id,
        reference=payload.reference,
        created_by=request.auth,
    )
    return 201, LinkOut(
        url=f"{links.public_base_url()}/l/{link.token}",
        token=link.token,
        destination=link.destination,
    )
