"""Translate CRM pipeline stages and activity types into helpfirst's buying stages and kinds.

A pipeline stage says what the *seller* did ("Proposal/Price Quote"); a buying stage says where
the *buyer* is. ``STAGE_TABLE`` is the documented correspondence for the default stages of
Salesforce and HubSpot (labels and HubSpot's internal ids); keys are compared after reducing
them to lower-case letters and digits. Anything else is *unmapped*: it is reported, never
guessed, unless the export also says the deal is closed (then won → implementing, lost → no
decision). Teams add their own stages with ``--stage-map "Label=stage"`` or per connection.
File imports (``helpfirst.imports.stages``) read CRM exports through the same table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from helpfirst.core.vocabulary import (
    BUYING_STAGE_LABELS,
    INTERACTION_KIND_LABELS,
    BuyingStage,
    InteractionKind,
)

STAGE_TABLE: dict[str, str] = {
    # Salesforce default opportunity stages
    "prospecting": BuyingStage.EXPLORING_PROBLEM,
    "qualification": BuyingStage.EXPLORING_PROBLEM,
    "needsanalysis": BuyingStage.EXPLORING_SOLUTIONS,
    "valueproposition": BuyingStage.EXPLORING_SOLUTIONS,
    "iddecisionmakers": BuyingStage.EVALUATING,
    "perceptionanalysis": BuyingStage.EVALUATING,
    "proposalpricequote": BuyingStage.DECIDING,
    "proposalquote": BuyingStage.DECIDING,
    "negotiationreview": BuyingStage.DECIDING,
    "closedwon": BuyingStage.IMPLEMENTING,
    "closedlost": BuyingStage.NO_DECISION,
    # HubSpot default sales pipeline: labels and internal ids
    "appointmentscheduled": BuyingStage.EXPLORING_PROBLEM,
    "qualifiedtobuy": BuyingStage.EXPLORING_SOLUTIONS,
    "presentationscheduled": BuyingStage.EVALUATING,
    "decisionmakerboughtin": BuyingStage.EVALUATING,
    "contractsent": BuyingStage.DECIDING,
    # common variants
    "discovery": BuyingStage.EXPLORING_PROBLEM,
    "proposal": BuyingStage.DECIDING,
    "negotiation": BuyingStage.DECIDING,
    "won": BuyingStage.IMPLEMENTING,
    "lost": BuyingStage.NO_DECISION,
    "onhold": BuyingStage.PAUSED,
    "churned": BuyingStage.CHURNED,
}

ACTIVITY_KINDS: dict[str, str] = {
    "call": InteractionKind.CALL,
    "calls": InteractionKind.CALL,
    "meeting": InteractionKind.MEETING,
    "meetings": InteractionKind.MEETING,
    "event": InteractionKind.MEETING,
    "email": InteractionKind.EMAIL_SENT,
    "emails": InteractionKind.EMAIL_SENT,
    "listemail": InteractionKind.EMAIL_SENT,
    "incomingemail": InteractionKind.EMAIL_REPLIED,
    "forwardedemail": InteractionKind.EMAIL_SENT,
    "task": InteractionKind.NOTE,
    "tasks": InteractionKind.NOTE,
    "todo": InteractionKind.NOTE,
    "note": InteractionKind.NOTE,
    "notes": InteractionKind.NOTE,
}

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_label(value: object) -> str:
    """Return a label reduced to lower-case letters and digits (``Closed Won`` → closedwon)."""
    return _NON_ALNUM.sub("", str(value or "").lower())


_OWN_STAGES = {
    **{normalise_label(k): k for k in BUYING_STAGE_LABELS},
    **{normalise_label(v): k for k, v in BUYING_STAGE_LABELS.items()},
}


def parse_stage_map(pairs: list[str]) -> dict[str, str]:
    """Read ``"CRM stage=buying_stage"`` pairs into a lookup table; ValueError on a bad pair."""
    table: dict[str, str] = {}
    for pair in pairs:
        label, sep, stage = pair.partition("=")
        target = _OWN_STAGES.get(normalise_label(stage))
        if not sep or not label.strip() or target is None:
            known = ", ".join(BUYING_STAGE_LABELS)
            raise ValueError(f"Stage map {pair!r}: write 'CRM stage=buying_stage' ({known}).")
        table[normalise_label(label)] = target
    return table


def map_crm_stage(
    label: str,
    *,
    extra: Mapping[str, str] | None = None,
    is_closed: bool | None = None,
    is_won: bool | None = None,
) -> str | None:
    """Return the buying stage for a CRM stage label or id, or None when it cannot be told."""
    key = normalise_label(label)
    if extra and key in extra:
        return str(extra[key])
    stage = STAGE_TABLE.get(key) or _OWN_STAGES.get(key)
    if stage is not None:
        return str(stage)
    if is_closed:
        return str(BuyingStage.IMPLEMENTING if is_won else BuyingStage.NO_DECISION)
    return None


def map_activity_kind(value: str, default: str = InteractionKind.NOTE) -> str:
    """Return the interaction kind of a CRM activity type (unknown types are notes)."""
    key = normalise_label(value)
    if key in ACTIVITY_KINDS:
        return str(ACTIVITY_KINDS[key])
    own = {normalise_label(k): k for k in INTERACTION_KIND_LABELS}
    return str(own.get(key, default))
