"""Import ``.eml`` and ``.mbox`` files: good messages stored, bad ones reported, re-runs no-ops."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from helpfirst.capture import health
from helpfirst.capture.models import CaptureKind
from helpfirst.core.mail import MailFile, MailFormatError
from helpfirst.mail.services import MailOutcome, settings_for, store_messages

BATCH_SIZE = 200


@dataclass
class FileReport:
    """What happened to one file."""

    file: str
    format: str = ""
    messages: int = 0
    outcome: MailOutcome = field(default_factory=MailOutcome)
    error: MailFormatError | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "format": self.format, "messages": self.messages}
        out.update(self.outcome.as_dict())
        if self.error is not None:
            out["error"] = self.error.as_dict() | {"text": str(self.error)}
        return out


def source_name(path: Path) -> str:
    """Name of the capture source of a file (its absolute path, at most 300 characters)."""
    return str(path.resolve())[-300:]


def import_files(
    team_id: int,
    paths: Sequence[str | Path],
    *,
    on_file: Callable[[str, int], None] | None = None,
    on_message: Callable[[], None] | None = None,
) -> list[FileReport]:
    """Import every message of every file; one file's problems never stop the others."""
    mail_settings = settings_for(team_id)
    reports = []
    for raw_path in paths:
        path = Path(raw_path)
        report = FileReport(file=str(path))
        reports.append(report)
        source = health.source_for(team_id, CaptureKind.MAIL_FILE, source_name(path))
        try:
            mail_file = MailFile(path)
        except MailFormatError as exc:
            report.error = exc
            health.record_failure(source, str(exc))
            if on_file:
                on_file(str(path), 0)
            continue
        with mail_file:
            report.format, report.messages = mail_file.format, mail_file.count
            if on_file:
                on_file(str(path), mail_file.count)
            try:
                _import_one(team_id, mail_file, report, mail_settings, on_message)
            except BaseException as exc:  # Ctrl-C included
                health.record_failure(source, exc, stored=report.outcome.stored)
                raise
        health.record_success(
            source,
            stored=report.outcome.stored,
            duplicates=report.outcome.duplicates,
            rejected=len(report.outcome.problems),
            newest_item_at=report.outcome.newest_at,
            message=f"{report.messages} messages: {report.outcome.summary()}",
        )
    return reports


def _import_one(team_id, mail_file: MailFile, report: FileReport, mail_settings, on_message):
    batch = []

    def flush():
        if batch:
            with transaction.atomic():
                part = store_messages(
                    team_id, batch, capture=CaptureKind.MAIL_FILE, mail_settings=mail_settings
                )
            report.outcome.add(part)
            batch.clear()

    for item in mail_file:
        if item.error is not None:
            report.outcome.problems.append(item.error)
            report.outcome.received += 1
        else:
            batch.append((item.message, None))
            if len(batch) >= BATCH_SIZE:
                flush()
        if on_message:
            on_message()
    flush()
