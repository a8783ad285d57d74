"""Score a call for helping vs pushing (0–100) and write coaching notes tied to moments.

Reference points are Gong Labs' published figures: top performers talk about 43% of the
time, ask 11–14 questions in a discovery call and keep monologues short (about 76 s at most).
"""

from __future__ import annotations

from dataclasses import dataclass

from helpfirst.core.conversation.discovery import Discovery
from helpfirst.core.conversation.metrics import Monologue
from helpfirst.core.conversation.next_steps import NextStep
from helpfirst.core.conversation.questions import Question
from helpfirst.core.conversation.tactics import Tactic

TOP_PERFORMER_TALK_RATIO = 0.43
TOP_PERFORMER_QUESTIONS = (11, 14)
LONGEST_HEALTHY_MONOLOGUE_S = 76.0
TACTIC_PENALTY = {"ignoring_no": 12.0}
DEFAULT_TACTIC_PENALTY = 8.0

_DISCOVERY_PROMPTS = {
    "pain": ("the buyer's problem", "What is getting in the way today?"),
    "impact": ("what the problem costs them", "What does that cost you today?"),
    "goals": ("their goals", "What would success look like a year from now?"),
    "decision_process": ("how they decide", "How do decisions like this get made on your side?"),
    "stakeholders": ("who else is involved", "Who else will be affected or involved?"),
    "timeline": ("their timeline", "Is there a date you're working towards?"),
}
_TACTIC_ADVICE = {
    "false_urgency": "is a deadline you set, not theirs; tie timing to the buyer's own dates",
    "assumptive_close": "assumes a sale the buyer has not agreed to; ask whether going ahead "
    "makes sense for them",
    "guilt": "puts your needs on the buyer; keep the conversation about their problem",
    "fear_uncertainty_doubt": "uses fear to push; share evidence and let the buyer weigh the risk",
    "ignoring_no": "came after the buyer said no; acknowledge it, offer a later check-in, and stop",
}


@dataclass(frozen=True, slots=True)
class CoachingNote:
    """Give one short, specific piece of advice, at a moment of the call where there is one."""

    t: float | None
    text: str


@dataclass(frozen=True, slots=True)
class ScoreInputs:
    """Collect the measured parts of a call that the score and notes are built from."""

    duration_s: float
    talk_ratio: float
    monologue: Monologue
    customer_story_s: float
    seller_questions: list[Question]
    tactics: list[Tactic]
    next_step: NextStep
    discovery: Discovery


def question_target(duration_s: float) -> int:
    """Return how many seller questions to expect: ~1 per 4 minutes, between 3 and 11."""
    return max(3, min(TOP_PERFORMER_QUESTIONS[0], round(duration_s / 240)))


def helping_score(inputs: ScoreInputs) -> int:
    """Return 0–100: listening, questions, short monologues, discovery and agreed next steps
    earn points; every pressure tactic costs points (so adding a tactic never raises it)."""
    ratio = inputs.talk_ratio
    if ratio <= 0.5:
        listening = 20.0 if ratio >= 0.25 else 16.0
    else:
        listening = max(0.0, 20.0 * (0.75 - ratio) / 0.25)
    asked = len(inputs.seller_questions)
    opened = sum(1 for q in inputs.seller_questions if q.kind == "open")
    questions = 15.0 * min(1.0, asked / question_target(inputs.duration_s))
    open_share = 10.0 * (opened / asked) if asked else 0.0
    mono = inputs.monologue.duration_s
    monologue = (
        15.0
        if mono <= LONGEST_HEALTHY_MONOLOGUE_S
        else max(0.0, 15.0 * (180.0 - mono) / (180.0 - LONGEST_HEALTHY_MONOLOGUE_S))
    )
    discovery = 20.0 * inputs.discovery.covered / 6
    next_step = 10.0 if inputs.next_step.agreed else 0.0
    story = 10.0 * min(1.0, inputs.customer_story_s / 30.0)
    earned = listening + questions + open_share + monologue + discovery + next_step + story
    penalty = sum(TACTIC_PENALTY.get(t.kind, DEFAULT_TACTIC_PENALTY) for t in inputs.tactics)
    return round(max(0.0, min(100.0, earned - penalty)))


def coaching_notes(inputs: ScoreInputs, limit: int = 6) -> list[CoachingNote]:
    """Return the most useful notes first: tactics, monologue, listening, questions, gaps."""
    notes: list[CoachingNote] = []
    for tactic in inputs.tactics:
        notes.append(
            CoachingNote(
                tactic.t,
                f"At {clock(tactic.t)} \u201c{shorten(tactic.quote)}\u201d "
                f"{_TACTIC_ADVICE[tactic.kind]}.",
            )
        )
    mono = inputs.monologue
    if mono.duration_s > LONGEST_HEALTHY_MONOLOGUE_S:
        notes.append(
            CoachingNote(
                mono.start,
                f"At {clock(mono.start)} you spoke for {span(mono.duration_s)} without the buyer "
                "getting a word in; ask what they think before going on.",
            )
        )
    if inputs.talk_ratio > 0.6:
        notes.append(
            CoachingNote(
                None,
                f"You talked {round(inputs.talk_ratio * 100)}% of the time (top performers talk "
                "about 43%); ask, then let the buyer fill the silence.",
            )
        )
    asked = len(inputs.seller_questions)
    opened = sum(1 for q in inputs.seller_questions if q.kind == "open")
    target = question_target(inputs.duration_s)
    if asked < target:
        notes.append(
            CoachingNote(
                None,
                f"You asked {asked} question{'s' if asked != 1 else ''} ({opened} open) in "
                f"{span(inputs.duration_s)}; aim for about {target}, mostly open ones "
                "(what, how, tell me about).",
            )
        )
    elif asked >= 2 and opened / asked < 0.5:
        first_closed = next(q for q in inputs.seller_questions if q.kind == "closed")
        notes.append(
            CoachingNote(
                first_closed.t,
                f"Only {opened} of your {asked} questions were open; at {clock(first_closed.t)} "
                f"\u201c{shorten(first_closed.text)}\u201d could start with how or what.",
            )
        )
    missing = [name for name, done in inputs.discovery.as_dict().items() if not done]
    if missing:
        topics = ", ".join(_DISCOVERY_PROMPTS[name][0] for name in missing[:3])
        prompt = _DISCOVERY_PROMPTS[missing[0]][1]
        notes.append(
            CoachingNote(None, f"The call did not establish {topics}; try \u201c{prompt}\u201d")
        )
    if not inputs.next_step.agreed:
        notes.append(
            CoachingNote(
                None,
                "No dated next step was agreed; before hanging up, propose one with a day and time "
                "and check the buyer wants it.",
            )
        )
    if not notes:
        notes.append(
            CoachingNote(
                None, f"Helpful call: {opened} open questions, no pressure, and a next step agreed."
            )
        )
    return notes[:limit]


def clock(seconds: float) -> str:
    """Return ``m:ss`` (or ``h:mm:ss``) for a moment in the call."""
    whole = round(max(seconds, 0.0))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def span(seconds: float) -> str:
    """Return a duration people read easily: ``45 s``, ``3 min 10 s``."""
    whole = round(max(seconds, 0.0))
    minutes, secs = divmod(whole, 60)
    if not minutes:
        return f"{secs} s"
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def shorten(text: str, limit: int = 70) -> str:
    """Return ``text`` cut to about ``limit`` characters at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
