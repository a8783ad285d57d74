"""Store meetings read from calendars as interactions, once each, and keep them current.

New meetings go through :func:`helpfirst.interactions.ingest.store_new_interactions` (idempotent
on ``(team, "calendar", external_id)``). That function only inserts, so a changed event (a
higher or equal SEQUENCE with different content) updates its stored interaction here: time,
subject, attendees and status. The stored ``properties`` carry the event's ``sequence`` and a
``fingerprint`` of what a person sees, so re-importing an unchanged event writes nothing and an
older copy (lower SEQUENCE) never overwrites a newer one. Cancelled or deleted events are marked
``status: CANCELLED`` and kept in the history; they are never deleted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from helpfirst.accounts.models import Contact
from helpfirst.core import vocabulary
from helpfirst.core.calendar import Meeting, uid_key
from helpfirst.interactions.ingest import store_new_interactions
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey

SOURCE = "calendar"
CANCELLED = "CANCELLED"
LOOKUP_CHUNK = 500


@dataclass
class MeetingReport:
    """What one import or sync did, for people (text) and scripts (``as_dict``)."""

    events_read: int = 0
    meetings: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0
    skipped_cancelled: int = 0
    no_contact: int = 0
    calls_linked: int = 0
    files_failed: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)

    def add_problem(self, message: str, *, file: str = "", line=None, uid: str = "") -> None:
        self.problems.append({"file": file, "line": line, "uid": uid, "message": message[:1000]})

    def merge(self, other: MeetingReport) -> None:
        for name in (
            "events_read",
            "meetings",
            "created",
            "updated",
            "unchanged",
            "cancelled",
            "skipped_cancelled",
            "no_contact",
            "calls_linked",
            "files_failed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems.extend(other.problems)

    def as_dict(self) -> dict[str, Any]:
        return {
            "events_read": self.events_read,
            "meetings": self.meetings,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "cancelled": self.cancelled,
            "skipped_cancelled": self.skipped_cancelled,
            "no_contact": self.no_contact,
            "calls_linked": self.calls_linked,
            "files_failed": self.files_failed,
            "problems": self.problems,
        }

    def summary(self) -> str:
        return (
            f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.cancelled} marked cancelled, {self.no_contact} without a known contact, "
            f"{self.calls_linked} call(s) linked, {len(self.problems)} problem(s)"
        )


@dataclass(frozen=True)
class Match:
    """Who of the team's contacts attended a meeting, and where it belongs."""

    account_id: int
    contact_id: int
    contact_ids: tuple[int, ...]
    journey_id: int | None
    by_email: dict[str, int]
    other_accounts: tuple[int, ...]


def contacts_by_email(team_id: int, emails: set[str]) -> dict[str, list[tuple[int, int]]]:
    """Map each lower-cased address to the team's contacts with it: [(contact, account)]."""
    found: dict[str, list[tuple[int, int]]] = {}
    ordered = sorted(emails)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        rows = (
            Contact.objects.filter(team_id=team_id)
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .order_by("pk")
            .values_list("email_lower", "pk", "account_id")
        )
        for email, pk, account_id in rows:
            found.setdefault(email, []).append((pk, account_id))
    return found


def single_open_journey(account_id: int, contact_ids: tuple[int, ...]) -> int | None:
    """The contacts' single open journey at the account, else the account's single one."""
    open_here = Journey.objects.filter(
        account_id=account_id, buying_stage__in=vocabulary.OPEN_STAGES
    )
    theirs = list(
        open_here.filter(committee__contact_id__in=contact_ids)
        .values_list("pk", flat=True)
        .distinct()[:2]
    )
    if len(theirs) == 1:
        return theirs[0]
    if theirs:
        return None  # on several of the account's journeys: a person must choose
    only = list(open_here.values_list("pk", flat=True)[:2])
    return only[0] if len(only) == 1 else None


