"""Calendar files (.ics): read meetings, expand series, find their transcripts. No Django."""

from helpfirst.core.calendar.errors import CalendarFormatError
from helpfirst.core.calendar.model import Attachment, Attendee, Meeting, ParsedCalendar, uid_key
from helpfirst.core.calendar.parse import default_window, parse_calendar

__all__ = [
    "Attachment",
    "Attendee",
    "CalendarFormatError",
    "Meeting",
    "ParsedCalendar",
    "default_window",
    "parse_calendar",
    "uid_key",
]
