"""A person's lines in stored transcripts: find them (export) and replace them (erasure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpfirst.core.conversation import Transcript, analyse_call
from helpfirst.core.conversation.transcript import Utterance
from helpfirst.core.errors import HelpfirstError
from helpfirst.core.privacy import ERASED_MARK, PersonMarks, is_their_line


@dataclass(frozen=True)
class Line:
    speaker: str
    start: float | None
    end: float | None
    text: str


def first_name_is_theirs(marks: PersonMarks, others: list[str]) -> bool:
    """A bare first name means this person when nobody else on the call shares it."""
    first = marks.first_name.strip().casefold()
    if not first:
        return False
    return all(str(name).split(" ")[0].casefold() != first for name in others if name)


def _names_pattern(marks: PersonMarks, *, first: bool) -> re.Pattern[str] | None:
    """Their last name (and first name when only they carry it) as whole words."""
    words = [marks.last_name.strip()] + ([marks.first_name.strip()] if first else [])
    words = [w for w in words if len(w) >= 3]
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _rows(call) -> list[list]:
    return [row for row in call.utterances or () if isinstance(row, list | tuple) and len(row) >= 4]


def call_lines(call, marks: PersonMarks, *, linked: bool) -> list[Line]:
    """Return the lines the person spoke in ``call``."""
    alone = linked and first_name_is_theirs(marks, list(call.seller_names or ()))
    return [
        Line(str(r[0]), r[1], r[2], str(r[3]))
        for r in _rows(call)
        if is_their_line(str(r[0]), marks, first_name_alone=alone)
    ]


def erase_call_lines(call, marks: PersonMarks, *, linked: bool) -> int:
    """Replace the person's lines in ``call`` (speaker and words), rewrite the stored text and
    re-run the analysis so every metric is recomputed. Saves the call; returns lines erased."""
    from helpfirst.calls.services import apply_analysis, render_transcript_text

    alone = linked and first_name_is_theirs(marks, list(call.seller_names or ()))
    names = _names_pattern(marks, first=alone) if linked else None
    erased = 0
    changed = False
    rows = []
    for row in _rows(call):
        speaker, start, end, text = str(row[0]), row[1], row[2], str(row[3])
        if is_their_line(speaker, marks, first_name_alone=alone):
            speaker, text = ERASED_MARK, ERASED_MARK
            erased += 1
        elif names is not None:  # others naming them ("Thanks, Zelda")
            new_text = names.sub(ERASED_MARK, text)
            changed |= new_text != text
            text = new_text
        rows.append([speaker, start, end, text])
    if not erased and not changed:
        return 0
    transcript = Transcript(
        tuple(Utterance(s, t, start=a, end=b) for s, a, b, t in rows),
        source_format="plain",
        timing=call.timing or "measured",
        has_sides=call.has_sides,
    )
    call.utterances = rows
    call.transcript_text = render_transcript_text(transcript)
    call.input_format = "plain"
    if call.has_sides and call.analysis:
        try:
            apply_analysis(call, analyse_call(transcript, list(call.seller_names or ())))
        except HelpfirstError:
            call.analysis = {}
            call.coaching_moments = []
    call.save()
    return erased


def erase_text_lines(
    text: str, input_format: str | None, marks: PersonMarks, *, linked: bool, sellers=()
) -> tuple[str, int]:
    """Replace the person's lines in a raw transcript text; return the new text and count.

    Readable transcripts are rewritten as plain ``[m:ss] Name: text`` lines; unreadable ones
    are left to the name scrub that follows every erasure.
    """
    from helpfirst.calls.services import render_transcript_text
    from helpfirst.core.conversation import parse_transcript

    try:
        parsed = parse_transcript(text, input_format=input_format or None)
    except HelpfirstError:
        return text, 0
    alone = linked and first_name_is_theirs(marks, list(sellers))
    erased = 0
    kept = []
    for u in parsed.utterances:
        if is_their_line(u.speaker, marks, first_name_alone=alone):
            u = Utterance(ERASED_MARK, ERASED_MARK, start=u.start, end=u.end)
            erased += 1
        kept.append(u)
    if not erased:
        return text, 0
    return render_transcript_text(Transcript(tuple(kept), "plain")), erased
