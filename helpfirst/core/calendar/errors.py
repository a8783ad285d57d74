"""The one error type the calendar parser raises."""

from __future__ import annotations

from helpfirst.core.errors import ImportFileError


class CalendarFormatError(ImportFileError):
    """An .ics file (or one event in it) could not be read.

    ``file`` and ``line`` say where; ``detail["uid"]`` names the event when there is one. The
    whole file is refused only when it is not iCalendar at all or its structure is broken; one
    bad event is reported with this type and skipped, and the other events are kept.
    """

    code = "calendar_format"

    @property
    def uid(self) -> str:
        return str(self.detail.get("uid", ""))
