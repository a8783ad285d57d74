"""One error tree for everything helpfirst reports to a person.

Every error carries a stable ``code`` (for the API and for scripts), structured location detail
(file, line, row, column, field) where it applies, and a message that says what to do about it.
Parsers and importers raise only these types; anything else escaping them is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ProblemLocation:
    """Where in an input a problem was found (all parts optional)."""

    file: str | None = None
    line: int | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None

    def describe(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)


class HelpfirstError(Exception):
    """Base of every error helpfirst reports to a person."""

    code = "helpfirst_error"

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        row: int | None = None,
        column: str | None = None,
        field: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        self.message = message
        self.location = ProblemLocation(file=file, line=line, row=row, column=column, field=field)
        self.detail = detail or {}
        where = self.location.describe()
        super().__init__(f"{where}: {message}" if where else message)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description (used by the API and ``--format json``)."""
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        for key, value in vars(self.location).items():
            if value is not None:
                out[key] = value
        if self.detail:
            out["detail"] = self.detail
        return out


class TranscriptFormatError(HelpfirstError):
    """A call transcript could not be read; the message names the line."""

    code = "transcript_format"


class SpeakerSidesError(HelpfirstError):
    """Seller and buyer sides of a call could not be told apart."""

    code = "speaker_sides"


class ImportFileError(HelpfirstError):
    """A file being imported has a problem at a given file/row/column."""

    code = "import_file"


class PlaybookError(HelpfirstError):
    """The playbook (problems, anti-fits, content) is unusable as given."""

    code = "playbook"


class ModelNotFittedError(HelpfirstError):
    """A learned model was asked to predict before ``fit`` was called."""

    code = "model_not_fitted"


class ModelUnavailableError(HelpfirstError):
    """An optional local model (embeddings, speech) is not installed or configured."""

    code = "model_unavailable"


class DataValidationError(HelpfirstError):
    """Input data for a computation is invalid (e.g. a target column that does not exist)."""

    code = "data_validation"


@dataclass
class ProblemReport:
    """A collection of located problems, e.g. every bad row in an import."""

    problems: list[HelpfirstError] = field(default_factory=list)

    def add(self, error: HelpfirstError) -> None:
        self.problems.append(error)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __len__(self) -> int:
        return len(self.problems)


class EngineUnavailableError(HelpfirstError):
    """An optional compute engine (Apache Spark, Java) is not installed or cannot start."""

    code = "engine_unavailable"


class DocumentExportError(HelpfirstError):
    """A document (e.g. a business case PDF) could not be produced; the message says why."""

    code = "document_export"
