"""The demo calls are deterministic, parse in every format, and differ in quality."""

from __future__ import annotations

import subprocess
import sys

from helpfirst.core.conversation import analyse_call, parse_transcript
from helpfirst.demo.transcripts import FORMATS, build_demo_transcripts


def test_demo_is_deterministic_and_varied():
    calls = build_demo_transcripts()
    assert len(calls) == 30
    assert calls == build_demo_transcripts()
    assert calls != build_demo_transcripts(seed=8)
    assert {c.input_format for c in calls} == {"vtt", "srt", "json", "otter", "plain"}
    assert len(FORMATS) == 6
    assert len({c.archetype for c in calls}) >= 5


def test_demo_calls_parse_and_show_real_differences():
    scores = {}
    for call in build_demo_transcripts():
        transcript = parse_transcript(call.text, filename=call.filename)
        assert transcript.source_format == call.input_format
        scores.setdefault(call.archetype, []).append(
            analyse_call(transcript, [call.seller]).helping_score
        )
    assert min(scores["consultative"]) > max(scores["ignored_no"]) + 40


def test_second_rep_improves_over_the_period():
    calls = [c for c in build_demo_transcripts() if c.seller == "Greg Thornton"]
    early, late = calls[: len(calls) // 2], calls[len(calls) // 2 :]

    def mean_score(batch):
        return sum(
            analyse_call(parse_transcript(c.text), [c.seller]).helping_score for c in batch
        ) / len(batch)

    assert mean_score(late) > mean_score(early) + 30
    assert [c.call_date for c in calls] == sorted(c.call_date for c in calls)


def test_conversation_core_never_imports_django():
    code = (
        "import sys, helpfirst.core.conversation, helpfirst.demo.transcripts; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) "
        "else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
