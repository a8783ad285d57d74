"""Forms: upload a call transcript (or audio) on a journey, and write a practice reply."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from helpfirst.calls import services
from helpfirst.calls.models import Redaction
from helpfirst.calls.practice import SCENARIOS
from helpfirst.core.conversation import INPUT_FORMATS
from helpfirst.core.errors import DataValidationError
from helpfirst.journeys.models import Journey

MAX_TRANSCRIPT_BYTES = 10 * 1024 * 1024
MAX_AUDIO_BYTES = 300 * 1024 * 1024
FORMAT_LABELS = {
    "": "Detect it for me",
    "vtt": "WebVTT (Zoom, Teams)",
    "srt": "SRT subtitles",
    "json": "Speech-to-text JSON (Whisper, WhisperX)",
    "otter": "Otter export",
    "plain": "Plain “Name: text” lines",
    "audio": "Recording, transcribed here",
}


class ContactChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        consent = "agreed to recording" if obj.recording_consent else "no recording consent"
        return f"{obj.name} ({consent})"


class CallUploadForm(forms.Form):
    """Upload one call on a journey: the transcript (file or pasted) or, with the audio extra,
    the recording; the people on the call; who spoke for us; and what to redact."""

    transcript_file = forms.FileField(
        required=False,
        label="Transcript file",
        help_text="WebVTT, SRT, speech-to-text JSON, an Otter export or plain “Name: text” lines.",
    )
    transcript_paste = forms.CharField(
        required=False,
        label="…or paste the transcript",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )
    input_format = forms.ChoiceField(
        required=False,
        label="Format",
        choices=[(k, FORMAT_LABELS.get(k, k)) for k in ("", *INPUT_FORMATS)],
    )
    contacts = ContactChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Buyer-side people on the call",
        help_text="Everyone linked must have agreed to recording.",
    )
    seller_names = forms.CharField(
        label="Our side (seller names)",
        max_length=1000,
        help_text="Comma-separated speaker names of our side; everyone else is the buyer side.",
    )
    occurred_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    redact_contact_details = forms.BooleanField(
        required=False,
        initial=False,
        label="Redact e-mail addresses, phone and card numbers",
        help_text="Replaced by [email], [phone] and [card] before anything is stored.",
    )
    redact_cards = forms.BooleanField(
        required=False,
        initial=True,
        label="Redact payment card numbers",
        help_text="On by default: card numbers never belong in a call record.",
    )

    def __init__(self, *args, journey: Journey, audio: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.journey = journey
        self.audio = audio
        self.fields["contacts"].queryset = journey.account.contacts.order_by(
            "last_name", "first_name"
        )
        self.fields["seller_names"].initial = ", ".join(services.default_seller_names(journey))
        self.fields["occurred_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        consenting = journey.stakeholders.filter(recording_consent=True).values_list(
            "pk", flat=True
        )
        self.fields["contacts"].initial = list(consenting)
        if audio:
            self.fields["audio_file"] = forms.FileField(
                required=False,
                label="…or the recording (audio)",
                help_text="Transcribed on this machine with faster-whisper; nothing leaves it.",
            )
            self.fields["left_channel"] = forms.ChoiceField(
                label="Two-channel recordings: the left channel is",
                choices=[("seller", "Our rep"), ("buyer", "The buyer")],
                initial="seller",
            )
            self.order_fields(["transcript_file", "transcript_paste", "audio_file", "left_channel"])

    def clean_contacts(self):
        contacts = list(self.cleaned_data["contacts"])
        try:
            services.check_recording_consent(contacts)
        except DataValidationError as error:
            raise forms.ValidationError(error.message) from error
        return contacts

    def clean_transcript_file(self):
        upload = self.cleaned_data.get("transcript_file")
        if upload and upload.size > MAX_TRANSCRIPT_BYTES:
            raise forms.ValidationError("Transcripts up to 10 MB, please.")
        return upload

    def clean(self):
        data = super().clean()
        given = [
            name
            for name in ("transcript_file", "transcript_paste", "audio_file")
            if data.get(name) and (name != "transcript_paste" or data[name].strip())
        ]
        if not given:
            raise forms.ValidationError("Choose a transcript file, paste one, or add a recording.")
        if len(given) > 1:
            raise forms.ValidationError("Give one source: a file, pasted text or a recording.")
        audio = data.get("audio_file")
        if audio and audio.size > MAX_AUDIO_BYTES:
            self.add_error("audio_file", "Recordings up to 300 MB, please.")
        return data

    @property
    def redaction(self) -> str:
        if self.cleaned_data.get("redact_contact_details"):
            return Redaction.ALL
        return Redaction.CARDS if self.cleaned_data.get("redact_cards") else Redaction.NONE

    @property
    def seller_name_list(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data["seller_names"].split(",") if n.strip()]


class PracticeForm(forms.Form):
    """Answer a buyer's message as you would; the reply is scored for helping vs pushing."""

    scenario = forms.ChoiceField(
        required=False,
        label="Scenario",
        choices=[("", "My own buyer message")] + [(s.slug, s.title) for s in SCENARIOS],
    )
    buyer_message = forms.CharField(
        required=False,
        max_length=4000,
        label="The buyer's message",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leave empty to use the scenario's message.",
    )
    reply = forms.CharField(
        max_length=4000,
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