class Matcher:
    """Match meetings' attendees to the team's contacts (cached for a batch)."""

    def __init__(self, team_id: int, meetings: list[Meeting]):
        emails = {email for m in meetings for email in m.emails()}
        self.contacts = contacts_by_email(team_id, emails)
        self._journeys: dict[tuple[int, tuple[int, ...]], int | None] = {}

    def match(self, meeting: Meeting) -> Match | None:
        by_email = {}
        accounts: Counter[int] = Counter()
        for email in meeting.emails():
            for contact_id, account_id in self.contacts.get(email, []):
                by_email.setdefault(email, contact_id)
                accounts[account_id] += 1
        if not accounts:
            return None
        top = max(accounts.values())
        account_id = min(a for a, n in accounts.items() if n == top)
        at_account = tuple(
            dict.fromkeys(
                c
                for email in meeting.emails()
                for c, a in self.contacts.get(email, [])
                if a == account_id
            )
        )
        cache_key = (account_id, tuple(sorted(at_account)))
        if cache_key not in self._journeys:
            self._journeys[cache_key] = single_open_journey(account_id, at_account)
        return Match(
            account_id=account_id,
            contact_id=at_account[0],
            contact_ids=at_account,
            journey_id=self._journeys[cache_key],
            by_email=by_email,
            other_accounts=tuple(sorted(a for a in accounts if a != account_id)),
        )


def meeting_properties(meeting: Meeting, match: Match, calendar: str) -> dict[str, Any]:
    """The JSON kept on the interaction: attendees (and which were contacts), version, status."""
    attendees = [
        {**a.as_dict(), "contact_id": match.by_email.get(a.email)} for a in meeting.attendees
    ]
    organizer = meeting.organizer.as_dict() if meeting.organizer else None
    if organizer:
        organizer["contact_id"] = match.by_email.get(meeting.organizer.email)
    return {
        "calendar": calendar,
        "uid": meeting.uid,
        "recurrence_id": meeting.recurrence_id.isoformat() if meeting.recurrence_id else None,
        "sequence": meeting.sequence,
        "fingerprint": meeting.fingerprint(),
        "status": meeting.status or "CONFIRMED",
        "start": meeting.start.isoformat(),
        "end": meeting.end.isoformat() if meeting.end else None,
        "all_day": meeting.all_day,
        "floating_time": meeting.floating,
        "location": meeting.location[:500],
        "organizer": organizer,
        "attendees": attendees,
        "contact_ids": list(match.contact_ids),
        "other_account_ids": list(match.other_accounts),
        "attachments": [a.as_dict() for a in meeting.attachments][:20],
    }


def _web_url(meeting: Meeting) -> str:
    url = meeting.url.strip()
    return url[:1000] if url.lower().startswith(("http://", "https://")) else ""


def _existing(team_id: int, external_ids: list[str]) -> dict[str, Interaction]:
    found: dict[str, Interaction] = {}
    for start in range(0, len(external_ids), LOOKUP_CHUNK):
        chunk = external_ids[start : start + LOOKUP_CHUNK]
        for row in Interaction.objects.filter(
            team_id=team_id, source=SOURCE, external_id__in=chunk
        ):
            found[row.external_id] = row
    return found


def _update(row: Interaction, meeting: Meeting, match: Match, props: dict[str, Any]) -> None:
    kept = {k: row.properties[k] for k in ("call_id", "call_url") if k in row.properties}
    row.properties = {**props, **kept}
    row.occurred_at = meeting.start
    row.subject = (meeting.summary or "(no title)")[:500]
    row.url = _web_url(meeting) or row.url
    row.account_id = match.account_id
    row.contact_id = match.contact_id
    row.journey_id = match.journey_id
    row.save(
        update_fields=[
            "properties",
            "occurred_at",
            "subject",
            "url",
            "account",
            "contact",
            "journey",
        ]
    )


