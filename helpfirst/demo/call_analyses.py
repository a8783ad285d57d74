"""Turn the demo's recorded call interactions into analysed calls (safe to run again).

The demo loader stores each demo transcript as a ``call`` interaction whose properties carry
the text (``transcript``, ``input_format``, ``filename``, ``seller``). This makes one stored
:class:`~helpfirst.calls.models.Call` per such interaction, through the same service as an
upload (consent checked, card numbers redacted), so the call pages and the coaching view show
real trends from the demo data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from helpfirst.calls.models import Call
from helpfirst.calls.services import default_seller_names, record_call
from helpfirst.core.errors import HelpfirstError
from helpfirst.interactions.models import Interaction
from helpfirst.team.models import Team


@dataclass
class DemoCallSummary:
    """Say what :func:`analyse_demo_calls` did: new calls, ones already there, and problems."""

    created: int = 0
    already_there: int = 0
    skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def analyse_demo_calls(team: Team) -> DemoCallSummary:
    """Store an analysed call for every transcript-carrying call interaction of ``team``.

    Interactions that already have their call are left alone, so a second run adds nothing.
    A transcript that cannot be stored (no journey, no consent, unreadable) is skipped and
    named in the summary rather than stopping the load.
    """
    summary = DemoCallSummary()
    done = set(
        Call.objects.filter(team=team, interaction__isnull=False).values_list(
            "interaction_id", flat=True
        )
    )
    interactions = (
        Interaction.objects.filter(team=team, kind="call", properties__has_key="transcript")
        .select_related("journey__owner", "journey__account", "contact")
        .order_by("occurred_at", "pk")
    )
    for interaction in interactions:
        if interaction.pk in done:
            summary.already_there += 1
            continue
        props = interaction.properties or {}
        journey, contact = interaction.journey, interaction.contact
        if journey is None or contact is None:
            summary.skipped.append(f"{interaction.external_id}: no journey or contact")
            continue
        sellers = [props["seller"]] if props.get("seller") else []
        try:
            record_call(
                journey,
                contacts=[contact],
                transcript_text=str(props["transcript"]),
                input_format=props.get("input_format") or None,
                filename=str(props.get("filename") or ""),
                seller_names=[*sellers, *default_seller_names(journey)],
                occurred_at=interaction.occurred_at,
                interaction=interaction,
                title=interaction.subject or "",
            )
        except HelpfirstError as error:
            summary.skipped.append(f"{interaction.external_id}: {error}")
            continue
        summary.created += 1
    return summary
