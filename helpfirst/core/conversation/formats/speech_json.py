"""Read speech-to-text JSON: Whisper/WhisperX, Deepgram, AssemblyAI and Amazon Transcribe."""

from __future__ import annotations

import json
import math
from typing import Any

from helpfirst.core.conversation.transcript import UNKNOWN_SPEAKER, Transcript, Utterance
from helpfirst.core.errors import TranscriptFormatError


def parse_speech_json(text: str, *, file: str | None = None) -> list[Utterance]:
    """Return utterances from the JSON that common speech-to-text services and tools write."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptFormatError(
            f"the JSON is not valid ({exc.msg}, column {exc.colno})", file=file, line=exc.lineno
        ) from exc
    except RecursionError as exc:
        raise TranscriptFormatError("the JSON is nested too deeply", file=file, line=1) from exc
    reader = _JsonReader(file)
    if isinstance(data, list):
        return reader.segments(data, "segments", scale=1.0)
    if not isinstance(data, dict):
        raise reader.error("expected a JSON object or a list of segments", "(top level)")
    results = data.get("results")
    if isinstance(results, dict) and "items" in results:
        return reader.amazon(results)
    if isinstance(results, dict) and ("utterances" in results or "channels" in results):
        return reader.deepgram(results)
    if "segments" in data:
        return reader.segments(data["segments"], "segments", scale=1.0)
    if "utterances" in data or "words" in data:  # AssemblyAI: times in milliseconds
        if isinstance(data.get("utterances"), list) and data["utterances"]:
            return reader.segments(data["utterances"], "utterances", scale=0.001)
        return reader.words(data.get("words"), "words", scale=0.001, speaker_prefix="Speaker ")
    raise reader.error(
        "no 'segments', 'utterances', 'words' or 'results' found; this JSON is not a transcript "
        "helpfirst knows (Whisper, WhisperX, Deepgram, AssemblyAI, Amazon Transcribe)",
        "(top level)",
    )


class _JsonReader:
    """Walk a decoded JSON document, raising TranscriptFormatError naming the field on bad data."""

    def __init__(self, file: str | None) -> None:
        self.file = file

    def error(self, message: str, path: str) -> TranscriptFormatError:
        return TranscriptFormatError(message, file=self.file, field=path)

    def list_at(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.error("expected a list", path)
        return value

    def dict_at(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error("expected an object", path)
        return value

    def seconds(self, value: Any, path: str, scale: float) -> float | None:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                message = f"expected a number of seconds, found {value[:20]!r}"
                raise self.error(message, path) from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error("expected a number of seconds", path)
        try:
            value = float(value) * scale
        except OverflowError:
            raise self.error("the time is far too large", path) from None
        if not math.isfinite(value) or value < 0 or value > 1e7:
            raise self.error("the time must be a finite number of seconds, 0 or more", path)
        return value

    def speaker(self, value: Any, prefix: str = "") -> str:
        if value is None or isinstance(value, dict | list):
            return UNKNOWN_SPEAKER
        name = " ".join(str(value).split())
        if not name:
            return UNKNOWN_SPEAKER
        short = not isinstance(value, str) or len(name) <= 2  # Deepgram 0, AssemblyAI "A"
        return f"{prefix}{name}" if prefix and short else name

    def timed(self, start: float | None, end: float | None, path: str) -> None:
        if start is not None and end is not None and end < start:
            raise self.error("this segment ends before it starts", path)

    def segments(self, value: Any, path: str, *, scale: float) -> list[Utterance]:
        out = []
        for index, raw in enumerate(self.list_at(value, path)):
            where = f"{path}[{index}]"
            segment = self.dict_at(raw, where)
            said = segment.get("text", segment.get("transcript"))
            if not isinstance(said, str):
                raise self.error("expected 'text' holding the words said", f"{where}.text")
            start = self.seconds(segment.get("start"), f"{where}.start", scale)
            end = self.seconds(segment.get("end"), f"{where}.end", scale)
            self.timed(start, end, where)
            who = segment.get("speaker")
            if who is None and isinstance(segment.get("words"), list):
                who = next(
                    (w.get("speaker") for w in segment["words"] if isinstance(w, dict)), None
                )
            out.append(Utterance(self.speaker(who, "Speaker "), said.strip(), start, end))
        return out

    def words(self, value: Any, path: str, *, scale: float, speaker_prefix: str) -> list[Utterance]:
        """Group consecutive words by speaker into utterances."""
        out: list[Utterance] = []
        for index, raw in enumerate(self.list_at(value, path)):
            where = f"{path}[{index}]"
            word = self.dict_at(raw, where)
            said = word.get("punctuated_word", word.get("text", word.get("word")))
            if not isinstance(said, str):
                raise self.error("expected the word's text", f"{where}.text")
            start = self.seconds(word.get("start"), f"{where}.start", scale)
            end = self.seconds(word.get("end"), f"{where}.end", scale)
            self.timed(start, end, where)
            who = self.speaker(word.get("speaker"), speaker_prefix)
            if out and out[-1].speaker == who:
                last = out[-1]
                out[-1] = Utterance(who, f"{last.text} {said}".strip(), last.start, end)
            else:
                out.append(Utterance(who, said.strip(), start, end))
        return out

    def deepgram(self, results: dict[str, Any]) -> list[Utterance]:
        if isinstance(results.get("utterances"), list) and results["utterances"]:
            utterances = self.list_at(results["utterances"], "results.utterances")
            channel_ids = {u.get("channel") for u in utterances if isinstance(u, dict)}
            unlabelled = all(isinstance(u, dict) and u.get("speaker") is None for u in utterances)
            if unlabelled and len(channel_ids) > 1:  # one speaker per channel, as dialers record
                utterances = [
                    {**u, "speaker": f"Channel {int(u.get('channel') or 0) + 1}"}
                    if isinstance(u.get("channel"), int)
                    else u
                    for u in utterances
                ]
            return self.segments(utterances, "results.utterances", scale=1.0)
        out: list[Utterance] = []
        channels = self.list_at(results.get("channels"), "results.channels")
        for number, raw in enumerate(channels):
            where = f"results.channels[{number}]"
            channel = self.dict_at(raw, where)
            alternatives = self.list_at(channel.get("alternatives"), f"{where}.alternatives")
            if not alternatives:
                continue
            best = self.dict_at(alternatives[0], f"{where}.alternatives[0]")
            words = best.get("words")
            if len(channels) > 1 and isinstance(words, list):
                words = [
                    {**w, "speaker": f"Channel {number + 1}"} if isinstance(w, dict) else w
                    for w in words
                ]
            out.extend(
                self.words(
                    words, f"{where}.alternatives[0].words", scale=1.0, speaker_prefix="Speaker "
                )
            )
        return out

    def amazon(self, results: dict[str, Any]) -> list[Utterance]:
        labels: dict[str, str] = {}
        speaker_labels = results.get("speaker_labels")
        if isinstance(speaker_labels, dict):
            for segment in self.list_at(speaker_labels.get("segments", []), "speaker_labels"):
                for item in self.list_at(
                    self.dict_at(segment, "segments").get("items", []),
                    "speaker_labels.segments.items",
                ):
                    if isinstance(item, dict) and isinstance(item.get("start_time"), str):
                        labels[item["start_time"]] = str(item.get("speaker_label"))
        channel_labels = results.get("channel_labels")
        if isinstance(channel_labels, dict):
            for channel in self.list_at(channel_labels.get("channels", []), "channel_labels"):
                channel = self.dict_at(channel, "channel_labels.channels")
                name = str(channel.get("channel_label", "ch_0"))
                number = name.rsplit("_", 1)[-1]
                label = f"Channel {int(number) + 1}" if number.isdigit() else name
                for item in self.list_at(channel.get("items", []), "channel_labels.items"):
                    if isinstance(item, dict) and isinstance(item.get("start_time"), str):
                        labels[item["start_time"]] = label
        words = []
        for index, raw in enumerate(self.list_at(results.get("items"), "results.items")):
            where = f"results.items[{index}]"
            item = self.dict_at(raw, where)
            alternatives = self.list_at(item.get("alternatives"), f"{where}.alternatives")
            content = self.dict_at(alternatives[0], where).get("content") if alternatives else ""
            if not isinstance(content, str):
                raise self.error("expected 'content' text", f"{where}.alternatives[0].content")
            if item.get("type") == "punctuation":
                if words:
                    words[-1]["text"] += content
                continue
            start_raw = item.get("start_time")
            words.append(
                {
                    "text": content,
                    "start": self.seconds(start_raw, f"{where}.start_time", 1.0),
                    "end": self.seconds(item.get("end_time"), f"{where}.end_time", 1.0),
                    "speaker": labels.get(start_raw) if isinstance(start_raw, str) else None,
                }
            )
        return self.words(words, "results.items", scale=1.0, speaker_prefix="")


def dump_segments(transcript: Transcript) -> str:
    """Return ``transcript`` as Whisper-style JSON (``segments`` with start, end, speaker, text),
    which :func:`parse_speech_json` reads back. ``has_sides`` false marks audio whose speakers
    could not be told apart."""
    document = {
        "source": "helpfirst",
        "has_sides": transcript.has_sides,
        "timing": transcript.timing,
        "segments": [
            {
                "start": round(u.start or 0.0, 3),
                "end": round(u.end or 0.0, 3),
                "speaker": u.speaker,
                "text": u.text,
            }
            for u in transcript.utterances
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
