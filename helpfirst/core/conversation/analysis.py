"""Analyse a whole call: sides, talk, questions, tactics, next steps, discovery and score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from helpfirst.core.conversation.discovery import Discovery, find_discovery
from helpfirst.core.conversation.metrics import (
    Monologue,
    SpeakerTalk,
    call_duration,
    longest_run,
    speaker_talk,
    talk_ratio,
)
from helpfirst.core.conversation.next_steps import NextStep, find_next_step
from helpfirst.core.conversation.questions import Question, find_questions
from helpfirst.core.conversation.scorecard import (
    CoachingNote,
    ScoreInputs,
    coaching_notes,
    helping_score,
)
from helpfirst.core.conversation.sentences import transcript_sentences
from helpfirst.core.conversation.tactics import Tactic, find_tactics
from helpfirst.core.conversation.transcript import Transcript
from helpfirst.core.errors import SpeakerSidesError


@dataclass(frozen=True, slots=True)
class CallAnalysis:
    """Hold everything the analyser found in one call; ``as_dict`` gives the JSON contract."""

    duration_s: float
    timing: str
    speakers: list[SpeakerTalk]
    talk_ratio: float
    longest_monologue: Monologue
    longest_customer_story: Monologue
    questions: list[Question]
    sides: dict[str, str]
    pressure_tactics: list[Tactic]
    next_step: NextStep
    discovery: Discovery
    helping_score: int
    coaching: list[CoachingNote]

    @property
    def seller_questions(self) -> list[Question]:
        """Return the questions the seller side asked."""
        return [q for q in self.questions if self.sides.get(q.speaker) == "seller"]

    def as_dict(self) -> dict[str, Any]:
        """Return exactly the object ``helpfirst calls analyze --format json`` prints."""
        seller_questions = self.seller_questions
        return {
            "duration_s": round(self.duration_s, 2),
            "timing": self.timing,
            "speakers": [
                {"name": s.name, "side": s.side, "talk_s": s.talk_s, "words": s.words}
                for s in self.speakers
            ],
            "talk_ratio": self.talk_ratio,
            "longest_monologue_s": self.longest_monologue.duration_s,
            "longest_customer_story_s": self.longest_customer_story.duration_s,
            "questions": [
                {
                    "t": round(q.t, 2),
                    "speaker": q.speaker,
                    "side": self.sides.get(q.speaker, "buyer"),
                    "text": q.text,
                    "kind": q.kind,
                }
                for q in self.questions
            ],
            "seller_question_count": len(seller_questions),
            "seller_open_question_count": sum(1 for q in seller_questions if q.kind == "open"),
            "pressure_tactics": [
                {"t": round(t.t, 2), "speaker": t.speaker, "kind": t.kind, "quote": t.quote}
                for t in self.pressure_tactics
            ],
            "next_steps": {"agreed": self.next_step.agreed, "quote": self.next_step.quote},
            "discovery": self.discovery.as_dict(),
            "helping_score": self.helping_score,
            "coaching": [note.text for note in self.coaching],
        }


def resolve_sides(
    transcript: Transcript, seller_names: list[str] | tuple[str, ...]
) -> dict[str, str]:
    """Return speaker -> ``"seller"``/``"buyer"``; seller names match case-insensitively.

    Raise SpeakerSidesError (listing the speakers found) when no speaker matches a seller
    name, when everyone does, or when the recording cannot separate speakers at all.
    """
    speakers = transcript.speakers
    detail = {"speakers": speakers}
    if not transcript.has_sides:
        raise SpeakerSidesError(
            "this recording has no speaker separation (single channel, no diarisation), so "
            "seller and buyer cannot be told apart; record on two channels or diarise first",
            detail=detail,
        )
    wanted = {_fold(name) for name in seller_names if name.strip()}
    sides = {name: "seller" if _fold(name) in wanted else "buyer" for name in speakers}
    found = ", ".join(speakers)
    if "seller" not in sides.values():
        hint = "pass --seller NAME" if not wanted else "none of the seller names matched"
        raise SpeakerSidesError(
            f"cannot tell the seller side ({hint}); speakers found: {found}", detail=detail
        )
    if "buyer" not in sides.values():
        raise SpeakerSidesError(
            f"every speaker is on the seller side, so there is no buyer; speakers found: {found}",
            detail=detail,
        )
    return sides


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def analyse_call(
    transcript: Transcript,
    seller_names: list[str] | tuple[str, ...] = (),
    *,
    sides: dict[str, str] | None = None,
) -> CallAnalysis:
    """Analyse ``transcript`` with the given seller-side names (or an explicit ``sides`` map)."""
    if sides is None:
        sides = resolve_sides(transcript, seller_names)
    sentences = transcript_sentences(transcript)
    questions = find_questions(sentences)
    tactics = find_tactics(sentences, sides)
    next_step = find_next_step(sentences)
    discovery = find_discovery(sentences, sides)
    talk = speaker_talk(transcript, sides)
    ratio = talk_ratio(talk)
    duration = call_duration(transcript)
    monologue = longest_run(transcript, sides, "seller")
    story = longest_run(transcript, sides, "buyer")
    inputs = ScoreInputs(
        duration_s=duration,
        talk_ratio=ratio,
        monologue=monologue,
        customer_story_s=story.duration_s,
        seller_questions=[q for q in questions if sides.get(q.speaker) == "seller"],
        tactics=tactics,
        next_step=next_step,
        discovery=discovery,
    )
    return CallAnalysis(
        duration_s=duration,
        timing=transcript.timing,
        speakers=talk,
        talk_ratio=ratio,
        longest_monologue=monologue,
        longest_customer_story=story,
        questions=questions,
        sides=sides,
        pressure_tactics=tactics,
        next_step=next_step,
        discovery=discovery,
        helping_score=helping_score(inputs),
        coaching=coaching_notes(inputs),
    )
