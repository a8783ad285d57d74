"""Translate CRM deal stages (Salesforce, HubSpot) and kinds of activity into helpfirst's terms.

A seller's pipeline stage says what *we* did ("Proposal/Price Quote"); a buying stage says where
the *buyer* is. The correspondence for the default stages of both products is the one CRM
connections use (``helpfirst.core.crm.stages.STAGE_TABLE``); anything else is reported as
unmapped, and ``--stage-map "Label=stage"`` fixes it.
"Closed Lost" becomes *no decision*: the export does not say whether the buyer chose someone else.
"""

from __future__ import annotations

from collections.abc import Mapping

from helpfirst.core import vocabulary
from helpfirst.core.crm.stages import STAGE_TABLE, map_crm_stage
from helpfirst.core.vocabulary import InteractionKind
from helpfirst.imports.columns import normalise_header

_KINDS: dict[str, str] = {
    "email": InteractionKind.EMAIL_SENT,
    "emailsent": InteractionKind.EMAIL_SENT,
    "emailopen": InteractionKind.EMAIL_OPENED,
    "emailreply": InteractionKind.EMAIL_REPLIED,
    "call": InteractionKind.CALL,
    "meeting": InteractionKind.MEETING,
    "event": InteractionKind.MEETING,
    "task": InteractionKind.NOTE,
    "pageview": InteractionKind.PAGE_VIEW,
    "download": InteractionKind.CONTENT_DOWNLOAD,
    "formsubmission": InteractionKind.CONTENT_DOWNLOAD,
    "ticket": InteractionKind.SUPPORT_TICKET,
}


def _own_terms(labels: Mapping[str, str]) -> dict[str, str]:
    terms: dict[str, str] = {}
    for key, label in labels.items():
        terms[normalise_header(key)] = key
        terms[normalise_header(label)] = key
    return terms


# One correspondence for file imports and CRM connections: helpfirst.core.crm.stages.
_STAGE_TERMS = {**STAGE_TABLE, **_own_terms(vocabulary.BUYING_STAGE_LABELS)}
_KIND_TERMS = {**_KINDS, **_own_terms(vocabulary.INTERACTION_KIND_LABELS)}
_PAGE_TERMS = _own_terms(vocabulary.PAGE_TYPE_LABELS)
_ROLE_TERMS = {
    **_own_terms(vocabulary.STAKEHOLDER_ROLE_LABELS),
    "decisionmaker": "economic_buyer",
    "budgetholder": "economic_buyer",
    "technicalbuyer": "technical_evaluator",
    "user": "end_user",
    "": "unknown",
}


def parse_stage_map(pairs: list[str]) -> dict[str, str]:
    """Read ``--stage-map`` options ("Custom Stage=evaluating") into a lookup table.

    Raises ValueError naming the bad pair when a side is missing or the stage is unknown.
    """
    table: dict[str, str] = {}
    for pair in pairs:
        label, sep, stage = pair.partition("=")
        target = _STAGE_TERMS.get(normalise_header(stage))
        known_stage = target is not None and target in vocabulary.BUYING_STAGE_LABELS
        if not sep or not label.strip() or not known_stage:
            known = ", ".join(vocabulary.BUYING_STAGE_LABELS)
            raise ValueError(f"--stage-map {pair!r}: write 'CRM stage=buying_stage' ({known}).")
        table[normalise_header(label)] = target
    return table


def map_stage(
    value: str,
    *,
    extra: Mapping[str, str] | None = None,
    is_closed: bool | None = None,
    is_won: bool | None = None,
) -> str | None:
    """Return the buying stage for a CRM stage label, or None when it cannot be told."""
    return map_crm_stage(value, extra=extra, is_closed=is_closed, is_won=is_won)


def map_kind(value: str) -> str | None:
    """Return the interaction kind for our key, its label or a CRM activity type."""
    return _KIND_TERMS.get(normalise_header(value))


def map_page_type(value: str) -> str | None:
    """Return the page type for our key or label; empty stays empty."""
    if not value:
        return ""
    return _PAGE_TERMS.get(normalise_header(value))


def map_stakeholder_role(value: str) -> str | None:
    """Return the stakeholder role for our key, label or a common CRM synonym."""
    return _ROLE_TERMS.get(normalise_header(value))
