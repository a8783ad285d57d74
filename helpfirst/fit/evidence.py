"""Gather what we know of a buyer from the database into the fit engine's ``BuyerEvidence``.

Only the buyer's own words count as text evidence: their stated needs, the e-mails they sent
us, our notes about them, and their side of analysed calls. What we wrote to them never counts.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from helpfirst.calls.models import Call
from helpfirst.core.fit import BuyerEvidence
from helpfirst.core.playbook import PlaybookSpec, playbook_as_dict
from helpfirst.interactions.models import Interaction

MAX_CALLS = 5
MAX_UTTERANCES = 400
MAX_EMAILS = 30
MAX_NOTES = 30
TEXT_KEYS = ("body", "text", "excerpt", "snippet", "message", "summary")
BUYER_EMAIL_KINDS = ("email_replied",)
# Notes we wrote ourselves when stepping aside; they describe our exit, not the buyer's need.
OWN_NOTE_SOURCE = "fit_exit"


def _interaction_text(subject: str, properties: dict) -> str:
    parts = [subject.strip()] if subject and not subject.lower().startswith("re:") else []
    for key in TEXT_KEYS:
        value = (properties or {}).get(key)
        if isinstance(value, str) and value.strip():
            parts.append(value.strip())
    return ". ".join(parts)


def buyer_side_utterances(call: Call) -> list[str]:
    """Return what the buyer side said in an analysed call (sellers' words are left out)."""
    sellers = {str(name) for name in call.seller_names or ()}
    speakers = (call.analysis or {}).get("speakers") or []
    sellers |= {
        str(s.get("name")) for s in speakers if isinstance(s, dict) and s.get("side") == "seller"
    }
    return [
        str(row[3])
        for row in call.utterances or ()
        if isinstance(row, list | tuple) and len(row) >= 4 and str(row[0]) not in sellers
    ]


def gather_evidence(journey) -> BuyerEvidence:
    """Return the buyer evidence of ``journey`` (four queries: people, touches, calls)."""
    account = journey.account
    titles = [t for t in journey.stakeholders.values_list("title", flat=True) if t]
    if not titles:
        titles = [t for t in account.contacts.values_list("title", flat=True)[:20] if t]
    emails: list[str] = []
    notes: list[str] = []
    rows = (
        Interaction.objects.filter(journey=journey, kind__in=(*BUYER_EMAIL_KINDS, "note"))
        .exclude(source=OWN_NOTE_SOURCE)
        .order_by("occurred_at", "id")
        .values_list("kind", "subject", "properties")
    )
    for kind, subject, properties in rows:
        text = _interaction_text(subject, properties)
        if not text:
            continue
        if kind == "note" and len(notes) < MAX_NOTES:
            notes.append(text)
        elif kind != "note" and len(emails) < MAX_EMAILS:
            emails.append(text)
    calls = (
        Call.objects.filter(journey=journey)
        .exclude(analysis={})
        .order_by("-occurred_at", "-id")
        .only("seller_names", "utterances", "analysis")[:MAX_CALLS]
    )
    utterances = [u for call in calls for u in buyer_side_utterances(call)][:MAX_UTTERANCES]
    return BuyerEvidence(
        industry=account.industry or None,
        employees=account.employees,
        region=account.region or None,
        contact_titles=tuple(titles),
        stated_needs=journey.stated_needs or "",
        notes="\n".join(notes),
        emails=tuple(emails),
        call_utterances=tuple(utterances),
    )


def inputs_fingerprint(evidence: BuyerEvidence, playbook: PlaybookSpec, backend: str) -> str:
    """Return a hash of everything an assessment depends on (same inputs, same fingerprint)."""
    from helpfirst.core.fit.engine import FIT_ENGINE_REVISION

    data = {
        "evidence": asdict(evidence),
        "playbook": playbook_as_dict(playbook),
        "b": backend,
        "engine": FIT_ENGINE_REVISION,
    }
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
