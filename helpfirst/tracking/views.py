"""Website-tracking pages, the public collect endpoint, tracked-link redirects and the pixel."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from helpfirst.core.website import origins, privacy
from helpfirst.core.website.payload import MAX_BODY_BYTES
from helpfirst.site.security import client_ip
from helpfirst.team import permissions
from helpfirst.tracking import collect, links, sites
from helpfirst.tracking.forms import OpenTrackingForm, SiteForm
from helpfirst.tracking.models import TrackedLink, TrackedSite, Visitor

MANAGE_DENIED = "Only managers and admins set up website tracking; ask yours."
HEADER_NAMES = {"HTTP_DNT": "DNT", "HTTP_SEC_GPC": "Sec-GPC"}


def _cors(response: HttpResponse, origin: str, site: TrackedSite | None) -> HttpResponse:
    """Allow the page's origin to read the answer only when the site lists it."""
    response["Vary"] = "Origin"
    if site is not None and origins.origin_allowed(origin, site.allowed_origins):
        response["Access-Control-Allow-Origin"] = origin
    return response


@csrf_exempt
@require_http_methods(["POST", "OPTIONS"])
def collect_event(request):
    """Receive one event from the snippet (public: the site key and origin are the checks)."""
    origin = request.headers.get("Origin", "")
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Methods"] = "POST"
        response["Access-Control-Allow-Headers"] = "Content-Type"
        response["Access-Control-Max-Age"] = "86400"
        response["Vary"] = "Origin"
        # The snippet sends text/plain and never needs a preflight; other clients name the
        # site in ?site_key= so the preflight can be answered for that site's origins only.
        key = request.GET.get("site_key", "")[:80]
        site = TrackedSite.objects.filter(site_key=key, enabled=True).first() if key else None
        return _cors(response, origin, site)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        return JsonResponse(
            {"code": "too_large", "message": f"An event is at most {MAX_BODY_BYTES} bytes."},
            status=413,
        )
    headers = {name: request.META[key] for key, name in HEADER_NAMES.items() if key in request.META}
    outcome = collect.receive(request.body, origin=origin, headers=headers, ip=client_ip(request))
    response = JsonResponse(outcome.body, status=outcome.status)
    for name, value in outcome.headers.items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return _cors(response, origin, outcome.site)


def _client_hash(request) -> str:
    ip = client_ip(request)
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return privacy.limiter_key(f"{ip}|{agent}", settings.SECRET_KEY)


@require_GET
def follow_link(request, token: str):
    """Send the browser to the link's stored destination, after counting the click."""
    if len(token) > 80:
        raise Http404
    destination = links.follow(token, client=_client_hash(request))
    if destination is None:
        raise Http404("This link does not exist.")
    response = HttpResponseRedirect(destination)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def open_pixel(request, token: str):
    """The 1x1 open-tracking image; records an unreliable open only when the team opted in."""
    if len(token) <= 80:
        links.record_open(token, client=_client_hash(request))
    response = HttpResponse(links.PIXEL_GIF, content_type="image/gif")
    response["Cache-Control"] = "no-store, private"
    return response


def _team_sites(request):
    if request.user.team_id is None:
        return TrackedSite.objects.none()
    return TrackedSite.objects.filter(team_id=request.user.team_id)


def _require_manager(request) -> None:
    if not sites.can_manage_sites(request.user):
        raise PermissionDenied(MANAGE_DENIED)


@require_GET
def site_list(request):
    """The team's tracked sites, with the snippet to paste into each."""
    request.nav_section = "tracking"
    base = request.build_absolute_uri("/").rstrip("/")
    rows = [
        (site, sites.snippet_tag(site, base))
        for site in _team_sites(request).annotate(visitor_count=Count("visitors"))
    ]
    can_manage = sites.can_manage_sites(request.user)
    settings_form = None
    if can_manage:
        current = sites.team_settings(request.user.team_id)
        settings_form = OpenTrackingForm(initial={"open_tracking": current.open_tracking})
    return render(
        request,
        "tracking/site_list.html",
        {"rows": rows, "can_manage": can_manage, "settings_form": settings_form},
    )


@require_http_methods(["GET", "POST"])
def site_edit(request, pk: int | None = None):
    """Create or change a site (managers and admins)."""
    _require_manager(request)
    request.nav_section = "tracking"
    site = get_object_or_404(_team_sites(request), pk=pk) if pk is not None else None
    form = SiteForm(request.POST or None, team_id=request.user.team_id, site=site)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if saved is not None:
            messages.success(request, f"Saved “{saved.name}”.")
            return redirect("tracking-sites")
    heading = f"Edit {site.name}" if site else "New tracked site"
    return render(
        request, "tracking/site_form.html", {"form": form, "site": site, "heading": heading}
    )


@require_POST
def site_rotate_key(request, pk: int):
    """Give a site a new key: pages carrying the old one stop being recorded."""
    _require_manager(request)
    site = get_object_or_404(_team_sites(request), pk=pk)
    sites.rotate_key(site)
    messages.success(request, f"“{site.name}” has a new key; update the snippet on its pages.")
    return redirect("tracking-sites")


@require_POST
def open_tracking_settings(request):
    """Switch open tracking on or off for the team."""
    _require_manager(request)
    form = OpenTrackingForm(request.POST)
    form.is_valid()
    current = sites.team_settings(request.user.team_id)
    current.open_tracking = bool(form.cleaned_data.get("open_tracking"))
    current.save(update_fields=["open_tracking"])
    state = "on (opens are shown as unreliable)" if current.open_tracking else "off"
    messages.success(request, f"Open tracking is {state}.")
    return redirect("tracking-sites")


def visible_visitors(user):
    """Visitors the user may see: a rep only those identified as contacts they may see."""
    if user.team_id is None:
        return Visitor.objects.none()
    visitors = Visitor.objects.filter(team_id=user.team_id)
    if user.sees_whole_team:
        return visitors
    return visitors.filter(contact__in=permissions.visible_contacts(user))


@require_GET
def visitor_list(request):
    """Recent visitors: who they are (once identified), how many views, what they looked at."""
    request.nav_section = "tracking"
    visitors = (
        visible_visitors(request.user)
        .select_related("contact", "contact__account", "site")
        .annotate(views=Count("events"))[:200]
    )
    return render(request, "tracking/visitor_list.html", {"visitors": visitors})


@require_GET
def link_list(request):
    """Tracked links and (when switched on) e-mail opens, marked unreliable."""
    request.nav_section = "tracking"
    links_qs = TrackedLink.objects.none()
    if request.user.team_id is not None:
        links_qs = TrackedLink.objects.filter(team_id=request.user.team_id)
        if not request.user.sees_whole_team:
            links_qs = links_qs.filter(contact__in=permissions.visible_contacts(request.user))
    opens = (
        permissions.visible_interactions(request.user)
        .filter(kind="email_opened", source=links.SOURCE)
        .select_related("contact")[:50]
    )
    return render(
        request,
        "tracking/link_list.html",
        {
            "links": links_qs.select_related("contact", "journey")[:200],
            "opens": opens,
            "open_note": links.OPEN_NOTE,
            "open_tracking": links.open_tracking_enabled(request.user.team_id or 0),
        },
    )
