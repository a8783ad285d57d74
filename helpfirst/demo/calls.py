"""Attach the demo call transcripts to journeys, as calls with people who agreed to recording.

The transcripts come from :func:`helpfirst.demo.transcripts.build_demo_transcripts`; each one is
stored as a ``call`` interaction on a journey owned by the rep who made it, with a contact of that
journey who gave recording consent (no consent, no stored call). The text sits in the call's
properties (``transcript``, ``input_format``, ``filename``) until a calls app takes it over.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from helpfirst.core.vocabulary import EXIT_STAGES
from helpfirst.demo.companies import ContactSeed
from helpfirst.demo.journeys import JourneyPlan
from helpfirst.demo.people import DEMO_REPS
from helpfirst.demo.touches import InteractionSeed

DEMO_CALLS = 30


def _candidates(plans: list[JourneyPlan], rep: str) -> list[tuple[JourneyPlan, ContactSeed]]:
    contacts_by_id = {c.external_id: c for p in plans for c in p.account.contacts}
    found = []
    for plan in plans:
        if plan.owner != rep or plan.final_stage in EXIT_STAGES:
            continue
        for seat in plan.seats:
            contact = contacts_by_id[seat.contact_external_id]
            if contact.recording_consent and contact.may_contact:
                found.append((plan, contact))
                break
    return found


def transcript_calls(
    plans: list[JourneyPlan], now: datetime, seed: int, count: int = DEMO_CALLS
) -> list[InteractionSeed]:
    """Return up to ``count`` call interactions carrying demo transcripts (deterministic)."""
    try:
        from helpfirst.demo.transcripts import build_demo_transcripts
    except ImportError:
        return []
    reps = [p.username for p in DEMO_REPS]
    per_rep = {rep: _candidates(plans, rep) for rep in reps}
    picks: list[tuple[JourneyPlan, ContactSeed] | None] = []
    for index in range(count):
        options = per_rep[reps[index % len(reps)]]
        picks.append(options[(index // len(reps)) % len(options)] if options else None)
    buyers = [f"{c.first_name} {c.last_name}" if (p := pick) and (c := p[1]) else "Buyer"
              for pick in picks]
    sellers = [p.full_name for p in DEMO_REPS]
    transcripts = build_demo_transcripts(
        seed=seed, count=count, seller_names=sellers, buyer_names=buyers, end_date=now.date()
    )
    rng = random.Random(f"{seed}:calls")
    calls = []
    for transcript, pick in zip(transcripts, picks, strict=True):
        if pick is None:
            continue
        plan, contact = pick
        at = datetime.combine(transcript.call_date, time(rng.randint(9, 16), rng.choice((0, 30))),
                              tzinfo=UTC)
        at = max(at, plan.created_at + timedelta(hours=1))
        at = min(at, now - timedelta(hours=1))
        calls.append(
            InteractionSeed(
                plan.account.external_id, contact.external_id, plan.external_id, "call", at,
                subject=f"Call with {contact.first_name} {contact.last_name}",
                properties={
                    "direction": "outbound",
                    "connected": True,
                    "touch_intent": "neutral",
                    "recorded": True,
                    "transcript": transcript.text,
                    "input_format": transcript.input_format,
                    "filename": transcript.filename,
                    "seller": transcript.seller,
                    "archetype": transcript.archetype,
                },
            )
        )
    return calls
