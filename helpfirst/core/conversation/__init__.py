"""Read sales calls and coach toward helping: questions, listening, no pressure, next steps.

Pure Python (never imports Django). Entry points:

- :func:`parse_transcript` reads WebVTT, SRT, speech-to-text JSON, Otter and plain text.
- :func:`analyse_call` returns a :class:`CallAnalysis` whose ``as_dict()`` is the JSON
  contract of ``helpfirst calls analyze``.
- :func:`score_practice_reply` scores a rep's written reply in practice mode.
"""

from helpfirst.core.conversation.analysis import CallAnalysis, analyse_call, resolve_sides
from helpfirst.core.conversation.formats import INPUT_FORMATS, detect_format, parse_transcript
from helpfirst.core.conversation.practice import PracticeFeedback, score_practice_reply
from helpfirst.core.conversation.redaction import redact_text, redact_transcript
from helpfirst.core.conversation.transcript import Transcript, Utterance

__all__ = [
    "INPUT_FORMATS",
    "CallAnalysis",
    "PracticeFeedback",
    "Transcript",
    "Utterance",
    "analyse_call",
    "detect_format",
    "parse_transcript",
    "redact_text",
    "redact_transcript",
    "resolve_sides",
    "score_practice_reply",
]
