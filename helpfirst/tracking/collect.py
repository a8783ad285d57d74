"""Receive one event from a site's snippet: check it, rate-limit it, store it once, identify.

The order of checks is deliberate: privacy signals first (a browser that asked not to be
tracked is refused before anything about it is read or counted), then the payload, the site
key, the origin, consent, and the rate limits; only then is anything stored.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from helpfirst.capture import health
from helpfirst.core.website import origins, page_rules, privacy
from helpfirst.core.website.errors import TrackingPayloadError
from helpfirst.core.website.payload import CollectedEvent, parse_event
from helpfirst.site.config import setting
from helpfirst.tracking import identify, ratelimit
from helpfirst.tracking.models import TrackedSite, VisitEvent, Visitor

HEALTH_FLUSH_SECONDS = 5.0
SITE_CACHE_SECONDS = 5.0
# A visitor's last-seen time is written at most this often (one write less per page view).
LAST_SEEN_EVERY = timedelta(minutes=1)


@dataclass
class Outcome:
    """What the endpoint answers: an HTTP status and a JSON body."""

    status: int
    body: dict
    site: TrackedSite | None = None
    headers: dict = field(default_factory=dict)


def _refuse(status: int, code: str, message: str, site=None, **headers) -> Outcome:
    return Outcome(status, {"code": code, "message": message}, site, headers)


class _HealthBuffer:
    """Sum successes per site in this process and write them at most every few seconds.

    A busy site would otherwise update its capture-source row on every page view. Failures are
    never buffered.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[int, list] = {}  # site pk -> [site, stored, dupes, rejected, newest]
        self._last_flush: dict[int, float] = {}

    def add(self, site: TrackedSite, stored: int, duplicates: int, rejected: int, newest) -> None:
        now = time.monotonic()
        with self._lock:
            entry = self._pending.setdefault(site.pk, [site, 0, 0, 0, None])
            entry[1] += stored
            entry[2] += duplicates
            entry[3] += rejected
            if newest is not None and (entry[4] is None or newest > entry[4]):
                entry[4] = newest
            due = now - self._last_flush.get(site.pk, 0.0) >= HEALTH_FLUSH_SECONDS
            if not due:
                return
            self._pending.pop(site.pk)
            self._last_flush[site.pk] = now
        self._write(entry)

    def flush(self) -> None:
        with self._lock:
            entries = list(self._pending.values())
            self._pending.clear()
            self._last_flush.clear()
        for entry in entries:
            self._write(entry)

    @staticmethod
    def _write(entry) -> None:
        site, stored, duplicates, rejected, newest = entry
        source = health.source_for(site.team_id, "website", site.capture_name, site_id=site.pk)
        health.record_success(
            source,
            stored=stored,
            duplicates=duplicates,
            rejected=rejected,
            newest_item_at=newest,
        )


HEALTH = _HealthBuffer()


def _flush_at_exit() -> None:
    """Write what this process summed before it stops (the database may be gone already)."""
    with contextlib.suppress(Exception):
        HEALTH.flush()


atexit.register(_flush_at_exit)


