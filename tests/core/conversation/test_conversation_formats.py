"""Every transcript format parses, odd-but-valid input works, bad input names the line."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpfirst.core.conversation import parse_transcript
from helpfirst.core.conversation.formats import INPUT_FORMATS, detect_format
from helpfirst.core.conversation.formats.speech_json import dump_segments
from helpfirst.core.errors import TranscriptFormatError
from tests.core.conversation.conftest import labelled_transcripts, shared_data_dir

ZOOM = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAna López: How is the rollout going?\n"
TEAMS = "WEBVTT\n\n00:01.000 --> 00:04.000\n<v Ana López>How is the rollout going?</v>\n"
SRT = "1\n00:00:01,000 --> 00:00:04,000\nAna López: How is the rollout going?\n"
WHISPER = json.dumps(
    {"segments": [{"start": 1, "end": 4, "speaker": "Ana López", "text": "How is it going?"}]}
)
OTTER = "Ana López  0:01\nHow is the rollout going?\n\nBo Chen  0:04\nSlowly.\n"
PLAIN = "Ana López: How is the rollout going?\nBo Chen: Slowly.\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ZOOM, "vtt"),
        (TEAMS, "vtt"),
        (SRT, "srt"),
        (WHISPER, "json"),
        (OTTER, "otter"),
        (PLAIN, "plain"),
        ("[00:00:01] Ana López: hi\n[00:00:03] Bo: hello\n", "plain"),
    ],
)
def test_detects_each_format_and_reads_speaker(text, expected):
    assert detect_format(text) == expected
    transcript = parse_transcript(text)
    assert transcript.source_format == expected
    assert transcript.utterances[0].speaker == "Ana López"


def test_bom_crlf_and_non_ascii_names_read_like_clean_utf8():
    clean = parse_transcript(ZOOM.encode())
    messy = parse_transcript(b"\xef\xbb\xbf" + ZOOM.replace("\n", "\r\n").encode())
    assert messy.utterances == clean.utterances


def test_utf16_with_bom_is_read():
    assert parse_transcript(PLAIN.encode("utf-16")).speakers == ["Ana López", "Bo Chen"]


def test_empty_and_overlapping_cues():
    text = (
        "WEBVTT\n\n00:00.000 --> 00:05.000\n<v Ana>We started late.\n\n"
        "00:02.000 --> 00:03.000\n\n\n"  # empty cue
        "00:04.000 --> 00:09.000\n<v Bo>Overlapping reply.\n"
    )
    transcript = parse_transcript(text)
    assert [u.speaker for u in transcript.utterances] == ["Ana", "Bo"]
    assert transcript.utterances[1].start < transcript.utterances[0].end


def test_plain_text_has_estimated_timing_at_two_and_a_half_words_per_second():
    transcript = parse_transcript("Ana: one two three four five\nBo: six seven\n")
    assert transcript.timing == "estimated"
    assert transcript.utterances[0].end == pytest.approx(2.0)
    assert transcript.utterances[1].start == pytest.approx(2.0)


def test_otter_utterance_ends_when_next_starts():
    transcript = parse_transcript(OTTER)
    assert transcript.timing == "measured"
    assert transcript.utterances[0].start == 1.0
    assert transcript.utterances[0].end <= transcript.utterances[1].start


@pytest.mark.parametrize(
    ("text", "fmt", "line"),
    [
        ("WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nAna: hi\n", "vtt", 3),
        ("WEBVTT\n\nintro\nAna: no timing line here\n", "vtt", 3),
        ("1\n00:00:05,000 --> 00:00:01,000\nAna: ends before it starts\n", "srt", 2),
        ("Ana López  0:01\nhi\n", "plain", None),  # valid otter-ish text read as plain fails
        ("This is just prose without any speaker.\n", "plain", 1),
        ("free text before\n\nAna  0:01\nhi\n", "otter", 1),
        ('{"segments": [{"start": 1, "end": 2}]}', "json", None),
        ('{"segments": [', "json", 1),
    ],
)
def test_malformed_input_raises_transcript_format_error_naming_the_place(text, fmt, line):
    with pytest.raises(TranscriptFormatError) as caught:
        parse_transcript(text, input_format=fmt, filename="call.x")
    error = caught.value
    assert error.location.file == "call.x"
    if line is not None:
        assert error.location.line == line
        assert f"line {line}" in str(error)
    else:
        assert error.location.line is not None or error.location.field is not None


def test_dump_segments_round_trips():
    transcript = parse_transcript(ZOOM)
    again = parse_transcript(dump_segments(transcript))
    assert [(u.speaker, u.text, u.start, u.end) for u in again.utterances] == [
        (u.speaker, u.text, u.start, u.end) for u in transcript.utterances
    ]


@pytest.mark.parametrize(
    ("path", "labels"), labelled_transcripts(), ids=lambda v: getattr(v, "name", "")
)
def test_every_labelled_fixture_parses_with_its_sellers(path, labels):
    transcript = parse_transcript(path.read_bytes(), filename=path.name)
    assert set(labels["seller"]) <= set(transcript.speakers)


def test_real_public_files_parse_or_fail_cleanly():
    folder = shared_data_dir() / "real-formats" / "transcripts"
    if not folder.is_dir():
        pytest.skip(f"{folder} is missing")
    results = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in {".vtt", ".srt", ".json", ".txt"}:
            continue
        try:
            results[path.name] = parse_transcript(path.read_bytes(), filename=path.name)
        except TranscriptFormatError as exc:
            results[path.name] = exc
    assert isinstance(results["glut23__invalid_timeframe.vtt"], TranscriptFormatError)
    failures = [n for n, r in results.items() if isinstance(r, TranscriptFormatError)]
    assert failures == ["glut23__invalid_timeframe.vtt"]
    zoom = results["andrewpknight__meeting001_transcript.vtt"]
    assert len(zoom.utterances) == 300
    assert "Andrew Knight" in zoom.speakers
    assert results["mozilla__spec-example.vtt"].speakers == ["Roger Bingham", "Neil deGrasse Tyson"]
    assert results["deepgram__dg_speakers.json"].speakers == ["Speaker 0", "Speaker 1", "Speaker 2"]
    assert results["kibaffo33__03-speaker-identification.json"].speakers == [
        "spk_0",
        "spk_1",
        "spk_2",
    ]
    assert set(results["kibaffo33__02-channel-identification.json"].speakers) == {
        "Channel 1",
        "Channel 2",
    }
    assert results["deepgram__assemblyai_utterances.json"].speakers == ["Speaker A"]


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_cue_alphabet = st.sampled_from(
    [
        "WEBVTT",
        "\n",
        "\n\n",
        "-->",
        " ",
        "00:00:01.000",
        "00:01,5",
        "<v Ana>",
        "</v>",
        "Ana:",
        "NOTE",
        "1",
        "{",
        "}",
        "[",
        "]",
        '"segments"',
        ":",
        ",",
        "?",
        "é",
        "\r\n",
        "\ufeff",
        "  0:05",
    ]
)
_structured_text = st.lists(_cue_alphabet, max_size=40).map("".join)


@pytest.mark.parametrize("fmt", [*INPUT_FORMATS, None])
@FUZZ
@given(data=st.one_of(st.text(max_size=300), _structured_text, st.binary(max_size=300)))
def test_fuzz_parser_returns_transcript_or_documented_error(fmt, data):
    try:
        transcript = parse_transcript(data, input_format=fmt)
    except TranscriptFormatError as exc:
        message = exc.message
        transcript = None
    if transcript is None:
        assert message
        return
    assert transcript.utterances
    assert all(
        u.start is not None and u.end is not None and u.end >= u.start
        for u in transcript.utterances
    )


_json_value = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "segments",
                    "start",
                    "end",
                    "text",
                    "speaker",
                    "words",
                    "results",
                    "utterances",
                    "items",
                    "channels",
                    "alternatives",
                    "transcript",
                    "start_time",
                    "type",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@FUZZ
@given(value=_json_value)
def test_fuzz_json_shapes_return_transcript_or_documented_error(value):
    with contextlib.suppress(TranscriptFormatError):
        parse_transcript(json.dumps(value), input_format="json")
