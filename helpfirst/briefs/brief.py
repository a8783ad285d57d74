"""The call brief: one screen to read before a call, built from what we already know."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from helpfirst.briefs.fit import buyer_utterances, recent_calls
from helpfirst.briefs.recommend import JourneyReading, next_actions, read_journey
from helpfirst.calls.models import Call
from helpfirst.core.conversation.tactics import BUYER_NO_RE
from helpfirst.core.vocabulary import INTERACTION_KIND_LABELS, stage_label
from helpfirst.interactions.models import Interaction
from helpfirst.plans.queries import plan_of, plan_view

SINCE_DEFAULT_DAYS = 14
MAX_SINCE = 12
DISCOVERY_QUESTIONS = {
    "pain": "What is the problem doing to your week right now?",
    "impact": "What does it cost you: time, money, customers?",
    "goals": "What would good look like a few months from now?",
    "decision_process": "How does a decision like this get made at your company, and who signs?",
    "stakeholders": "Who else is affected, and who should we hear from?",
    "timeline": "Is there a date by which this has to be solved, and what drives it?",
}
DECLINED_TOPICS = (
    ("demo", r"\bdemo"),
    ("trial", r"\btrial|\bpilot"),
    ("pricing talk", r"\bpric|\bdiscount|\bquote"),
    ("another meeting", r"\bmeeting|\bcall\b|\bcatch[- ]up"),
    ("a contract", r"\bcontract|\bsign"),
)


@dataclass
class CallBrief:
    """Everything worth reading before the next call, ready for the page, CLI and API."""

    journey_id: int
    journey_title: str
    account: str
    buying_stage: str
    strategies: str
    priorities: str
    stated_needs: str
    fit: dict | None
    fit_note: str
    stakeholders: list[dict]
    committee_warnings: list[dict]
    since_last_call: list[dict]
    since: str
    open_plan_steps: list[dict]
    questions: list[str]
    do_not: list[str]
    next_actions: list[dict]
    generated_at: str = ""
    last_call: dict | None = field(default=None)

    def as_dict(self) -> dict:
        return asdict(self)


def _fit_part(reading: JourneyReading) -> tuple[dict | None, str]:
    assessment = reading.fit.assessment
    if assessment is None:
        return None, reading.fit.note
    return {
        "score": assessment.score,
        "verdict": assessment.verdict,
        "out_of_scope": assessment.out_of_scope,
        "problems": [
            {
                "slug": m.slug,
                "title": m.title,
                "confidence": round(m.confidence, 2),
                "evidence": [{"text": q.text, "source": q.source} for q in m.evidence],
            }
            for m in assessment.matched_problems
        ],
        "reasons": list(assessment.reasons),
    }, ""


def _since(journey, last_call: Call | None, now: datetime) -> tuple[list[dict], str]:
    since = last_call.occurred_at if last_call else now - timedelta(days=SINCE_DEFAULT_DAYS)
    label = (
        f"since the last call on {since:%d %b %Y}"
        if last_call
        else f"in the last {SINCE_DEFAULT_DAYS} days (no call recorded yet)"
    )
    rows = (
        Interaction.objects.filter(journey=journey, occurred_at__gt=since)
        .select_related("contact")
        .order_by("-occurred_at", "-id")[:MAX_SINCE]
    )
    return [
        {
            "at": row.occurred_at.isoformat(),
            "kind": row.kind,
            "what": INTERACTION_KIND_LABELS.get(row.kind, row.kind)
            + (f": {row.subject}" if row.subject else ""),
            "who": row.contact.name if row.contact else "",
        }
        for row in rows
    ], label


def _declines(call: Call) -> list[str]:
    """Find where the buyer said no in a call, and what they said no to."""
    out = []
    previous = ""
    sellers = set(call.seller_names or ())
    buyer_lines = set(buyer_utterances(call))
    for row in call.utterances or ():
        if not (isinstance(row, list | tuple) and len(row) >= 4):
            continue
        speaker, text = row[0], str(row[3])
        if text in buyer_lines and speaker not in sellers and BUYER_NO_RE.search(text):
            context = f"{previous} {text}".lower()
            topic = next((name for name, rx in DECLINED_TOPICS if re.search(rx, context)), None)
            about = f" to {topic}" if topic else ""
            out.append(
                f"Don't push{about} again: last call {speaker} said \u201c{text.strip()}\u201d."
            )
        previous = text
    return out[:3]


def _questions(reading: JourneyReading, last_analysed: Call | None) -> list[str]:
    questions = []
    if last_analysed is not None:
        discovery = (last_analysed.analysis or {}).get("discovery") or {}
        questions += [q for key, q in DISCOVERY_QUESTIONS.items() if discovery.get(key) is False]
    elif not reading.fit.assessment:
        questions += [DISCOVERY_QUESTIONS["pain"], DISCOVERY_QUESTIONS["goals"]]
    if reading.fit.assessment:
        questions += list(reading.fit.assessment.questions)
    return list(dict.fromkeys(questions))[:8]


def _do_not(reading: JourneyReading, last_call: Call | None) -> list[str]:
    out = []
    if last_call is not None:
        out += _declines(last_call)
        for tactic in (last_call.analysis or {}).get("pressure_tactics") or []:
            kind = str(tactic.get("kind", "pressure")).replace("_", " ")
            out.append(f"Avoid {kind}: last call we said \u201c{tactic.get('quote', '')}\u201d.")
    for seat in reading.committee.seats:
        if not seat.contact.may_contact:
            out.append(f"Don't contact {seat.contact.name} directly: no consent to contact.")
    if reading.fit.assessment and reading.fit.assessment.out_of_scope:
        out.append("Don't sell into a problem we don't solve: fit says it is out of scope.")
    return list(dict.fromkeys(out))


def call_brief(journey, now: datetime, reading: JourneyReading | None = None) -> CallBrief:
    """Build the brief for ``journey`` as of ``now``."""
    reading = reading or read_journey(journey, now)
    calls = recent_calls(journey)
    last_call = calls[0] if calls else None
    last_analysed = next((c for c in calls if c.analysis), None)
    fit, fit_note = _fit_part(reading)
    since, since_label = _since(journey, last_call, now)
    plan = plan_of(journey)
    steps = []
    if plan is not None:
        for row in plan_view(plan, now.date()).open_rows:
            steps.append(
                {
                    "title": row.step.title,
                    "owner": row.step.owner_name or "Unassigned",
                    "due_on": row.step.due_on.isoformat() if row.step.due_on else None,
                    "days_late": row.days_late,
                    "status": row.step.status,
                }
            )
    account = journey.account
    return CallBrief(
        journey_id=journey.pk,
        journey_title=journey.title,
        account=account.name,
        buying_stage=stage_label(journey.buying_stage),
        strategies=account.strategies,
        priorities=account.priorities,
        stated_needs=journey.stated_needs,
        fit=fit,
        fit_note=fit_note,
        stakeholders=[{**s.as_dict(), "role_label": s.role_label} for s in reading.committee.seats],
        committee_warnings=[
            {"code": w.code, "severity": w.severity, "message": w.message}
            for w in reading.committee.warnings
        ],
        since_last_call=since,
        since=since_label,
        open_plan_steps=steps,
        questions=_questions(reading, last_analysed),
        do_not=_do_not(reading, last_call),
        next_actions=[
            {"code": a.code, "action": a.action, "reason": a.reason} for a in next_actions(reading)
        ],
        generated_at=now.isoformat(),
        last_call=(
            {
                "title": str(last_call),
                "occurred_at": last_call.occurred_at.isoformat(),
                "helping_score": last_call.helping_score,
            }
            if last_call
            else None
        ),
    )