class _SiteCache:
    """Enabled sites by key, kept a few seconds in this process (one query less per event).

    A changed, disabled or re-keyed site takes effect within ``SITE_CACHE_SECONDS``.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sites: dict[str, tuple[float, TrackedSite | None]] = {}

    def get(self, key: str) -> TrackedSite | None:
        now = time.monotonic()
        with self._lock:
            cached = self._sites.get(key)
        if cached is not None and now - cached[0] < SITE_CACHE_SECONDS:
            return cached[1]
        site = TrackedSite.objects.filter(site_key=key, enabled=True).first()
        if site is not None:
            site.parsed_rules = page_rules.parse_rules(site.page_rules) if site.page_rules else []
        with self._lock:
            if len(self._sites) > 10_000:
                self._sites.clear()
            self._sites[key] = (now, site)
        return site

    def clear(self) -> None:
        with self._lock:
            self._sites.clear()


SITES = _SiteCache()


def ip_limit() -> int:
    try:
        return max(1, int(setting("HELPFIRST_TRACKING_IP_LIMIT")))
    except (KeyError, ValueError):
        return 300


def receive(body: bytes, *, origin: str, headers: Mapping[str, str], ip: str, now=None) -> Outcome:
    """Check and store one event; never raises for bad input (the answer says what is wrong)."""
    now = now or timezone.now()
    signal = privacy.privacy_signal(headers)
    if signal:
        return _refuse(403, "privacy_signal", f"Not recorded: the browser sent {signal}.")
    try:
        event = parse_event(body, now)
    except TrackingPayloadError as exc:
        return Outcome(400, exc.as_dict())
    if event.privacy_signal:
        return _refuse(403, "privacy_signal", f"Not recorded: {event.privacy_signal}.")
    site = SITES.get(event.site_key)
    if site is None:
        return _refuse(403, "unknown_site", "Unknown or disabled site key.")
    if not origins.origin_allowed(origin, site.allowed_origins):
        HEALTH.add(site, 0, 0, 1, None)
        return _refuse(403, "origin_not_allowed", f"Origin {origin or '(none)'} may not send.")
    if site.consent_required and event.consent is not True:
        return _refuse(403, "no_consent", "This site records only visitors who consented.", site)
    verdict = ratelimit.hit_all(
        [
            (f"ip:{privacy.limiter_key(ip, settings.SECRET_KEY)}", ip_limit()),
            (f"site:{site.pk}", site.events_per_minute),
        ]
    )
    if not verdict.allowed:
        HEALTH.add(site, 0, 0, 1, None)
        return _refuse(
            429,
            "rate_limited",
            f"More than {verdict.limit} events a minute; try again in {verdict.retry_after} s.",
            site,
            **{"Retry-After": str(verdict.retry_after)},
        )
    try:
        result = store(site, event, ip)
    except Exception as exc:
        source = health.source_for(site.team_id, "website", site.capture_name, site_id=site.pk)
        health.record_failure(source, exc)
        raise
    HEALTH.add(site, result["stored"], 0 if result["stored"] else 1, 0, event.occurred_at)
    public = {"stored": result["stored"], "duplicate": result["duplicate"]}
    return Outcome(202, public, site)


def store(site: TrackedSite, event: CollectedEvent, ip: str) -> dict:
    """Store the event once (by its dedupe key), identify the visitor, promote their views."""
    rules = getattr(site, "parsed_rules", None)
    if rules is None:
        rules = page_rules.parse_rules(site.page_rules) if site.page_rules else []
    page_type = page_rules.page_type_for(event.url, rules) if event.kind == "page_view" else ""
    if event.kind == "content_download":
        page_type = ""
    with transaction.atomic():
        visitor, _ = Visitor.objects.get_or_create(
            site_id=site.pk,
            visitor_id=event.visitor_id,
            defaults={
                "team_id": site.team_id,
                "first_seen_at": event.occurred_at,
                "last_seen_at": event.occurred_at,
            },
        )
        stored_event = None
        try:
            with transaction.atomic():
                stored_event = VisitEvent.objects.create(
                    team_id=site.team_id,
                    site_id=site.pk,
                    visitor=visitor,
                    kind=event.kind,
                    url=event.url,
                    title=event.title,
                    referrer=event.referrer,
                    page_type=page_type,
                    occurred_at=event.occurred_at,
                    dedupe_key=event.dedupe_key,
                    client_event_id=event.event_id,
                    ip_address=privacy.apply_ip_policy(ip, site.ip_policy),
                )
        except IntegrityError:
            stored_event = None
        identified = False
        contact = None
        how = ""
        if event.link_token:
            contact, how = identify.contact_by_link_token(site.team_id, event.link_token), "link"
        if contact is None and event.kind == "form_submit" and event.email:
            contact, how = identify.contact_by_email(site.team_id, event.email), "form"
        if contact is not None:
            identified = identify.identify(visitor, contact, how)
        promoted = (0, 0)
        if visitor.contact_id is not None:
            only = None if identified else ([stored_event.pk] if stored_event else [])
            promoted = identify.promote(visitor, only=only)
        if stored_event is not None and event.occurred_at > visitor.last_seen_at + LAST_SEEN_EVERY:
            Visitor.objects.filter(pk=visitor.pk).update(last_seen_at=event.occurred_at)
    return {
        "stored": 1 if stored_event else 0,
        "duplicate": stored_event is None,
        # Internal only: telling the page whether an e-mail is a known contact would let anyone
        # probe the team's contact list.
        "identified": visitor.contact_id is not None,
        "interactions": promoted[0],
    }