def store_meetings(
    team_id: int,
    meetings: list[Meeting],
    *,
    calendar: str,
    series: dict[str, tuple[datetime, datetime]] | None = None,
) -> tuple[MeetingReport, dict[str, Meeting]]:
    """Store new meetings, update changed ones, mark cancelled ones; return what happened.

    Also returns the stored meetings by external id (for linking transcripts). Run it inside
    the caller's transaction, together with the cursor it covers.
    """
    report = MeetingReport(meetings=len(meetings))
    matcher = Matcher(team_id, meetings)
    existing = _existing(team_id, [m.external_id for m in meetings])
    pending: dict[tuple[str, str], Interaction] = {}
    kept: dict[str, Meeting] = {}
    for meeting in meetings:
        match = matcher.match(meeting)
        row = existing.get(meeting.external_id)
        if match is None:
            if row is not None and meeting.cancelled:
                report.cancelled += _cancel(row, "Cancelled in the calendar.")
            else:
                report.no_contact += 1
            continue
        props = meeting_properties(meeting, match, calendar)
        if row is None:
            if meeting.cancelled:
                report.skipped_cancelled += 1
                continue
            pending[(SOURCE, meeting.external_id)] = Interaction(
                team_id=team_id,
                account_id=match.account_id,
                contact_id=match.contact_id,
                journey_id=match.journey_id,
                kind=vocabulary.InteractionKind.MEETING,
                occurred_at=meeting.start,
                subject=(meeting.summary or "(no title)")[:500],
                url=_web_url(meeting),
                source=SOURCE,
                external_id=meeting.external_id,
                properties=props,
            )
            kept[meeting.external_id] = meeting
            continue
        kept[meeting.external_id] = meeting
        stored = row.properties or {}
        if int(stored.get("sequence") or 0) > meeting.sequence:
            report.unchanged += 1  # an older copy of the event: never overwrite a newer one
            continue
        if stored.get("fingerprint") == props["fingerprint"]:
            report.unchanged += 1
            continue
        _update(row, meeting, match, props)
        if meeting.cancelled and stored.get("status") != CANCELLED:
            report.cancelled += 1
        else:
            report.updated += 1
    created, duplicates = store_new_interactions(team_id, pending)
    report.created += created
    report.unchanged += duplicates
    for key, window in (series or {}).items():
        present = {m.external_id for m in meetings if uid_key(m.uid) == key}
        report.cancelled += _cancel_missing_instances(team_id, key, window, present)
    return report, kept


def _cancel(row: Interaction, reason: str) -> bool:
    if (row.properties or {}).get("status") == CANCELLED:
        return False
    row.properties = {**(row.properties or {}), "status": CANCELLED, "cancelled_because": reason}
    row.save(update_fields=["properties"])
    return True


def _cancel_missing_instances(
    team_id: int, key: str, window: tuple[datetime, datetime], present: set[str]
) -> int:
    """Mark stored instances of a series that the calendar no longer has (in its window)."""
    rows = Interaction.objects.filter(
        team_id=team_id,
        source=SOURCE,
        external_id__startswith=f"{key}#",
        occurred_at__gte=window[0],
        occurred_at__lte=window[1],
    ).exclude(external_id__in=present)
    return sum(_cancel(row, "No longer in the calendar's series.") for row in rows)


def mark_deleted(team_id: int, uids: list[str]) -> int:
    """Mark every stored meeting of these events cancelled (deleted from the calendar)."""
    count = 0
    for uid in uids:
        key = uid_key(uid)
        rows = Interaction.objects.filter(team_id=team_id, source=SOURCE).filter(
            Q(external_id=key) | Q(external_id__startswith=f"{key}#")
        )
        count += sum(_cancel(row, "Deleted from the calendar.") for row in rows)
    return count


def newest_past(meetings: list[Meeting]) -> datetime | None:
    """When the newest meeting that has already started happened (for capture lag)."""
    now = timezone.now()
    past = [m.start for m in meetings if m.start <= now]
    return max(past) if past else None
